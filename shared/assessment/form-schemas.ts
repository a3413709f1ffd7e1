// The forms' schemas: the very field schemas the routers validate with (schemas.ts), plus what only
// a form knows — the words for a field left empty or a select left unchosen, and the checks against
// today's date the server makes in its domain functions. Forms run `safeParse` and show
// `fieldErrors(result)` (shared/forms.ts) beside each field, keyed like the server's field errors.
import { z } from "zod";
import { required, typedNumber } from "@/shared/forms";
import {
  calendarDate,
  evidenceFields,
  newAssessmentFields,
  newScenario,
  origin,
  priorSchema,
  rationale,
  resolutionNote,
  startingScenarios,
} from "./schemas";

/** A scenario as the forms hold it: the prior as typed. */
export const newScenarioForm = newScenario.extend({
  prior: z.string().transform(typedNumber).pipe(priorSchema),
});

/** The new-assessment form: priors as typed, the horizon from `today` (YYYY-MM-DD, UTC) on. */
export function newAssessmentForm(today: string) {
  return z.object({
    ...newAssessmentFields,
    horizon: required(
      "Give the horizon as YYYY-MM-DD (UTC)",
      z.string().trim().pipe(calendarDate("Horizon: give a real date as YYYY-MM-DD (UTC), e.g. 2027-06-30")),
    ).refine((d) => d >= today, "The horizon is in the past: pick a date from today on"),
    scenarios: startingScenarios(newScenarioForm),
  });
}

/**
 * Moving the horizon of an assessment: a new day from `today` on (YYYY-MM-DD, UTC) that is not the
 * current one, and the reason, which is required: it is kept with the change in the history.
 */
export function moveHorizonForm(context: { today: string; current: string }) {
  return z.object({
    horizon: required(
      "Give the new horizon as YYYY-MM-DD (UTC)",
      z.string().trim().pipe(calendarDate("New horizon: give a real date as YYYY-MM-DD (UTC), e.g. 2027-06-30")),
    )
      .refine((d) => d >= context.today, {
        message: `The new horizon is in the past: pick a date from today (${context.today}) on`,
        abort: true,
      })
      .refine((d) => d !== context.current, `The horizon is already ${context.current}: pick another date`),
    rationale: required("Say why the horizon moves: the history keeps the reason with the change", rationale),
  });
}

/** The evidence form: the router's evidence fields, observed no later than `today` (YYYY-MM-DD, UTC). */
export function evidenceForm(today: string) {
  return z.object({
    ...evidenceFields,
    sourceKind: required("Choose the kind of source", evidenceFields.sourceKind),
    reliability: required("Grade the source's reliability (A–F)", evidenceFields.reliability),
    credibility: required("Grade the information's credibility (1–6)", evidenceFields.credibility),
    observedAt: required(
      "Give the date it happened or was reported, as YYYY-MM-DD (UTC)",
      z.string().trim().pipe(calendarDate("Observed on: give a real date as YYYY-MM-DD (UTC), e.g. 2024-12-13")),
    ).refine(
      (d) => d <= today,
      `The date is in the future: use the date it happened or was reported (today is ${today} UTC)`,
    ),
    origin: origin.optional(),
    links: z
      .array(z.object({ indicatorId: z.string(), direction: z.number() }))
      .refine((links) => new Set(links.map((l) => l.indicatorId)).size === links.length, {
        message: "The same indicator is linked twice",
      }),
  });
}

/**
 * The resolve form: a scenario among the active ones, a real date neither in the future (`today`)
 * nor before the assessment was created (`created`, both YYYY-MM-DD in UTC), a note within bounds.
 */
export function resolveForm(context: { activeScenarioIds: readonly string[]; today: string; created: string }) {
  return z.object({
    scenarioId: required("Choose the scenario that happened", z.string()).refine(
      (id) => context.activeScenarioIds.includes(id),
      "Choose one of the assessment's active scenarios",
    ),
    resolvedAt: required(
      "Give the date the question resolved",
      z.string().trim().pipe(calendarDate("Date it resolved: give a real date as YYYY-MM-DD (UTC), e.g. 2024-12-13")),
    )
      .refine((d) => d <= context.today, { message: "The resolution date is in the future", abort: true })
      .refine(
        (d) => d >= context.created,
        `The assessment was created on ${context.created}: the resolution cannot be earlier`,
      ),
    note: resolutionNote,
  });
}
