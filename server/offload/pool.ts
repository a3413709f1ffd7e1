// Heavy work off the event loop (issue 11, finding 5): an as-of view of a long history replayed
// for a second on the main thread, and eight of them held every other request, /api/health
// included, for 6 s. `offThread` runs a task of ./tasks.ts on a small pool of worker threads, each
// with its own connections to the same SQLite file (WAL lets them read while the main thread
// writes), and resolves with its plain result; the main thread only posts the job and receives it.
import os from "node:os";
import path from "node:path";
import { type TransferListItem, Worker } from "node:worker_threads";
import { type Db, databaseFileOf } from "@/db/connection";
import { publishAssessmentChange } from "@/server/live";
import { DomainError } from "@/shared/errors";
import { vouchPlainJson } from "@/shared/transformer";
import { type AnswerEncoding, answerEncoding, WrittenAnswer } from "./answers";
import { type TaskArgs, type TaskName, type TaskResult, tasks } from "./tasks";
import type { Job, JobError, WorkerMessage } from "./worker";

/**
 * A core for the event loop, the others for workers (at most 4). On two cores that is one worker:
 * with two, health checks waited up to 0.5 s (p99) beside an import and 8 as-of views, with one
 * 60-140 ms (npm run bench, stage heavy); the views queue behind an import instead.
 */
const POOL_SIZE = Math.min(4, Math.max(1, os.availableParallelism() - 1));

interface Pending {
  job: Job;
  transfer: readonly TransferListItem[];
  /** The same task on the main thread, for when no worker can start. */
  inline: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: Pending | null;
}

function rebuild(error: JobError): Error {
  if (error.kind === "domain") return new DomainError(error.code, error.message, error.field, error.details);
  const rebuilt = new Error(`${error.message} (in a worker thread)`);
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}

function runInline(pending: Pending): void {
  Promise.resolve()
    .then(pending.inline)
    .then(pending.resolve, (error: unknown) =>
      pending.reject(error instanceof Error ? error : new Error(String(error))),
    );
}

class Pool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  /** Why workers cannot start here, once one failed to; the tasks then run on the main thread. */
  unavailable: string | null = null;

  run(job: Omit<Job, "id">, transfer: readonly TransferListItem[], inline: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, transfer, inline, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const pending = this.queue[0];
      if (!pending) return;
      if (this.unavailable) {
        this.queue.shift();
        runInline(pending);
        continue;
      }
      const slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) {
        const starting = this.slots.filter((s) => !s.ready).length;
        for (let n = starting; n < this.queue.length && this.slots.length < POOL_SIZE; n++) this.spawn();
        return;
      }
      this.queue.shift();
      slot.busy = pending;
      // A job in flight keeps the process alive; an idle worker does not.
      slot.worker.ref();
      slot.worker.postMessage(pending.job, pending.transfer);
    }
  }

  private spawn(): void {
    // Served from the repository by `npm start` (server/cli/start.ts), as the migrations are. The
    // worker runs the sources through tsx, in tests and in production alike: Next must not bundle it.
    const entry = path.join(/* turbopackIgnore: true */ process.cwd(), "server", "offload", "worker-boot.mjs");
    const worker = new Worker(entry, { execArgv: [] });
    worker.unref();
    const slot: Slot = { worker, ready: false, busy: null };
    this.slots.push(slot);
    worker.on("message", (message: WorkerMessage) => {
      if ("ready" in message) {
        slot.ready = true;
      } else if ("live" in message) {
        // A task committed a change (a workbook applied): tell the pages from here, where they listen.
        publishAssessmentChange(message.live);
      } else {
        const pending = slot.busy;
        slot.busy = null;
        worker.unref();
        if (!message.ok) {
          const error = rebuild(message.error);
          setImmediate(() => pending?.reject(error));
        } else if ("written" in message) {
          pending?.resolve(new WrittenAnswer(message.written));
        } else {
          if (message.plain) vouchPlainJson(message.value);
          // Receiving a large answer took a while already: let waiting requests have a turn before
          // the caller serializes it.
          setImmediate(() => pending?.resolve(message.value));
        }
      }
      this.pump();
    });
    const gone = (reason: string) => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      this.slots.splice(at, 1);
      if (!slot.ready) {
        this.unavailable = reason;
        console.error(`signpost: worker threads cannot start (${reason}); heavy views run on the main thread`);
      }
      slot.busy?.reject(new Error(`The worker thread stopped while computing this: ${reason}`));
      this.pump();
    };
    worker.on("error", (error) => gone(error.message));
    worker.on("exit", (code) => gone(`exit code ${code}`));
  }
}

// On globalThis: Next bundles this module into several route bundles, which share one pool.
const globalForPool = globalThis as unknown as { signpostOffload?: Pool };

/**
 * Runs `task` with `args` on a worker thread against the database file of `db`, and resolves with
 * its result (a DomainError thrown there is thrown here). Buffers in `transfer` move to the worker
 * instead of being copied. An in-memory database, or a process where workers cannot start, runs
 * the task on this thread instead.
 */
export function offThread<K extends TaskName>(
  db: Db,
  task: K,
  args: TaskArgs<K>,
  transfer: readonly TransferListItem[] = [],
  written: AnswerEncoding | null = null,
): Promise<TaskResult<K>> {
  const inline = () => (tasks[task] as (db: Db, ...rest: unknown[]) => unknown)(db, ...args);
  const file = databaseFileOf(db);
  globalForPool.signpostOffload ??= new Pool();
  const pool = globalForPool.signpostOffload;
  if (!file || pool.unavailable) return Promise.resolve().then(inline) as Promise<TaskResult<K>>;
  return pool.run({ task, args, file, written }, transfer, inline) as Promise<TaskResult<K>>;
}

/**
 * offThread for a procedure's answer, returned as it is. Inside a tRPC HTTP request
 * (./answers.ts) the worker writes the answer in the response's encoding itself and this resolves
 * with a stand-in that only the transformer reads, typed as the value the client receives; the
 * event loop then copies bytes instead of cloning, stringifying and compressing megabytes.
 * Elsewhere (server pages, createCaller) it resolves with the value.
 */
export function offThreadAnswer<K extends TaskName>(db: Db, task: K, args: TaskArgs<K>): Promise<TaskResult<K>> {
  return offThread(db, task, args, [], answerEncoding());
}
