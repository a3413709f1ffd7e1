// The fixed tables of the method (DESIGN §2.1, §2.2, §2.6) with the labels the UI shows.
// One idea, one place: every other module imports these instead of keeping a copy.

/** The five-step expectation scale, strongest "present" first. */
export const RATING_KEYS = ["highly_likely", "likely", "could", "unlikely", "highly_unlikely"] as const;
export type Rating = (typeof RATING_KEYS)[number];

export interface RatingInfo {
  key: Rating;
  label: string;
  /** L = P(indicator present | scenario). */
  likelihood: number;
}

export const RATINGS: Readonly<Record<Rating, RatingInfo>> = {
  highly_likely: { key: "highly_likely", label: "Highly likely", likelihood: 0.9 },
  likely: { key: "likely", label: "Likely", likelihood: 0.7 },
  could: { key: "could", label: "Could (either way)", likelihood: 0.5 },
  unlikely: { key: "unlikely", label: "Unlikely", likelihood: 0.3 },
  highly_unlikely: { key: "highly_unlikely", label: "Highly unlikely", likelihood: 0.1 },
};

/** Bounds of an exact likelihood typed in place of a rating. */
export const LIKELIHOOD_MIN = 0.01;
export const LIKELIHOOD_MAX = 0.99;

/** Source reliability, Admiralty / NATO code. */
export const RELIABILITY_GRADES = ["A", "B", "C", "D", "E", "F"] as const;
export type Reliability = (typeof RELIABILITY_GRADES)[number];

/** Information credibility, Admiralty / NATO code. */
export const CREDIBILITY_GRADES = [1, 2, 3, 4, 5, 6] as const;
export type Credibility = (typeof CREDIBILITY_GRADES)[number];

export interface GradeInfo<G> {
  grade: G;
  /** The factor R or C used in a(e) = clamp(0.5 + 0.5·R·C, 0.5, 0.99). */
  value: number;
  meaning: string;
  /** "A — Completely reliable", for selects and exported pages. */
  label: string;
}

function grade<G extends string | number>(g: G, value: number, meaning: string): GradeInfo<G> {
  return { grade: g, value, meaning, label: `${g} — ${meaning}` };
}

export const RELIABILITY: Readonly<Record<Reliability, GradeInfo<Reliability>>> = {
  A: grade("A", 1.0, "Completely reliable"),
  B: grade("B", 0.8, "Usually reliable"),
  C: grade("C", 0.6, "Fairly reliable"),
  D: grade("D", 0.4, "Not usually reliable"),
  E: grade("E", 0.2, "Unreliable"),
  F: grade("F", 0.5, "Reliability cannot be judged"),
};

export const CREDIBILITY: Readonly<Record<Credibility, GradeInfo<Credibility>>> = {
  1: grade(1, 1.0, "Confirmed by other sources"),
  2: grade(2, 0.8, "Probably true"),
  3: grade(3, 0.6, "Possibly true"),
  4: grade(4, 0.4, "Doubtful"),
  5: grade(5, 0.2, "Improbable"),
  6: grade(6, 0.5, "Truth cannot be judged"),
};

/** Bounds of the accuracy of one evidence item. */
export const ACCURACY_MIN = 0.5;
export const ACCURACY_MAX = 0.99;

/** Bounds of an indicator's presence when it comes from evidence (not an override). */
export const PRESENCE_FROM_EVIDENCE_MIN = 0.01;
export const PRESENCE_FROM_EVIDENCE_MAX = 0.99;

export const ESTIMATIVE_TERMS = [
  "almost no chance",
  "very unlikely",
  "unlikely",
  "roughly even chance",
  "likely",
  "very likely",
  "almost certain",
] as const;
export type EstimativeTerm = (typeof ESTIMATIVE_TERMS)[number];

export interface EstimativeBand {
  term: EstimativeTerm;
  /** Lower bound of p; `lowerInclusive` says whether p = lower belongs to this band. */
  lower: number;
  lowerInclusive: boolean;
  upper: number;
  upperInclusive: boolean;
  /** The band as written in ICD 203, e.g. "0.05 ≤ p < 0.20". */
  range: string;
}

/** ICD 203 words of estimative probability, lowest first. Bands tile [0, 1] without gaps. */
export const ICD203_BANDS: readonly EstimativeBand[] = [
  { term: "almost no chance", lower: 0, lowerInclusive: true, upper: 0.05, upperInclusive: false, range: "p < 0.05" },
  {
    term: "very unlikely",
    lower: 0.05,
    lowerInclusive: true,
    upper: 0.2,
    upperInclusive: false,
    range: "0.05 ≤ p < 0.20",
  },
  { term: "unlikely", lower: 0.2, lowerInclusive: true, upper: 0.45, upperInclusive: false, range: "0.20 ≤ p < 0.45" },
  {
    term: "roughly even chance",
    lower: 0.45,
    lowerInclusive: true,
    upper: 0.55,
    upperInclusive: true,
    range: "0.45 ≤ p ≤ 0.55",
  },
  { term: "likely", lower: 0.55, lowerInclusive: false, upper: 0.8, upperInclusive: true, range: "0.55 < p ≤ 0.80" },
  {
    term: "very likely",
    lower: 0.8,
    lowerInclusive: false,
    upper: 0.95,
    upperInclusive: true,
    range: "0.80 < p ≤ 0.95",
  },
  { term: "almost certain", lower: 0.95, lowerInclusive: false, upper: 1, upperInclusive: true, range: "p > 0.95" },
];
