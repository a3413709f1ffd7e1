// The whole assessment as a versioned JSON document (docs/export-format.md), and its import into a
// team as a new assessment: validated with zod, ids renewed, the history replayed and checked
// against the exported state, everything written in one transaction or not at all.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/connection";
import * as t from "@/db/schema";
import { requireAssessmentRole, requireTeamRole } from "@/server/access";
import { EXPORTED_NAME_MAX } from "@/server/accounts/display-name";
import { applyChange, type Change, emptyState } from "@/server/assessments/changes";
import { assessState } from "@/server/assessments/commit";
import { httpUrl } from "@/server/assessments/source-url";
import type { AssessmentState } from "@/server/assessments/state";
import { loadAssessmentState, writeStateDiff } from "@/server/assessments/store";
import { RATING_KEYS } from "@/server/engine";
import { badInput, DomainError, unstorableText } from "@/server/errors";
import { listBaselines } from "@/server/history/baselines";
import { maybeWriteCheckpoint } from "@/server/history/replay";
import { rebuildSeriesBlocks } from "@/server/history/timeline";

export const FORMAT_VERSION = 1;
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

const id = z.string().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");
const isoTime = z.iso.datetime({ offset: true, error: "an ISO date-time such as 2024-12-13T10:00:00.000Z" });
const expectation = z.union([z.enum(RATING_KEYS), z.number().min(0.01).max(0.99)]);

const stateSchema = z.object({
  id,
  teamId: z.string(),
  title: z.string().min(1).max(200),
  keyQuestion: z.string().min(1).max(1000),
  horizon: isoDate,
  confidence: z.enum(["low", "moderate", "high"]),
  handling: z.string().max(200),
  status: z.enum(["active", "resolved", "archived"]),
  resolvedScenarioId: id.nullable(),
  resolvedAt: isoDate.nullable(),
  resolutionNote: z.string().max(2000).nullable(),
  version: z.number().int().min(1),
  createdAt: z.number(),
  updatedAt: z.number(),
  scenarios: z
    .array(
      z.object({
        id,
        name: z.string().min(1).max(120),
        description: z.string().max(2000),
        prior: z.number().gt(0).max(1e6),
        color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
        archived: z.boolean(),
      }),
    )
    .min(2)
    .max(50),
  indicators: z
    .array(
      z.object({
        id,
        name: z.string().min(1).max(200),
        description: z.string().max(2000),
        weight: z.number().min(0).max(1),
        presenceOverride: z.number().min(0).max(1).nullable(),
        overrideRationale: z.string().max(500).nullable(),
        lastReviewedAt: z.number(),
        expectations: z.record(id, expectation),
      }),
    )
    .max(2000),
  evidence: z
    .array(
      z.object({
        id,
        title: z.string().min(1).max(300),
        summary: z.string().max(5000),
        sourceName: z.string().min(1).max(300),
        sourceUrl: httpUrl.nullable(),
        sourceKind: z.enum(["imagery", "official_statement", "media", "expert", "report", "other"]),
        reliability: z.enum(["A", "B", "C", "D", "E", "F"]),
        credibility: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]),
        observedAt: isoDate,
        recordedAt: z.number(),
        authorId: z.string().nullable(),
        authorName: z.string().max(EXPORTED_NAME_MAX),
        lastReviewedAt: z.number(),
        links: z.record(id, z.union([z.literal(1), z.literal(-1)])),
      }),
    )
    .max(20000),
});

export const exportDocumentSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  kind: z.literal("signpost.assessment"),
  exportedAt: isoTime,
  assessment: stateSchema,
  baselines: z.array(
    z.object({ id, name: z.string().min(1).max(200), eventSeq: z.number().int().min(1), createdAt: isoTime }),
  ),
  comments: z.array(
    z.object({
      id,
      targetKind: z.enum(t.COMMENT_TARGETS),
      targetId: id,
      parentId: id.nullable(),
      authorName: z.string().max(EXPORTED_NAME_MAX),
      body: z.string().min(1).max(10_000),
      createdAt: isoTime,
      editedAt: isoTime.nullable(),
    }),
  ),
  events: z
    .array(
      z.object({
        seq: z.number().int().min(1),
        at: isoTime,
        actorName: z.string().max(EXPORTED_NAME_MAX),
        kind: z.string().max(64),
        rationale: z.string().max(2000).nullable(),
        payload: z.record(z.string(), z.unknown()),
        probabilities: z.record(z.string(), z.number()),
      }),
    )
    .min(1),
});

export type ExportDocument = z.infer<typeof exportDocumentSchema>;

export function exportAssessment(db: Db, userId: string, assessmentId: string, now = new Date()): ExportDocument {
  requireAssessmentRole(db, userId, assessmentId);
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
    baselines: listBaselines(db, assessmentId).map((b) => ({
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

function collectIds(doc: ExportDocument): Set<string> {
  const found = new Set<string>([doc.assessment.id]);
  const s = doc.assessment;
  for (const x of [...s.scenarios, ...s.indicators, ...s.evidence]) found.add(x.id);
  for (const b of doc.baselines) found.add(b.id);
  for (const c of doc.comments) found.add(c.id);
  for (const e of doc.events) {
    const change = e.payload.change as Change | undefined;
    if (!change) continue;
    if (change.type === "assessment.create") {
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

function refuse(field: string, message: string): DomainError {
  return new DomainError("BAD_REQUEST", `${field}: ${message}`, field);
}

/** Parses and checks an uploaded document; throws BAD_REQUEST naming the first bad field. */
export function parseExportDocument(raw: unknown): ExportDocument {
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version !== FORMAT_VERSION) {
    throw refuse(
      "formatVersion",
      version > FORMAT_VERSION
        ? `this file is format ${version}, newer than this installation reads (${FORMAT_VERSION}): update Signpost first`
        : `format ${version} is not supported (expected ${FORMAT_VERSION})`,
    );
  }
  const parsed = exportDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "document";
    throw refuse(field, issue?.message ?? "not a Signpost assessment export");
  }
  return parsed.data;
}

export function importAssessment(
  db: Db,
  actor: { id: string; name: string },
  teamId: string,
  raw: unknown,
): { id: string; title: string } {
  requireTeamRole(db, actor.id, teamId, "analyst");
  const bad = unstorableText(raw);
  if (bad) throw badInput(bad.path, bad.message);
  const source = parseExportDocument(raw);
  const ids = new Map<string, string>([...collectIds(source)].map((old) => [old, crypto.randomUUID()]));
  ids.set(source.assessment.teamId, teamId);
  const doc = remap(source, ids) as ExportDocument;
  const newId = doc.assessment.id;

  // Events: numbered 1, 2, 3…, the first creates the assessment, and replaying them gives the exported state.
  let state = emptyState();
  doc.events.forEach((e, k) => {
    if (e.seq !== k + 1) throw refuse(`events[${k}].seq`, `expected ${k + 1}, found ${e.seq}: the history has a gap`);
    const change = e.payload.change as Change | undefined;
    if (k === 0 && change?.type !== "assessment.create")
      throw refuse("events[0]", "the history must start with the creation of the assessment");
    if (!change) return;
    try {
      state = applyChange(state, change, { at: Date.parse(e.at) });
    } catch (error) {
      throw refuse(`events[${k}].payload.change`, error instanceof Error ? error.message : "cannot be applied");
    }
  });
  const expected: AssessmentState = { ...doc.assessment, teamId };
  if (canonical(state) !== canonical(expected)) {
    throw refuse(
      "events",
      "replaying the history does not give the exported assessment: the file was changed or is incomplete",
    );
  }
  const lastSeq = doc.events.length;
  doc.baselines.forEach((b, k) => {
    if (b.eventSeq > lastSeq)
      throw refuse(`baselines[${k}].eventSeq`, `points at change ${b.eventSeq}, but the history has ${lastSeq}`);
  });
  const commentIds = new Set(doc.comments.map((c) => c.id));
  const targets = {
    assessment: new Set([newId]),
    scenario: new Set(state.scenarios.map((s) => s.id)),
    indicator: new Set(state.indicators.map((i) => i.id)),
    evidence: new Set(state.evidence.map((e) => e.id)),
  };
  doc.comments.forEach((c, k) => {
    if (c.parentId && !commentIds.has(c.parentId))
      throw refuse(`comments[${k}].parentId`, "refers to no comment in the file");
    if (!targets[c.targetKind].has(c.targetId))
      throw refuse(`comments[${k}].targetId`, `refers to no ${c.targetKind} in the file`);
  });

  db.transaction((tx) => {
    writeStateDiff(tx, emptyState(), state);
    for (const e of doc.events) {
      tx.insert(t.events)
        .values({
          assessmentId: newId,
          seq: e.seq,
          at: new Date(e.at),
          actorId: null,
          actorName: e.actorName,
          kind: e.kind,
          rationale: e.rationale,
          payload: e.payload,
          probabilities: e.probabilities,
        })
        .run();
    }
    maybeWriteCheckpoint(tx, state, lastSeq);
    rebuildSeriesBlocks(tx, newId, lastSeq);
    for (const b of doc.baselines) {
      tx.insert(t.baselines)
        .values({ id: b.id, assessmentId: newId, name: b.name, eventSeq: b.eventSeq, createdAt: new Date(b.createdAt) })
        .run();
    }
    // Parents before replies.
    const ordered = [...doc.comments].sort((a, b) => (a.parentId ? 1 : 0) - (b.parentId ? 1 : 0));
    for (const c of ordered) {
      tx.insert(t.comments)
        .values({
          id: c.id,
          assessmentId: newId,
          targetKind: c.targetKind,
          targetId: c.targetId,
          parentId: c.parentId,
          authorId: null,
          authorName: c.authorName,
          body: c.body,
          createdAt: new Date(c.createdAt),
          editedAt: c.editedAt ? new Date(c.editedAt) : null,
        })
        .run();
    }
    assessState(state);
  });
  return { id: newId, title: state.title };
}
