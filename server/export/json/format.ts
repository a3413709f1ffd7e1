// The JSON export's document format (docs/export-format.md): its version, what one document may
// hold, and the schema every uploaded file is checked against before anything is replayed. Built from
// the schemas the live app validates with (shared/assessment), so a file cannot hold what the app
// would never have let an analyst type.
import { z } from "zod";
import {
  CHANGE_TYPES,
  changeSchema,
  epochMs,
  evidenceState,
  indicatorState,
  scenarioState,
} from "@/shared/assessment/change-schema";
import {
  baselineName,
  commentBody,
  commentTarget,
  confidence,
  count,
  expectation,
  handling,
  isCalendarDate,
  isoDate,
  keyQuestion,
  personName,
  resolutionNote,
  title,
  weight,
  zId,
} from "@/shared/assessment/schemas";
import { ASSESSMENT_STATUSES } from "@/shared/assessment/state";
import { badInput, DomainError, unstorableText } from "@/shared/errors";
import {
  COMMENT_MAX,
  COUNTER_MAX,
  COUNTER_TOO_BIG,
  ID_MAX,
  JUDGEMENT_REASON_MAX,
  RATIONALE_MAX,
  RESOLUTION_NOTE_MAX,
  ROUND_FOCUS_MAX,
  ROUND_PARTICIPANTS_MAX,
} from "@/shared/limits";
import { roundQuestion } from "@/shared/rounds";

export { IMPORT_LIMIT_BYTES } from "../import-limit";
export const FORMAT_VERSION = 1;

/**
 * What one document may hold (docs/export-format.md says the same). The counts hold at every point
 * of the history, not only at its end. `replayWork` bounds the engine: every event's probabilities
 * are recomputed, a change re-evaluating the indicator rows it touched (a change of the active
 * scenarios, every row), each row costing its scenarios plus its evidence links; real histories
 * use a small part of it, and it keeps the heaviest file's import to seconds.
 */
export const IMPORT_CAPS = {
  events: 10_000,
  scenarios: 50,
  indicators: 1_000,
  evidence: 3_000,
  comments: 5_000,
  baselines: 500,
  /** Team rounds, and the comments on their disputes (all rounds together). */
  rounds: 200,
  roundComments: 5_000,
  replayWork: 5_000_000,
  /** The assessment as JSON wherever it is written whole: at each checkpoint and at the end. */
  stateBytes: 4 * 1024 * 1024,
  /** Objects and arrays inside one another; a real export nests about eight deep. */
  depth: 32,
} as const;

const NON_STATE_KINDS = ["baseline.create", "baseline.delete", "comment.add", "comment.edit"] as const;

/** An ISO date-time of a real calendar day (2024-02-30T… is refused). */
const isoTime = z.iso
  .datetime({ offset: true, error: "Give an ISO date-time such as 2024-12-13T10:00:00.000Z" })
  .refine((s) => isCalendarDate(s.slice(0, 10)), "That date does not exist");
/** The sentence an event shows in the history; rebuilt on import, so only its length is checked. */
const EVENT_SUMMARY_MAX = 1000;
const summary = z
  .string()
  .max(EVENT_SUMMARY_MAX, `A summary is at most ${count(EVENT_SUMMARY_MAX)} characters`)
  .optional();
/** A resolution keeps its note as the event's rationale, so an event's rationale may be as long as either. */
const EVENT_RATIONALE_MAX = Math.max(RATIONALE_MAX, RESOLUTION_NOTE_MAX);

const stateSchema = z.strictObject({
  id: zId,
  teamId: zId,
  title,
  keyQuestion: keyQuestion,
  horizon: isoDate,
  confidence,
  handling,
  status: z.enum(ASSESSMENT_STATUSES),
  resolvedScenarioId: zId.nullable(),
  resolvedAt: isoDate.nullable(),
  resolutionNote: resolutionNote.nullable(),
  version: z.number().int().min(1).max(COUNTER_MAX, COUNTER_TOO_BIG),
  createdAt: epochMs,
  updatedAt: epochMs,
  scenarios: z.array(scenarioState).max(IMPORT_CAPS.scenarios, `At most ${IMPORT_CAPS.scenarios} scenarios`),
  indicators: z.array(indicatorState).max(IMPORT_CAPS.indicators, `At most ${IMPORT_CAPS.indicators} indicators`),
  evidence: z.array(evidenceState).max(IMPORT_CAPS.evidence, `At most ${IMPORT_CAPS.evidence} evidence items`),
});

const eventFields = {
  seq: z.number().int().min(1).max(COUNTER_MAX, COUNTER_TOO_BIG),
  at: isoTime,
  actorName: personName,
  rationale: z
    .string()
    .max(EVENT_RATIONALE_MAX, `A rationale is at most ${count(EVENT_RATIONALE_MAX)} characters`)
    .nullable(),
  // Recomputed on import; checked only for shape.
  probabilities: z
    .record(z.string().max(ID_MAX), z.number().min(0).max(1))
    .refine((p) => Object.keys(p).length <= IMPORT_CAPS.scenarios, "Too many probabilities"),
};

const eventSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      ...eventFields,
      kind: z.enum(CHANGE_TYPES),
      // `before` and `summary` are rebuilt from the replay, as the commit path builds them.
      payload: z.strictObject({
        change: changeSchema,
        before: z.unknown(),
        summary,
        version: z.number().int().min(1).max(COUNTER_MAX, COUNTER_TOO_BIG),
      }),
    }),
    z.strictObject({
      ...eventFields,
      kind: z.literal("comment.add"),
      payload: z.strictObject({
        commentId: zId,
        targetKind: commentTarget,
        targetId: zId,
        body: commentBody,
        summary,
      }),
    }),
    z.strictObject({
      ...eventFields,
      kind: z.literal("comment.edit"),
      payload: z.strictObject({
        commentId: zId,
        before: z.string().max(COMMENT_MAX, `A comment is at most ${count(COMMENT_MAX)} characters`),
        after: commentBody,
        summary,
      }),
    }),
    z.strictObject({
      ...eventFields,
      kind: z.literal("baseline.create"),
      payload: z.strictObject({
        baselineId: zId,
        name: baselineName,
        summary,
        stateVersion: z.number().int().min(0).max(COUNTER_MAX, COUNTER_TOO_BIG),
      }),
    }),
    z.strictObject({
      ...eventFields,
      kind: z.literal("baseline.delete"),
      payload: z.strictObject({ baselineId: zId, name: baselineName, summary }),
    }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `An event kind Signpost does not know: expected a change (${CHANGE_TYPES.join(", ")}) or one of ${NON_STATE_KINDS.join(", ")}`
        : (issue.message ?? "Not an event"),
  },
);

const roundValues = z.record(zId, z.record(zId, expectation));

/**
 * A team round as the export carries it (DESIGN §2.9): never an open one (its judgements are private
 * until it closes), only the judgements that count, and no names beside values in an anonymous round.
 */
const roundSchema = z
  .strictObject({
    id: zId,
    number: z.number().int().min(1).max(COUNTER_MAX, COUNTER_TOO_BIG),
    previousRoundId: zId.nullable(),
    status: z.enum(["closed", "adopted", "abandoned"], {
      error:
        "A round is closed, adopted or abandoned: an open round's judgements are private until it closes, so it is never exported",
    }),
    anonymous: z.boolean(),
    question: roundQuestion,
    facilitatorName: personName,
    openedAt: isoTime,
    openedAtVersion: z.number().int().min(0).max(COUNTER_MAX, COUNTER_TOO_BIG),
    closesAt: isoTime.nullable(),
    closedAt: isoTime,
    adoptedAt: isoTime.nullable(),
    adoptedSeq: z.number().int().min(1).max(COUNTER_MAX, COUNTER_TOO_BIG).nullable(),
    sharedAtOpen: z.strictObject({ expectations: roundValues, weights: z.record(zId, weight) }),
    focus: z.array(z.strictObject({ indicatorId: zId, scenarioId: zId })).max(ROUND_FOCUS_MAX),
    scope: z
      .array(z.strictObject({ indicatorId: zId, indicatorName: z.string().min(1).max(1000) }))
      .min(1, "A round rates at least one indicator")
      .max(IMPORT_CAPS.indicators, `At most ${IMPORT_CAPS.indicators} indicators`),
    participants: z
      .array(
        z.strictObject({
          label: z.string().regex(/^[A-Z]{1,3}$/, "A participant's letter is one to three capitals: A, B, … AA"),
          name: personName.nullable(),
          submittedAt: isoTime.nullable(),
          leftAt: isoTime.nullable(),
          judgement: z
            .strictObject({
              expectations: roundValues,
              weights: z.record(zId, weight),
              reasons: z.record(
                zId,
                z
                  .string()
                  .min(1, "A reason is not empty: leave the indicator out instead")
                  .max(JUDGEMENT_REASON_MAX, `A reason is at most ${count(JUDGEMENT_REASON_MAX)} characters`),
              ),
            })
            .nullable(),
        }),
      )
      .max(ROUND_PARTICIPANTS_MAX, `At most ${ROUND_PARTICIPANTS_MAX} participants`),
    comments: z.array(
      z.strictObject({
        id: zId,
        indicatorId: zId,
        scenarioId: zId.nullable(),
        parentId: zId.nullable(),
        authorName: personName,
        body: commentBody,
        createdAt: isoTime,
      }),
    ),
  })
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if ((r.status === "adopted") !== (r.adoptedAt !== null && r.adoptedSeq !== null)) {
      issue(["adoptedSeq"], "An adopted round has its adoption time and event; no other round has them");
    }
    if (r.closesAt !== null && r.closesAt <= r.openedAt) issue(["closesAt"], "A round closes after it opens");
    if (r.closedAt < r.openedAt) issue(["closedAt"], "A round closes after it opens");
    r.participants.forEach((p, k) => {
      if (p.judgement !== null && p.submittedAt === null) {
        issue(["participants", k, "judgement"], "Only a submitted judgement is exported: a draft stays its author's");
      }
    });
  });

export const exportDocumentSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  kind: z.literal("signpost.assessment"),
  exportedAt: isoTime,
  assessment: stateSchema,
  baselines: z
    .array(
      z.strictObject({
        id: zId,
        name: baselineName,
        eventSeq: z.number().int().min(1).max(COUNTER_MAX, COUNTER_TOO_BIG),
        createdAt: isoTime,
      }),
    )
    .max(IMPORT_CAPS.baselines, `At most ${IMPORT_CAPS.baselines} baselines`),
  comments: z
    .array(
      z.strictObject({
        id: zId,
        targetKind: commentTarget,
        targetId: zId,
        parentId: zId.nullable(),
        authorName: personName,
        body: commentBody,
        createdAt: isoTime,
        editedAt: isoTime.nullable(),
      }),
    )
    .max(IMPORT_CAPS.comments, `At most ${IMPORT_CAPS.comments} comments`),
  events: z
    .array(eventSchema)
    .min(1, "The history is empty: it must start with the creation of the assessment")
    .max(IMPORT_CAPS.events, `At most ${IMPORT_CAPS.events} events`),
  /** Absent from files written before team rounds existed. */
  rounds: z
    .array(roundSchema)
    .max(IMPORT_CAPS.rounds, `At most ${IMPORT_CAPS.rounds} rounds`)
    .refine(
      (rounds) => rounds.reduce((n, r) => n + r.comments.length, 0) <= IMPORT_CAPS.roundComments,
      `At most ${IMPORT_CAPS.roundComments} comments on rounds in all`,
    )
    .optional(),
});

/** A document as parsed on import: every event's payload checked for its kind. */
export type ParsedDocument = z.infer<typeof exportDocumentSchema>;

export type ExportedRound = NonNullable<ParsedDocument["rounds"]>[number];

/** A document as the export writes it. */
export type ExportDocument = Omit<ParsedDocument, "events"> & {
  events: {
    seq: number;
    at: string;
    actorName: string;
    kind: string;
    rationale: string | null;
    payload: Record<string, unknown>;
    probabilities: Record<string, number>;
  }[];
};

/** A refusal naming the field of the file at fault. */
export function refuse(field: string, message: string): DomainError {
  return new DomainError("BAD_REQUEST", `${field}: ${message}`, field);
}

/**
 * The path of the first object or array nested deeper than `limit`, or null. Iterative: a file may
 * nest far deeper than any recursive walk (or JSON.stringify) survives.
 */
function tooDeep(value: unknown, limit: number): string | null {
  const stack: [unknown, string, number][] = [[value, "", 0]];
  while (stack.length > 0) {
    const [item, at, depth] = stack.pop() as [unknown, string, number];
    if (item === null || typeof item !== "object") continue;
    if (depth >= limit) return at || "document";
    for (const [key, inner] of Object.entries(item)) {
      if (inner !== null && typeof inner === "object") stack.push([inner, at ? `${at}.${key}` : key, depth + 1]);
    }
  }
  return null;
}

/** Parses and checks an uploaded document's shape; throws BAD_REQUEST naming the first bad field. */
export function parseExportDocument(raw: unknown): ParsedDocument {
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version !== FORMAT_VERSION) {
    throw refuse(
      "formatVersion",
      version > FORMAT_VERSION
        ? `this file is format ${version}, newer than this installation reads (${FORMAT_VERSION}): update Signpost first`
        : `format ${version} is not supported (expected ${FORMAT_VERSION})`,
    );
  }
  // Then the counts, so a file far over a cap is refused before any of it is parsed.
  const doc = raw as {
    events?: unknown;
    comments?: unknown;
    baselines?: unknown;
    rounds?: unknown;
    assessment?: Record<string, unknown>;
  };
  const counted: [string, unknown, number, string][] = [
    ["events", doc?.events, IMPORT_CAPS.events, "events"],
    ["comments", doc?.comments, IMPORT_CAPS.comments, "comments"],
    ["baselines", doc?.baselines, IMPORT_CAPS.baselines, "baselines"],
    ["rounds", doc?.rounds, IMPORT_CAPS.rounds, "rounds"],
    ["assessment.scenarios", doc?.assessment?.scenarios, IMPORT_CAPS.scenarios, "scenarios"],
    ["assessment.indicators", doc?.assessment?.indicators, IMPORT_CAPS.indicators, "indicators"],
    ["assessment.evidence", doc?.assessment?.evidence, IMPORT_CAPS.evidence, "evidence items"],
  ];
  for (const [field, list, cap, what] of counted) {
    if (Array.isArray(list) && list.length > cap) throw refuse(field, `At most ${cap} ${what}`);
  }
  const deep = tooDeep(raw, IMPORT_CAPS.depth);
  if (deep) {
    const parts = deep.split(".");
    const field = parts.length > 8 ? `${parts.slice(0, 8).join(".")}…` : deep;
    throw refuse(field, `nested more than ${IMPORT_CAPS.depth} levels deep: not a Signpost export`);
  }
  const bad = unstorableText(raw);
  if (bad) throw badInput(bad.path, bad.message);
  const parsed = exportDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "document";
    throw refuse(field, issue?.message ?? "not a Signpost assessment export");
  }
  return parsed.data;
}
