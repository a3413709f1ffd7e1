// Scoring a resolved assessment (DESIGN §2.7): final
// Brier and log scores, the time-weighted Brier over its history, the resolved scenario's
// probability over time, and a post-mortem of which indicators pointed the right way.

import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/connection";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf, type TeamAccess } from "@/server/access";
import { assessState } from "@/server/assessments/commit";
import { allPoints, type SeriesPoint } from "@/server/assessments/series";
import { loadAssessmentStateCached } from "@/server/assessments/store";
import type { AssessmentState } from "@/shared/assessment/state";
import { brierScore, logScore, timeWeightedBrier } from "@/shared/engine";
import { badInput, DomainError } from "@/shared/errors";
import { DAY_MS } from "@/shared/format";
import { downsample } from "./timeline";

/** Fills scenarios missing from a vector (archived at the time) with 0. */
function complete(probabilities: Record<string, number>, ids: string[]): Record<string, number> {
  return Object.fromEntries(ids.map((id) => [id, probabilities[id] ?? 0]));
}

export interface Scorecard {
  resolvedScenarioId: string;
  resolvedScenarioName: string;
  resolvedAt: string;
  note: string | null;
  /** `probabilities`: the final call on the active scenarios. */
  final: { probability: number; brier: number; logScore: number; probabilities: Record<string, number> };
  timeWeightedBrier: number;
  /** The resolved scenario's probability over time (down-sampled). */
  series: { at: number; probability: number }[];
  postMortem: {
    indicatorId: string;
    name: string;
    weight: number;
    presence: number;
    /** c(i, resolved) in nats: > 0 pointed toward what happened. */
    contribution: number;
    pointedToward: boolean | null;
  }[];
}

export async function scoreAssessment(access: AssessmentAccess): Promise<Scorecard> {
  const db = dbOf(access);
  const { assessmentId } = access;
  const state = await loadAssessmentStateCached(db, assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  return await scorecard(db, state);
}

/** The scores of a state the caller may read. */
async function scorecard(db: Db, state: AssessmentState): Promise<Scorecard> {
  const assessmentId = state.id;
  if (state.status !== "resolved" || !state.resolvedScenarioId || !state.resolvedAt) {
    throw badInput(
      "assessmentId",
      "This assessment is not resolved yet: resolve it with the scenario that happened to score it",
    );
  }
  const resolved = state.resolvedScenarioId;
  const ids = state.scenarios.map((s) => s.id);
  const result = assessState(state);
  const finalProbabilities = complete(result.probabilities, ids);
  // Every vector counts for as long as it stood, so the score reads the whole history, not the
  // chart's summary of it; the chart's series is down-sampled from the same points.
  const points = await allPoints(db, assessmentId);
  const endAt = Date.parse(`${state.resolvedAt}T00:00:00Z`) + DAY_MS;
  const history = points.map((p: SeriesPoint) => ({ at: p.at, probabilities: complete(p.probabilities, ids) }));
  const sampled = downsample(points, 500);
  return {
    resolvedScenarioId: resolved,
    resolvedScenarioName: state.scenarios.find((s) => s.id === resolved)?.name ?? resolved,
    resolvedAt: state.resolvedAt,
    note: state.resolutionNote,
    final: {
      probability: finalProbabilities[resolved] ?? 0,
      brier: brierScore(finalProbabilities, resolved),
      logScore: logScore(finalProbabilities, resolved),
      probabilities: result.probabilities,
    },
    timeWeightedBrier: timeWeightedBrier(history, resolved, endAt),
    series: sampled.filter((p) => p.at < endAt).map((p) => ({ at: p.at, probability: p.probabilities[resolved] ?? 0 })),
    postMortem: state.indicators.map((i) => {
      const contribution = result.contributions[i.id]?.[resolved] ?? 0;
      return {
        indicatorId: i.id,
        name: i.name,
        weight: i.weight,
        presence: result.presence[i.id] ?? 0.5,
        contribution,
        pointedToward: Math.abs(contribution) < 1e-9 ? null : contribution > 0,
      };
    }),
  };
}

export interface CalibrationBucket {
  /** Lower edge: 0, 0.1, … 0.9. */
  from: number;
  to: number;
  count: number;
  meanForecast: number | null;
  observedFrequency: number | null;
}

export async function teamCalibration(team: TeamAccess) {
  const db = dbOf(team);
  const { teamId } = team;
  const resolvedIds = await db
    .select({ id: t.assessments.id })
    .from(t.assessments)
    .where(and(eq(t.assessments.teamId, teamId), eq(t.assessments.status, "resolved")));
  const buckets = Array.from({ length: 10 }, (_, k) => ({ from: k / 10, to: (k + 1) / 10, n: 0, sumP: 0, hits: 0 }));
  // One at a time: a team may have many resolved assessments, each a whole state in memory.
  const assessments: {
    id: string;
    title: string;
    resolvedAt: string;
    resolvedScenarioName: string;
    finalProbability: number;
    brier: number;
    logScore: number;
    timeWeightedBrier: number;
  }[] = [];
  for (const { id } of resolvedIds) {
    // Same team, already checked: score each without checking the caller again.
    const state = await loadAssessmentStateCached(db, id);
    if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${id}'`, "assessmentId");
    const card = await scorecard(db, state);
    for (const [sid, p] of Object.entries(card.final.probabilities)) {
      const bucket = buckets[Math.min(9, Math.floor(p * 10))];
      if (!bucket) continue;
      bucket.n += 1;
      bucket.sumP += p;
      if (sid === card.resolvedScenarioId) bucket.hits += 1;
    }
    assessments.push({
      id,
      title: state.title,
      resolvedAt: card.resolvedAt,
      resolvedScenarioName: card.resolvedScenarioName,
      finalProbability: card.final.probability,
      brier: card.final.brier,
      logScore: card.final.logScore,
      timeWeightedBrier: card.timeWeightedBrier,
    });
  }
  const calibration: CalibrationBucket[] = buckets.map((b) => ({
    from: b.from,
    to: b.to,
    count: b.n,
    meanForecast: b.n ? b.sumP / b.n : null,
    observedFrequency: b.n ? b.hits / b.n : null,
  }));
  return { assessments, calibration };
}
