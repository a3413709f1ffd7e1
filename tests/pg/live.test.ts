// Live notices across instances over LISTEN/NOTIFY (server/live-pg.ts), on a real PostgreSQL: two
// "instances", each with its own pool and its own listening client. A change committed on one
// reaches the other's subscriber as the same notice (the edit read back from the committed event);
// a rolled-back write is never announced; bad payloads are refused by name; a dropped listener
// reconnects and catches up; close() lets go of the connection.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { desc, eq, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/connection";
import { openPgPool, type PgConnection } from "@/db/connection-pg";
import * as pg from "@/db/schema-pg";
import { stateEventPayload } from "@/server/assessments/commit";
import { replayEvents } from "@/server/assessments/replay";
import { copySqliteToPostgres } from "@/server/cli/db-copy";
import { seedDemo } from "@/server/demo/seed";
import type { AssessmentChangeNotice } from "@/server/live";
import { LIVE_CHANNEL, notifyInTransaction, PgLiveChannel, parseLiveSignal } from "@/server/live-pg";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import { engineModel } from "@/shared/assessment/engine-model";
import { assess } from "@/shared/engine";
import { emptyPgDatabase, pgAdminUrl } from "./support";

interface Instance {
  connection: PgConnection;
  live: PgLiveChannel;
  problems: string[];
}

let url: string;
let assessmentId: string;
let a: Instance;
let b: Instance;

async function instance(reconnectDelayMs = 50): Promise<Instance> {
  const connection = openPgPool(url, { max: 3 });
  const problems: string[] = [];
  const live = new PgLiveChannel({ url, db: connection.db, onProblem: (m) => problems.push(m), reconnectDelayMs });
  await live.start();
  return { connection, live, problems };
}

/** Waits (polling) until `ready()` holds; fails naming what it waited for. */
async function until(what: string, ready: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`Waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * What the commit path will do on PostgreSQL (docs/postgres.md), reduced to what a notice needs: in
 * one transaction, replay the state, apply the change, append its event, move the version; returns
 * the notice the writing instance publishes (the same fields commitChange's answerOf gives).
 */
async function commitOn(who: Instance, change: Change, options: { rollBack?: boolean } = {}) {
  const db = who.connection.db;
  const notice = await db
    .transaction(async (tx) => {
      const events = await tx
        .select({ at: pg.events.at, payload: pg.events.payload })
        .from(pg.events)
        .where(eq(pg.events.assessmentId, assessmentId))
        .orderBy(pg.events.seq);
      const before = replayEvents(emptyState(), events);
      const at = Date.now();
      const after = applyChange(before, change, { at });
      const probabilities = assess(engineModel(after)).probabilities;
      const [last] = await tx
        .select({ seq: max(pg.events.seq) })
        .from(pg.events)
        .where(eq(pg.events.assessmentId, assessmentId));
      const seq = (last?.seq ?? 0) + 1;
      await tx.insert(pg.events).values({
        assessmentId,
        seq,
        at: new Date(at),
        actorName: "Ana Analyst",
        kind: change.type,
        payload: stateEventPayload(before, after, change),
        probabilities,
      });
      await tx.update(pg.assessments).set({ version: after.version }).where(eq(pg.assessments.id, assessmentId));
      const committed: AssessmentChangeNotice = {
        assessmentId,
        version: after.version,
        seq,
        actorName: "Ana Analyst",
        edit: { assessmentId, version: after.version, seq, at, change, probabilities },
      };
      if (options.rollBack) {
        await notifyInTransaction(tx, who.live.signalOf(committed));
        tx.rollback();
      }
      return committed;
    })
    .catch((error: Error) => {
      if (options.rollBack && /rollback/i.test(error.message)) return null;
      throw error;
    });
  return notice;
}

async function firstIndicator(who: Instance): Promise<string> {
  const [row] = await who.connection.db
    .select({ id: pg.indicators.id })
    .from(pg.indicators)
    .where(eq(pg.indicators.assessmentId, assessmentId))
    .orderBy(pg.indicators.position)
    .limit(1);
  if (!row) throw new Error("no indicator");
  return row.id;
}

describe.skipIf(!pgAdminUrl)("live notices across instances (LISTEN/NOTIFY)", () => {
  beforeAll(async () => {
    // A real history to follow: the demo, seeded through the commit path on SQLite and copied over.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-live-"));
    const source = openDatabase(path.join(dir, "demo.db"));
    const seeded = await seedDemo(source.db);
    source.close();
    assessmentId = seeded.assessmentId ?? "";
    url = await emptyPgDatabase("live");
    await copySqliteToPostgres({ from: path.join(dir, "demo.db"), to: url });
    fs.rmSync(dir, { recursive: true, force: true });
    a = await instance();
    b = await instance();
  }, 60_000);

  afterAll(async () => {
    for (const i of [a, b]) {
      await i?.live.close();
      await i?.connection.close();
    }
  });

  it("a change committed on one instance reaches the other's subscribers as the same notice, once each", async () => {
    const onA: AssessmentChangeNotice[] = [];
    const onB: AssessmentChangeNotice[] = [];
    const stopA = a.live.subscribe(assessmentId, (n) => onA.push(n));
    const stopB = b.live.subscribe(assessmentId, (n) => onB.push(n));
    try {
      const indicatorId = await firstIndicator(a);
      const c1 = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.35 });
      if (!c1) throw new Error("not committed");
      await a.live.publish(c1);
      await until("B's notice", () => onB.length === 1);
      expect(onB[0]).toEqual(c1);
      expect(onB[0]?.edit?.change).toEqual({ type: "indicator.update", indicatorId, weight: 0.35 });
      // The other way round, then A again: each instance hears its own NOTIFY too and skips it, so
      // every subscriber sees each change exactly once, in order (a processed echo would come first).
      const c2 = await commitOn(b, { type: "indicator.update", indicatorId, weight: 0.45 });
      if (!c2) throw new Error("not committed");
      await b.live.publish(c2);
      const c3 = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.55 });
      if (!c3) throw new Error("not committed");
      await a.live.publish(c3);
      await until("both at c3", () => onA.length >= 3 && onB.length >= 3);
      expect(onA).toEqual([c1, c2, c3]);
      expect(onB).toEqual([c1, c2, c3]);
    } finally {
      stopA();
      stopB();
    }
  });

  it("fills a gap: a change whose NOTIFY never came is read before the next one is delivered", async () => {
    const onB: AssessmentChangeNotice[] = [];
    const stop = b.live.subscribe(assessmentId, (n) => onB.push(n));
    try {
      const indicatorId = await firstIndicator(a);
      const first = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.21 });
      if (!first) throw new Error("not committed");
      await a.live.publish(first);
      await until("B's first notice", () => onB.length === 1);
      const silent = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.22 });
      const next = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.23 });
      if (!silent || !next) throw new Error("not committed");
      await a.live.publish(next);
      await until("B's third notice", () => onB.length === 3);
      expect(onB).toEqual([first, silent, next]);
    } finally {
      stop();
    }
  });

  it("never announces a rolled-back write: the NOTIFY inside it is dropped with it", async () => {
    const onB: AssessmentChangeNotice[] = [];
    const stop = b.live.subscribe(assessmentId, (n) => onB.push(n));
    try {
      const indicatorId = await firstIndicator(a);
      expect(await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.5 }, { rollBack: true })).toBeNull();
      const committed = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.6 });
      if (!committed) throw new Error("not committed");
      await a.live.publish(committed);
      await until("B's notice", () => onB.length >= 1);
      // Had the rolled-back signal been delivered, B would have read it first (and found no event).
      expect(onB.map((n) => n.edit?.change)).toEqual([{ type: "indicator.update", indicatorId, weight: 0.6 }]);
      expect(b.problems.filter((p) => p.includes("could not read"))).toEqual([]);
    } finally {
      stop();
    }
  });

  it("carries a comment (an event that changes no state) at the version it was made at", async () => {
    const onB: AssessmentChangeNotice[] = [];
    const stop = b.live.subscribe(assessmentId, (n) => onB.push(n));
    try {
      const indicatorId = await firstIndicator(a);
      const edit = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.31 });
      if (!edit) throw new Error("not committed");
      const seq = edit.seq + 1;
      await a.connection.db.insert(pg.events).values({
        assessmentId,
        seq,
        at: new Date(),
        actorName: "Bea Commenter",
        kind: "comment.add",
        payload: {
          commentId: "c1",
          targetKind: "assessment",
          targetId: assessmentId,
          body: "Agreed",
          summary: "Commented",
        },
        probabilities: edit.edit?.probabilities ?? {},
      } as never);
      const comment: AssessmentChangeNotice = { assessmentId, version: edit.version, seq, actorName: "Bea Commenter" };
      await a.live.publish(edit);
      await a.live.publish(comment);
      await until("B's two notices", () => onB.length === 2);
      expect(onB).toEqual([edit, comment]);
    } finally {
      stop();
    }
  });

  it("carries a round notice (no event of its own) with its public facts only", async () => {
    const onB: AssessmentChangeNotice[] = [];
    const stop = b.live.subscribe(assessmentId, (n) => onB.push(n));
    try {
      const [latest] = await a.connection.db
        .select({ seq: pg.events.seq })
        .from(pg.events)
        .where(eq(pg.events.assessmentId, assessmentId))
        .orderBy(desc(pg.events.seq))
        .limit(1);
      const [{ version } = { version: 0 }] = await a.connection.db
        .select({ version: pg.assessments.version })
        .from(pg.assessments)
        .where(eq(pg.assessments.id, assessmentId));
      const notice: AssessmentChangeNotice = {
        assessmentId,
        version,
        seq: latest?.seq ?? 0,
        actorName: "A participant",
        round: { roundId: "r1", number: 1, status: "open", event: "submitted" },
      };
      await a.live.publish(notice);
      await until("B's round notice", () => onB.length === 1);
      expect(onB[0]).toEqual(notice);
    } finally {
      stop();
    }
  });

  it("refuses payloads that are not signals, naming the field, and keeps listening", async () => {
    const onB: AssessmentChangeNotice[] = [];
    const stop = b.live.subscribe(assessmentId, (n) => onB.push(n));
    const problemsBefore = b.problems.length;
    try {
      const send = (payload: string) => a.connection.pool.query("select pg_notify($1, $2)", [LIVE_CHANNEL, payload]);
      await send("not json");
      await send(JSON.stringify({ assessmentId, from: "x" }));
      await send(JSON.stringify({ assessmentId, seq: -1, from: "x" }));
      await send(JSON.stringify({ assessmentId, seq: 1, from: "x", state: { huge: true } }));
      await send(
        JSON.stringify({ assessmentId, seq: 1, from: "x", round: { roundId: "r", number: 1, status: "won" } }),
      );
      const indicatorId = await firstIndicator(a);
      const good = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.7 });
      if (!good) throw new Error("not committed");
      await a.live.publish(good);
      await until("B's notice after the bad ones", () => onB.length === 1);
      expect(onB[0]).toEqual(good);
      const problems = b.problems.slice(problemsBefore);
      expect(problems).toHaveLength(5);
      expect(problems[0]).toContain("the payload is not JSON");
      expect(problems[1]).toMatch(/\(seq: /);
      expect(problems[2]).toMatch(/\(seq: /);
      expect(problems[3]).toMatch(/Unrecognized key.*state|state/);
      expect(problems[4]).toMatch(/\(round\.status: /);
    } finally {
      stop();
    }
    expect(parseLiveSignal(JSON.stringify({ assessmentId: "a", seq: 3, from: "i" }))).toEqual({
      signal: { assessmentId: "a", seq: 3, from: "i" },
    });
  });

  it("reconnects when its listening connection is killed, and catches up on what it missed", async () => {
    // A slow first retry, so the change below is surely committed while D is not listening.
    const d = await instance(1_000);
    const onD: AssessmentChangeNotice[] = [];
    d.live.subscribe(assessmentId, (n) => onD.push(n));
    try {
      const { rowCount } = await a.connection.pool.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1",
        [`signpost-live-${d.live.instanceId}`],
      );
      expect(rowCount).toBe(1);
      await until("D noticing the loss", () => d.problems.some((p) => p.includes("lost the listening connection")));
      expect(d.live.listening).toBe(false);
      const indicatorId = await firstIndicator(a);
      const missed = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.8 });
      if (!missed) throw new Error("not committed");
      await a.live.publish(missed);
      await until("D back and caught up", () => d.live.listening && onD.some((n) => n.seq === missed.seq));
      // The catch-up notice: the latest event and version, without the edit, so pages read afresh.
      expect(onD).toEqual([{ assessmentId, version: missed.version, seq: missed.seq, actorName: "Ana Analyst" }]);
      // And live again afterwards, edits included.
      const after = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.9 });
      if (!after) throw new Error("not committed");
      await a.live.publish(after);
      await until("D's notice after reconnecting", () => onD.length === 2);
      expect(onD[1]).toEqual(after);
    } finally {
      await d.live.close();
      await d.connection.close();
    }
  });

  it("close() stops delivery and lets go of its listening connection", async () => {
    const c = await instance();
    const name = `signpost-live-${c.live.instanceId}`;
    const count = async () =>
      Number(
        (
          await a.connection.pool.query("select count(*) as n from pg_stat_activity where application_name = $1", [
            name,
          ])
        ).rows[0].n,
      );
    expect(await count()).toBe(1);
    const heard: AssessmentChangeNotice[] = [];
    c.live.subscribe(assessmentId, (n) => heard.push(n));
    await c.live.close();
    await c.connection.close();
    expect(c.live.listening).toBe(false);
    let n = await count();
    for (let i = 0; i < 50 && n > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      n = await count();
    }
    expect(n).toBe(0);
    const indicatorId = await firstIndicator(a);
    const later = await commitOn(a, { type: "indicator.update", indicatorId, weight: 0.4 });
    if (!later) throw new Error("not committed");
    const onB: AssessmentChangeNotice[] = [];
    const stop = b.live.subscribe(assessmentId, (x) => onB.push(x));
    await a.live.publish(later);
    await until("B's notice", () => onB.length === 1);
    stop();
    expect(heard).toEqual([]);
  });
});
