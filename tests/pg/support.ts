// Per-file PostgreSQL databases in the cluster tests/pg/global-setup.ts started: each test file gets
// fresh, empty databases of its own, so files run in parallel without seeing each other's rows.
import crypto from "node:crypto";
import { inject } from "vitest";
import { migratePg, openPgPool, type PgConnection } from "@/db/connection-pg";
import { createDatabase } from "../support/pg-cluster";

/** The cluster's admin URL; null when PostgreSQL is not installed (the tests then skip). */
export const pgAdminUrl = inject("pgAdminUrl");

/** An empty database with a fresh name; returns its URL. */
export async function emptyPgDatabase(prefix = "t"): Promise<string> {
  if (!pgAdminUrl) throw new Error("No PostgreSQL cluster: tests/pg/global-setup.ts did not start one");
  return createDatabase(pgAdminUrl, `${prefix}_${crypto.randomBytes(6).toString("hex")}`);
}

/** A fresh database with the committed migrations applied, and a pool on it. */
export async function migratedPgDatabase(prefix = "t"): Promise<PgConnection & { url: string }> {
  const url = await emptyPgDatabase(prefix);
  const connection = openPgPool(url);
  await migratePg(connection.db);
  return { ...connection, url };
}
