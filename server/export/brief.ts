// The brief: one content model of what an assessment says at a moment (now, a baseline or any
// point of its history), rendered to the brief page, PDF, Word and Markdown alike.

import { and, eq, gt, lte } from "drizzle-orm";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { assessmentPeople } from "@/server/accounts/people";
import { listBaselines } from "@/server/history/baselines";
import { momentView } from "@/server/history/compare";
import { resolveMoment } from "@/server/history/moments";
import { timelineSeries } from "@/server/history/timeline";
import { type BriefRound, teamForBrief } from "@/server/rounds/brief-rounds";

export type { BriefRound };

import { engineModel } from "@/shared/assessment/engine-model";
import { changeOf } from "@/shared/assessment/event-log";
import { type HorizonPassed, horizonPassed } from "@/shared/assessment/horizon";
import { evidenceReports } from "@/shared/assessment/reports";
import { activeScenarios, type Confidence, type EvidenceState } from "@/shared/assessment/state";
import type { Person } from "@/shared/display-name";
import {
  CREDIBILITY,
  collectionOutlook,
  estimativeTerm,
  evidenceAccuracy,
  leadingScenarioId,
  RELIABILITY,
} from "@/shared/engine";
import { DomainError } from "@/shared/errors";
import { formatProbability, isoDay, roundingNote } from "@/shared/format";
import type { MomentRef } from "@/shared/moment";

export interface BriefScenario {
  id: string;
  name: string;
  color: string;
  probability: number;
  term: string;
  /** Change since the baseline in percentage points; null without a baseline or for a new scenario. */
  deltaPoints: number | null;
  /** The scenario with the highest probability (none on a tie): marked wherever its term is shown. */
  leading: boolean;
  /**
   * "Analysts' estimates ranged 38–66 %": the lowest and highest of the participants' probabilities
   * in the last round adopted up to the moment (`Brief.team`); null without one, or for a scenario
   * the round did not judge.
   */
  teamRange: { low: number; high: number } | null;
}

export interface Brief {
  handling: string;
  title: string;
  keyQuestion: string;
  horizon: string;
  confidence: Confidence;
  status: string;
  /** Set while the assessment is active and its horizon is behind the day the brief is made. */
  horizonPassed: HorizonPassed | null;
  /** The moment the brief describes (epoch ms) and its change number. */
  asOf: { at: number; seq: number; latest: number };
  /** Everyone with a change up to the moment, by the name they acted under; namesakes carry their email. */
  authors: Person[];
  /** One sentence per leading scenario, ICD 203 words with the number and the confidence. */
  bottomLine: string[];
  scenarios: BriefScenario[];
  /** "Figures are rounded, so they add to 99 %, not 100 %.", or null when the figures shown add to 100. */
  roundingNote: string | null;
  baseline: { id: string; name: string; at: number } | null;
  timeline: { at: number; probabilities: Record<string, number> }[];
  drivers: { scenario: string; items: { indicator: string; nats: number }[] }[];
  leanedOn: { title: string; grade: string; gradeMeaning: string; weak: boolean; points: number }[];
  watch: { indicator: string; bits: number; favouredIfPresent: string[]; favouredIfAbsent: string[] }[];
  evidence: {
    title: string;
    sourceName: string;
    sourceUrl: string | null;
    sourceKind: string;
    grade: string;
    gradeMeaning: string;
    observedAt: string;
  }[];
  changesSinceBaseline: { at: number; actor: Person; sentence: string; rationale: string | null }[];
  /** The last team round adopted at or before the moment (an adopted round is closed: the team sees it). */
  team: { roundId: string; roundNumber: number; question: string; adoptedAt: number; participants: number } | null;
  /** Every round opened by the moment, as the person making the brief may see it (server/rounds/brief-rounds.ts). */
  rounds: BriefRound[];
}

/** "Partial consolidation" → "partial consolidation"; keeps acronyms ("HTS deal") as they are. */
function inSentence(name: string): string {
  if (name.length > 1 && name[1] === name[1]?.toUpperCase() && /[A-Z]/.test(name[1] ?? "")) return name;
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * "We assess that partial consolidation is likely (62 %), with moderate confidence." Likelihood
 * and confidence stay in separate phrases; terms that are a "chance" read "there is … of". The
 * leading scenario says so beside its figure: "unlikely (43 %, the leading scenario)".
 */
export function bottomLineSentence(name: string, probability: number, confidence: string, leading = false): string {
  const term = estimativeTerm(probability);
  const subject = inSentence(name);
  const claim = term.endsWith("chance")
    ? `there is ${term === "roughly even chance" ? "a " : ""}${term} of ${subject}`
    : `${subject} is ${term}`;
  const figure = `${formatProbability(probability)}${leading ? ", the leading scenario" : ""}`;
  return `We assess that ${claim} (${figure}), with ${confidence} confidence.`;
}

const WEAK_RELIABILITY = new Set(["D", "E", "F"]);

/**
 * What the brief of a moment says: `asOf` picks the moment (now by default); its changes are
 * measured from the baseline `compareTo`, else from the latest baseline up to the moment (before
 * it, when the moment is itself a baseline).
 */
export interface BriefOptions {
  asOf?: MomentRef | undefined;
  compareTo?: string | undefined;
}

export async function buildBrief(access: AssessmentAccess, options: BriefOptions = {}): Promise<Brief> {
  const db = dbOf(access);
  const { assessmentId } = access;
  const seq = await resolveMoment(access, options.asOf);
  const latest = await resolveMoment(access, undefined);
  const now = await momentView(access, seq);
  const { state, result } = now;
  // As of a baseline, "change since" means since the baseline before it.
  const asOfBaseline = options.asOf?.baselineId !== undefined && !options.compareTo;
  const allBaselines = await listBaselines(access);
  const baselines = allBaselines.filter((b) => (asOfBaseline ? b.eventSeq < seq : b.eventSeq <= seq));
  const chosen = options.compareTo ? allBaselines.find((b) => b.id === options.compareTo) : baselines.at(-1);
  if (options.compareTo && !chosen) {
    throw new DomainError("NOT_FOUND", `No baseline with id '${options.compareTo}' in this assessment`, "baselineId");
  }
  const base = chosen && chosen.eventSeq <= seq ? await momentView(access, chosen.eventSeq) : null;
  const baselineName = chosen?.name ?? "";

  const team = await teamForBrief(access, seq, now.at, seq === latest, state);
  const active = activeScenarios(state.scenarios);
  const leadingId = leadingScenarioId(Object.fromEntries(active.map((s) => [s.id, result.probabilities[s.id] ?? 0])));
  const scenarios: BriefScenario[] = active
    .map((s) => {
      const p = result.probabilities[s.id] ?? 0;
      const before = base?.result.probabilities[s.id];
      return {
        id: s.id,
        name: s.name,
        color: s.color,
        probability: p,
        term: estimativeTerm(p),
        deltaPoints: before === undefined ? null : (p - before) * 100,
        leading: s.id === leadingId,
        teamRange: team.teamRange.get(s.id) ?? null,
      };
    })
    .sort((a, b) => b.probability - a.probability);
  const leading = scenarios.filter((s, k) => k === 0 || s.probability >= 0.2).slice(0, 3);

  const people = await assessmentPeople(db, assessmentId);
  const authors = people.actors
    .filter((a) => a.firstSeq <= seq)
    .map((a) => people.person(a))
    .sort((a, b) => (a.name === b.name ? (a.email ?? "").localeCompare(b.email ?? "") : a.name < b.name ? -1 : 1));

  const scenarioName = new Map(state.scenarios.map((s) => [s.id, s.name]));
  const drivers = scenarios.map((s) => ({
    scenario: s.name,
    items: state.indicators
      .map((i) => ({ indicator: i.name, nats: result.contributions[i.id]?.[s.id] ?? 0 }))
      .filter((d) => Math.abs(d.nats) > 1e-6)
      .sort((a, b) => Math.abs(b.nats) - Math.abs(a.nats))
      .slice(0, 3),
  }));
  // Counted by report (DESIGN §2.3): copies of one origin are one line, left out together, at their best grade.
  const leanedOn = evidenceReports(state, result)
    .map(({ name, items, sensitivity }) => {
      const e = bestGraded(items);
      return {
        title: items.length === 1 ? name : `${name} (${items.length} evidence items, one report)`,
        grade: `${e.reliability}${e.credibility}`,
        gradeMeaning: `${RELIABILITY[e.reliability].meaning}; ${CREDIBILITY[e.credibility].meaning.toLowerCase()}`,
        weak: WEAK_RELIABILITY.has(e.reliability) || e.credibility >= 4,
        points: sensitivity * 100,
      };
    })
    .filter((e) => e.points >= 0.05)
    .sort((a, b) => b.points - a.points)
    .slice(0, 5);
  const outlook = state.indicators.length ? collectionOutlook(engineModel(state)) : {};
  const watch = state.indicators
    .map((i) => ({
      indicator: i.name,
      bits: result.valueOfCollection[i.id] ?? 0,
      favouredIfPresent: (outlook[i.id]?.favouredIfPresent ?? []).map((id) => scenarioName.get(id) ?? id),
      favouredIfAbsent: (outlook[i.id]?.favouredIfAbsent ?? []).map((id) => scenarioName.get(id) ?? id),
    }))
    .sort((a, b) => b.bits - a.bits)
    .slice(0, 5);

  const changeRows = base
    ? await db
        .select()
        .from(t.events)
        .where(and(eq(t.events.assessmentId, assessmentId), gt(t.events.seq, base.seq), lte(t.events.seq, seq)))
        .orderBy(t.events.seq)
    : [];
  const changesSinceBaseline = changeRows
    .filter((r) => changeOf(r.payload) !== undefined)
    .map((r) => ({
      at: r.at.getTime(),
      actor: people.person({ id: r.actorId, name: r.actorName }),
      sentence: r.payload.summary ?? r.kind,
      rationale: r.rationale,
    }));

  const timeline = (await timelineSeries(access, { from: base?.at, maxPoints: 200 })).points
    .filter((p) => p.seq <= seq)
    .map((p) => ({ at: p.at, probabilities: p.probabilities }));

  return {
    handling: state.handling,
    title: state.title,
    keyQuestion: state.keyQuestion,
    horizon: state.horizon,
    confidence: state.confidence,
    status: state.status,
    // Judged on the assessment as it is today (a brief of a past moment of a since-resolved
    // assessment has nothing to resolve), against the day the brief is made.
    horizonPassed: seq === latest ? horizonPassed(state) : await currentHorizonPassed(access),
    asOf: { at: now.at, seq, latest },
    authors,
    bottomLine: leading.map((s) => bottomLineSentence(s.name, s.probability, state.confidence, s.leading)),
    scenarios,
    roundingNote: roundingNote(scenarios.map((s) => s.probability)),
    baseline: base && chosen ? { id: chosen.id, name: baselineName, at: base.at } : null,
    timeline,
    drivers,
    leanedOn,
    watch,
    evidence: [...state.evidence]
      .sort((a, b) =>
        a.observedAt === b.observedAt ? a.recordedAt - b.recordedAt : a.observedAt < b.observedAt ? -1 : 1,
      )
      .map((e) => ({
        title: e.title,
        sourceName: e.sourceName,
        sourceUrl: e.sourceUrl,
        sourceKind: e.sourceKind.replace("_", " "),
        grade: `${e.reliability}${e.credibility}`,
        gradeMeaning: `${RELIABILITY[e.reliability].meaning}; ${CREDIBILITY[e.credibility].meaning.toLowerCase()}`,
        observedAt: e.observedAt,
      })),
    changesSinceBaseline,
    team: team.team,
    rounds: team.rounds,
  };
}

/** The item of a report whose grade counts (§2.3): the most accurate, the earliest on a tie. */
function bestGraded(items: readonly EvidenceState[]): EvidenceState {
  let best = items[0] as EvidenceState;
  for (const e of items) {
    if (evidenceAccuracy(e.reliability, e.credibility) > evidenceAccuracy(best.reliability, best.credibility)) best = e;
  }
  return best;
}

/** The horizon notice of the assessment as it stands now, read from its row. */
async function currentHorizonPassed(access: AssessmentAccess): Promise<HorizonPassed | null> {
  const row = first(
    await dbOf(access)
      .select({ horizon: t.assessments.horizon, status: t.assessments.status })
      .from(t.assessments)
      .where(eq(t.assessments.id, access.assessmentId)),
  );
  return row ? horizonPassed(row) : null;
}

/** `2024-12-13-russian-military-posture-in-syria.pdf` */
export function exportFileName(brief: Pick<Brief, "asOf" | "title">, extension: string): string {
  const day = isoDay(brief.asOf.at);
  const slug =
    brief.title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "assessment";
  return `${day}-${slug}.${extension}`;
}
