// The few things the two stores spell differently, each behind one function so domain code has no
// dialect branch of its own (docs/postgres.md, "One domain layer").

import type { AnyColumn } from "drizzle-orm";
import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "./connection";
import { first } from "./first";
import { dialectOf } from "./store";
import * as t from "./tables";

/**
 * Locks the assessment's row for the rest of the transaction and returns its version: PostgreSQL
 * takes `FOR UPDATE`, so two instances cannot both pass a version check or both take the next
 * event number; on SQLite the transaction already holds the database's write lock (BEGIN
 * IMMEDIATE), so this only reads. Every writer that appends an event calls it first.
 */
export async function lockAssessment(tx: Db, assessmentId: string): Promise<{ version: number } | undefined> {
  return await forUpdate(
    tx,
    tx.select({ version: t.assessments.version }).from(t.assessments).where(eq(t.assessments.id, assessmentId)),
  );
}

/**
 * Locks the team's row for the rest of the transaction, as `lockAssessment` does an assessment's:
 * membership changes that check a count first (the last owner) take turns across instances.
 */
export async function lockTeam(tx: Db, teamId: string): Promise<void> {
  await forUpdate(tx, tx.select({ id: t.teams.id }).from(t.teams).where(eq(t.teams.id, teamId)));
}

/**
 * Serialises the first account's set-up (who owns the default team) across instances: a
 * transaction-scoped advisory lock on PostgreSQL; on SQLite the writer's lock already does it.
 */
export async function lockSetup(tx: Db): Promise<void> {
  if (dialectOf(tx) === "pg") {
    await (tx as unknown as { execute(query: SQL): Promise<unknown> }).execute(
      sql`select pg_advisory_xact_lock(${SETUP_LOCK})`,
    );
  }
}

/** Any fixed 64-bit key, apart from the start-up lock's (db/connection-pg.ts). */
const SETUP_LOCK = 4_715_026_114;

/** The first row of `query`, read `FOR UPDATE` on PostgreSQL; SQLite's writer already holds the lock. */
async function forUpdate<Row>(tx: Db, query: PromiseLike<Row[]>): Promise<Row | undefined> {
  if (dialectOf(tx) === "pg") {
    return first(await (query as unknown as { for(strength: "update"): Promise<Row[]> }).for("update"));
  }
  return first(await query);
}

/** A top-level field of a JSON column as SQL (`json_extract` on SQLite, `->` on PostgreSQL's json). */
export function jsonField(db: Db, column: AnyColumn, field: string): SQL {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new Error(`jsonField: '${field}' is not a plain field name`);
  return dialectOf(db) === "pg"
    ? sql`(${column}->>${sql.raw(`'${field}'`)})`
    : sql`json_extract(${column}, ${sql.raw(`'$.${field}'`)})`;
}

/** A JSON field compared as a number (`jsonField` gives text on PostgreSQL). */
export function jsonNumber(db: Db, column: AnyColumn, field: string): SQL {
  return dialectOf(db) === "pg" ? sql`(${jsonField(db, column, field)})::numeric` : jsonField(db, column, field);
}
