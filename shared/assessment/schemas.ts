// What a valid part of an assessment is, written once. The tRPC routers' `.input()` is built from
// these field and entity schemas; the JSON import validates every change of an imported history
// (change-schema.ts) and the document around it (server/export/json/format.ts) with the same ones;
// the forms run `safeParse` on them (form-schemas.ts adds only what a form says when a field is
// left empty). The numbers come from shared/limits.ts, the enums from the engine and state.ts.
import { z } from "zod";
import {
  CREDIBILITY_GRADES,
  type Credibility,
  LIKELIHOOD_MAX,
  LIKELIHOOD_MIN,
  RATING_KEYS,
  RELIABILITY_GRADES,
} from "@/shared/engine";
import {
  BASELINE_NAME_MAX,
  COMMENT_MAX,
  DESCRIPTION_MAX,
  EVIDENCE_TITLE_MAX,
  EXPORTED_NAME_MAX,
  HANDLING_MAX,
  ID_MAX,
  INDICATOR_NAME_MAX,
  KEY_QUESTION_MAX,
  MAX_ACTIVE_SCENARIOS,
  MAX_LINKS_PER_EVIDENCE,
  MIN_ACTIVE_SCENARIOS,
  ORIGIN_MAX,
  OVERRIDE_RATIONALE_MAX,
  POSITION_MAX,
  PRIOR_MAX,
  RATIONALE_MAX,
  RESOLUTION_NOTE_MAX,
  SCENARIO_NAME_MAX,
  SHARE_MAX,
  SHARE_MIN,
  SOURCE_NAME_MAX,
  SUMMARY_MAX,
  TITLE_MAX,
} from "@/shared/limits";
import { normaliseOrigin } from "./origins";
import { httpUrl } from "./source-url";
import { COMMENT_TARGETS, CONFIDENCE_LEVELS, DIRECTIONS, SOURCE_KINDS } from "./state";

/** 10000 → "10,000", as every message writes a count. */
export const count = (n: number) => n.toLocaleString("en");
/** ["a", "b", "c"] → "a, b or c". */
const oneOf = (values: readonly (string | number)[]) =>
  values.length < 2 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;

/** Ids as every procedure takes them. */
export const zId = z
  .string()
  .trim()
  .min(1, "Give an id")
  .max(ID_MAX, `An id is at most ${ID_MAX} characters`)
  // No id holds a control character; PostgreSQL cannot even compare text holding NUL with its rows.
  .regex(/^[^\u0000-\u001f\u007f]*$/, "An id holds no control characters: send the id as it was given");

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is a real calendar day written YYYY-MM-DD: 2024-02-30 and 9999-99-99 are not. */
export function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(s);
}

/** A real calendar date as YYYY-MM-DD, with the words for a malformed date and for one that does not exist. */
export const calendarDate = (malformed: string, missingDay = malformed) =>
  z
    .string({ error: malformed })
    // abort: a malformed date gets one message, not also "does not exist".
    .regex(ISO_DATE, { message: malformed, abort: true })
    .refine(isCalendarDate, { message: missingDay });

/** A real calendar date: 2024-02-30 and 9999-99-99 are refused. */
export const isoDate = calendarDate("Give a date as YYYY-MM-DD", "That date does not exist");

export const priorSchema = z
  .number({ error: "A prior must be a number greater than 0" })
  .refine(Number.isFinite, "A prior must be a finite number")
  .gt(0, "A prior must be greater than 0")
  .max(PRIOR_MAX, `A prior is at most ${count(PRIOR_MAX)}`);

// ── The assessment ──────────────────────────────────────────────────────────

export const title = z
  .string()
  .trim()
  .min(1, "Give the assessment a title")
  .max(TITLE_MAX, `A title is at most ${count(TITLE_MAX)} characters`);
const keyQuestionSaying = (empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(KEY_QUESTION_MAX, `The key question is at most ${count(KEY_QUESTION_MAX)} characters`);
/** The key question as an edit (and an imported history) gives it. */
export const keyQuestion = keyQuestionSaying("State the key question");
export const confidence = z.enum(CONFIDENCE_LEVELS, { error: `Confidence is ${oneOf(CONFIDENCE_LEVELS)}` });
export const handling = z
  .string()
  .trim()
  .max(HANDLING_MAX, `The handling marking is at most ${count(HANDLING_MAX)} characters`);
export const resolutionNote = z
  .string()
  .trim()
  .max(RESOLUTION_NOTE_MAX, `The resolution note is at most ${count(RESOLUTION_NOTE_MAX)} characters`);
/** The "why" of one change, kept with its event. */
export const rationale = z
  .string()
  .trim()
  .max(RATIONALE_MAX, `Keep the rationale to one line (at most ${count(RATIONALE_MAX)} characters)`);

// ── Scenarios and indicators ────────────────────────────────────────────────

export const itemName = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Give the ${what} a name`)
    .max(max, `A ${what} name is at most ${count(max)} characters`);
export const scenarioName = itemName("scenario", SCENARIO_NAME_MAX);
export const indicatorName = itemName("indicator", INDICATOR_NAME_MAX);
export const description = z
  .string()
  .trim()
  .max(DESCRIPTION_MAX, `A description is at most ${count(DESCRIPTION_MAX)} characters`);
export const weight = z
  .number({ error: `The weight must be a number from ${SHARE_MIN} to ${SHARE_MAX}` })
  .min(SHARE_MIN, `The weight must be at least ${SHARE_MIN}`)
  .max(SHARE_MAX, `The weight must be at most ${SHARE_MAX} (100 %)`);
export const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Give a colour as #RRGGBB");
export const position = z
  .number({ error: "Give the new position as a number" })
  .int("Give a whole position")
  .min(0, "A position is at least 0")
  .max(POSITION_MAX, `A position is at most ${count(POSITION_MAX)}`);
export const expectation = z.union(
  [
    z.enum(RATING_KEYS),
    z
      .number()
      .min(LIKELIHOOD_MIN, `An exact likelihood is at least ${LIKELIHOOD_MIN}`)
      .max(LIKELIHOOD_MAX, `An exact likelihood is at most ${LIKELIHOOD_MAX}`),
  ],
  {
    error: `Rate as ${oneOf(RATING_KEYS)}, or give a likelihood from ${LIKELIHOOD_MIN} to ${LIKELIHOOD_MAX}`,
  },
);
export const presence = z
  .number()
  .min(SHARE_MIN, `Presence is at least ${SHARE_MIN}`)
  .max(SHARE_MAX, `Presence is at most ${SHARE_MAX}`);
/** An override of the presence derived from evidence stands only with its reason. */
export const OVERRIDE_WITHOUT_RATIONALE = "Say why you override the presence derived from evidence";
export const overrideRationale = z
  .string()
  .trim()
  .max(OVERRIDE_RATIONALE_MAX, `Keep the rationale under ${count(OVERRIDE_RATIONALE_MAX)} characters`);

/** A scenario as the new-assessment form and `assessments.create` take it. */
export const newScenario = z.object({
  name: scenarioName,
  description: description.optional(),
  prior: priorSchema,
});
/** The scenarios an assessment starts with: at least two, at most as many as may be active. */
export const startingScenarios = <T extends z.ZodType>(scenario: T) =>
  z
    .array(scenario)
    .min(MIN_ACTIVE_SCENARIOS, "Define at least two scenarios")
    .max(MAX_ACTIVE_SCENARIOS, `At most ${MAX_ACTIVE_SCENARIOS} scenarios`);

/** A new assessment, as `assessments.create` takes it (with the team) and the form checks it. */
export const newAssessmentFields = {
  title,
  keyQuestion: keyQuestionSaying("State the key question the assessment answers"),
  horizon: isoDate,
  confidence,
  handling: handling.optional(),
  scenarios: startingScenarios(newScenario),
};

/** The name and description the edit dialogs of a scenario and an indicator save. */
export const scenarioText = z.object({ name: scenarioName, description });
export const indicatorText = z.object({ name: indicatorName, description });

// ── Evidence ────────────────────────────────────────────────────────────────

export const direction = z.literal(DIRECTIONS, {
  error: "Direction is 1 (indicates present) or -1 (indicates absent)",
});
/** The indicators an evidence item is linked to, as a form sends them. */
export const evidenceLinks = z
  .array(z.object({ indicatorId: zId, direction }))
  .max(MAX_LINKS_PER_EVIDENCE, `At most ${MAX_LINKS_PER_EVIDENCE} links per item`);
/** The same links as the state keeps them: indicator id → direction. */
export const evidenceLinkMap = z
  .record(zId, direction)
  .refine(
    (links) => Object.keys(links).length <= MAX_LINKS_PER_EVIDENCE,
    `At most ${MAX_LINKS_PER_EVIDENCE} links per item`,
  );

/** As a form sends it: empty means none (stored as null); anything else a link may point at. */
export const sourceUrl = z
  .string()
  .trim()
  .transform((s) => s || null)
  .pipe(httpUrl.nullable())
  .nullable();
/** As it is stored: an address a link may point at (source-url.ts), or null. */
export const storedSourceUrl = httpUrl.nullable();
export const sourceKind = z.enum(SOURCE_KINDS, { error: `Source kind is ${oneOf(SOURCE_KINDS)}` });
export const reliability = z.enum(RELIABILITY_GRADES, {
  error: `Source reliability is a letter from ${RELIABILITY_GRADES[0]} to ${RELIABILITY_GRADES.at(-1)}`,
});
const CREDIBILITY_MIN = Math.min(...CREDIBILITY_GRADES);
const CREDIBILITY_MAX = Math.max(...CREDIBILITY_GRADES);
const credibilityRange = `Information credibility is a number from ${CREDIBILITY_MIN} to ${CREDIBILITY_MAX}`;
export const credibility = z
  .number({ error: credibilityRange })
  .int(`Information credibility is a whole number from ${CREDIBILITY_MIN} to ${CREDIBILITY_MAX}`)
  .min(CREDIBILITY_MIN, credibilityRange)
  .max(CREDIBILITY_MAX, credibilityRange)
  .transform((v) => v as Credibility);
export const evidenceFields = {
  title: z
    .string()
    .trim()
    .min(1, "Give the evidence a title")
    .max(EVIDENCE_TITLE_MAX, `A title is at most ${count(EVIDENCE_TITLE_MAX)} characters`),
  summary: z
    .string()
    .trim()
    .max(SUMMARY_MAX, `A summary is at most ${count(SUMMARY_MAX)} characters`),
  sourceName: z
    .string()
    .trim()
    .min(1, "Name the source")
    .max(SOURCE_NAME_MAX, `A source name is at most ${count(SOURCE_NAME_MAX)} characters`),
  sourceUrl,
  sourceKind,
  reliability,
  credibility,
  observedAt: isoDate,
};

/**
 * An evidence item's origin as a form or a file gives it: the name of the original report ("Maxar imagery,
 * 13 Dec"); empty or null means the item is its own report.
 */
export const origin = z
  .string({ error: "An origin is the name of the original report, as text (or null for none)" })
  .max(ORIGIN_MAX * 2, `An origin is at most ${count(ORIGIN_MAX)} characters`)
  .transform((s) => normaliseOrigin(s) || null)
  .pipe(
    z
      .string()
      .max(ORIGIN_MAX, `An origin is at most ${count(ORIGIN_MAX)} characters`)
      .nullable(),
  )
  .nullable();

// ── Comments and baselines ──────────────────────────────────────────────────

export const commentTarget = z.enum(COMMENT_TARGETS, {
  error: "Comment on the assessment, a scenario, an indicator or an evidence item",
});
const commentBodySaying = (empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(COMMENT_MAX, `A comment is at most ${count(COMMENT_MAX)} characters`);
/** A new comment, as `history.addComment` and the comment form take it. */
export const newCommentBody = commentBodySaying("Write something before posting the comment");
/** A comment's text once written: as an edit gives it, and as an imported history holds it. */
export const commentBody = commentBodySaying("A comment cannot be empty");
export const baselineName = z
  .string()
  .trim()
  .min(1, "Name the baseline, e.g. “Brief to J2, 13 Dec”")
  .max(BASELINE_NAME_MAX, `A baseline name is at most ${count(BASELINE_NAME_MAX)} characters`);
/** A person's name as history, comments and evidence keep it. */
export const personName = z.string().max(EXPORTED_NAME_MAX, `A name is at most ${EXPORTED_NAME_MAX} characters`);
