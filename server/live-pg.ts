// Live notices across app instances on PostgreSQL (issue 15): the same two calls server/live.ts
// offers (publish a committed change, subscribe to an assessment's changes), with PostgreSQL's
// LISTEN/NOTIFY carrying a small signal between instances. Each instance keeps one dedicated client
// listening on `signpost_changes`, reconnects when it drops, and turns a signal from another
// instance into the full notice by reading the committed event (`readCommittedNotice`); its own
// signals come back to it and are skipped. server/live.ts's in-process emitter stays the SQLite path;
// wiring this one in when DATABASE_URL is set is part of the asynchronous domain layer
// (docs/postgres.md).
import crypto from "node:crypto";
import { EventEmitter } from "node:events";
import { and, desc, eq, lte, sql } from "drizzle-orm";
import pg from "pg";
import { z } from "zod";
import type { PgDb, PgTx } from "@/db/connection-pg";
import * as t from "@/db/schema-pg";
import type { AssessmentChangeNotice } from "@/server/live";
import { changeOf, type EventPayload } from "@/shared/assessment/event-log";
import { ROUND_EVENTS, ROUND_STATUSES } from "@/shared/rounds";

export const LIVE_CHANNEL = "signpost_changes";
/** The most missing events one notice fills in before it is delivered. */
const MAX_GAP = 50;

/**
 * What travels in a NOTIFY: the assessment and the sequence number of the committed event, the
 * instance that sent it, and for a round notice (which appends no event) the round's public facts and
 * the name the notice shows. Never a value: judgements stay private (server/rounds/privacy.ts).
 */
export const liveSignalSchema = z.strictObject({
  assessmentId: z.string().min(1).max(100),
  seq: z.number().int().min(0),
  from: z.string().min(1).max(100),
  round: z
    .strictObject({
      roundId: z.string().min(1).max(100),
      number: z.number().int().min(1),
      status: z.enum(ROUND_STATUSES),
      event: z.enum(ROUND_EVENTS),
      actorName: z.string().max(200),
    })
    .optional(),
});
export type LiveSignal = z.infer<typeof liveSignalSchema>;

/** The signal of a notice, or why a payload is not one (an error naming the field). */
export function parseLiveSignal(payload: string | undefined): { signal: LiveSignal } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(payload ?? "");
  } catch {
    return { error: "the payload is not JSON" };
  }
  const parsed = liveSignalSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue?.path.join(".") || "payload"}: ${issue?.message ?? "not a signal"}` };
  }
  return { signal: parsed.data };
}

/**
 * The notice for a signal, read from what was committed. For a state change the event gives the edit
 * itself (change, version, time, probabilities), exactly as the commit path's answerOf builds it; for
 * an event that changes no state (a comment, a baseline) the version is the one it was made at; a
 * round notice (no event of its own) carries the assessment's version now. Null when the event or
 * the assessment is not there (a signal for a rolled-back or foreign write).
 */
export async function readCommittedNotice(db: PgDb, signal: LiveSignal): Promise<AssessmentChangeNotice | null> {
  const { assessmentId, seq } = signal;
  if (signal.round) {
    const { actorName, ...round } = signal.round;
    const [row] = await db
      .select({ version: t.assessments.version })
      .from(t.assessments)
      .where(eq(t.assessments.id, assessmentId));
    return row ? { assessmentId, version: row.version, seq, actorName, round } : null;
  }
  const [event] = await db
    .select({
      at: t.events.at,
      actorName: t.events.actorName,
      payload: t.events.payload,
      probabilities: t.events.probabilities,
    })
    .from(t.events)
    .where(and(eq(t.events.assessmentId, assessmentId), eq(t.events.seq, seq)));
  if (!event) return null;
  const payload = event.payload as EventPayload & { version?: unknown };
  const change = changeOf(payload);
  if (change && typeof payload.version === "number") {
    const version = payload.version;
    const edit = { assessmentId, version, seq, at: event.at.getTime(), change, probabilities: event.probabilities };
    return { assessmentId, version, seq, actorName: event.actorName, edit };
  }
  // The version of the last state change at or before this event (`json` keeps the number as written).
  const [made] = await db
    .select({ version: sql<string>`${t.events.payload}->>'version'` })
    .from(t.events)
    .where(
      and(
        eq(t.events.assessmentId, assessmentId),
        lte(t.events.seq, seq),
        sql`${t.events.payload}->>'version' is not null`,
      ),
    )
    .orderBy(desc(t.events.seq))
    .limit(1);
  return made ? { assessmentId, version: Number(made.version), seq, actorName: event.actorName } : null;
}

export interface PgLiveOptions {
  /** postgres://… for the dedicated listening client (a pool's clients come and go; LISTEN must stay). */
  url: string;
  /** Where NOTIFY is sent from and committed changes are read. */
  db: PgDb;
  /** Turns another instance's signal into the notice; defaults to readCommittedNotice. */
  readNotice?: (signal: LiveSignal) => Promise<AssessmentChangeNotice | null>;
  /** Told about payloads that are not signals, dropped connections and failed reads; never throws. */
  onProblem?: (message: string) => void;
  /** First wait before reconnecting, doubled up to 5 s (default 100 ms). */
  reconnectDelayMs?: number;
}

/** One instance's end of the channel. Create one per process, `start()` it, `close()` it on shutdown. */
export class PgLiveChannel {
  readonly instanceId = crypto.randomUUID();
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private delay: number;
  /** Per assessment: the last seq delivered to subscribers here, and the chain that keeps notices in order. */
  private readonly lastSeq = new Map<string, number>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly readNotice: (signal: LiveSignal) => Promise<AssessmentChangeNotice | null>;

  constructor(private readonly options: PgLiveOptions) {
    this.emitter.setMaxListeners(0);
    this.delay = options.reconnectDelayMs ?? 100;
    this.readNotice = options.readNotice ?? ((signal) => readCommittedNotice(options.db, signal));
  }

  /** Connects and LISTENs; resolves once notices from other instances can arrive. */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      // The server may come up after this instance: keep trying in the background (with the same
      // backoff as a lost connection) and say why the first try failed.
      this.scheduleReconnect();
      throw error;
    }
  }

  /** Calls `listener` for every committed change of the assessment, from any instance; returns the unsubscribe. */
  subscribe(assessmentId: string, listener: (notice: AssessmentChangeNotice) => void): () => void {
    const name = `assessment:${assessmentId}`;
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  /**
   * After a commit: tells this instance's subscribers (in sequence order with what other instances
   * committed before), and the other instances through NOTIFY. Sent from inside the writing
   * transaction instead, via `notifyInTransaction`, PostgreSQL delivers it only if that commits.
   */
  async publish(notice: AssessmentChangeNotice): Promise<void> {
    const delivered = this.enqueue(notice.assessmentId, async () => this.deliverInOrder(notice));
    await notifyInTransaction(this.options.db, this.signalOf(notice));
    await delivered;
  }

  /** The NOTIFY payload for a notice. */
  signalOf(notice: AssessmentChangeNotice): LiveSignal {
    const signal: LiveSignal = { assessmentId: notice.assessmentId, seq: notice.seq, from: this.instanceId };
    if (notice.round) signal.round = { ...notice.round, actorName: notice.actorName };
    return signal;
  }

  /** Stops listening and forgets the subscribers; waits for notices being read. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await Promise.allSettled([...this.chains.values()]);
    this.emitter.removeAllListeners();
    if (client) await client.end().catch(() => {});
  }

  /** Whether the listening client is connected now (for health checks and tests). */
  get listening(): boolean {
    return this.client !== null;
  }

  private deliver(notice: AssessmentChangeNotice): void {
    if (notice.seq > (this.lastSeq.get(notice.assessmentId) ?? -1)) this.lastSeq.set(notice.assessmentId, notice.seq);
    this.emitter.emit(`assessment:${notice.assessmentId}`, notice);
  }

  /**
   * Delivers a notice once and in sequence order. Events of one assessment commit in seq order (the
   * writer holds the assessment's row lock), but their NOTIFYs and this instance's own publishes
   * arrive as they may: a notice already delivered is dropped, and a gap before one is filled by
   * reading the events in between (up to MAX_GAP; beyond, the notice alone tells pages to read afresh).
   * A round notice appends no event, so it is delivered as it comes.
   */
  private async deliverInOrder(notice: AssessmentChangeNotice): Promise<void> {
    if (this.closed) return;
    if (notice.round) return this.deliver(notice);
    const last = this.lastSeq.get(notice.assessmentId);
    if (last !== undefined && notice.seq <= last) return;
    if (last !== undefined && notice.seq - last - 1 <= MAX_GAP) {
      for (let seq = last + 1; seq < notice.seq; seq++) {
        const missing = await this.readNotice({ assessmentId: notice.assessmentId, seq, from: this.instanceId });
        if (missing && !this.closed) this.deliver(missing);
      }
    }
    if (!this.closed) this.deliver(notice);
  }

  /** Runs `task` after every task queued before it for the same assessment. */
  private enqueue(assessmentId: string, task: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(assessmentId) ?? Promise.resolve()).then(task).catch((error: Error) => {
      this.options.onProblem?.(`live notices: could not deliver a notice of ${assessmentId} (${error.message})`);
    });
    this.chains.set(assessmentId, next);
    void next.then(() => {
      if (this.chains.get(assessmentId) === next) this.chains.delete(assessmentId);
    });
    return next;
  }

  private async connect(): Promise<void> {
    // Named, so an operator (and the tests) can tell each instance's listener in pg_stat_activity.
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: `signpost-live-${this.instanceId}`,
    });
    client.on("notification", (message) => {
      if (message.channel === LIVE_CHANNEL) this.onSignal(message.payload);
    });
    client.on("error", (error) => this.lost(client, error.message));
    client.on("end", () => this.lost(client, "the connection ended"));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      // A client that connected but could not listen would stay open for nothing.
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    this.delay = this.options.reconnectDelayMs ?? 100;
  }

  private lost(client: pg.Client, why: string): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.options.onProblem?.(`live notices: lost the listening connection (${why}); reconnecting`);
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect()
        .then(() => this.catchUp())
        .catch((error: Error) => {
          this.options.onProblem?.(`live notices: reconnect failed (${error.message}); trying again`);
          this.delay = Math.min(this.delay * 2, 5_000);
          this.scheduleReconnect();
        });
    }, this.delay);
  }

  /**
   * After a reconnect, notices sent meanwhile were lost: each assessment someone here follows gets a
   * notice at its latest event, without the edit, so its pages read the state afresh.
   */
  private async catchUp(): Promise<void> {
    for (const name of this.emitter.eventNames()) {
      const assessmentId = String(name).slice("assessment:".length);
      const [row] = await this.options.db
        .select({ seq: t.events.seq, actorName: t.events.actorName, version: t.assessments.version })
        .from(t.events)
        .innerJoin(t.assessments, eq(t.assessments.id, t.events.assessmentId))
        .where(eq(t.events.assessmentId, assessmentId))
        .orderBy(desc(t.events.seq))
        .limit(1);
      if (row)
        await this.enqueue(assessmentId, async () => {
          if (row.seq > (this.lastSeq.get(assessmentId) ?? -1)) this.deliver({ assessmentId, ...row });
        });
    }
  }

  private onSignal(payload: string | undefined): void {
    const parsed = parseLiveSignal(payload);
    if ("error" in parsed) {
      this.options.onProblem?.(`live notices: ignored a payload on ${LIVE_CHANNEL} (${parsed.error})`);
      return;
    }
    const { signal } = parsed;
    if (signal.from === this.instanceId) return;
    if (this.emitter.listenerCount(`assessment:${signal.assessmentId}`) === 0) {
      this.lastSeq.set(signal.assessmentId, Math.max(signal.seq, this.lastSeq.get(signal.assessmentId) ?? -1));
      return;
    }
    void this.enqueue(signal.assessmentId, async () => {
      if (!signal.round && signal.seq <= (this.lastSeq.get(signal.assessmentId) ?? -1)) return;
      const notice = await this.readNotice(signal);
      if (notice) await this.deliverInOrder(notice);
    });
  }
}

/**
 * Sends the signal from inside the writing transaction: PostgreSQL delivers a NOTIFY only when its
 * transaction commits, so a rolled-back write is never announced. `query` is the transaction's.
 */
export async function notifyInTransaction(db: PgDb | PgTx, signal: LiveSignal): Promise<void> {
  await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(signal)})`);
}
