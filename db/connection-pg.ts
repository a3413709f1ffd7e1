// The PostgreSQL connection (issue 15): a node-postgres pool behind drizzle-orm/node-postgres over
// db/schema-pg.ts, migrated with the committed db/migrations-pg. Opened only when asked (db:copy,
// the tests; the app once the domain layer is asynchronous, see docs/postgres.md), never at import.
import "server-only";
import path from "node:path";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema-pg";

export type PgDb = NodePgDatabase<typeof schema>;
/** The transaction handle Drizzle passes to `db.transaction(async (tx) => ...)`. */
export type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

export interface PgConnection {
  db: PgDb;
  pool: pg.Pool;
  /** The URL without its password, for messages. */
  label: string;
  /** The URL itself, for a dedicated client (the live channel's LISTEN); never shown. */
  url: string;
  close(): Promise<void>;
}

export function pgMigrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations-pg");
}

/** `postgres://user@host:port/db`, the password left out: what a message may show. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return "(an unreadable database URL)";
  }
}

/** A pool on `url`; `max` connections (node-postgres's default is 10). No migration, no query yet. */
export function openPgPool(url: string, options: { max?: number } = {}): PgConnection {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client that loses its server emits 'error' on the pool; without a listener that would
  // end the process. The next query gets a fresh client and its own error.
  pool.on("error", () => {});
  const db = drizzle({ client: pool, schema });
  return { db, pool, label: redactedUrl(url), url, close: () => pool.end() };
}

/** Applies the committed PostgreSQL migrations (idempotent: drizzle records what it applied). */
export async function migratePg(db: PgDb): Promise<void> {
  await migrate(db, { migrationsFolder: pgMigrationsFolder() });
}

/** The advisory lock `npm start` holds while it migrates and seeds (any fixed 64-bit key). */
const START_LOCK = 4_715_026_113;

/**
 * Runs `fn` holding a session advisory lock on a client of its own (not one of the pool's, which
 * `fn` needs for the migrations and the seed, however small the pool): instances started together
 * take turns, so migrations never run twice at once and the demo is seeded once.
 */
export async function withStartLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "signpost-start" });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [START_LOCK]);
    return await fn();
  } finally {
    // Ending the session releases the lock, whatever `fn` did.
    await client.end().catch(() => {});
  }
}
