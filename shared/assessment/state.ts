// The in-memory shape of one assessment: what the current-state tables hold, and what
// replaying its events rebuilds. Plain JSON so it can travel to the browser and be compared.
import type { Credibility, Rating, Reliability } from "@/shared/engine";

export const CONFIDENCE_LEVELS = ["low", "moderate", "high"] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];
export const ASSESSMENT_STATUSES = ["active", "resolved", "archived"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const SOURCE_KINDS = ["imagery", "official_statement", "media", "expert", "report", "other"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** What a comment may be attached to. */
export const COMMENT_TARGETS = ["assessment", "scenario", "indicator", "evidence"] as const;
export type CommentTarget = (typeof COMMENT_TARGETS)[number];
/** A five-step rating, or an exact likelihood in [0.01, 0.99]. */
export type Expectation = Rating | number;
/** How an evidence item bears on an indicator: +1 indicates present, -1 absent. */
export const DIRECTIONS = [1, -1] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface ScenarioState {
  id: string;
  name: string;
  description: string;
  prior: number;
  color: string;
  archived: boolean;
}

export interface IndicatorState {
  id: string;
  name: string;
  description: string;
  weight: number;
  presenceOverride: number | null;
  overrideRationale: string | null;
  /** Epoch ms. */
  lastReviewedAt: number;
  /** Scenario id → expectation; holds every scenario of the assessment, archived ones too. */
  expectations: Record<string, Expectation>;
}

export interface EvidenceState {
  id: string;
  title: string;
  summary: string;
  sourceName: string;
  sourceUrl: string | null;
  sourceKind: SourceKind;
  reliability: Reliability;
  credibility: Credibility;
  /** ISO date YYYY-MM-DD. */
  observedAt: string;
  /** Epoch ms. */
  recordedAt: number;
  authorId: string | null;
  authorName: string;
  lastReviewedAt: number;
  /** Indicator id → direction (+1 indicates present, -1 absent). */
  links: Record<string, Direction>;
  /**
   * The original report this item repeats or derives from (DESIGN §2.3), or null: it is its own report.
   * Items of one assessment that share an origin count once per indicator and direction. Normalised by
   * normaliseOrigin; an origin differing from an existing one only in case takes the existing spelling.
   */
  origin: string | null;
}

/** What an analyst writes of an evidence item (what evidence.update may change): the rest is stamped. */
export type EvidenceFields = Pick<
  EvidenceState,
  | "title"
  | "summary"
  | "sourceName"
  | "sourceUrl"
  | "sourceKind"
  | "reliability"
  | "credibility"
  | "observedAt"
  | "origin"
>;

export interface AssessmentState {
  id: string;
  teamId: string;
  title: string;
  keyQuestion: string;
  /** ISO date YYYY-MM-DD. */
  horizon: string;
  confidence: Confidence;
  handling: string;
  status: AssessmentStatus;
  resolvedScenarioId: string | null;
  /** ISO date YYYY-MM-DD. */
  resolvedAt: string | null;
  resolutionNote: string | null;
  /** Number of events applied so far; bumped by every change. */
  version: number;
  createdAt: number;
  updatedAt: number;
  /** In display order. */
  scenarios: ScenarioState[];
  /** In display order. */
  indicators: IndicatorState[];
  /** In the order recorded. */
  evidence: EvidenceState[];
}

/** The scenarios the engine weighs: all but the archived ones, in display order. */
export function activeScenarios(scenarios: readonly ScenarioState[]): ScenarioState[] {
  return scenarios.filter((s) => !s.archived);
}
