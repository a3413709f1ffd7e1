// Shape of the seeded demo assessment: plain data, interpreted by server/demo/seed.ts through the
// same domain functions the app uses, so the demo carries a real event history.
import type { Confidence, SourceKind } from "@/shared/assessment/state";
import type { Rating } from "@/shared/engine";

export type DemoRating = Rating;
export type DemoSourceKind = SourceKind;

export interface DemoScenario {
  key: string;
  name: string;
  description: string;
  /** Prior weight (> 0); priors are normalised to sum to 1. */
  prior: number;
  /** Hex colour, e.g. "#2563eb". */
  color: string;
}

export interface DemoIndicator {
  key: string;
  name: string;
  description: string;
  /** Weight in [0, 1] at creation. */
  weight: number;
  /** One rating per scenario key: P(indicator present | scenario). */
  expectations: Record<string, DemoRating>;
}

export interface DemoEvidence {
  key: string;
  title: string;
  summary: string;
  sourceName: string;
  sourceUrl: string | null;
  sourceKind: DemoSourceKind;
  reliability: "A" | "B" | "C" | "D" | "E" | "F";
  credibility: 1 | 2 | 3 | 4 | 5 | 6;
  /** ISO date (YYYY-MM-DD) the event happened or was reported, 8–13 Dec 2024. */
  observedAt: string;
  links: { indicator: string; direction: 1 | -1 }[];
  /** The original report it repeats (DESIGN §2.3): items tracing to one release or briefing share one. */
  origin?: string;
}

/** One step of the demo's history, applied in order at the given time by the given analyst. */
export type DemoStep =
  | { at: string; actor: DemoActor; rationale: string; action: { type: "addEvidence"; evidence: string } }
  | {
      at: string;
      actor: DemoActor;
      rationale: string;
      action: { type: "setRating"; indicator: string; scenario: string; rating: DemoRating };
    }
  | {
      at: string;
      actor: DemoActor;
      rationale: string;
      action: { type: "setWeight"; indicator: string; weight: number };
    }
  | {
      at: string;
      actor: DemoActor;
      rationale: string;
      action: { type: "setConfidence"; confidence: Confidence };
    }
  | { at: string; actor: DemoActor; rationale: string; action: { type: "setPrior"; scenario: string; prior: number } }
  | { at: string; actor: DemoActor; rationale: string; action: { type: "baseline"; name: string } };

export type DemoActor = "lead" | "second";

export interface DemoAssessment {
  title: string;
  keyQuestion: string;
  /** ISO date. */
  horizon: string;
  confidence: Confidence;
  handling: string;
  /** When the assessment was created (ISO date-time, UTC), before the first step. */
  createdAt: string;
  actors: Record<DemoActor, { name: string; email: string }>;
  scenarios: DemoScenario[];
  indicators: DemoIndicator[];
  evidence: DemoEvidence[];
  /** Ordered by time; every evidence item is added by exactly one addEvidence step. */
  steps: DemoStep[];
}
