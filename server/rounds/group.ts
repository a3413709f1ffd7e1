// The group's view of a round (DESIGN §2.9), computed with poolRound on the CURRENT shared model:
// each participant's probabilities, the pooled call and its range, the consensus, the cells ranked
// by impact then spread, and the convergence figures a later round is compared by. Callers decide
// first (./privacy.ts) whether the caller may see any of it; this only computes.
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { InvalidModelError, poolRound, type RoundCell, type RoundConsensus } from "@/shared/engine";
import { DomainError } from "@/shared/errors";
import { type JudgementValues, judgementForEngine } from "@/shared/rounds";

export interface Convergence {
  /** Mean spread (logits) over the cells in scope. */
  meanSpread: number;
  /** Mean spread over the disputed cells the round singled out, when it did. */
  focusMeanSpread: number | null;
  /** Per scenario: max − min of the participants' probabilities. */
  rangeWidths: Record<string, number>;
}

export interface GroupView {
  /** Per participant key (their letter): p_j. */
  perParticipant: Record<string, Record<string, number>>;
  pooled: Record<string, number>;
  range: Record<string, [number, number]>;
  /** Per scenario: whether the pooled value lies outside the participants' range (it can with 3+ scenarios). */
  pooledOutsideRange: Record<string, boolean>;
  consensus: RoundConsensus;
  /** Every (indicator in scope, active scenario), disputes that matter first. */
  cells: RoundCell[];
  convergence: Convergence;
}

export interface CountedJudgement {
  /** The participant's letter: unique in the round. */
  key: string;
  values: JudgementValues;
}

/** Far below any displayed precision. */
const OUTSIDE_TOLERANCE = 1e-9;

type Cell = { indicatorId: string; scenarioId: string };
const cellKey = (c: Cell) => `${c.indicatorId}\u0000${c.scenarioId}`;

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean spread over `cells`, and over the ones in `focus` when given. */
export function convergenceOf(
  view: Pick<GroupView, "cells" | "range">,
  cells: readonly Cell[] | null,
  focus: readonly Cell[],
): Convergence {
  const within = cells ? new Set(cells.map(cellKey)) : null;
  const focusKeys = new Set(focus.map(cellKey));
  const spreads: number[] = [];
  const focusSpreads: number[] = [];
  for (const c of view.cells) {
    const key = cellKey(c);
    if (within && !within.has(key)) continue;
    spreads.push(c.spread);
    if (focusKeys.has(key)) focusSpreads.push(c.spread);
  }
  return {
    meanSpread: mean(spreads),
    focusMeanSpread: focus.length > 0 && focusSpreads.length > 0 ? mean(focusSpreads) : null,
    rangeWidths: Object.fromEntries(Object.entries(view.range).map(([sid, [lo, hi]]) => [sid, hi - lo])),
  };
}

/** The indicators of `scope` the assessment still has, in its order. */
export function liveScope(state: AssessmentState, scope: readonly string[]): string[] {
  const wanted = new Set(scope);
  return state.indicators.filter((i) => wanted.has(i.id)).map((i) => i.id);
}

/**
 * The group view, or null with the reason when there is nothing to pool yet (fewer than two counted
 * judgements, or every indicator of the scope deleted since the round opened).
 */
export function groupView(
  state: AssessmentState,
  scope: readonly string[],
  judgements: readonly CountedJudgement[],
  focus: readonly Cell[] = [],
): { view: GroupView; reason: null } | { view: null; reason: string } {
  const live = liveScope(state, scope);
  if (live.length === 0) {
    return {
      view: null,
      reason: "Every indicator of this round has been deleted from the assessment since it opened.",
    };
  }
  if (judgements.length < 2) {
    return {
      view: null,
      reason: `The group view pools at least 2 submitted judgements; ${judgements.length === 0 ? "none is" : "1 is"} in so far.`,
    };
  }
  let result: ReturnType<typeof poolRound>;
  try {
    result = poolRound({
      model: engineModel(state),
      scope: live,
      participants: judgements.map((j) => ({ id: j.key, ...judgementForEngine(state, live, j.values) })),
    });
  } catch (error) {
    if (error instanceof InvalidModelError) {
      throw new DomainError("BAD_REQUEST", `The round cannot be pooled: ${error.message}`, error.field);
    }
    throw error;
  }
  const pooledOutsideRange = Object.fromEntries(
    Object.entries(result.pooled).map(([sid, p]) => {
      const [lo, hi] = result.range[sid] ?? [p, p];
      // A hair's breadth of rounding is not "outside": identical participants pool to their own value.
      return [sid, p < lo - OUTSIDE_TOLERANCE || p > hi + OUTSIDE_TOLERANCE];
    }),
  );
  const focusLive = focus.filter((c) => live.includes(c.indicatorId));
  return {
    view: {
      perParticipant: result.perParticipant,
      pooled: result.pooled,
      range: result.range,
      pooledOutsideRange,
      consensus: result.consensus,
      cells: result.cells,
      convergence: convergenceOf(result, null, focusLive),
    },
    reason: null,
  };
}
