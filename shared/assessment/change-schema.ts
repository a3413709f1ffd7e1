// Every change an event may carry (changes.ts) as a strict schema built from the field schemas the
// routers validate edits with (schemas.ts): what a history from outside (an imported file) must
// look like before the reducer replays it. The app builds its own changes on the server and never
// parses them; this is for histories it did not write.
import { z } from "zod";
import { COUNTER_MAX, COUNTER_TOO_BIG, REVERT_STEPS_MAX, REVERT_SUMMARY_MAX } from "@/shared/limits";
import type { Change } from "./changes";
import {
  colour,
  confidence,
  count,
  credibility,
  description,
  direction,
  evidenceFields,
  evidenceLinkMap,
  expectation,
  handling,
  indicatorName,
  isoDate,
  keyQuestion,
  OVERRIDE_WITHOUT_RATIONALE,
  origin,
  overrideRationale,
  personName,
  position,
  presence,
  priorSchema,
  reliability,
  resolutionNote,
  scenarioName,
  sourceKind,
  storedSourceUrl,
  title,
  weight,
  zId,
} from "./schemas";

/** A time as the state keeps it: whole epoch milliseconds a Date can hold, from 1970 on. */
export const epochMs = z
  .number({ error: "Give a time as epoch milliseconds" })
  .min(0, "A time before 1970 is not one Signpost wrote")
  .max(8.64e15, "A time is at most 8.64e15 ms (the year 275760)")
  .int("A time is a whole number of milliseconds");

export const scenarioState = z.strictObject({
  id: zId,
  name: scenarioName,
  description,
  prior: priorSchema,
  color: colour,
  archived: z.boolean({ error: "archived is true or false" }),
});

export const indicatorState = z
  .strictObject({
    id: zId,
    name: indicatorName,
    description,
    weight,
    presenceOverride: presence.nullable(),
    overrideRationale: overrideRationale.nullable(),
    lastReviewedAt: epochMs,
    expectations: z.record(zId, expectation),
  })
  .superRefine((i, ctx) => {
    // The live path keeps a rationale exactly while an override is set (and the table's CHECK insists).
    if (i.presenceOverride !== null && !i.overrideRationale) {
      ctx.addIssue({
        code: "custom",
        path: ["overrideRationale"],
        message: OVERRIDE_WITHOUT_RATIONALE,
      });
    }
    if (i.presenceOverride === null && i.overrideRationale !== null) {
      ctx.addIssue({ code: "custom", path: ["overrideRationale"], message: "A rationale without an override" });
    }
  });

export const evidenceState = z.strictObject({
  id: zId,
  ...evidenceFields,
  sourceUrl: storedSourceUrl,
  recordedAt: epochMs,
  authorId: z.string().max(200).nullable(),
  authorName: personName,
  lastReviewedAt: epochMs,
  links: evidenceLinkMap,
  // A file written before origins (DESIGN §2.3) has none: the item is its own report.
  origin: origin.optional(),
});

const scenarioId = { scenarioId: zId };
const indicatorId = { indicatorId: zId };
const evidenceId = { evidenceId: zId };
const nothingToChange = "Nothing to change: give at least one field";

const evidenceUpdateFields = z
  .strictObject({
    title: evidenceFields.title.optional(),
    summary: evidenceFields.summary.optional(),
    sourceName: evidenceFields.sourceName.optional(),
    sourceUrl: storedSourceUrl.optional(),
    sourceKind: sourceKind.optional(),
    reliability: reliability.optional(),
    credibility: credibility.optional(),
    observedAt: isoDate.optional(),
    origin: origin.optional(),
  })
  .refine((f) => Object.keys(f).length > 0, nothingToChange);

const createOption = z.strictObject({
  type: z.literal("assessment.create"),
  assessment: z.strictObject({
    id: zId,
    teamId: zId,
    title,
    keyQuestion: keyQuestion,
    horizon: isoDate,
    confidence,
    handling,
  }),
  scenarios: z.array(scenarioState),
  indicators: z.array(indicatorState),
  evidence: z.array(evidenceState),
});

const lifecycleOptions = [
  z.strictObject({ type: z.literal("assessment.archive") }),
  z.strictObject({ type: z.literal("assessment.restore") }),
  z.strictObject({ type: z.literal("assessment.resolve"), ...scenarioId, resolvedAt: isoDate, note: resolutionNote }),
  z.strictObject({ type: z.literal("assessment.reopen") }),
] as const;

/** The edits of the workspace (EditChange): what an undo or a redo may carry as its steps. */
const editOptions = [
  z
    .strictObject({
      type: z.literal("assessment.update"),
      title: title.optional(),
      keyQuestion: keyQuestion.optional(),
      horizon: isoDate.optional(),
      confidence: confidence.optional(),
      handling: handling.optional(),
    })
    .refine((change) => Object.keys(change).length > 1, nothingToChange),
  z.strictObject({ type: z.literal("scenario.add"), scenario: scenarioState, defaultExpectation: expectation }),
  z.strictObject({
    type: z.literal("scenario.update"),
    ...scenarioId,
    name: scenarioName.optional(),
    description: description.optional(),
    prior: priorSchema.optional(),
    color: colour.optional(),
  }),
  z.strictObject({ type: z.literal("scenario.move"), ...scenarioId, toIndex: position }),
  z.strictObject({ type: z.literal("scenario.archive"), ...scenarioId }),
  z.strictObject({ type: z.literal("scenario.restore"), ...scenarioId }),
  z.strictObject({ type: z.literal("indicator.add"), indicator: indicatorState }),
  z.strictObject({
    type: z.literal("indicator.update"),
    ...indicatorId,
    name: indicatorName.optional(),
    description: description.optional(),
    weight: weight.optional(),
  }),
  z.strictObject({ type: z.literal("indicator.setExpectation"), ...indicatorId, ...scenarioId, expectation }),
  z.strictObject({
    type: z.literal("indicator.setPresence"),
    ...indicatorId,
    presence: presence.nullable(),
    rationale: overrideRationale.nullable(),
  }),
  z.strictObject({ type: z.literal("indicator.move"), ...indicatorId, toIndex: position }),
  z.strictObject({ type: z.literal("indicator.review"), ...indicatorId }),
  z.strictObject({ type: z.literal("indicator.delete"), ...indicatorId }),
  z.strictObject({ type: z.literal("evidence.add"), evidence: evidenceState }),
  z.strictObject({ type: z.literal("evidence.update"), ...evidenceId, fields: evidenceUpdateFields }),
  z.strictObject({ type: z.literal("evidence.link"), ...evidenceId, ...indicatorId, direction }),
  z.strictObject({ type: z.literal("evidence.unlink"), ...evidenceId, ...indicatorId }),
  z.strictObject({ type: z.literal("evidence.delete"), ...evidenceId }),
  z.strictObject({ type: z.literal("evidence.setOrigin"), ...evidenceId, origin }),
] as const;

const typeOf = (o: (typeof options)[number]) => o.shape.type.value;
const EDIT_TYPES = editOptions.map((o) => o.shape.type.value);
const editChange = z.discriminatedUnion("type", editOptions, {
  error: (issue) =>
    issue.code === "invalid_union"
      ? `An undo or a redo carries edits only: expected one of ${EDIT_TYPES.join(", ")}`
      : (issue.message ?? "Not an edit"),
});

/** An undo or a redo (RevertChange): the event it reverts, what that said, and the edits that revert it. */
const revertFields = {
  seq: z
    .number({ error: "Give the number of the event reverted" })
    .int("An event number is a whole number")
    .min(1, "An event number is at least 1"),
  summary: z.string().max(REVERT_SUMMARY_MAX, `A summary is at most ${count(REVERT_SUMMARY_MAX)} characters`),
  steps: z
    .array(editChange)
    .min(1, "An undo or a redo carries at least one edit")
    .max(REVERT_STEPS_MAX, `An undo or a redo carries at most ${count(REVERT_STEPS_MAX)} edits`),
};

/** A team round adopted (issue 14): not an edit, so never inside an undo or a redo. */
const roundAdopt = z.strictObject({
  type: z.literal("round.adopt"),
  roundId: zId,
  roundNumber: z.number().int().min(1).max(COUNTER_MAX, `A round number ${COUNTER_TOO_BIG}`),
  expectations: z.record(zId, z.record(zId, expectation)),
  weights: z.record(zId, weight),
});

/** A Signpost workbook applied to its assessment (issue 16): edits only, like an undo's steps. */
const workbookApply = z.strictObject({
  type: z.literal("workbook.apply"),
  fileName: z.string().max(REVERT_SUMMARY_MAX, `A file name is at most ${count(REVERT_SUMMARY_MAX)} characters`),
  steps: z
    .array(editChange)
    .min(1, "A workbook applied carries at least one edit")
    .max(REVERT_STEPS_MAX, `A workbook applied carries at most ${count(REVERT_STEPS_MAX)} edits`),
});

const options = [
  createOption,
  ...lifecycleOptions,
  roundAdopt,
  workbookApply,
  ...editOptions,
  z.strictObject({ type: z.literal("change.undo"), ...revertFields }),
  z.strictObject({ type: z.literal("change.redo"), ...revertFields }),
] as const;

/** The `type` of every change, in the order of changes.ts. */
export const CHANGE_TYPES = options.map(typeOf) as [Change["type"], ...Change["type"][]];

export const changeSchema: z.ZodType<Change> = z.discriminatedUnion("type", options, {
  error: (issue) =>
    issue.code === "invalid_union"
      ? `An unknown change type: expected one of ${CHANGE_TYPES.join(", ")}`
      : (issue.message ?? "Not a change"),
});
