// The PostgreSQL schema on a real server: the committed migrations apply to an empty database and
// create every table db/schema-pg.ts declares; the events table is append-only; the CHECKs refuse
// the same bad rows SQLite refuses, naming the same constraint.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getTableName, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, openDatabase } from "@/db/connection";
import { migratePg, openPgPool } from "@/db/connection-pg";
import * as sqliteSchema from "@/db/schema";
import * as pgSchema from "@/db/schema-pg";
import { emptyPgDatabase, migratedPgDatabase, pgAdminUrl } from "./support";

/** The tables by their schema key, the same key on both sides (tests/unit/schema-parity.test.ts). */
const LITE = sqliteSchema as unknown as Record<string, SQLiteTable>;
const PG = pgSchema as unknown as Record<string, PgTable>;
const pgTables = Object.values(PG).filter((v) => is(v, PgTable));

function liteTable(key: string): SQLiteTable {
  const table = LITE[key];
  if (!table) throw new Error(`db/schema.ts has no table '${key}'`);
  return table;
}
function pgTableOf(key: string): PgTable {
  const table = PG[key];
  if (!table) throw new Error(`db/schema-pg.ts has no table '${key}'`);
  return table;
}

describe.skipIf(!pgAdminUrl)("PostgreSQL migrations", () => {
  it("apply to an empty database, create every declared table, and apply again as a no-op", async () => {
    const url = await emptyPgDatabase("mig");
    const c = openPgPool(url);
    try {
      await migratePg(c.db);
      const { rows } = await c.pool.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1",
      );
      const declared = pgTables.map((t) => getTableConfig(t).name).sort();
      expect(declared.length).toBeGreaterThan(20);
      expect(rows.map((r) => r.table_name)).toEqual(declared);
      const applied = await c.pool.query("select count(*)::int as n from drizzle.__drizzle_migrations");
      await migratePg(c.db);
      const again = await c.pool.query("select count(*)::int as n from drizzle.__drizzle_migrations");
      expect(again.rows[0].n).toBe(applied.rows[0].n);
      expect(applied.rows[0].n).toBe(fs.readdirSync("db/migrations-pg").filter((f) => f.endsWith(".sql")).length);
    } finally {
      await c.close();
    }
  });
});

// ── The same rows on both stores ────────────────────────────────────────────

const at = new Date("2026-01-02T03:04:05.678Z");
const base = {
  user: { id: "u1", name: "Ana", email: "ana@example.org", emailVerified: false, createdAt: at, updatedAt: at },
  teams: { id: "t1", name: "Team", staleAfterDays: 30, createdAt: at },
  assessments: {
    id: "a1",
    teamId: "t1",
    title: "Title",
    keyQuestion: "Question?",
    horizon: "2027-01-01",
    confidence: "moderate",
    version: 1,
    createdAt: at,
    updatedAt: at,
  },
  scenarios: { id: "s1", assessmentId: "a1", name: "S1", prior: 1, color: "#aabbcc", position: 0 },
  indicators: { id: "i1", assessmentId: "a1", name: "I1", weight: 1, position: 0, lastReviewedAt: at },
  events: {
    assessmentId: "a1",
    seq: 1,
    at,
    actorName: "Ana",
    kind: "assessment.create",
    payload: { summary: "created" },
    probabilities: { s1: 1 },
  },
} as const;

type TableName = keyof typeof base | "expectations" | "evidence" | "invitations" | "rounds" | "judgement_rows";

/** Bad rows, each with the CHECK that must refuse it (on SQLite and on PostgreSQL alike). */
const BAD: { table: TableName; row: Record<string, unknown>; check: string }[] = [
  { table: "teams", row: { ...base.teams, id: "t2", name: "" }, check: "teams_name_len" },
  { table: "teams", row: { ...base.teams, id: "t2", staleAfterDays: 0 }, check: "teams_stale_range" },
  { table: "assessments", row: { ...base.assessments, id: "a2", version: 0 }, check: "assessments_version" },
  {
    table: "assessments",
    row: { ...base.assessments, id: "a2", confidence: "certain" },
    check: "assessments_confidence",
  },
  { table: "scenarios", row: { ...base.scenarios, id: "s2", position: 1, color: "#abc" }, check: "scenarios_color" },
  { table: "scenarios", row: { ...base.scenarios, id: "s2", position: 1, color: "#aabbcg" }, check: "scenarios_color" },
  { table: "scenarios", row: { ...base.scenarios, id: "s2", position: 1, prior: 0 }, check: "scenarios_prior" },
  {
    table: "expectations",
    row: { indicatorId: "i1", scenarioId: "s1", rating: "certain", likelihood: null },
    check: "expectations_value",
  },
  {
    table: "expectations",
    row: { indicatorId: "i1", scenarioId: "s1", rating: "likely", likelihood: 0.5 },
    check: "expectations_value",
  },
  {
    table: "evidence",
    row: {
      id: "e1",
      assessmentId: "a1",
      title: "E",
      sourceName: "src",
      sourceKind: "media",
      reliability: "B",
      credibility: 7,
      observedAt: "2026-01-01",
      recordedAt: at,
      authorName: "Ana",
      lastReviewedAt: at,
    },
    check: "evidence_credibility",
  },
  {
    table: "invitations",
    row: {
      id: "inv1",
      teamId: "t1",
      email: "Bob@Example.org",
      role: "analyst",
      tokenHash: "a".repeat(64),
      createdAt: at,
      expiresAt: new Date(at.getTime() + 1000),
    },
    check: "invitations_email",
  },
  {
    table: "invitations",
    row: {
      id: "inv1",
      teamId: "t1",
      email: "bob@example.org",
      role: "analyst",
      tokenHash: "a".repeat(64),
      createdAt: at,
      expiresAt: at,
    },
    check: "invitations_expiry",
  },
  {
    table: "rounds",
    row: {
      id: "r1",
      assessmentId: "a1",
      number: 1,
      status: "adopted",
      question: "Q?",
      facilitatorName: "Ana",
      openedAt: at,
      openedAtVersion: 1,
      sharedAtOpen: { expectations: {}, weights: {} },
      focus: [],
    },
    check: "rounds_adopted",
  },
  { table: "events", row: { ...base.events, seq: 0 }, check: "events_seq" },
];

const TABLE_KEY: Record<TableName, string> = {
  user: "user",
  teams: "teams",
  assessments: "assessments",
  scenarios: "scenarios",
  indicators: "indicators",
  events: "events",
  expectations: "expectations",
  evidence: "evidence",
  invitations: "invitations",
  rounds: "rounds",
  judgement_rows: "judgementRows",
};

/** The CHECK named in a refusal: SQLite says "CHECK constraint failed: name"; pg reports `constraint`. */
function refusedBy(error: unknown): string | undefined {
  if (!error) return undefined;
  const cause = (error as { cause?: unknown }).cause ?? error;
  const pgName = (cause as { constraint?: string }).constraint;
  if (pgName) return pgName;
  return /CHECK constraint failed: (\w+)/.exec(String((cause as Error).message))?.[1];
}

describe.skipIf(!pgAdminUrl)("PostgreSQL constraints, beside SQLite's", () => {
  let pgc: Awaited<ReturnType<typeof migratedPgDatabase>>;
  let lite: Connection;
  let dir: string;

  beforeAll(async () => {
    pgc = await migratedPgDatabase("chk");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-chk-"));
    lite = openDatabase(path.join(dir, "signpost.db"));
    for (const name of ["user", "teams", "assessments", "scenarios", "indicators", "events"] as const) {
      const key = TABLE_KEY[name];
      lite.db
        .insert(liteTable(key))
        .values(base[name] as never)
        .run();
      await pgc.db.insert(pgTableOf(key)).values(base[name] as never);
    }
  });

  afterAll(async () => {
    await pgc?.close();
    lite?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(BAD.map((b) => [b.check, b] as const))("%s refuses the same bad row on both stores", async (_, bad) => {
    const key = TABLE_KEY[bad.table];
    let liteError: unknown;
    try {
      lite.db
        .insert(liteTable(key))
        .values(bad.row as never)
        .run();
    } catch (error) {
      liteError = error;
    }
    const pgError = await pgc.db
      .insert(pgTableOf(key))
      .values(bad.row as never)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusedBy(liteError), `SQLite on ${getTableName(liteTable(key))}`).toBe(bad.check);
    expect(refusedBy(pgError), `PostgreSQL on ${bad.table}`).toBe(bad.check);
  });

  it("accepts the good twin of each refused row, so the refusals above are the CHECKs and nothing else", async () => {
    const good: [TableName, Record<string, unknown>][] = [
      ["teams", { ...base.teams, id: "t9", name: "x".repeat(10) }],
      ["scenarios", { ...base.scenarios, id: "s9", position: 9, color: "#A0b1C2" }],
      ["expectations", { indicatorId: "i1", scenarioId: "s1", rating: null, likelihood: 0.5 }],
      [
        "invitations",
        {
          id: "inv9",
          teamId: "t1",
          email: "bob@example.org",
          role: "analyst",
          tokenHash: "b".repeat(64),
          createdAt: at,
          expiresAt: new Date(at.getTime() + 1),
        },
      ],
      ["judgement_rows", { participantId: "missing", indicatorId: "i1", weight: null, reason: null }],
    ];
    for (const [table, row] of good.slice(0, 4)) {
      const key = TABLE_KEY[table];
      lite.db
        .insert(liteTable(key))
        .values(row as never)
        .run();
      await pgc.db.insert(pgTableOf(key)).values(row as never);
    }
    // The foreign key holds on both: a judgement row of no participant is refused.
    const [, orphan] = good[4] as [TableName, Record<string, unknown>];
    expect(() =>
      lite.db
        .insert(sqliteSchema.judgementRows)
        .values(orphan as never)
        .run(),
    ).toThrow(/FOREIGN KEY/);
    await expect(pgc.db.insert(pgSchema.judgementRows).values(orphan as never)).rejects.toMatchObject({
      cause: { constraint: "judgement_rows_participant_id_round_participants_id_fk" },
    });
  });

  it("keeps a timestamp to the millisecond and JSON with its key order, as SQLite does", async () => {
    const payload = { zeta: 1, alpha: { b: 2, a: 1 }, summary: "order kept" };
    await pgc.db.insert(pgSchema.events).values({ ...base.events, seq: 2, payload: payload as never });
    const [row] = await pgc.db.select().from(pgSchema.events).where(sql`seq = 2`);
    expect(row?.at).toEqual(at);
    expect(JSON.stringify(row?.payload)).toBe(JSON.stringify(payload));
  });
});

describe.skipIf(!pgAdminUrl)("PostgreSQL events are append-only", () => {
  let pgc: Awaited<ReturnType<typeof migratedPgDatabase>>;

  beforeAll(async () => {
    pgc = await migratedPgDatabase("evt");
    for (const name of ["user", "teams", "assessments", "events"] as const) {
      await pgc.db.insert(pgTableOf(TABLE_KEY[name])).values(base[name] as never);
    }
  });
  afterAll(async () => {
    await pgc?.close();
  });

  it("refuses UPDATE, DELETE and TRUNCATE of the event log, and keeps the row", async () => {
    await expect(pgc.pool.query("update events set kind = 'forged'")).rejects.toThrow(
      "events are append-only: an event cannot be changed",
    );
    await expect(pgc.pool.query("delete from events")).rejects.toThrow(
      "events are append-only: an event cannot be deleted",
    );
    await expect(pgc.pool.query("truncate events")).rejects.toThrow("the event log cannot be truncated");
    const { rows } = await pgc.pool.query("select kind, seq from events");
    expect(rows).toEqual([{ kind: "assessment.create", seq: 1 }]);
  });

  it("still appends: a second event goes in, with the next id", async () => {
    await pgc.db.insert(pgSchema.events).values({ ...base.events, seq: 2, payload: base.events.payload as never });
    const { rows } = await pgc.pool.query("select id, seq from events order by seq");
    expect(rows).toEqual([
      { id: 1, seq: 1 },
      { id: 2, seq: 2 },
    ]);
  });
});
