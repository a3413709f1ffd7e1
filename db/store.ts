// The store behind the domain layer (docs/postgres.md): SQLite by default, PostgreSQL when
// DATABASE_URL is set. Domain functions take a handle typed as the SQLite database (`Db`), await
// its queries (both dialects' builders are thenables) and write only inside `transaction(db, fn)`,
// which finds the handle's store and runs `fn` with a transaction handle. Neither the functions
// nor their callers branch on the dialect; the few places that must are in db/dialect.ts.
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Db } from "./connection";
import type { PgDb } from "./connection-pg";

export type Dialect = "sqlite" | "pg";

export interface Store {
  readonly dialect: Dialect;
  /** The handle for reads outside a transaction (SQLite: a read-only connection beside the writer). */
  readonly db: Db;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with a handle that may write outside a transaction (one statement at a time), for a
   * library that manages its own statements (better-auth's adapter). On SQLite it waits for the
   * writer like a transaction does, so its statements never land inside another's transaction.
   */
  exclusive<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

// On globalThis: Next bundles this module into several route bundles, and a handle opened by one
// copy (the connection is cached on globalThis) must be known to every copy, as must an open
// transaction started through one copy and joined through another.
const globalForStore = globalThis as unknown as {
  signpostStores?: WeakMap<object, Store>;
  signpostOpenTransaction?: AsyncLocalStorage<{ store: Store; tx: Db }>;
};
globalForStore.signpostStores ??= new WeakMap<object, Store>();
globalForStore.signpostOpenTransaction ??= new AsyncLocalStorage<{ store: Store; tx: Db }>();
const stores = globalForStore.signpostStores;
/** The transaction the current async call chain runs in, so a nested `transaction()` joins it. */
const open = globalForStore.signpostOpenTransaction;

/** Makes `transaction(handle, …)` find `store` for each of its handles. */
export function registerStore(store: Store, ...handles: object[]): void {
  for (const handle of [store.db, ...handles]) stores.set(handle, store);
}

export function storeOf(db: Db): Store {
  const current = open.getStore();
  if (current?.tx === db) return current.store;
  const store = stores.get(db);
  if (!store) throw new Error("This database handle was not opened through db/connection (no store knows it)");
  return store;
}

export function dialectOf(db: Db): Dialect {
  return storeOf(db).dialect;
}

/**
 * Runs `fn` in a transaction on the store of `db`. Called while a transaction of the same store is
 * open in this call chain, it joins that one (the outer transaction commits or rolls back both), so
 * a domain function may open one whether or not its caller did.
 */
export async function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const current = open.getStore();
  if (current && (current.tx === db || current.store === stores.get(db))) return fn(current.tx);
  const store = storeOf(db);
  return store.transaction((tx) => open.run({ store, tx }, () => fn(tx)));
}

/** True while the call chain runs inside `transaction()`. */
export function inTransaction(): boolean {
  return open.getStore() !== undefined;
}

/**
 * A first-come mutex for async work. Re-entrant within one call chain (AsyncLocalStorage), so a
 * library callback that runs under it and calls back into it cannot deadlock itself.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  readonly #held = new AsyncLocalStorage<true>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#held.getStore()) return fn();
    const result = this.#tail.then(() => this.#held.run(true, fn));
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * SQLite: one connection writes, and only under the mutex, in `BEGIN IMMEDIATE` transactions; reads
 * outside a transaction go to a second, read-only connection (WAL lets it read the last commit).
 * Without the split, a transaction that awaits would let other requests' statements run on its
 * connection between its own: their reads would see its uncommitted rows, and their writes would
 * commit or roll back with it. better-sqlite3 blocks while it waits for a lock, so a second writing
 * connection in this process could never wait for the first; the mutex makes writers queue instead.
 */
export function sqliteStore(writer: Database.Database, writeDb: Db, readDb: Db): Store {
  const mutex = new Mutex();
  const store: Store = {
    dialect: "sqlite",
    db: readDb,
    transaction: (fn) =>
      mutex.run(async () => {
        if (writer.inTransaction) return fn(writeDb);
        writer.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(writeDb);
          writer.exec("COMMIT");
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec("ROLLBACK");
          throw error;
        }
      }),
    exclusive: (fn) => mutex.run(() => fn(writeDb)),
  };
  registerStore(store, writeDb);
  return store;
}

/** PostgreSQL error codes a transaction is retried on: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(["40001", "40P01"]);
const ATTEMPTS = 4;

/** The SQLSTATE of a PostgreSQL error, through Drizzle's wrapping (its `cause`). */
function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * PostgreSQL: a pool; each transaction holds one client (READ COMMITTED). Writers that append to an
 * assessment lock its row first (db/dialect.ts `lockAssessment`), so the version check and the
 * event's sequence number are decided under the lock. A transaction that fails on a serialisation
 * failure or a deadlock is run again (up to four times, with jitter): safe because callbacks touch
 * nothing outside the database; notices and caches are updated after the commit.
 */
export function pgStore(pgDb: PgDb): Store {
  const db = pgDb as unknown as Db;
  const store: Store = {
    dialect: "pg",
    db,
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await pgDb.transaction((tx) => fn(tx as unknown as Db));
        } catch (error) {
          const code = pgCode(error);
          if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
        }
      }
    },
    exclusive: (fn) => fn(db),
  };
  registerStore(store);
  return store;
}
