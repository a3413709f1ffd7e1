// Team rounds (DESIGN §1 round and judgement, §2.9): the statuses the tables allow (db/schema.ts
// builds its CHECKs from them), the field schemas the rounds router and the round pages validate
// with, the anonymous labels, and the model a participant's judgement makes. Safe for the browser.
import { z } from "zod";
import { count, expectation, weight, zId } from "@/shared/assessment/schemas";
import type { AssessmentState, Expectation } from "@/shared/assessment/state";
import type { EngineModel } from "@/shared/engine";
import {
  JUDGEMENT_REASON_MAX,
  ROUND_FOCUS_MAX,
  ROUND_PARTICIPANTS_MAX,
  ROUND_PARTICIPANTS_MIN,
  ROUND_QUESTION_MAX,
} from "@/shared/limits";

/** open → closed (by the facilitator, or when its closing time passes) → adopted; or abandoned. */
export const ROUND_STATUSES = ["open", "closed", "adopted", "abandoned"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** What happened to a round, as a live notice says it (never with a value in it). */
export const ROUND_EVENTS = ["opened", "submitted", "closed", "abandoned", "adopted", "commented"] as const;
export type RoundEvent = (typeof ROUND_EVENTS)[number];

/** "A", "B", … "Z", "AA", "AB", …: the k-th anonymous participant (k from 0). */
export function participantLetter(k: number): string {
  let n = k;
  let out = "";
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** "Analyst B": how an anonymous participant is named everywhere. */
export const analystLabel = (letter: string) => `Analyst ${letter}`;

// ── Field schemas ───────────────────────────────────────────────────────────

export const roundQuestion = z
  .string({ error: "Ask the participants a question" })
  .trim()
  .min(1, "Ask the participants a question: what should they rate again, and why now?")
  .max(ROUND_QUESTION_MAX, `The question is at most ${count(ROUND_QUESTION_MAX)} characters`);

export const judgementReason = z
  .string()
  .trim()
  .max(JUDGEMENT_REASON_MAX, `Keep a reason to one line (at most ${count(JUDGEMENT_REASON_MAX)} characters)`)
  .refine((s) => !/[\r\n]/.test(s), "Keep a reason to one line: remove the line breaks");

export const participantIds = z
  .array(zId)
  .min(ROUND_PARTICIPANTS_MIN, `Pick at least ${ROUND_PARTICIPANTS_MIN} participants: a round pools several views`)
  .max(ROUND_PARTICIPANTS_MAX, `A round has at most ${ROUND_PARTICIPANTS_MAX} participants`);

/** A closing time as epoch ms, or null for "until the facilitator closes it". */
export const closesAt = z
  .number({ error: "Give the closing time as epoch milliseconds" })
  .int("Give the closing time in whole milliseconds")
  .nullable();

export const roundCell = z.strictObject({ indicatorId: zId, scenarioId: zId });
export const focusCells = z
  .array(roundCell)
  .min(1, "Pick at least one disputed cell for the next round")
  .max(ROUND_FOCUS_MAX, `At most ${count(ROUND_FOCUS_MAX)} cells`);

/** Per indicator, per scenario: a rating or likelihood, or null to clear the cell (back to the shared value). */
export const judgementExpectations = z.record(zId, z.record(zId, expectation.nullable()));
/** Per indicator: a weight, or null to clear it. */
export const judgementWeights = z.record(zId, weight.nullable());
/** Per indicator: a one-line reason, or null (or "") to clear it. */
export const judgementReasons = z.record(zId, judgementReason.nullable());

export const judgementPatch = {
  expectations: judgementExpectations.optional(),
  weights: judgementWeights.optional(),
  reasons: judgementReasons.optional(),
};

// ── A judgement and the model it makes ──────────────────────────────────────

/** One participant's values for the scope: only what they set; a blank keeps the shared value. */
export interface JudgementValues {
  expectations: Record<string, Record<string, Expectation>>;
  weights: Record<string, number>;
  reasons: Record<string, string>;
}

export const emptyJudgement = (): JudgementValues => ({ expectations: {}, weights: {}, reasons: {} });

/**
 * The participant model M_j of DESIGN §2.9 as the engine takes it: the shared model with, for every
 * indicator in scope, the judgement's ratings and weight where it set them. Cells of scenarios no longer
 * active and indicators no longer in the assessment are left out, as the engine's model leaves them out.
 */
export function participantModel(
  shared: EngineModel,
  scope: readonly string[],
  judgement: JudgementValues,
): EngineModel {
  const inScope = new Set(scope);
  return {
    scenarios: shared.scenarios,
    indicators: shared.indicators.map((indicator) => {
      if (!inScope.has(indicator.id)) return indicator;
      const row = judgement.expectations[indicator.id];
      const w = judgement.weights[indicator.id];
      if (!row && w === undefined) return indicator;
      const expectations = { ...indicator.expectations };
      if (row) {
        for (const [sid, value] of Object.entries(row)) if (sid in expectations) expectations[sid] = value;
      }
      return { ...indicator, weight: w ?? indicator.weight, expectations };
    }),
  };
}

/** The judgement restricted to what the engine can weigh now: indicators in scope and still there, active scenarios. */
export function judgementForEngine(
  state: AssessmentState,
  scope: readonly string[],
  judgement: JudgementValues,
): { expectations: Record<string, Record<string, Expectation>>; weights: Record<string, number> } {
  const active = new Set(state.scenarios.filter((s) => !s.archived).map((s) => s.id));
  const present = new Set(state.indicators.map((i) => i.id));
  const expectations: Record<string, Record<string, Expectation>> = {};
  const weights: Record<string, number> = {};
  for (const indicatorId of scope) {
    if (!present.has(indicatorId)) continue;
    const row = judgement.expectations[indicatorId];
    if (row) {
      const kept = Object.fromEntries(Object.entries(row).filter(([sid]) => active.has(sid)));
      if (Object.keys(kept).length > 0) expectations[indicatorId] = kept;
    }
    const w = judgement.weights[indicatorId];
    if (w !== undefined) weights[indicatorId] = w;
  }
  return { expectations, weights };
}
