// The whole assessment as a versioned JSON document (docs/export-format.md), and its import into a
// team as a new assessment. Import is two steps: prepareImport checks the document and replays its
// history with the reducer, the schemas and the engine the live app uses (pure, no database: the
// CPU-heavy part, which may run off the event loop), and writeImport writes the plan it made in one
// synchronous transaction, checkpoints and series blocks included, or nothing at all.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connection";
import * as t from "@/db/schema";
import { checkAssessmentAccess, requireTeamRole } from "@/server/access";
import { stateEventPayload } from "@/server/assessments/commit";
import { CHECKPOINT_EVERY, maybeWriteCheckpoint } from "@/server/assessments/replay";
import { rebuildSeriesBlocks } from "@/server/assessments/series";
import { loadAssessmentState, writeStateDiff } from "@/server/assessments/store";
import { listBaselines } from "@/server/history/baselines";
import { countHit, type Limit, limitReachedUntil, tooManyRequests } from "@/server/rate-limit";
import {
  CHANGE_TYPES,
  changeSchema,
  epochMs,
  evidenceState,
  indicatorState,
  scenarioState,
} from "@/shared/assessment/change-schema";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import { engineModelSeries } from "@/shared/assessment/engine-model";
import {
  baselineName,
  commentBody,
  commentTarget,
  confidence,
  handling,
  isoDate,
  keyQuestion,
  personName,
  resolutionNote,
  title,
  zId,
} from "@/shared/assessment/schemas";
import type { AssessmentState, COMMENT_TARGETS } from "@/shared/assessment/state";
import { InvalidModelError, probabilitySeries } from "@/shared/engine";
import { badInput, DomainError, unstorableText } from "@/shared/errors";
import { IMPORT_LIMIT_BYTES } from "./import-limit";

export { IMPORT_LIMIT_BYTES };
export const FORMAT_VERSION = 1;

/** Imports one person may make in an hour (refused files do not count). */
export const IMPORT_LIMIT: Limit = { max: 30, windowMs: 60 * 60 * 1000 };
export const importKey = (userId: string) => `import:${userId}`;

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
  .refine((s) => isoDate.safeParse(s.slice(0, 10)).success, "That date does not exist");
const summary = z.string().max(1000, "A summary is at most 1,000 characters").optional();

const stateSchema = z.strictObject({
  id: zId,
  teamId: zId,
  title,
  keyQuestion: keyQuestion("State the key question"),
  horizon: isoDate,
  confidence,
  handling,
  status: z.enum(["active", "resolved", "archived"]),
  resolvedScenarioId: zId.nullable(),
  resolvedAt: isoDate.nullable(),
  resolutionNote: resolutionNote.nullable(),
  version: z.number().int().min(1),
  createdAt: epochMs,
  updatedAt: epochMs,
  scenarios: z.array(scenarioState).max(IMPORT_CAPS.scenarios, `At most ${IMPORT_CAPS.scenarios} scenarios`),
  indicators: z.array(indicatorState).max(IMPORT_CAPS.indicators, `At most ${IMPORT_CAPS.indicators} indicators`),
  evidence: z.array(evidenceState).max(IMPORT_CAPS.evidence, `At most ${IMPORT_CAPS.evidence} evidence items`),
});

const eventFields = {
  seq: z.number().int().min(1),
  at: isoTime,
  actorName: personName,
  rationale: z.string().max(2000, "A rationale is at most 2,000 characters").nullable(),
  // Recomputed on import; checked only for shape.
  probabilities: z
    .record(z.string().max(64), z.number().min(0).max(1))
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
        version: z.number().int().min(1),
      }),
    }),
    z.strictObject({
      ...eventFields,
      kind: z.literal("comment.add"),
      payload: z.strictObject({
        commentId: zId,
        targetKind: commentTarget,
        targetId: zId,
        body: commentBody("A comment cannot be empty"),
        summary,
      }),
    }),
    z.strictObject({
      ...eventFields,
      kind: z.literal("comment.edit"),
      payload: z.strictObject({
        commentId: zId,
        before: z.string().max(10_000, "A comment is at most 10,000 characters"),
        after: commentBody("A comment cannot be empty"),
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
        stateVersion: z.number().int().min(0),
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

export const exportDocumentSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  kind: z.literal("signpost.assessment"),
  exportedAt: isoTime,
  assessment: stateSchema,
  baselines: z
    .array(z.strictObject({ id: zId, name: baselineName, eventSeq: z.number().int().min(1), createdAt: isoTime }))
    .max(IMPORT_CAPS.baselines, `At most ${IMPORT_CAPS.baselines} baselines`),
  comments: z
    .array(
      z.strictObject({
        id: zId,
        targetKind: commentTarget,
        targetId: zId,
        parentId: zId.nullable(),
        authorName: personName,
        body: commentBody("A comment cannot be empty"),
        createdAt: isoTime,
        editedAt: isoTime.nullable(),
      }),
    )
    .max(IMPORT_CAPS.comments, `At most ${IMPORT_CAPS.comments} comments`),
  events: z
    .array(eventSchema)
    .min(1, "The history is empty: it must start with the creation of the assessment")
    .max(IMPORT_CAPS.events, `At most ${IMPORT_CAPS.events} events`),
});

/** A document as parsed on import: every event's payload checked for its kind. */
type ParsedDocument = z.infer<typeof exportDocumentSchema>;

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

export function exportAssessment(db: Db, userId: string, assessmentId: string, now = new Date()): ExportDocument {
  const access = checkAssessmentAccess(db, userId, assessmentId);
  const state = loadAssessmentState(db, assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  const events = db.select().from(t.events).where(eq(t.events.assessmentId, assessmentId)).orderBy(t.events.seq).all();
  const comments = db
    .select()
    .from(t.comments)
    .where(eq(t.comments.assessmentId, assessmentId))
    .orderBy(t.comments.createdAt)
    .all();
  return {
    formatVersion: FORMAT_VERSION,
    kind: "signpost.assessment",
    exportedAt: now.toISOString(),
    assessment: state,
    baselines: listBaselines(access).map((b) => ({
      id: b.id,
      name: b.name,
      eventSeq: b.eventSeq,
      createdAt: b.createdAt.toISOString(),
    })),
    comments: comments.map((c) => ({
      id: c.id,
      targetKind: c.targetKind,
      targetId: c.targetId,
      parentId: c.parentId,
      authorName: c.authorName,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt?.toISOString() ?? null,
    })),
    events: events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actorName: e.actorName,
      kind: e.kind,
      rationale: e.rationale,
      payload: e.payload as Record<string, unknown>,
      probabilities: e.probabilities as Record<string, number>,
    })),
  };
}

function refuse(field: string, message: string): DomainError {
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
    assessment?: Record<string, unknown>;
  };
  const counted: [string, unknown, number, string][] = [
    ["events", doc?.events, IMPORT_CAPS.events, "events"],
    ["comments", doc?.comments, IMPORT_CAPS.comments, "comments"],
    ["baselines", doc?.baselines, IMPORT_CAPS.baselines, "baselines"],
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

/** Replaces every string in `value` that is a key of `ids`, and object keys too; drops user ids. */
function remap(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => remap(v, ids));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        ids.get(k) ?? k,
        k === "authorId" || k === "actorId" ? null : remap(v, ids),
      ]),
    );
  }
  return value;
}

/** Every id the document gives a part of the assessment, a comment or a baseline. */
function collectIds(doc: ParsedDocument): Set<string> {
  const found = new Set<string>([doc.assessment.id]);
  const s = doc.assessment;
  for (const x of [...s.scenarios, ...s.indicators, ...s.evidence]) found.add(x.id);
  for (const b of doc.baselines) found.add(b.id);
  for (const c of doc.comments) found.add(c.id);
  for (const e of doc.events) {
    if (!("change" in e.payload)) {
      if ("baselineId" in e.payload) found.add(e.payload.baselineId);
      continue;
    }
    const change = e.payload.change;
    if (change.type === "assessment.create") {
      found.add(change.assessment.id);
      for (const x of [...change.scenarios, ...change.indicators, ...change.evidence]) found.add(x.id);
    } else if (change.type === "scenario.add") found.add(change.scenario.id);
    else if (change.type === "indicator.add") found.add(change.indicator.id);
    else if (change.type === "evidence.add") found.add(change.evidence.id);
  }
  return found;
}

/** JSON with object keys sorted, so two states compare equal whatever order their maps were built in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function canonical(state: AssessmentState): string {
  return stableJson({
    ...state,
    evidence: [...state.evidence].sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : 1)),
  });
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The checks the live path makes outside the reducer, where they depend on when a change was made
 * (server/assessments/workspace.ts, assessments.ts, assessments/resolution.ts), applied at the time the
 * file says the change was made; and no time or date the change carries may lie after `now`.
 */
function checkWhen(state: AssessmentState, change: Change, at: number, now: number, field: string): void {
  const notLater = (ms: number, path: string) => {
    if (ms > now) throw refuse(`${field}.${path}`, "is later than now: a time Signpost cannot have recorded");
  };
  const observed = (date: string, path: string) => {
    if (date > day(now)) throw refuse(`${field}.${path}`, "The observed-at date is in the future");
  };
  switch (change.type) {
    case "assessment.create":
      if (change.assessment.horizon < day(at)) {
        throw refuse(`${field}.assessment.horizon`, "The horizon is before the day the assessment was created");
      }
      change.indicators.forEach((i, k) => {
        notLater(i.lastReviewedAt, `indicators.${k}.lastReviewedAt`);
      });
      change.evidence.forEach((e, k) => {
        notLater(e.recordedAt, `evidence.${k}.recordedAt`);
        notLater(e.lastReviewedAt, `evidence.${k}.lastReviewedAt`);
        observed(e.observedAt, `evidence.${k}.observedAt`);
      });
      return;
    case "assessment.update":
      if (change.horizon !== undefined && change.horizon < day(at)) {
        throw refuse(`${field}.horizon`, "The horizon is in the past at the time of this change");
      }
      return;
    case "assessment.resolve":
      if (change.resolvedAt < day(state.createdAt)) {
        throw refuse(
          `${field}.resolvedAt`,
          `The assessment was created on ${day(state.createdAt)}: the resolution cannot be earlier`,
        );
      }
      if (change.resolvedAt > day(at))
        throw refuse(`${field}.resolvedAt`, "The resolution date is after the change that records it");
      return;
    case "indicator.add":
      notLater(change.indicator.lastReviewedAt, "indicator.lastReviewedAt");
      return;
    case "evidence.add":
      notLater(change.evidence.recordedAt, "evidence.recordedAt");
      notLater(change.evidence.lastReviewedAt, "evidence.lastReviewedAt");
      observed(change.evidence.observedAt, "evidence.observedAt");
      return;
    case "evidence.update":
      if (change.fields.observedAt !== undefined) observed(change.fields.observedAt, "fields.observedAt");
      return;
    default:
      return;
  }
}

/** The assessment is written whole (a checkpoint, the end): it must stay within IMPORT_CAPS.stateBytes. */
function checkStateSize(state: AssessmentState, field: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(state));
  if (bytes > IMPORT_CAPS.stateBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw refuse(
      field,
      `the assessment takes ${mb(bytes)} here, more than the ${mb(IMPORT_CAPS.stateBytes)} one import may carry at a checkpoint or at its end`,
    );
  }
}

function checkCaps(state: AssessmentState, field: string): void {
  const over = (what: string, count: number, cap: number) => {
    if (count > cap) {
      throw refuse(field, `the assessment would hold ${count} ${what}, more than the ${cap} one import may carry`);
    }
  };
  over("scenarios", state.scenarios.length, IMPORT_CAPS.scenarios);
  over("indicators", state.indicators.length, IMPORT_CAPS.indicators);
  over("evidence items", state.evidence.length, IMPORT_CAPS.evidence);
}

/** An event as written: the export's fields, its time as epoch ms. */
type PlannedEvent = Omit<ExportDocument["events"][number], "at"> & { at: number };

/** Everything writeImport writes: plain data (no Dates or classes), so it can cross to another thread. */
export interface ImportPlan {
  teamId: string;
  /** The assessment as its history leaves it: the current-state tables. */
  state: AssessmentState;
  events: PlannedEvent[];
  /** The states the commit path would have checkpointed, by event number. */
  checkpoints: { seq: number; state: AssessmentState }[];
  baselines: { id: string; name: string; eventSeq: number; createdAt: number }[];
  comments: {
    id: string;
    targetKind: (typeof COMMENT_TARGETS)[number];
    targetId: string;
    parentId: string | null;
    authorName: string;
    body: string;
    createdAt: number;
    editedAt: number | null;
  }[];
}

/**
 * Checks `raw` (a parsed JSON document) and replays its history: pure, touches no database.
 * Every change is validated with the live schemas and applied with the live reducer, every event's
 * probabilities are the engine's on the replayed state (the file's are never used), times run
 * forward and not past `now`. Throws BAD_REQUEST naming the first bad field.
 */
export function prepareImport(raw: unknown, options: { teamId: string; now?: number }): ImportPlan {
  const now = options.now ?? Date.now();
  const { teamId } = options;
  const source = parseExportDocument(raw);
  const ids = new Map<string, string>([...collectIds(source)].map((old) => [old, crypto.randomUUID()]));
  ids.set(source.assessment.teamId, teamId);
  const doc = remap(source, ids) as ParsedDocument;
  const newId = doc.assessment.id;

  // Events: numbered 1, 2, 3…, the first creates the assessment, times run forward up to now.
  let state = emptyState();
  let probabilities: Record<string, number> = {};
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastCheckpoint = 0;
  const toModel = engineModelSeries();
  const engine = probabilitySeries();
  const events: PlannedEvent[] = [];
  const checkpoints: ImportPlan["checkpoints"] = [];
  doc.events.forEach((e, k) => {
    const field = `events[${k}]`;
    if (e.seq !== k + 1) throw refuse(`${field}.seq`, `expected ${k + 1}, found ${e.seq}: the history has a gap`);
    const at = Date.parse(e.at);
    if (at < 0) throw refuse(`${field}.at`, "is before 1970: not a time Signpost recorded");
    if (at > now) throw refuse(`${field}.at`, `is later than now (${new Date(now).toISOString()})`);
    if (at < lastAt) throw refuse(`${field}.at`, "is earlier than the event before it: the history must run forward");
    lastAt = at;
    const rationale = e.rationale?.trim() || null;
    if (!("change" in e.payload)) {
      if (k === 0) throw refuse("events[0]", "the history must start with the creation of the assessment");
      const payload =
        e.kind === "baseline.create" && "stateVersion" in e.payload
          ? { ...e.payload, stateVersion: state.version }
          : e.payload;
      events.push({
        seq: e.seq,
        at,
        actorName: e.actorName,
        kind: e.kind,
        rationale,
        payload,
        probabilities: { ...probabilities },
      });
      return;
    }
    const change = e.payload.change;
    if (k === 0 && change.type !== "assessment.create")
      throw refuse("events[0]", "the history must start with the creation of the assessment");
    if (change.type !== e.kind) throw refuse(`${field}.kind`, `is '${e.kind}' but the change is '${change.type}'`);
    checkWhen(state, change, at, now, `${field}.payload.change`);
    const before = state;
    try {
      state = applyChange(state, change, { at });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw refuse(`${field}.payload.change${error.field ? `.${error.field}` : ""}`, error.message);
    }
    checkCaps(state, field);
    try {
      probabilities = engine.probabilities(toModel(state));
    } catch (error) {
      if (!(error instanceof InvalidModelError)) throw error;
      throw refuse(`${field}.payload.change`, `the assessment cannot be computed after it: ${error.message}`);
    }
    if (engine.work > IMPORT_CAPS.replayWork) {
      throw refuse(
        field,
        `replaying the history this far recomputes more than ${IMPORT_CAPS.replayWork.toLocaleString("en")} matrix cells and evidence links, more than one import may (docs/export-format.md)`,
      );
    }
    events.push({
      seq: e.seq,
      at,
      actorName: e.actorName,
      kind: e.kind,
      rationale,
      payload: stateEventPayload(before, state, change),
      probabilities,
    });
    // The commit path's rule (server/assessments/replay.ts maybeWriteCheckpoint), which writeImport applies.
    if (e.seq - lastCheckpoint >= CHECKPOINT_EVERY) {
      checkStateSize(state, field);
      checkpoints.push({ seq: e.seq, state });
      lastCheckpoint = e.seq;
    }
  });

  checkStateSize(state, "assessment");
  const expected: AssessmentState = { ...doc.assessment, teamId };
  if (state.id !== newId || canonical(state) !== canonical(expected)) {
    throw refuse(
      "events",
      "replaying the history does not give the exported assessment: the file was changed or is incomplete",
    );
  }

  const lastSeq = doc.events.length;
  const baselineIds = new Set<string>();
  const baselines = doc.baselines.map((b, k) => {
    if (b.eventSeq > lastSeq)
      throw refuse(`baselines[${k}].eventSeq`, `points at change ${b.eventSeq}, but the history has ${lastSeq}`);
    if (baselineIds.has(b.id)) throw refuse(`baselines[${k}].id`, "is the id of another baseline in the file");
    baselineIds.add(b.id);
    const createdAt = Date.parse(b.createdAt);
    if (createdAt > now) throw refuse(`baselines[${k}].createdAt`, "is later than now");
    return { id: b.id, name: b.name, eventSeq: b.eventSeq, createdAt };
  });

  const byId = new Map<string, { comment: ParsedDocument["comments"][number]; index: number }>();
  doc.comments.forEach((c, k) => {
    if (!byId.has(c.id)) byId.set(c.id, { comment: c, index: k });
  });
  const targets = {
    assessment: new Set([newId]),
    scenario: new Set(state.scenarios.map((s) => s.id)),
    indicator: new Set(state.indicators.map((i) => i.id)),
    evidence: new Set(state.evidence.map((e) => e.id)),
  };
  const comments = doc.comments.map((c, k) => {
    if (byId.get(c.id)?.index !== k) throw refuse(`comments[${k}].id`, "is the id of another comment in the file");
    if (!targets[c.targetKind].has(c.targetId))
      throw refuse(`comments[${k}].targetId`, `refers to no ${c.targetKind} in the file`);
    const createdAt = Date.parse(c.createdAt);
    const editedAt = c.editedAt === null ? null : Date.parse(c.editedAt);
    if (createdAt > now) throw refuse(`comments[${k}].createdAt`, "is later than now");
    if (editedAt !== null && (editedAt < createdAt || editedAt > now))
      throw refuse(`comments[${k}].editedAt`, "is before the comment was written, or later than now");
    if (c.parentId !== null) {
      const parent = byId.get(c.parentId);
      if (!parent) throw refuse(`comments[${k}].parentId`, "refers to no comment in the file");
      if (parent.comment.targetKind !== c.targetKind || parent.comment.targetId !== c.targetId)
        throw refuse(`comments[${k}].parentId`, "A reply must be on the same item as the comment it answers");
      // A reply comes after what it answers, so a thread cannot loop back on itself.
      if (Date.parse(parent.comment.createdAt) > createdAt || parent.comment.id === c.id)
        throw refuse(`comments[${k}].parentId`, "answers a comment written after it");
    }
    return {
      id: c.id,
      targetKind: c.targetKind,
      targetId: c.targetId,
      parentId: c.parentId,
      authorName: c.authorName,
      body: c.body,
      createdAt,
      editedAt,
    };
  });

  return { teamId, state, events, checkpoints, baselines, comments };
}

/** Events per INSERT: SQLite binds at most 32,766 values, an event row takes 9. */
const EVENT_BATCH = 500;

/**
 * Writes a prepared import in one transaction: the state tables, the events (many to an INSERT),
 * then what the live path writes beside them: the checkpoints maybeWriteCheckpoint writes after
 * the state changes where the plan found them due, and the series block of every 500 events (the
 * ones appendEvent summarises as it goes), then baselines and comments.
 */
export function writeImport(db: Db, plan: ImportPlan): { id: string; title: string } {
  const assessmentId = plan.state.id;
  db.transaction((tx) => {
    writeStateDiff(tx, emptyState(), plan.state);
    for (let k = 0; k < plan.events.length; k += EVENT_BATCH) {
      tx.insert(t.events)
        .values(
          plan.events.slice(k, k + EVENT_BATCH).map((e) => ({
            assessmentId,
            seq: e.seq,
            at: new Date(e.at),
            actorId: null,
            actorName: e.actorName,
            kind: e.kind,
            rationale: e.rationale,
            payload: e.payload,
            probabilities: e.probabilities,
          })),
        )
        .run();
    }
    for (const checkpoint of plan.checkpoints) maybeWriteCheckpoint(tx, checkpoint.state, checkpoint.seq);
    rebuildSeriesBlocks(tx, assessmentId, plan.events.length);
    for (const b of plan.baselines) {
      tx.insert(t.baselines)
        .values({ id: b.id, assessmentId, name: b.name, eventSeq: b.eventSeq, createdAt: new Date(b.createdAt) })
        .run();
    }
    for (const c of plan.comments) {
      tx.insert(t.comments)
        .values({
          ...c,
          assessmentId,
          authorId: null,
          createdAt: new Date(c.createdAt),
          editedAt: c.editedAt === null ? null : new Date(c.editedAt),
        })
        .run();
    }
  });
  return { id: assessmentId, title: plan.state.title };
}

/** Imports `raw` into `teamId` as a new assessment (analysts and owners); nothing is written on a refusal. */
export function importAssessment(
  db: Db,
  actor: { id: string; name: string },
  teamId: string,
  raw: unknown,
  now = Date.now(),
): { id: string; title: string } {
  requireTeamRole(db, actor.id, teamId, "analyst");
  // A file within the caps still writes several times its size (checkpoints, summaries): imports
  // are counted per person, so nobody fills the disk by importing in a loop.
  const until = limitReachedUntil(db, importKey(actor.id), IMPORT_LIMIT, now);
  if (until !== null) throw tooManyRequests(`You have imported ${IMPORT_LIMIT.max} files in the last hour`, until);
  const created = writeImport(db, prepareImport(raw, { teamId, now }));
  countHit(db, importKey(actor.id), IMPORT_LIMIT, now);
  return created;
}
