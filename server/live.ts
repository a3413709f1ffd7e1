// Publish/subscribe for committed assessment changes, feeding the tRPC subscription that keeps
// other analysts' pages current. On SQLite (one process) an in-process emitter; on PostgreSQL
// (several instances) server/live-pg.ts's channel, which also tells the other instances through
// LISTEN/NOTIFY and delivers theirs here. Kept on globalThis so Next's module copies share one.
import { EventEmitter } from "node:events";
import { isMainThread, parentPort } from "node:worker_threads";
import { getPgConnection, usesPostgres } from "@/db/connection";
import { PgLiveChannel } from "@/server/live-pg";
import type { EditAnswer } from "@/shared/assessment/answer";
import type { RoundEvent, RoundStatus } from "@/shared/rounds";

/** What happened to a team round. Never a value: judgements are private (server/rounds/privacy.ts). */
export interface RoundNotice {
  roundId: string;
  number: number;
  status: RoundStatus;
  event: RoundEvent;
}

export interface AssessmentChangeNotice {
  assessmentId: string;
  version: number;
  actorName: string;
  seq: number;
  /** Set for a change of the assessment's state, so open pages can follow it without a reload. */
  edit?: EditAnswer;
  /** Set when a team round opened, was submitted to, closed, adopted or commented on. */
  round?: RoundNotice;
}

const globalForLive = globalThis as unknown as {
  signpostLive?: EventEmitter;
  signpostLivePg?: PgLiveChannel;
  /** Settles once the channel listens (or its first attempt failed, which is logged). */
  signpostLivePgStarted?: Promise<void>;
};

function emitter(): EventEmitter {
  if (!globalForLive.signpostLive) {
    globalForLive.signpostLive = new EventEmitter();
    globalForLive.signpostLive.setMaxListeners(0);
  }
  return globalForLive.signpostLive;
}

/**
 * This process's end of the PostgreSQL channel, started on first use. A failed start or a dropped
 * connection is retried by the channel itself (notices resume with a catch-up read); meanwhile this
 * instance's own notices still reach its own pages.
 */
function pgChannel(): PgLiveChannel {
  if (!globalForLive.signpostLivePg) {
    const { db, url } = getPgConnection();
    const channel = new PgLiveChannel({
      url,
      db,
      onProblem: (message) => console.error(`signpost: ${message}`),
    });
    globalForLive.signpostLivePg = channel;
    globalForLive.signpostLivePgStarted = channel.start().catch((error: unknown) => {
      console.error(`signpost: live notices across instances could not start: ${String(error)}`);
    });
  }
  return globalForLive.signpostLivePg;
}

/**
 * On PostgreSQL, starts listening for the other instances' notices now and waits until it listens;
 * `npm start` calls it before serving. Started lazily instead, by the first page to follow an
 * assessment, a fresh instance would miss what another instance committed while its listener was
 * still connecting, and that page would never hear of it.
 */
export async function startLiveNotices(): Promise<void> {
  if (!usesPostgres()) return;
  pgChannel();
  await globalForLive.signpostLivePgStarted;
}

/** Called after a commit: tells this process's subscribers and, on PostgreSQL, the other instances. */
export function publishAssessmentChange(notice: AssessmentChangeNotice): void {
  // In a worker thread (server/offload) nobody listens: the main thread publishes it.
  if (!isMainThread && parentPort) {
    parentPort.postMessage({ live: notice });
    return;
  }
  if (usesPostgres()) {
    pgChannel()
      .publish(notice)
      .catch((error: unknown) => console.error(`signpost: a live notice was not sent: ${String(error)}`));
    return;
  }
  emitter().emit(`assessment:${notice.assessmentId}`, notice);
}

/** Calls `listener` for every committed change of the assessment, from any instance; returns the unsubscribe. */
export function onAssessmentChange(assessmentId: string, listener: (n: AssessmentChangeNotice) => void): () => void {
  if (usesPostgres()) return pgChannel().subscribe(assessmentId, listener);
  const name = `assessment:${assessmentId}`;
  emitter().on(name, listener);
  return () => emitter().off(name, listener);
}

/** Stops listening across instances (tests, shutdown); a later use starts a new channel. */
export async function closeLive(): Promise<void> {
  const channel = globalForLive.signpostLivePg;
  delete globalForLive.signpostLivePg;
  await channel?.close();
}
