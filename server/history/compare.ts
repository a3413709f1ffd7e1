// Comparing two moments of an assessment: probabilities side by side, the changes between them
// grouped by what they touched, and each scenario's move attributed to the indicators behind it
// (from the engine's contributions at both ends, DESIGN §2.5).

import { and, eq, gt, lte } from "drizzle-orm";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { assessmentPeople } from "@/server/accounts/people";
import { assessState } from "@/server/assessments/commit";
import { stateAtSeq } from "@/server/assessments/replay";
import { changeOf } from "@/shared/assessment/event-log";
import { type AssessmentState, activeScenarios } from "@/shared/assessment/state";
import type { Person } from "@/shared/display-name";
import { type EngineResult, estimativeTerm } from "@/shared/engine";
import { formatDayMonth, formatPointsSince } from "@/shared/format";

export interface MomentView {
  seq: number;
  at: number;
  state: AssessmentState;
  result: EngineResult;
}

export interface ScenarioComparison {
  scenarioId: string;
  name: string;
  color: string;
  from: number | null;
  to: number | null;
  /** Change in percentage points. */
  deltaPoints: number;
  fromTerm: string | null;
  toTerm: string | null;
  termChanged: boolean;
  drivers: {
    indicatorId: string;
    name: string;
    deltaNats: number;
    points: number;
    after: { title: string; observedAt: string }[];
  }[];
  priorNats: number;
  sentence: string;
}

export interface ChangeEntry {
  seq: number;
  at: number;
  actorName: string;
  /** Who made the change, told apart from anyone sharing the name. */
  actor: Person;
  kind: string;
  summary: string;
  rationale: string | null;
}

export interface Comparison {
  from: { seq: number; at: number };
  to: { seq: number; at: number };
  scenarios: ScenarioComparison[];
  changes: {
    indicators: Record<string, ChangeEntry[]>;
    scenarios: Record<string, ChangeEntry[]>;
    evidence: Record<string, ChangeEntry[]>;
    other: ChangeEntry[];
  };
  names: Record<string, string>;
}

/** The assessment as it stood after change `seq`, with the engine's answer on it. */
export async function momentView(access: AssessmentAccess, seq: number): Promise<MomentView> {
  const db = dbOf(access);
  const { assessmentId } = access;
  const state = await stateAtSeq(db, assessmentId, seq);
  const event = first(
    await db
      .select({ at: t.events.at })
      .from(t.events)
      .where(and(eq(t.events.assessmentId, assessmentId), eq(t.events.seq, seq))),
  );
  return { seq, at: event?.at.getTime() ?? state.updatedAt, state, result: assessState(state) };
}

function normalisedLogPriors(state: AssessmentState): Map<string, number> {
  const active = activeScenarios(state.scenarios);
  const total = active.reduce((sum, s) => sum + s.prior, 0);
  const logs = active.map((s) => Math.log(s.prior / total));
  const mean = logs.reduce((a, b) => a + b, 0) / Math.max(1, logs.length);
  return new Map(active.map((s, k) => [s.id, (logs[k] ?? 0) - mean]));
}

export async function compareMoments(access: AssessmentAccess, fromSeq: number, toSeq: number): Promise<Comparison> {
  const db = dbOf(access);
  const { assessmentId } = access;
  const a = await momentView(access, Math.min(fromSeq, toSeq));
  const b = await momentView(access, Math.max(fromSeq, toSeq));
  const rows = await db
    .select()
    .from(t.events)
    .where(and(eq(t.events.assessmentId, assessmentId), gt(t.events.seq, a.seq), lte(t.events.seq, b.seq)))
    .orderBy(t.events.seq);

  const names: Record<string, string> = {};
  for (const st of [a.state, b.state]) {
    for (const s of st.scenarios) names[s.id] = s.name;
    for (const i of st.indicators) names[i.id] = i.name;
    for (const e of st.evidence) names[e.id] = e.title;
  }

  const changes: Comparison["changes"] = { indicators: {}, scenarios: {}, evidence: {}, other: [] };
  const addedEvidence: { id: string; title: string; observedAt: string; links: string[] }[] = [];
  const push = (group: Record<string, ChangeEntry[]>, key: string, entry: ChangeEntry) => {
    group[key] = [...(group[key] ?? []), entry];
  };
  const people = await assessmentPeople(db, assessmentId);
  for (const r of rows) {
    const entry: ChangeEntry = {
      seq: r.seq,
      at: r.at.getTime(),
      actorName: r.actorName,
      actor: people.person({ id: r.actorId, name: r.actorName }),
      kind: r.kind,
      summary: r.payload.summary ?? r.kind,
      rationale: r.rationale,
    };
    const event = changeOf(r.payload);
    // An undo or a redo is listed with what it reverts (its first edit names the item).
    const c = event?.type === "change.undo" || event?.type === "change.redo" ? event.steps[0] : event;
    if (!c) changes.other.push(entry);
    else if ("evidenceId" in c) push(changes.evidence, c.evidenceId, entry);
    else if (c.type === "evidence.add") {
      push(changes.evidence, c.evidence.id, entry);
      addedEvidence.push({
        id: c.evidence.id,
        title: c.evidence.title,
        observedAt: c.evidence.observedAt,
        links: Object.keys(c.evidence.links),
      });
    } else if ("indicatorId" in c) push(changes.indicators, c.indicatorId, entry);
    else if (c.type === "indicator.add") push(changes.indicators, c.indicator.id, entry);
    else if ("scenarioId" in c && c.type.startsWith("scenario.")) push(changes.scenarios, c.scenarioId, entry);
    else if (c.type === "scenario.add") push(changes.scenarios, c.scenario.id, entry);
    else if (c.type === "round.adopt") {
      for (const id of new Set([...Object.keys(c.expectations), ...Object.keys(c.weights)])) {
        push(changes.indicators, id, entry);
      }
    } else changes.other.push(entry);
  }

  const priorsA = normalisedLogPriors(a.state);
  const priorsB = normalisedLogPriors(b.state);
  const scenarioIds = [...new Set([...Object.keys(a.result.probabilities), ...Object.keys(b.result.probabilities)])];
  const indicatorIds = [...new Set([...a.state.indicators.map((i) => i.id), ...b.state.indicators.map((i) => i.id)])];
  const scenarioInfo = new Map([...a.state.scenarios, ...b.state.scenarios].map((s) => [s.id, s]));

  const scenarios = scenarioIds.map((sid): ScenarioComparison => {
    const from = a.result.probabilities[sid] ?? null;
    const to = b.result.probabilities[sid] ?? null;
    const deltaPoints = ((to ?? 0) - (from ?? 0)) * 100;
    const deltas = indicatorIds
      .map((iid) => ({
        indicatorId: iid,
        name: names[iid] ?? iid,
        deltaNats: (b.result.contributions[iid]?.[sid] ?? 0) - (a.result.contributions[iid]?.[sid] ?? 0),
      }))
      .filter((d) => Math.abs(d.deltaNats) > 1e-9);
    const priorNats = (priorsB.get(sid) ?? 0) - (priorsA.get(sid) ?? 0);
    const total = deltas.reduce((sum, d) => sum + d.deltaNats, 0) + priorNats;
    const drivers = deltas
      .sort((x, y) => Math.abs(y.deltaNats) - Math.abs(x.deltaNats))
      .slice(0, 3)
      .map((d) => ({
        ...d,
        // Share of the move in points, in proportion to the change in log-odds it explains.
        points: Math.abs(total) > 1e-12 ? (deltaPoints * d.deltaNats) / total : 0,
        after: addedEvidence
          .filter((e) => e.links.includes(d.indicatorId))
          .map((e) => ({ title: e.title, observedAt: e.observedAt })),
      }));
    const info = scenarioInfo.get(sid);
    const lead = drivers.find((d) => Math.sign(d.deltaNats) === Math.sign(deltaPoints)) ?? drivers[0];
    let sentence = `${info?.name ?? sid} ${formatPointsSince(deltaPoints)}`;
    if (Math.abs(deltaPoints) < 0.5) sentence = `${info?.name ?? sid}: no material change`;
    else if (lead) {
      const evidence = lead.after[lead.after.length - 1];
      sentence += `: mostly '${lead.name}'${evidence ? `, after '${evidence.title}' (${formatDayMonth(evidence.observedAt)})` : ""}`;
    } else if (Math.abs(priorNats) > 1e-9) sentence += ": the priors changed";
    const fromTerm = from === null ? null : estimativeTerm(from);
    const toTerm = to === null ? null : estimativeTerm(to);
    return {
      scenarioId: sid,
      name: info?.name ?? sid,
      color: info?.color ?? "#64748b",
      from,
      to,
      deltaPoints,
      fromTerm,
      toTerm,
      termChanged: fromTerm !== toTerm,
      drivers,
      priorNats,
      sentence,
    };
  });

  return { from: { seq: a.seq, at: a.at }, to: { seq: b.seq, at: b.at }, scenarios, changes, names };
}
