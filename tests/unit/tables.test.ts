// db/tables.ts hands domain code the tables of the store the process runs on. It must offer every
// table of the schema, and pick PostgreSQL's exactly when DATABASE_URL is set.
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as sqliteSchema from "@/db/schema";
import * as pgSchema from "@/db/schema-pg";

const tableNames = (module: Record<string, unknown>, kind: typeof SQLiteTable | typeof PgTable) =>
  Object.entries(module)
    .filter(([, value]) => is(value, kind))
    .map(([key]) => key)
    .sort();

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("db/tables.ts", () => {
  it("offers every table the schema declares, under the same names", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const tables = (await import("@/db/tables")) as Record<string, unknown>;
    const names = tableNames(sqliteSchema, SQLiteTable);
    expect(names.length).toBeGreaterThan(20);
    expect(Object.keys(tables).sort()).toEqual(names);
    expect(tableNames(pgSchema, PgTable)).toEqual(names);
  });

  it("gives SQLite's tables without DATABASE_URL", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const tables = await import("@/db/tables");
    expect(is(tables.events, SQLiteTable)).toBe(true);
    expect(is(tables.assessments, SQLiteTable)).toBe(true);
  });

  it("gives PostgreSQL's tables with DATABASE_URL", async () => {
    vi.stubEnv("DATABASE_URL", "postgres://signpost@127.0.0.1:5432/signpost");
    const tables = await import("@/db/tables");
    expect(is(tables.events, PgTable)).toBe(true);
    expect(is(tables.assessments, PgTable)).toBe(true);
    expect(getTableName(tables.assessments)).toBe("assessments");
  });
});
