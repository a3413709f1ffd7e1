// A matrix brought in from a spreadsheet (issue 16 §3): the plan of a new assessment that the
// import preview shows and the analyst adjusts before anything is saved, the schema
// `assessments.createFromMatrix` checks it with, and the ACH vocabulary the preview maps from.
// Safe for the browser: the preview form checks the same schema before it sends.
import { z } from "zod";
import { RATING_KEYS, type Rating } from "@/shared/engine";
import {
  count,
  description,
  direction,
  evidenceFields,
  expectation,
  indicatorName,
  newAssessmentFields,
  newScenario,
  origin,
  overrideRationale,
  presence,
  startingScenarios,
  weight,
} from "./schemas";

/** The ACH consistency codes (PARC ACH, Open Source ACH, Open Synthesis), strongest first. */
export const ACH_CODES = ["CC", "C", "N", "I", "II", "NA"] as const;
export type AchCode = (typeof ACH_CODES)[number];

/**
 * How a code becomes a rating: consistent with the hypothesis means the indicator is likely seen
 * under it. NA (not applicable) says nothing, so it maps to "could" (either way) and is flagged.
 */
export const ACH_RATING: Readonly<Record<AchCode, Rating>> = {
  CC: "highly_likely",
  C: "likely",
  N: "could",
  I: "unlikely",
  II: "highly_unlikely",
  NA: "could",
};

/** What an ACH credibility or relevance word is worth as a weight factor. */
export const ACH_LEVELS = { high: 1, medium: 0.6, low: 0.3 } as const;
export type AchLevel = keyof typeof ACH_LEVELS;

/** The mapping in words, as the preview shows it. */
export const ACH_MAPPING_TEXT = [
  "CC → Highly likely, C → Likely, N → Could, I → Unlikely, II → Highly unlikely; NA or an empty cell → Could, flagged.",
  "Credibility and Relevance: High = 100 %, Medium = 60 %, Low = 30 % (or a percent, or a number from 0 to 1); with both, the weight is their product; with neither, 100 %.",
  "Priors: equal, unless a row named “Prior” gives one per hypothesis.",
];

export const MATRIX_INDICATORS_MAX = 1_000;
export const MATRIX_EVIDENCE_MAX = 3_000;

export const matrixIndicator = z.object({
  name: indicatorName,
  description: description.default(""),
  weight,
  presence: presence.nullable().default(null),
  overrideRationale: overrideRationale.nullable().default(null),
  /** One per scenario, in the plan's scenario order. */
  expectations: z.array(expectation),
});

export const matrixEvidence = z.object({
  ...evidenceFields,
  /** The original report it repeats (DESIGN §2.3); none: its own report. */
  origin: origin.default(null),
  /** From a Signpost workbook: when it was recorded (epoch ms) and by whom, kept as the file says. */
  recordedAt: z.number().int().min(0).max(8.64e15).optional(),
  authorName: z.string().trim().min(1).max(200).optional(),
  /** Indicators by their index in the plan. */
  links: z.array(z.object({ indicator: z.number().int().min(0), direction })).default([]),
});

/** A new assessment with its matrix (and, from a Signpost workbook, its evidence). */
export const matrixPlan = z
  .object({
    ...newAssessmentFields,
    scenarios: startingScenarios(
      newScenario.extend({
        color: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .optional(),
      }),
    ),
    indicators: z
      .array(matrixIndicator)
      .max(MATRIX_INDICATORS_MAX, `At most ${count(MATRIX_INDICATORS_MAX)} indicators`),
    evidence: z
      .array(matrixEvidence)
      .max(MATRIX_EVIDENCE_MAX, `At most ${count(MATRIX_EVIDENCE_MAX)} evidence items`)
      .default([]),
  })
  .superRefine((plan, ctx) => {
    plan.indicators.forEach((indicator, k) => {
      if (indicator.expectations.length !== plan.scenarios.length) {
        ctx.addIssue({
          code: "custom",
          path: ["indicators", k, "expectations"],
          message: `Rate '${indicator.name}' once per scenario (${plan.scenarios.length}), not ${indicator.expectations.length} times`,
        });
      }
      if (indicator.presence !== null && !indicator.overrideRationale?.trim()) {
        ctx.addIssue({
          code: "custom",
          path: ["indicators", k, "overrideRationale"],
          message: `Say why '${indicator.name}' overrides its presence`,
        });
      }
    });
    plan.evidence.forEach((e, k) => {
      e.links.forEach((link, j) => {
        if (link.indicator >= plan.indicators.length) {
          ctx.addIssue({
            code: "custom",
            path: ["evidence", k, "links", j, "indicator"],
            message: `Evidence '${e.title}' links to an indicator that is not in the matrix`,
          });
        }
      });
    });
  });
export type MatrixPlan = z.infer<typeof matrixPlan>;
export type MatrixPlanInput = z.input<typeof matrixPlan>;

/** The preview of an ACH matrix: the plan proposed, and where each cell and weight came from. */
export interface AchPreview {
  layout: "ach";
  fileName: string;
  /** The sheet read (CSV files have one, named after the file). */
  sheet: string;
  mapping: string[];
  scenarios: { name: string; prior: number; cell: string }[];
  priorsFrom: "equal" | "row";
  indicators: {
    name: string;
    description: string;
    weight: number;
    /** "Credibility High × Relevance Medium", or "none given". */
    weightFrom: string;
    row: number;
    cells: { code: string; rating: Rating; flagged: boolean; cell: string }[];
  }[];
  flagged: number;
}

export const RATING_OPTIONS = RATING_KEYS;
