// `npm run db:copy` on real stores: a seeded SQLite installation (the demo, accounts, a second team,
// a baseline, comments, an adopted round) into an empty PostgreSQL database; the counts, the values
// and the replays agree; a non-empty target is refused naming what it holds; a source whose state
// disagrees with its history is refused and leaves no rows behind; the command's arguments.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { asc, count, eq, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection, getDb, openDatabase } from "@/db/connection";
import { openPgPool } from "@/db/connection-pg";
import * as lite from "@/db/schema";
import * as pg from "@/db/schema-pg";
import { copySqliteToPostgres, DbCopyError, foreignKeyOrder, parseCopyArguments } from "@/server/cli/db-copy";
import { buildWorld, type World } from "../integration/harness";
import { emptyPgDatabase, pgAdminUrl } from "./support";

const run = promisify(execFile);
let world: World;

/** Adds what the demo lacks: a baseline, comments, and a round judged, closed, discussed and adopted. */
async function enrich(w: World): Promise<void> {
  const assessmentId = w.teamA.demoAssessmentId;
  const owner = w.owner.caller;
  await owner.history.createBaseline({ assessmentId, name: "Before the copy" });
  const comment = await owner.history.addComment({
    assessmentId,
    targetKind: "assessment",
    targetId: assessmentId,
    body: "Copied?",
  });
  await w.analyst.caller.history.addComment({
    assessmentId,
    targetKind: "assessment",
    targetId: assessmentId,
    body: "A reply, carried over with its parent",
    parentId: comment.id,
  });
  const round = await w.analyst.caller.rounds.open({
    assessmentId,
    participantIds: [w.analyst.id, w.owner.id],
    question: "Rate the matrix again before we move stores",
  });
  const ids = { assessmentId, roundId: round.id };
  const { state } = await owner.assessments.get({ assessmentId });
  const [indicator] = state.indicators;
  const [scenario] = state.scenarios;
  if (!indicator || !scenario) throw new Error("The demo has no indicator or scenario");
  await w.analyst.caller.rounds.submit({ ...ids, expectations: { [indicator.id]: { [scenario.id]: "likely" } } });
  await owner.rounds.submit({ ...ids, reasons: { [indicator.id]: "Unchanged since Thursday" } });
  const closed = await owner.rounds.get(ids);
  if (closed.round.status === "open") await owner.rounds.close(ids);
  await owner.rounds.addComment({ ...ids, indicatorId: indicator.id, scenarioId: scenario.id, body: "Why so high?" });
  const { state: now } = await owner.assessments.get({ assessmentId });
  await w.analyst.caller.rounds.adopt({ ...ids, version: now.version, rationale: "Adopted before the move" });
}

const PG_TABLES = Object.entries(pg as unknown as Record<string, unknown>).filter((e): e is [string, PgTable] =>
  is(e[1], PgTable),
);
const LITE = lite as unknown as Record<string, SQLiteTable>;

function sqliteCounts(): Record<string, number> {
  return Object.fromEntries(
    PG_TABLES.map(([key]) => {
      const table = LITE[key] as SQLiteTable;
      return [getTableName(table), getDb().select({ n: count() }).from(table).get()?.n ?? 0];
    }),
  );
}

describe.skipIf(!pgAdminUrl)("db:copy from SQLite to PostgreSQL", () => {
  let url: string;

  beforeAll(async () => {
    world = await buildWorld();
    await enrich(world);
    url = await emptyPgDatabase("copy");
  }, 120_000);
  afterAll(() => world?.db.cleanup());

  it("copies every table, with equal counts, and verifies each assessment's replay on the target", async () => {
    const lines: string[] = [];
    const report = await copySqliteToPostgres({ from: world.db.file, to: url, log: (l) => lines.push(l) });
    const expected = sqliteCounts();
    expect(Object.fromEntries(report.tables.map((t) => [t.name, t.rows]))).toEqual(expected);
    for (const table of [
      "user",
      "teams",
      "assessments",
      "events",
      "baselines",
      "comments",
      "rounds",
      "round_comments",
    ]) {
      expect(expected[table], table).toBeGreaterThan(0);
    }
    expect(expected.judgement_cells).toBeGreaterThan(0);
    expect(report.assessmentsVerified).toBe(expected.assessments);
    expect(report.eventsReplayed).toBe(expected.events);
    expect(lines.join("\n")).toContain("verified: 2 assessment(s)");

    // Counted independently on the target.
    const target = openPgPool(url);
    try {
      for (const [, table] of PG_TABLES) {
        const [row] = await target.db.select({ n: count() }).from(table);
        expect(row?.n, getTableName(table)).toBe(expected[getTableName(table)]);
      }
      // Values arrive as the same JavaScript values: events (dates, JSON) and accounts.
      const demo = world.teamA.demoAssessmentId;
      const liteEvents = getDb()
        .select()
        .from(lite.events)
        .where(eq(lite.events.assessmentId, demo))
        .orderBy(lite.events.seq)
        .all();
      const pgEvents = await target.db
        .select()
        .from(pg.events)
        .where(eq(pg.events.assessmentId, demo))
        .orderBy(asc(pg.events.seq));
      expect(pgEvents).toEqual(liteEvents);
      expect(await target.db.select().from(pg.user).orderBy(pg.user.email)).toEqual(
        getDb().select().from(lite.user).orderBy(lite.user.email).all(),
      );
      expect(await target.db.select().from(pg.rounds)).toEqual(getDb().select().from(lite.rounds).all());
      // The identity sequence moved past the copied ids: the next event gets the next id.
      const lastId = Math.max(...(await target.db.select({ id: pg.events.id }).from(pg.events)).map((r) => r.id));
      const first = liteEvents[0];
      if (!first) throw new Error("no events");
      const [inserted] = await target.db
        .insert(pg.events)
        .values({ ...first, id: undefined, seq: 10_000 })
        .returning({ id: pg.events.id });
      expect(inserted?.id).toBe(lastId + 1);
    } finally {
      await target.close();
    }
  });

  it("copies one snapshot of a source the app goes on writing to", async () => {
    const target = await emptyPgDatabase("snapshot");
    const teamsBefore = sqliteCounts().teams ?? 0;
    let wrote = false;
    const report = await copySqliteToPostgres({
      from: world.db.file,
      to: target,
      // Called inside the copy, after the first table with rows: the app writes a team meanwhile.
      log: (line) => {
        if (wrote || !/^ {2}\w+: \d+ rows?$/.test(line)) return;
        wrote = true;
        getDb().insert(lite.teams).values({ id: "written-during-the-copy", name: "Late team" }).run();
      },
    });
    expect(wrote).toBe(true);
    expect(sqliteCounts().teams).toBe(teamsBefore + 1);
    expect(report.tables.find((t) => t.name === "teams")?.rows).toBe(teamsBefore);
    const check = openPgPool(target);
    try {
      expect(await check.db.select().from(pg.teams).where(eq(pg.teams.id, "written-during-the-copy"))).toEqual([]);
    } finally {
      await check.close();
    }
    getDb().delete(lite.teams).where(eq(lite.teams.id, "written-during-the-copy")).run();
  });

  it("refuses a target that is not empty, naming what it holds, and changes nothing there", async () => {
    const error = await copySqliteToPostgres({ from: world.db.file, to: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbCopyError);
    expect((error as Error).message).toMatch(/is not empty: it has table .* with \d+ rows/);
    expect((error as Error).message).toContain("table assessments with 2 rows");
    const target = openPgPool(url);
    try {
      const [row] = await target.db.select({ n: count() }).from(pg.assessments);
      expect(row?.n).toBe(2);
    } finally {
      await target.close();
    }

    const foreign = await emptyPgDatabase("foreign");
    const other = openPgPool(foreign);
    await other.pool.query("create table notes (id int)");
    await other.close();
    await expect(copySqliteToPostgres({ from: world.db.file, to: foreign })).rejects.toThrow(
      "it has table public.notes (not Signpost's)",
    );
  });

  it("refuses a source whose state disagrees with its history, and leaves the target's tables empty", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-copy-"));
    try {
      const file = path.join(dir, "tampered.db");
      await getConnection().sqlite.backup(file);
      const tampered = openDatabase(file);
      tampered.sqlite
        .prepare("update scenarios set name = 'Tampered outside the commit path' where assessment_id = ?")
        .run(world.teamA.demoAssessmentId);
      tampered.close();
      const target = await emptyPgDatabase("tampered");
      const error = await copySqliteToPostgres({ from: file, to: target }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DbCopyError);
      expect((error as Error).message).toContain(world.teamA.demoAssessmentId);
      expect((error as Error).message).toMatch(
        /state\.scenarios\[\d\]\.name: replay gives ".*", the tables hold "Tampered/,
      );
      const check = openPgPool(target);
      try {
        for (const [, table] of PG_TABLES) {
          const [row] = await check.db.select({ n: count() }).from(table);
          expect(row?.n, getTableName(table)).toBe(0);
        }
      } finally {
        await check.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs as a command: copies with exit 0, and names a missing or wrong argument with exit 2", async () => {
    const target = await emptyPgDatabase("cli");
    const ok = await run("npx", ["tsx", "server/cli/db-copy.ts", "--to", target, "--from", world.db.file], {
      encoding: "utf8",
    });
    expect(ok.stdout).toMatch(/signpost: copied \d+ rows in \d+ tables, row counts equal, 2 assessment\(s\) replay/);

    const missing = await run("npx", ["tsx", "server/cli/db-copy.ts", "--from", world.db.file]).catch((e) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--to is missing");
  });
});

describe("db:copy's pieces", () => {
  it("orders tables parents first: every foreign key points at a table copied earlier", () => {
    const order = foreignKeyOrder(
      PG_TABLES.map(([key, table]) => ({ key, name: getTableName(table), lite: LITE[key] as SQLiteTable, pg: table })),
    ).map((p) => p.name);
    expect(order.indexOf("user")).toBeLessThan(order.indexOf("members"));
    expect(order.indexOf("teams")).toBeLessThan(order.indexOf("assessments"));
    expect(order.indexOf("assessments")).toBeLessThan(order.indexOf("events"));
    expect(order.indexOf("rounds")).toBeLessThan(order.indexOf("round_participants"));
    expect(order.indexOf("round_participants")).toBeLessThan(order.indexOf("judgement_cells"));
    expect(order.indexOf("evidence")).toBeLessThan(order.indexOf("evidence_links"));
    expect(new Set(order).size).toBe(PG_TABLES.length);
  });

  it("reads --to and --from, and names the flag and the fix when one is wrong", () => {
    expect(parseCopyArguments(["--to", "postgres://u@h/db", "--from", "x.db"])).toEqual({
      to: "postgres://u@h/db",
      from: "x.db",
    });
    expect(parseCopyArguments(["--to=postgresql://u@h/db"]).to).toBe("postgresql://u@h/db");
    expect(() => parseCopyArguments([])).toThrow("--to is missing");
    expect(() => parseCopyArguments(["--to", "mysql://h/db"])).toThrow(
      "--to must be a postgres:// (or postgresql://) URL",
    );
    expect(() => parseCopyArguments(["--to"])).toThrow("--to needs a value");
    expect(() => parseCopyArguments(["--into", "x"])).toThrow("Unknown argument '--into'");
  });
});
