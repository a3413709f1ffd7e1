// What a valid part of an assessment is, written once: the tRPC routers validate edits with these
// field schemas, and the JSON import validates every change of an imported history and the state
// it must replay to with the very same ones (and the same reducer), so a file cannot hold what the
// app would never have let an analyst type.
import { z } from "zod";
import { httpUrl } from "@/shared/assessment/source-url";
import { COMMENT_TARGETS, SOURCE_KINDS } from "@/shared/assessment/state";
import { EXPORTED_NAME_MAX } from "@/shared/display-name";
import { type Credibility, LIKELIHOOD_MAX, LIKELIHOOD_MIN, RATING_KEYS, RELIABILITY_GRADES } from "@/shared/engine";
import { MAX_ACTIVE_SCENARIOS } from "./changes";

export { MAX_ACTIVE_SCENARIOS };

/** Ids as every procedure takes them. */
export const zId = z.string().trim().min(1, "Give an id").max(64, "An id is at most 64 characters");

/** A real calendar date: 2024-02-30 and 9999-99-99 are refused. */
export const isoDate = z
  .string({ error: "Give a date as YYYY-MM-DD" })
  // abort: a malformed date gets one message, not also "does not exist".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Give a date as YYYY-MM-DD", abort: true })
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "That date does not exist",
    },
  );

export const priorSchema = z
  .number({ error: "A prior must be a number greater than 0" })
  .refine(Number.isFinite, "A prior must be a finite number")
  .gt(0, "A prior must be greater than 0")
  .max(1e6, "A prior is at most 1,000,000");

// ── The assessment ──────────────────────────────────────────────────────────

export const title = z
  .string()
  .trim()
  .min(1, "Give the assessment a title")
  .max(200, "A title is at most 200 characters");
export const keyQuestion = (empty: string) =>
  z.string().trim().min(1, empty).max(1000, "The key question is at most 1,000 characters");
export const confidence = z.enum(["low", "moderate", "high"], { error: "Confidence is low, moderate or high" });
export const handling = z.string().trim().max(200, "The handling marking is at most 200 characters");
export const resolutionNote = z.string().trim().max(2000, "The resolution note is at most 2,000 characters");
/** The "why" of one change, kept with its event. */
export const rationale = z.string().trim().max(500, "Keep the rationale to one line (at most 500 characters)");

// ── Scenarios and indicators ────────────────────────────────────────────────

export const itemName = (what: string, max: number) =>
  z.string().trim().min(1, `Give the ${what} a name`).max(max, `A ${what} name is at most ${max} characters`);
export const scenarioName = itemName("scenario", 120);
export const indicatorName = itemName("indicator", 200);
export const description = z.string().trim().max(2000, "A description is at most 2,000 characters");
export const weight = z
  .number({ error: "The weight must be a number from 0 to 1" })
  .min(0, "The weight must be at least 0")
  .max(1, "The weight must be at most 1 (100 %)");
export const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Give a colour as #RRGGBB");
export const position = z
  .number({ error: "Give the new position as a number" })
  .int("Give a whole position")
  .min(0, "A position is at least 0")
  .max(10_000, "A position is at most 10,000");
export const expectation = z.union(
  [
    z.enum(RATING_KEYS),
    z
      .number()
      .min(LIKELIHOOD_MIN, `An exact likelihood is at least ${LIKELIHOOD_MIN}`)
      .max(LIKELIHOOD_MAX, `An exact likelihood is at most ${LIKELIHOOD_MAX}`),
  ],
  {
    error: "Rate as highly_likely, likely, could, unlikely or highly_unlikely, or give a likelihood from 0.01 to 0.99",
  },
);
export const presence = z.number().min(0, "Presence is at least 0").max(1, "Presence is at most 1");
export const overrideRationale = z.string().trim().max(500, "Keep the rationale under 500 characters");

// ── Evidence ────────────────────────────────────────────────────────────────

export const direction = z.union([z.literal(1), z.literal(-1)], {
  error: "Direction is 1 (indicates present) or -1 (indicates absent)",
});
/** At most this many indicators per evidence item. */
export const MAX_LINKS_PER_EVIDENCE = 300;

/** As a form sends it: empty means none (stored as null); anything else a link may point at. */
export const sourceUrl = z
  .string()
  .trim()
  .transform((s) => s || null)
  .pipe(httpUrl.nullable())
  .nullable();
/** As it is stored: an address a link may point at (source-url.ts), or null. */
export const storedSourceUrl = httpUrl.nullable();
export const sourceKind = z.enum(SOURCE_KINDS, {
  error: "Source kind is imagery, official_statement, media, expert, report or other",
});
export const reliability = z.enum(RELIABILITY_GRADES, { error: "Source reliability is a letter from A to F" });
export const credibility = z
  .number({ error: "Information credibility is a number from 1 to 6" })
  .int("Information credibility is a whole number from 1 to 6")
  .min(1, "Information credibility is a number from 1 to 6")
  .max(6, "Information credibility is a number from 1 to 6")
  .transform((v) => v as Credibility);
export const evidenceFields = {
  title: z.string().trim().min(1, "Give the evidence a title").max(300, "A title is at most 300 characters"),
  summary: z.string().trim().max(5000, "A summary is at most 5,000 characters"),
  sourceName: z.string().trim().min(1, "Name the source").max(300, "A source name is at most 300 characters"),
  sourceUrl,
  sourceKind,
  reliability,
  credibility,
  observedAt: isoDate,
};

// ── Comments and baselines ──────────────────────────────────────────────────

export const commentTarget = z.enum(COMMENT_TARGETS, {
  error: "Comment on the assessment, a scenario, an indicator or an evidence item",
});
export const commentBody = (empty: string) =>
  z.string().trim().min(1, empty).max(10_000, "A comment is at most 10,000 characters");
export const baselineName = z
  .string()
  .trim()
  .min(1, "Name the baseline, e.g. “Brief to J2, 13 Dec”")
  .max(200, "A baseline name is at most 200 characters");
/** A person's name as history, comments and evidence keep it. */
export const personName = z.string().max(EXPORTED_NAME_MAX, `A name is at most ${EXPORTED_NAME_MAX} characters`);
