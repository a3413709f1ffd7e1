// The JSON export: the whole assessment as one versioned document (./format.ts), its history
// included, for archiving and for import into another installation or team.
import { eq, max } from "drizzle-orm";
import type { Db } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, checkAssessmentAccess } from "@/server/access";
import { loadAssessmentState } from "@/server/assessments/store";
import { listBaselines } from "@/server/history/baselines";
import { roundsForExport } from "@/server/rounds/portable";
import { DomainError } from "@/shared/errors";
import { type ExportDocument, FORMAT_VERSION } from "./format";

export async function exportAssessment(
  db: Db,
  userId: string,
  assessmentId: string,
  now = new Date(),
): Promise<ExportDocument> {
  const access = await checkAssessmentAccess(db, userId, assessmentId);
  // The state, its events, comments, baselines and rounds must agree (an import replays the events
  // and compares): read them all, then check that no change or event landed meanwhile.
  for (let attempt = 0; attempt < EXPORT_ATTEMPTS; attempt++) {
    const before = await stampOf(db, assessmentId);
    const document = await readDocument(db, access, assessmentId, now);
    const after = await stampOf(db, assessmentId);
    if (before.version === after.version && before.lastSeq === after.lastSeq) return document;
  }
  throw new DomainError(
    "CONFLICT",
    `This assessment changed ${EXPORT_ATTEMPTS} times while it was being exported: export it again in a moment.`,
    "assessmentId",
  );
}

const EXPORT_ATTEMPTS = 4;

/** What moves when the assessment changes: its version (state) and its last event (history). */
async function stampOf(db: Db, assessmentId: string): Promise<{ version: number; lastSeq: number }> {
  const row = first(
    await db.select({ version: t.assessments.version }).from(t.assessments).where(eq(t.assessments.id, assessmentId)),
  );
  const last = first(
    await db
      .select({ seq: max(t.events.seq) })
      .from(t.events)
      .where(eq(t.events.assessmentId, assessmentId)),
  );
  return { version: row?.version ?? 0, lastSeq: last?.seq ?? 0 };
}

async function readDocument(
  db: Db,
  access: AssessmentAccess,
  assessmentId: string,
  now: Date,
): Promise<ExportDocument> {
  const state = await loadAssessmentState(db, assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  const events = await db.select().from(t.events).where(eq(t.events.assessmentId, assessmentId)).orderBy(t.events.seq);
  const comments = await db
    .select()
    .from(t.comments)
    .where(eq(t.comments.assessmentId, assessmentId))
    .orderBy(t.comments.createdAt);
  return {
    formatVersion: FORMAT_VERSION,
    kind: "signpost.assessment",
    exportedAt: now.toISOString(),
    assessment: state,
    baselines: (await listBaselines(access)).map((b) => ({
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
      payload: e.payload,
      probabilities: e.probabilities,
    })),
    rounds: await roundsForExport(db, assessmentId),
  };
}
