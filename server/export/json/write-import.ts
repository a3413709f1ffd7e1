// Import, step two: writes a plan prepareImport made (./prepare-import.ts) in one synchronous
// transaction, checkpoints and series blocks included, or nothing at all; and the import as a whole,
// for analysts and owners, counted per person.

import type { Db } from "@/db/connection";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { requireTeamRole } from "@/server/access";
import { maybeWriteCheckpoint } from "@/server/assessments/replay";
import { rebuildSeriesBlocks } from "@/server/assessments/series";
import { writeStateDiff } from "@/server/assessments/store";
import { type Limit, withHit } from "@/server/rate-limit";
import { writeImportedRounds } from "@/server/rounds/portable";
import { emptyState } from "@/shared/assessment/changes";
import { type ImportPlan, prepareImport } from "./prepare-import";

/** Imports one person may make in an hour (refused files do not count). */
export const IMPORT_LIMIT: Limit = { max: 30, windowMs: 60 * 60 * 1000 };
/** The 429's words when IMPORT_LIMIT is reached (JSON, workbook and ACH imports alike). */
export const IMPORTED_TOO_MANY = `You have imported ${IMPORT_LIMIT.max} files in the last hour`;
export const importKey = (userId: string) => `import:${userId}`;

/** Events per INSERT: SQLite binds at most 32,766 values, an event row takes 9. */
const EVENT_BATCH = 500;

/**
 * Writes a prepared import in one transaction: the state tables, the events (many to an INSERT),
 * then what the live path writes beside them: the checkpoints maybeWriteCheckpoint writes after
 * the state changes where the plan found them due, and the series block of every 500 events (the
 * ones appendEvent summarises as it goes), then baselines, comments and team rounds.
 */
export async function writeImport(db: Db, plan: ImportPlan): Promise<{ id: string; title: string }> {
  const assessmentId = plan.state.id;
  await transaction(db, async (tx) => {
    await writeStateDiff(tx, emptyState(), plan.state);
    for (let k = 0; k < plan.events.length; k += EVENT_BATCH) {
      await tx.insert(t.events).values(
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
      );
    }
    for (const checkpoint of plan.checkpoints) await maybeWriteCheckpoint(tx, checkpoint.state, checkpoint.seq);
    await rebuildSeriesBlocks(tx, assessmentId, plan.events.length);
    for (const b of plan.baselines) {
      await tx
        .insert(t.baselines)
        .values({ id: b.id, assessmentId, name: b.name, eventSeq: b.eventSeq, createdAt: new Date(b.createdAt) });
    }
    for (const c of plan.comments) {
      await tx.insert(t.comments).values({
        ...c,
        assessmentId,
        authorId: null,
        createdAt: new Date(c.createdAt),
        editedAt: c.editedAt === null ? null : new Date(c.editedAt),
      });
    }
    await writeImportedRounds(tx, assessmentId, plan.rounds);
  });
  return { id: assessmentId, title: plan.state.title };
}

/** Imports `raw` into `teamId` as a new assessment (analysts and owners); nothing is written on a refusal. */
export async function importAssessment(
  db: Db,
  actor: { id: string; name: string },
  teamId: string,
  raw: unknown,
  now = Date.now(),
): Promise<{ id: string; title: string }> {
  await requireTeamRole(db, actor.id, teamId, "analyst");
  // A file within the caps still writes several times its size (checkpoints, summaries): imports
  // are counted per person, so nobody fills the disk by importing in a loop.
  const prepared = prepareImport(raw, { teamId, now });
  return await withHit(db, importKey(actor.id), IMPORT_LIMIT, IMPORTED_TOO_MANY, now, () => writeImport(db, prepared));
}
