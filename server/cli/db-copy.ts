// `npm run db:copy -- --to postgres://… [--from data/signpost.db]`: moves a SQLite installation into
// an empty PostgreSQL database (issue 15). Applies the PostgreSQL migrations, copies every table in
// foreign-key order inside one transaction (batched inserts), then, still inside it, checks that
// each table has as many rows as the source and that every assessment's replay from the copied
// events equals its copied current state (server/cli/db-copy-verify.ts). Any failure rolls the whole
// copy back. Refuses a target that already holds tables with rows, or tables that are not Signpost's.
import fs from "node:fs";
import path from "node:path";
import { count, getTableColumns, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type Connection, databasePath, openDatabase } from "@/db/connection";
import { migratePg, openPgPool, type PgTx } from "@/db/connection-pg";
import * as liteSchema from "@/db/schema";
import * as pgSchema from "@/db/schema-pg";
import { DbCopyError, verifyReplays } from "./db-copy-verify";

export { DbCopyError };

export interface CopyOptions {
  /** The SQLite file to copy (opened and migrated as `npm start` would). */
  from: string;
  /** postgres://… of an empty database. */
  to: string;
  log?: (line: string) => void;
}

export interface CopyReport {
  /** Rows per table, in the order they were copied (equal on both sides, or the copy was rolled back). */
  tables: { name: string; rows: number }[];
  assessmentsVerified: number;
  eventsReplayed: number;
}

/** At most this many rows, or about this many bytes, per INSERT (pg allows 65,535 parameters). */
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;
const PARAMETER_LIMIT = 60_000;

interface TablePair {
  key: string;
  name: string;
  lite: SQLiteTable;
  pg: PgTable;
}

/** Both schemas' tables by their shared key (tests/unit/schema-parity.test.ts keeps them alike). */
function tablePairs(): TablePair[] {
  const lite = liteSchema as unknown as Record<string, SQLiteTable>;
  return Object.entries(pgSchema as unknown as Record<string, unknown>)
    .filter((e): e is [string, PgTable] => is(e[1], PgTable))
    .map(([key, pg]) => {
      const liteTable = lite[key];
      if (!liteTable) throw new DbCopyError(`db/schema.ts has no table '${key}' to copy into PostgreSQL's`);
      return { key, name: getTableConfig(pg).name, lite: liteTable, pg };
    });
}

/** Parents before children: each table after every table its foreign keys point at. */
export function foreignKeyOrder(pairs: TablePair[]): TablePair[] {
  const byName = new Map(pairs.map((p) => [p.name, p]));
  const done = new Set<string>();
  const out: TablePair[] = [];
  const visit = (pair: TablePair, trail: string[]) => {
    if (done.has(pair.name)) return;
    if (trail.includes(pair.name))
      throw new DbCopyError(`Foreign keys form a cycle: ${[...trail, pair.name].join(" → ")}`);
    for (const fk of getTableConfig(pair.pg).foreignKeys) {
      const target = getTableConfig(fk.reference().foreignTable).name;
      const parent = byName.get(target);
      if (parent && target !== pair.name) visit(parent, [...trail, pair.name]);
    }
    done.add(pair.name);
    out.push(pair);
  };
  for (const pair of [...pairs].sort((a, b) => a.name.localeCompare(b.name))) visit(pair, []);
  return out;
}

/** Why the target is not empty, one phrase per finding; [] when db:copy may fill it. */
async function whatTheTargetHolds(query: PgQuery, ours: Set<string>): Promise<string[]> {
  const { rows } = await query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const found: string[] = [];
  for (const { schema, name } of rows) {
    const known = (schema === "public" && ours.has(name)) || (schema === "drizzle" && name === "__drizzle_migrations");
    if (!known) {
      found.push(`table ${schema}.${name} (not Signpost's)`);
      continue;
    }
    if (schema === "drizzle") continue;
    const n = (await query<{ n: number }>(`select count(*)::int as n from "public"."${name}"`)).rows[0]?.n ?? 0;
    if (n > 0) found.push(`table ${name} with ${n} row${n === 1 ? "" : "s"}`);
  }
  return found;
}

type PgQuery = <R extends object>(text: string) => Promise<{ rows: R[] }>;

/** Copies one table from SQLite into the transaction, in rowid order and batches; returns its row count. */
async function copyTable(source: Connection, tx: PgTx, pair: TablePair): Promise<number> {
  const columns = getTableColumns(pair.lite);
  const perInsert = Math.max(1, Math.min(BATCH_ROWS, Math.floor(PARAMETER_LIMIT / Object.keys(columns).length)));
  let after = Number.NEGATIVE_INFINITY;
  let copied = 0;
  for (;;) {
    // Keyset paging on SQLite's rowid: every Signpost table has one, and it never skips or repeats.
    const page = source.db
      .select({ ...columns, rowid__: sql<number>`rowid` })
      .from(pair.lite)
      .where(sql`rowid > ${after}`)
      .orderBy(sql`rowid`)
      .limit(perInsert * 4)
      .all() as (Record<string, unknown> & { rowid__: number })[];
    if (page.length === 0) return copied;
    let batch: Record<string, unknown>[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      try {
        await tx.insert(pair.pg).values(batch as never);
      } catch (error) {
        const cause = (error as { cause?: Error }).cause ?? (error as Error);
        throw new DbCopyError(`Copying table ${pair.name} failed near row ${copied + 1}: ${cause.message}`);
      }
      copied += batch.length;
      batch = [];
      bytes = 0;
    };
    for (const { rowid__, ...row } of page) {
      batch.push(row);
      bytes += JSON.stringify(row).length;
      after = rowid__;
      if (batch.length >= perInsert || bytes >= BATCH_BYTES) await flush();
    }
    await flush();
  }
}

/** Moves every identity sequence past the ids copied in (only events.id has one). */
async function advanceSequences(tx: PgTx, pairs: TablePair[]): Promise<void> {
  for (const pair of pairs) {
    for (const column of getTableConfig(pair.pg).columns) {
      if (!(column as { generatedIdentity?: unknown }).generatedIdentity) continue;
      await tx.execute(
        sql.raw(`select setval(pg_get_serial_sequence('"${pair.name}"', '${column.name}'),
          coalesce((select max("${column.name}") from "${pair.name}"), 0) + 1, false)`),
      );
    }
  }
}

/** The copy. Throws DbCopyError (nothing written but the empty migrated tables) on any refusal. */
export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const log = options.log ?? (() => {});
  const file = path.resolve(options.from);
  if (!fs.existsSync(file)) {
    throw new DbCopyError(`No SQLite database at '${file}': give the installation's file with --from <path>`);
  }
  const pairs = foreignKeyOrder(tablePairs());
  const target = openPgPool(options.to, { max: 2 });
  let source: Connection | undefined;
  try {
    const query: PgQuery = (text) => target.pool.query(text);
    try {
      await query("select 1");
    } catch (error) {
      throw new DbCopyError(`Cannot connect to ${target.label}: ${(error as Error).message}`);
    }
    const found = await whatTheTargetHolds(query, new Set(pairs.map((p) => p.name)));
    if (found.length > 0) {
      throw new DbCopyError(
        `The target database ${target.label} is not empty: it has ${found.slice(0, 8).join(", ")}` +
          `${found.length > 8 ? ` and ${found.length - 8} more` : ""}. db:copy fills only an empty database: ` +
          "create a new one (e.g. `createdb signpost`) and give its URL with --to.",
      );
    }
    source = openDatabase(file);
    log(`signpost: copying ${file} into ${target.label}`);
    await migratePg(target.db);
    const sourceConnection = source;
    // One read transaction on the source: every table is read from the same snapshot (WAL keeps it
    // while a running app goes on writing; what it writes after this point is not copied).
    source.sqlite.exec("BEGIN");
    source.db.select({ n: count() }).from(liteSchema.teams).get();
    return await target.db.transaction(async (tx) => {
      const tables: CopyReport["tables"] = [];
      for (const pair of pairs) {
        const rows = await copyTable(sourceConnection, tx, pair);
        tables.push({ name: pair.name, rows });
        if (rows > 0) log(`  ${pair.name}: ${rows} row${rows === 1 ? "" : "s"}`);
      }
      await advanceSequences(tx, pairs);
      for (const pair of pairs) {
        const there = (await tx.select({ n: count() }).from(pair.pg))[0]?.n ?? 0;
        const here = sourceConnection.db.select({ n: count() }).from(pair.lite).get()?.n ?? 0;
        if (there !== here) {
          throw new DbCopyError(
            `Table ${pair.name} has ${here} rows in SQLite but ${there} in PostgreSQL after the copy`,
          );
        }
      }
      const verified = await verifyReplays(tx);
      log(`  verified: ${verified.assessments} assessment(s), ${verified.events} events replayed`);
      return { tables, assessmentsVerified: verified.assessments, eventsReplayed: verified.events };
    });
  } finally {
    if (source?.sqlite.inTransaction) source.sqlite.exec("ROLLBACK");
    source?.close();
    await target.close();
  }
}

// ── The command ──────────────────────────────────────────────────────────────

const USAGE = "usage: npm run db:copy -- --to postgres://user:password@host:5432/database [--from data/signpost.db]";

/** Reads `--to` and `--from`; a message naming the flag and the fix on anything else. */
export function parseCopyArguments(argv: string[]): { to: string; from: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    const [name, inline] = flag.split(/=(.*)/s, 2) as [string, string | undefined];
    if (name !== "--to" && name !== "--from") throw new DbCopyError(`Unknown argument '${flag}'. ${USAGE}`);
    const value = inline ?? argv[++i];
    if (!value || value.startsWith("--")) throw new DbCopyError(`${name} needs a value. ${USAGE}`);
    values[name.slice(2)] = value;
  }
  const to = values.to;
  if (!to) throw new DbCopyError(`--to is missing: give the PostgreSQL database to fill. ${USAGE}`);
  if (!/^postgres(ql)?:\/\//.test(to)) {
    throw new DbCopyError(`--to must be a postgres:// (or postgresql://) URL, not '${to.slice(0, 40)}'. ${USAGE}`);
  }
  return { to, from: values.from ?? databasePath() };
}

async function main() {
  const started = Date.now();
  try {
    const args = parseCopyArguments(process.argv.slice(2));
    const report = await copySqliteToPostgres({ ...args, log: (line) => console.log(line) });
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `signpost: copied ${rows} rows in ${report.tables.length} tables, row counts equal, ` +
        `${report.assessmentsVerified} assessment(s) replay to their state (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } catch (error) {
    console.error(`signpost: db:copy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof DbCopyError && /usage:/.test(error.message) ? 2 : 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
