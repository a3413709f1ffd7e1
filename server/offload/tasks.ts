// What runs off the event loop (server/offload/pool.ts): the work whose time grows with an
// assessment's history or size — replaying it to a moment, the engine on that state, a brief, an
// import, an export file. Each task takes a connection first and returns (a promise of) a plain
// object (it crosses threads as a structured clone), and must give the same answer on the main
// thread, where it runs when no worker can.
import type { Db } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { exportFile } from "@/server/export/files";
import { importAssessment } from "@/server/export/json/write-import";
import { importWorkbook, previewSheet } from "@/server/export/workbook/import";
import { compareAsOf, viewAsOf } from "@/server/history/moments";
import type { MomentRef } from "@/shared/moment";

// A checked access belongs to the connection it was checked on and cannot cross threads: the
// tasks take the caller's id and check it again on the worker's own connection.

/** The workspace as of a moment, for `userId` (a member of the assessment's team). */
async function viewAsOfFor(db: Db, userId: string, assessmentId: string, ref: MomentRef | undefined) {
  return viewAsOf(await checkAssessmentAccess(db, userId, assessmentId), ref);
}

/** Two moments compared, for `userId` (a member of the assessment's team). */
async function compareAsOfFor(
  db: Db,
  userId: string,
  assessmentId: string,
  from: MomentRef | undefined,
  to: MomentRef | undefined,
) {
  return compareAsOf(await checkAssessmentAccess(db, userId, assessmentId), from, to);
}

/**
 * The import's whole work on the uploaded bytes: decoding and parsing them, validating and
 * replaying the history, and writing it in one transaction (seconds for the largest documents).
 */
async function importJson(
  db: Db,
  actor: { id: string; name: string },
  teamId: string,
  bytes: Uint8Array,
): Promise<{ created: { id: string; title: string } } | { notJson: true }> {
  let raw: unknown;
  try {
    // Bytes that are not UTF-8 are not a JSON export either.
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { notJson: true };
  }
  return { created: await importAssessment(db, actor, teamId, raw) };
}

export const tasks = {
  viewAsOf: viewAsOfFor,
  compareAsOf: compareAsOfFor,
  exportFile,
  importJson,
  // Spreadsheets brought in (issue 16): reading a large workbook takes a second or more.
  previewSheet,
  importSheet: importWorkbook,
} satisfies Record<string, (db: Db, ...args: never[]) => unknown>;

export type TaskName = keyof typeof tasks;
type Rest<F> = F extends (db: Db, ...args: infer A) => unknown ? A : never;
export type TaskArgs<K extends TaskName> = Rest<(typeof tasks)[K]>;
export type TaskResult<K extends TaskName> = Awaited<ReturnType<(typeof tasks)[K]>>;

/** Tasks that write get the worker's writable connection; every other one a read-only one. */
export const WRITING_TASKS: ReadonlySet<TaskName> = new Set<TaskName>(["importJson", "importSheet"]);
