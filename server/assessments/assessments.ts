// Listing, creating, reading and archiving assessments within the caller's teams.

import crypto from "node:crypto";
import { and, count, desc, eq, inArray, lt, max } from "drizzle-orm";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf, needRole, type TeamAccess } from "@/server/access";
import type { AssessmentState, Confidence } from "@/shared/assessment/state";
import { type EngineResult, estimativeTerm, LEADING_TIE, leadingScenarioId } from "@/shared/engine";
import { badInput, DomainError } from "@/shared/errors";
import { DAY_MS, isoDay } from "@/shared/format";
import type { Role } from "@/shared/teams";
import type { Actor } from "./commit";
import { assessState, commitChange } from "./commit";
import { loadAssessmentStateCached } from "./store";

/** Colour-blind-friendly defaults (Okabe–Ito), cycled for new scenarios. */
export const SCENARIO_COLOURS = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#F0E442",
  "#000000",
];

export interface AssessmentListItem {
  id: string;
  title: string;
  keyQuestion: string;
  horizon: string;
  status: AssessmentState["status"];
  confidence: Confidence;
  scenarioCount: number;
  indicatorCount: number;
  evidenceCount: number;
  staleIndicatorCount: number;
  lastChange: { at: Date; actorName: string; summary: string } | null;
  /** The scenario with the highest probability; null on a tie (then `level` names the tied ones). */
  leading: { name: string; probability: number; term: string; color: string } | null;
  /** Two or more scenarios level at the top (within LEADING_TIE), in the assessment's order; else null. */
  level: { names: string[]; probability: number; term: string } | null;
}

export async function listAssessments(
  team: TeamAccess,
  input: { includeArchived?: boolean | undefined },
): Promise<AssessmentListItem[]> {
  const db = dbOf(team);
  const settings = first(await db.select().from(t.teams).where(eq(t.teams.id, team.teamId)));
  const rows = (
    await db
      .select()
      .from(t.assessments)
      .where(eq(t.assessments.teamId, team.teamId))
      .orderBy(desc(t.assessments.updatedAt))
  ).filter((a) => input.includeArchived || a.status !== "archived");
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const tally = (rowsIn: { id: string; n: number }[]) => new Map(rowsIn.map((r) => [r.id, r.n]));
  const scenarioCounts = tally(
    await db
      .select({ id: t.scenarios.assessmentId, n: count() })
      .from(t.scenarios)
      .where(and(inArray(t.scenarios.assessmentId, ids), eq(t.scenarios.archived, false)))
      .groupBy(t.scenarios.assessmentId),
  );
  const indicatorCounts = tally(
    await db
      .select({ id: t.indicators.assessmentId, n: count() })
      .from(t.indicators)
      .where(inArray(t.indicators.assessmentId, ids))
      .groupBy(t.indicators.assessmentId),
  );
  const staleBefore = new Date(Date.now() - (settings?.staleAfterDays ?? 14) * DAY_MS);
  const staleCounts = tally(
    await db
      .select({ id: t.indicators.assessmentId, n: count() })
      .from(t.indicators)
      .where(and(inArray(t.indicators.assessmentId, ids), lt(t.indicators.lastReviewedAt, staleBefore)))
      .groupBy(t.indicators.assessmentId),
  );
  const evidenceCounts = tally(
    await db
      .select({ id: t.evidence.assessmentId, n: count() })
      .from(t.evidence)
      .where(inArray(t.evidence.assessmentId, ids))
      .groupBy(t.evidence.assessmentId),
  );
  // The latest event of each assessment, in one query rather than one per assessment.
  const latest = db
    .select({ id: t.events.assessmentId, seq: max(t.events.seq).as("latest_seq") })
    .from(t.events)
    .where(inArray(t.events.assessmentId, ids))
    .groupBy(t.events.assessmentId)
    .as("latest");
  const lastEventRows = await db
    .select({
      id: t.events.assessmentId,
      at: t.events.at,
      actorName: t.events.actorName,
      kind: t.events.kind,
      payload: t.events.payload,
      probabilities: t.events.probabilities,
    })
    .from(t.events)
    .innerJoin(latest, and(eq(latest.id, t.events.assessmentId), eq(latest.seq, t.events.seq)));
  const lastEvents = new Map(
    lastEventRows.map((e) => [
      e.id,
      {
        at: e.at,
        actorName: e.actorName,
        summary: e.payload.summary ?? e.kind,
        probabilities: e.probabilities,
      },
    ]),
  );
  const scenarioRows = await db
    .select({ id: t.scenarios.id, name: t.scenarios.name, color: t.scenarios.color })
    .from(t.scenarios)
    .where(inArray(t.scenarios.assessmentId, ids))
    .orderBy(t.scenarios.position);
  const scenarioById = new Map(scenarioRows.map((s) => [s.id, s]));

  return rows.map((a) => {
    const last = lastEvents.get(a.id);
    const probabilities = Object.fromEntries(
      Object.entries(last?.probabilities ?? {}).filter(([sid]) => scenarioById.has(sid)),
    );
    const top = Math.max(...Object.values(probabilities));
    const leaderId = leadingScenarioId(probabilities);
    const leader = leaderId ? scenarioById.get(leaderId) : undefined;
    const leading = leader
      ? { name: leader.name, probability: top, term: estimativeTerm(top), color: leader.color }
      : null;
    const levelIds = Object.keys(probabilities).filter((sid) => (probabilities[sid] ?? 0) >= top - LEADING_TIE);
    const level =
      !leader && levelIds.length > 1
        ? {
            names: scenarioRows.filter((s) => levelIds.includes(s.id)).map((s) => s.name),
            probability: top,
            term: estimativeTerm(top),
          }
        : null;
    return {
      id: a.id,
      title: a.title,
      keyQuestion: a.keyQuestion,
      horizon: a.horizon,
      status: a.status,
      confidence: a.confidence,
      scenarioCount: scenarioCounts.get(a.id) ?? 0,
      indicatorCount: indicatorCounts.get(a.id) ?? 0,
      evidenceCount: evidenceCounts.get(a.id) ?? 0,
      staleIndicatorCount: staleCounts.get(a.id) ?? 0,
      lastChange: last ? { at: last.at, actorName: last.actorName, summary: last.summary } : null,
      leading,
      level,
    };
  });
}

export interface NewAssessmentInput {
  teamId: string;
  title: string;
  keyQuestion: string;
  horizon: string;
  confidence: Confidence;
  handling?: string;
  scenarios: { name: string; description?: string; prior: number }[];
}

/** Today's UTC day, as the live path checks horizons against it (shared/format.ts writes it). */
export function todayIso(now = new Date()): string {
  return isoDay(now);
}

export async function createAssessment(
  team: TeamAccess,
  actor: Actor & { id: string },
  input: NewAssessmentInput,
  at = Date.now(),
): Promise<{ state: AssessmentState; result: EngineResult }> {
  const db = dbOf(needRole(team, "analyst"));
  if (input.horizon < todayIso(new Date(at))) {
    throw badInput("horizon", "The horizon is in the past: pick a date from today on");
  }
  // Two scenarios of one name are refused by the reducer (changes.ts), as in an imported history.
  const id = crypto.randomUUID();
  const { state, result } = await commitChange(db, {
    assessmentId: id,
    baseVersion: null,
    actor,
    at,
    change: {
      type: "assessment.create",
      assessment: {
        id,
        teamId: input.teamId,
        title: input.title.trim(),
        keyQuestion: input.keyQuestion.trim(),
        horizon: input.horizon,
        confidence: input.confidence,
        handling: input.handling?.trim() ?? "",
      },
      scenarios: input.scenarios.map((s, i) => ({
        id: crypto.randomUUID(),
        name: s.name.trim(),
        description: s.description?.trim() ?? "",
        prior: s.prior,
        color: SCENARIO_COLOURS[i % SCENARIO_COLOURS.length] ?? "#0072B2",
        archived: false,
      })),
      indicators: [],
      evidence: [],
    },
  });
  return { state, result };
}

export interface AssessmentView {
  state: AssessmentState;
  result: EngineResult;
  role: Role;
  /** The team's setting: indicators not reviewed for longer are flagged stale. */
  staleAfterDays: number;
}

/**
 * The views already built for a cached state, per role and team setting. A state never changes (a
 * change makes a new one), so its engine answer and its view stay valid while it is cached, and a
 * page that reads it again gets the very same object: its serialized text is kept with it
 * (app/trpc/query-client.ts), so a large assessment is neither assessed nor stringified twice.
 */
const viewsOfState = new WeakMap<AssessmentState, Map<string, AssessmentView>>();

/** The workspace read: the state, the engine's answer on it, and the caller's role. */
export async function getAssessment(access: AssessmentAccess): Promise<AssessmentView> {
  const { assessmentId, role, staleAfterDays } = access;
  const state = await loadAssessmentStateCached(dbOf(access), assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  let views = viewsOfState.get(state);
  if (!views) {
    views = new Map();
    viewsOfState.set(state, views);
  }
  const key = `${role}:${staleAfterDays}`;
  let view = views.get(key);
  if (!view) {
    const result = views.values().next().value?.result ?? assessState(state);
    view = { state, result, role, staleAfterDays };
    views.set(key, view);
  }
  return view;
}

export async function setArchived(
  access: AssessmentAccess,
  actor: Actor & { id: string },
  input: { assessmentId: string; version: number; archived: boolean },
): Promise<AssessmentState> {
  return (
    await commitChange(dbOf(needRole(access, "analyst")), {
      assessmentId: input.assessmentId,
      baseVersion: input.version,
      actor,
      change: { type: input.archived ? "assessment.archive" : "assessment.restore" },
    })
  ).state;
}
