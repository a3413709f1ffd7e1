// Opens the SQLite database lazily (never at import time, so `next build` touches no file),
// sets the pragmas Signpost relies on and applies the committed drizzle-kit migrations.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import pg from "pg";
import { env } from "@/env";
import { openPgPool, type PgConnection } from "./connection-pg";
import * as schema from "./schema";
import { pgStore, type Store, sqliteStore } from "./store";

export type Db = BetterSQLite3Database<typeof schema>;
/** The transaction handle Drizzle passes to `db.transaction((tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either a database or a transaction: domain functions accept both. */
export type DbOrTx = Db | Tx;

export interface Connection {
  /** Reads outside a transaction: a read-only connection (the writer itself for ":memory:"). */
  db: Db;
  /** The writing connection's raw handle (backup, health); domain code writes through `store`. */
  sqlite: Database.Database;
  /** The read-only connection's raw handle (the writer's for ":memory:"). */
  reader: Database.Database;
  store: Store;
  file: string;
  close(): void;
}

/** Raised when the database file cannot be opened, migrated or written; the message names the file. */
export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

export function databasePath(): string {
  return path.resolve(env().DATABASE_PATH);
}

/** The folder beside the database that holds the generated auth secret. */
export function dataDirectory(): string {
  return path.dirname(databasePath());
}

export function migrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations");
}

/**
 * Opens `file`, applies pragmas and migrations. WAL lets readers run beside the single writer;
 * synchronous=NORMAL is durable across application crashes in WAL mode (only an OS crash can
 * lose the last transactions); busy_timeout makes concurrent writers wait instead of failing.
 */
export function openDatabase(file: string): Connection {
  let sqlite: Database.Database | undefined;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    const writeDb = drizzle(sqlite, { schema });
    migrate(writeDb, { migrationsFolder: migrationsFolder() });
    const writer = sqlite;
    const reader = writer.memory ? writer : new Database(file, { readonly: true, fileMustExist: true });
    if (reader !== writer) reader.pragma("busy_timeout = 5000");
    const db = reader === writer ? writeDb : drizzle(reader, { schema });
    const store = sqliteStore(writer, writeDb, db);
    const close = () => {
      if (reader.open && reader !== writer) reader.close();
      if (writer.open) writer.close();
    };
    return { db, sqlite: writer, reader, store, file, close };
  } catch (error) {
    sqlite?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot use database file '${file}': ${reason}`);
  }
}

/**
 * A read-only connection to a database another connection has opened and migrated, for a worker
 * thread (server/offload) to read beside the main one: WAL lets readers run while one writes.
 */
export function openReadOnlyDatabase(file: string): Connection {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  // A store whose writer is read-only: a write through it fails at once ("readonly database").
  return { db, sqlite, reader: sqlite, store: sqliteStore(sqlite, db, db), file, close: () => sqlite.close() };
}

/**
 * What another thread opens to reach the database behind `db`: the SQLite file, or the PostgreSQL
 * URL of its pool; null for an in-memory database.
 */
export function databaseFileOf(db: Db): string | null {
  // drizzle() keeps its driver handle as $client, which the Db type leaves out.
  const client = (db as Db & { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return client.options.connectionString ?? null;
  const sqlite = client as Database.Database | undefined;
  return !sqlite || sqlite.memory || !sqlite.name ? null : sqlite.name;
}

const globalForDb = globalThis as unknown as { signpostConnection?: Connection; signpostPg?: PgStoreConnection };

export interface PgStoreConnection extends PgConnection {
  store: Store;
}

/** True when DATABASE_URL chooses PostgreSQL (env.ts checks its form). */
export function usesPostgres(): boolean {
  return Boolean(env().DATABASE_URL);
}

/**
 * The process-wide SQLite connection, opened on first use at DATABASE_PATH (default
 * ./data/signpost.db). With DATABASE_URL set there is none: ask `getStore()`.
 */
export function getConnection(): Connection {
  if (usesPostgres()) {
    throw new DatabaseOpenError("Signpost runs on PostgreSQL here (DATABASE_URL is set): there is no SQLite file");
  }
  if (!globalForDb.signpostConnection) {
    globalForDb.signpostConnection = openDatabase(databasePath());
  }
  return globalForDb.signpostConnection;
}

/**
 * The process-wide PostgreSQL pool on DATABASE_URL, opened on first use (no query yet; `npm start`
 * and the test harness apply the migrations before the app serves).
 */
export function getPgConnection(): PgStoreConnection {
  const url = env().DATABASE_URL;
  if (!url) throw new DatabaseOpenError("DATABASE_URL is not set: Signpost runs on its SQLite file");
  if (!globalForDb.signpostPg) {
    const connection = openPgPool(url, { max: env().DATABASE_POOL_SIZE });
    globalForDb.signpostPg = { ...connection, store: pgStore(connection.db) };
  }
  return globalForDb.signpostPg;
}

/** The store the app runs on: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function getStore(): Store {
  return usesPostgres() ? getPgConnection().store : getConnection().store;
}

/** The handle for reads; write with `transaction(getDb(), …)` (db/store.ts). */
export function getDb(): Db {
  return getStore().db;
}
