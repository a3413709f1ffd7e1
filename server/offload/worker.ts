// One worker thread of the pool (server/offload/pool.ts): runs the tasks of ./tasks.ts one at a
// time (the pool sends the next job once the last answered) on its own connections to the
// database the main thread names with each job: a SQLite file, or a PostgreSQL URL (a pool of two).
import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { type Connection, type Db, openDatabase, openReadOnlyDatabase } from "@/db/connection";
import { openPgPool, type PgConnection } from "@/db/connection-pg";
import { pgStore } from "@/db/store";
import type { AssessmentChangeNotice } from "@/server/live";
import { DomainError } from "@/shared/errors";
import { isPlainJson } from "@/shared/transformer";
import { type AnswerEncoding, type WrittenJson, writeJson } from "./answers";
import { type TaskName, tasks, WRITING_TASKS } from "./tasks";

export interface Job {
  id: number;
  task: TaskName;
  args: unknown[];
  /** The caller's database: its SQLite file, or its PostgreSQL URL. */
  file: string;
  /** The result goes straight to an HTTP response in this encoding: send it written (./answers.ts) when it is plain. */
  written?: AnswerEncoding | null;
}

export type JobError =
  | { kind: "domain"; code: DomainError["code"]; message: string; field?: string; details?: DomainError["details"] }
  | { kind: "internal"; message: string; stack?: string };

export type WorkerMessage =
  | { ready: true }
  /** A change a task committed, for the main thread to publish (server/live.ts posts it). */
  | { live: AssessmentChangeNotice }
  /** `plain`: the value is plain JSON (shared/transformer.ts), checked here rather than on the event loop. */
  | { id: number; ok: true; value: unknown; plain: boolean }
  | { id: number; ok: true; written: WrittenJson }
  | { id: number; ok: false; error: JobError };

// Connections to one file at a time: a server has one database; a test suite moves to a new file
// now and then and the old one is gone.
let open: { file: string; reader?: Connection; writer?: Connection } | null = null;

/** A small pool of this thread's own on a PostgreSQL database (the job names its URL). */
function pgConnection(url: string): { db: Db } {
  if (pgOpen?.url !== url) {
    void pgOpen?.connection.close();
    const connection = openPgPool(url, { max: 2 });
    pgStore(connection.db);
    pgOpen = { url, connection };
  }
  return { db: pgOpen.connection.db as unknown as Db };
}

let pgOpen: { url: string; connection: PgConnection } | null = null;

function connection(file: string, write: boolean): { db: Db } {
  if (/^postgres(ql)?:\/\//.test(file)) return pgConnection(file);
  if (open?.file !== file) {
    open?.reader?.close();
    open?.writer?.close();
    open = { file };
  }
  if (write) {
    open.writer ??= openDatabase(file);
    return open.writer;
  }
  open.reader ??= openReadOnlyDatabase(file);
  return open.reader;
}

function asJobError(error: unknown): JobError {
  if (error instanceof DomainError) {
    return { kind: "domain", code: error.code, message: error.message, field: error.field, details: error.details };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: "internal", message: e.message, stack: e.stack };
}

// Below the main thread's priority, so that on a small machine a long replay never takes the core
// the event loop needs for light requests. Linux keeps a nice value per thread; elsewhere this is
// skipped and the threads share the cores evenly.
try {
  const thread = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(thread)) os.setPriority(thread, 10);
} catch {}

const port = parentPort;
if (!port) throw new Error("server/offload/worker.ts runs as a worker thread of server/offload/pool.ts");
port.on("message", async (job: Job) => {
  let message: WorkerMessage;
  const transfer: ArrayBuffer[] = [];
  try {
    const { db } = connection(job.file, WRITING_TASKS.has(job.task));
    const task = tasks[job.task] as (db: unknown, ...args: unknown[]) => unknown;
    const value = await task(db, ...job.args);
    const plain = isPlainJson(value);
    if (job.written && plain) {
      const out = writeJson(value, job.written);
      message = { id: job.id, ok: true, written: out.written };
      transfer.push(out.transfer);
    } else {
      message = { id: job.id, ok: true, value, plain };
    }
  } catch (error) {
    message = { id: job.id, ok: false, error: asJobError(error) };
  }
  try {
    port.postMessage(message, transfer);
  } catch (error) {
    // A result that cannot cross threads (a function, a class instance) is a bug to report, not a hang.
    port.postMessage({ id: job.id, ok: false, error: asJobError(error) } satisfies WorkerMessage);
  }
});
port.postMessage({ ready: true } satisfies WorkerMessage);
