// The engine's input and output (DESIGN §2.8): plain JSON, the same on the server and in the browser.
import type { Credibility, EstimativeTerm, Rating, Reliability } from "./tables";

/** A rating on the five-step scale, or an exact likelihood in [0.01, 0.99]. */
export type Expectation = Rating | number;

/** Credibility as a number 1–6; the strings "1".."6" are accepted too (form values, query strings). */
export type CredibilityInput = Credibility | `${Credibility}`;

/** +1: the evidence says the indicator is present; -1: it says it is absent. */
export type Direction = 1 | -1;

export interface EngineScenario {
  readonly id: string;
  /** Prior weight, a finite number > 0; priors are normalised to sum to 1. */
  readonly prior: number;
}

export interface EngineEvidenceLink {
  /** The evidence item's id; the same item may be linked to several indicators. */
  readonly id: string;
  readonly direction: Direction;
  readonly reliability: Reliability;
  readonly credibility: CredibilityInput;
  /**
   * The original report the item repeats or derives from (§2.3). On one indicator, links whose items share
   * an origin count once per direction, at their best grade. Absent or null: the item is its own report.
   * An item has one origin: every link of the same id must carry the same one.
   */
  readonly origin?: string | null;
}

export interface EngineIndicator {
  readonly id: string;
  /** Discount w in [0, 1]; 0 removes the indicator from the probabilities. */
  readonly weight: number;
  /** Presence override q in [0, 1]; absent or null means "from the evidence". */
  readonly presence?: number | null;
  /** One entry per scenario id, no more and no fewer. */
  readonly expectations: Readonly<Record<string, Expectation>>;
  readonly evidence: readonly EngineEvidenceLink[];
}

export interface EngineModel {
  readonly scenarios: readonly EngineScenario[];
  readonly indicators: readonly EngineIndicator[];
}

export interface EngineResult {
  /** P(s), summing to 1, keyed by scenario id in model order. */
  probabilities: Record<string, number>;
  /** q(i) for every indicator, weight 0 included. */
  presence: Record<string, number>;
  /** c(i, s) in nats, keyed by indicator id then scenario id. */
  contributions: Record<string, Record<string, number>>;
  /** D(i) in bits, from the ratings alone. */
  diagnosticity: Record<string, number>;
  /** V(i) in bits: expected information from observing the indicator. */
  valueOfCollection: Record<string, number>;
  /** Largest absolute change of any scenario's probability when the item alone is left out. */
  sensitivity: { indicators: Record<string, number>; evidence: Record<string, number> };
  /** The ICD 203 term for each scenario's probability. */
  terms: Record<string, EstimativeTerm>;
}

/** The part of EngineResult a live preview needs (see assessLive). */
export type LiveResult = Pick<EngineResult, "probabilities" | "presence" | "diagnosticity" | "terms">;

/** What observing one indicator would do, for the collection-priorities view. */
export interface IndicatorOutlook {
  /** p₊ = Σ_s P₋ᵢ(s)·L(i, s): how likely the indicator is to be seen present. */
  pPresent: number;
  /** Probabilities after a hard observation "present", starting from P₋ᵢ. */
  ifPresent: Record<string, number>;
  /** Probabilities after a hard observation "absent", starting from P₋ᵢ. */
  ifAbsent: Record<string, number>;
  /** Scenarios whose probability would rise (from P₋ᵢ) if the indicator were seen present. */
  favouredIfPresent: string[];
  /** Scenarios whose probability would rise (from P₋ᵢ) if the indicator were seen absent. */
  favouredIfAbsent: string[];
}

/**
 * One participant's submitted judgement in a team round (DESIGN §2.9), for indicators in the round's scope
 * only. A cell or weight that is absent (or null) is blank: it keeps the shared model's value.
 */
export interface RoundParticipant {
  readonly id: string;
  /** Per indicator id, per scenario id: a rating or an exact likelihood. */
  readonly expectations: Readonly<Record<string, Readonly<Record<string, Expectation | null | undefined>>>>;
  /** Per indicator id: a weight in [0, 1]. */
  readonly weights: Readonly<Record<string, number | null | undefined>>;
}

export interface RoundInput {
  /** The assessment's current shared model; its scenarios are the active ones. */
  readonly model: EngineModel;
  /** The indicators in play; at least one. */
  readonly scope: readonly string[];
  /** The submitted judgements; at least two, distinct ids. */
  readonly participants: readonly RoundParticipant[];
}

/** One (indicator in scope, scenario) cell: how far the participants are apart and what that does to the call. */
export interface RoundCell {
  indicatorId: string;
  scenarioId: string;
  /** d(i, s) = max_j logit L_j − min_j logit L_j; 0 when all agree. */
  spread: number;
  /** Largest change of any consensus probability when the cell alone takes one participant's likelihood. */
  impact: number;
}

/** The consensus model's ratings and weights for the scope, and what assess() makes of the model with them. */
export interface RoundConsensus {
  /** Per indicator in scope, per scenario: the median likelihood (kept as a rating key where it is one; see README). */
  expectations: Record<string, Record<string, Expectation>>;
  /** Per indicator in scope: the median weight. */
  weights: Record<string, number>;
  /** p_c = assess(M_c).probabilities. */
  probabilities: Record<string, number>;
}

export interface RoundResult {
  /** p_j = assess(M_j).probabilities, keyed by participant id in input order. */
  perParticipant: Record<string, Record<string, number>>;
  /** The logarithmic opinion pool of the p_j, equal weights. */
  pooled: Record<string, number>;
  /** [min_j p_j(s), max_j p_j(s)] per scenario. */
  range: Record<string, [number, number]>;
  consensus: RoundConsensus;
  /** One per indicator in scope × scenario, by impact, then spread (both descending), then ids. */
  cells: RoundCell[];
}
