// better-auth's Drizzle adapter on the app's store (db/store.ts). On PostgreSQL it is the adapter
// as is, on the pool. On SQLite its reads go to the read-only connection and each of its writes
// runs on the writing connection under the store's mutex (`store.exclusive`): a write of its own
// between the statements of an open transaction would otherwise commit or roll back with that
// transaction, and a write on a second connection would block the event loop waiting for the lock.
import type { BetterAuthOptions } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Db } from "@/db/connection";
import type { Store } from "@/db/store";

type AdapterFactory = ReturnType<typeof drizzleAdapter>;
type Adapter = ReturnType<AdapterFactory>;

/** The adapter's methods that write: each waits for the writer like a transaction does. */
const WRITES = ["create", "update", "updateMany", "delete", "deleteMany", "consumeOne", "incrementOne"] as const;

export function storeAdapter(store: Store, schema: Record<string, unknown>): AdapterFactory {
  const provider = store.dialect === "pg" ? "pg" : "sqlite";
  const reads = drizzleAdapter(store.db, { provider, schema });
  if (store.dialect === "pg") return reads;
  let writer: Db | undefined;
  return (options: BetterAuthOptions): Adapter => {
    const read = reads(options);
    let write: Adapter | undefined;
    const underLock = <T>(fn: (adapter: Adapter) => Promise<T>): Promise<T> =>
      store.exclusive(async (db) => {
        writer ??= db;
        write ??= drizzleAdapter(writer, { provider, schema })(options);
        return await fn(write);
      });
    const wrapped: Adapter = { ...read };
    for (const name of WRITES) {
      // Each method keeps its own signature; the cast only forwards its arguments.
      (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
        underLock((adapter) => (adapter[name] as (...a: unknown[]) => Promise<unknown>)(...args));
    }
    wrapped.transaction = (callback) => underLock((adapter) => adapter.transaction(callback));
    return wrapped;
  };
}
