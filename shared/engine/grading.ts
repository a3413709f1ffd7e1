// Ratings to likelihoods (§2.1), evidence grading (§2.2) and indicator presence (§2.3).
import { describeValue, InvalidModelError } from "./errors";
import {
  ACCURACY_MAX,
  ACCURACY_MIN,
  CREDIBILITY,
  type Credibility,
  LIKELIHOOD_MAX,
  LIKELIHOOD_MIN,
  PRESENCE_FROM_EVIDENCE_MAX,
  PRESENCE_FROM_EVIDENCE_MIN,
  RATINGS,
  RELIABILITY,
  type Reliability,
} from "./tables";
import type { CredibilityInput, Direction, Expectation } from "./types";

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** logit(x) = ln(x / (1 − x)). */
export function logit(x: number): number {
  return Math.log(x / (1 - x));
}

/** The inverse of logit, written so that neither branch can overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export const LOGIT_PRESENCE_MIN = logit(PRESENCE_FROM_EVIDENCE_MIN);
export const LOGIT_PRESENCE_MAX = logit(PRESENCE_FROM_EVIDENCE_MAX);

/** The likelihood of an expectation, or null if it is neither a known rating nor a number in range. */
export function tryLikelihood(expectation: unknown): number | null {
  if (typeof expectation === "number") {
    return Number.isFinite(expectation) && expectation >= LIKELIHOOD_MIN && expectation <= LIKELIHOOD_MAX
      ? expectation
      : null;
  }
  if (typeof expectation === "string" && Object.hasOwn(RATINGS, expectation)) {
    return RATINGS[expectation as keyof typeof RATINGS].likelihood;
  }
  return null;
}

/** L = P(present | scenario) for a rating or an exact likelihood. Throws InvalidModelError otherwise. */
export function ratingLikelihood(expectation: Expectation, field = "expectation"): number {
  const l = tryLikelihood(expectation);
  if (l === null) throw new InvalidModelError(field, expectationProblem(expectation));
  return l;
}

export function expectationProblem(expectation: unknown): string {
  if (typeof expectation === "number") {
    return `likelihood ${describeValue(expectation)} is outside [${LIKELIHOOD_MIN}, ${LIKELIHOOD_MAX}]`;
  }
  return `unknown rating ${describeValue(expectation)} (expected one of ${Object.keys(RATINGS).join(", ")}, or a likelihood in [${LIKELIHOOD_MIN}, ${LIKELIHOOD_MAX}])`;
}

export function isReliability(value: unknown): value is Reliability {
  return typeof value === "string" && Object.hasOwn(RELIABILITY, value);
}

/** The credibility grade of a number 1–6 or a string "1".."6", or null. */
export function parseCredibility(value: unknown): Credibility | null {
  const n = typeof value === "string" && /^[1-6]$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 6 ? (n as Credibility) : null;
}

/** a(e) = clamp(0.5 + 0.5·R·C, 0.5, 0.99): how far one graded item is to be trusted. */
export function evidenceAccuracy(reliability: Reliability, credibility: CredibilityInput): number {
  if (!isReliability(reliability)) {
    throw new InvalidModelError(
      "reliability",
      `unknown reliability grade ${describeValue(reliability)} (expected A–F)`,
    );
  }
  const c = parseCredibility(credibility);
  if (c === null) {
    throw new InvalidModelError(
      "credibility",
      `unknown credibility grade ${describeValue(credibility)} (expected 1–6)`,
    );
  }
  return clamp(0.5 + 0.5 * RELIABILITY[reliability].value * CREDIBILITY[c].value, ACCURACY_MIN, ACCURACY_MAX);
}

/**
 * q(i) from its evidence (§2.3): sigmoid(clamp(Σ_g z(g), logit(0.01), logit(0.99))), where links whose items
 * share an origin form one group g counting its best present logit minus its best absent logit, and a link
 * without origin is a group of its own (so without origins this is Σ d·logit(a(e))); or the override when
 * one is set. No evidence and no override gives 0.5.
 */
export function indicatorPresence(
  evidence: readonly {
    direction: Direction;
    reliability: Reliability;
    credibility: CredibilityInput;
    origin?: string | null;
  }[],
  override?: number | null,
): number {
  if (override !== undefined && override !== null) return override;
  let sum = 0;
  const groups = new Map<string, { present: number; absent: number }>();
  for (const e of evidence) {
    const x = logit(evidenceAccuracy(e.reliability, e.credibility));
    if (e.origin === undefined || e.origin === null) {
      sum += e.direction * x;
      continue;
    }
    const g = groups.get(e.origin) ?? { present: 0, absent: 0 };
    if (e.direction === 1) g.present = Math.max(g.present, x);
    else g.absent = Math.max(g.absent, x);
    groups.set(e.origin, g);
  }
  for (const g of groups.values()) sum += g.present - g.absent;
  return sigmoid(clamp(sum, LOGIT_PRESENCE_MIN, LOGIT_PRESENCE_MAX));
}
