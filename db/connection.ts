// Opens the SQLite database lazily (never at import time, so `next build` touches no file),
// sets the pragmas Signpost relies on and applies the committed drizzle-kit migrations.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "@/env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
/** The transaction handle Drizzle passes to `db.transaction((tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either a database or a transaction: domain functions accept both. */
export type DbOrTx = Db | Tx;

export interface Connection {
  db: Db;
  sqlite: Database.Database;
  file: string;
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
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: migrationsFolder() });
    return { db, sqlite, file };
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
  return { db: drizzle(sqlite, { schema }), sqlite, file };
}

/** The file behind `db`, for another thread to open; null for an in-memory database. */
export function databaseFileOf(db: Db): string | null {
  // drizzle() keeps its better-sqlite3 handle as $client, which the Db type leaves out.
  const client = (db as Db & { $client?: Database.Database }).$client;
  return !client || client.memory || !client.name ? null : client.name;
}

const globalForDb = globalThis as unknown as { signpostConnection?: Connection };

/** The process-wide connection, opened on first use at DATABASE_PATH (default ./data/signpost.db). */
export function getConnection(): Connection {
  if (!globalForDb.signpostConnection) {
    globalForDb.signpostConnection = openDatabase(databasePath());
  }
  return globalForDb.signpostConnection;
}

export function getDb(): Db {
  return getConnection().db;
}
