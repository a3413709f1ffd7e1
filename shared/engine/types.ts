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
