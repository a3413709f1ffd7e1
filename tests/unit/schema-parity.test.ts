// The SQLite schema (db/schema.ts) and its PostgreSQL twin (db/schema-pg.ts) must declare the same
// tables, columns (name, nullability, default, type family, enum), primary keys, foreign keys,
// uniques, CHECKs and indexes, so the two stores cannot drift. Read from Drizzle's own table configs;
// CHECK expressions are rendered by each dialect and compared once quotes and table prefixes go.
import { is, SQL, sql } from "drizzle-orm";
import {
  PgDialect,
  PgTable,
  check as pgCheck,
  getTableConfig as pgConfig,
  integer as pgInteger,
  pgTable,
  text as pgText,
  timestamp as pgTimestamp,
} from "drizzle-orm/pg-core";
import { getTableConfig as liteConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "@/db/schema";
import * as pgSchema from "@/db/schema-pg";

/** A column's type as the domain sees it: the same family must read back as the same JS value. */
const FAMILY: Record<string, string> = {
  SQLiteText: "text",
  PgText: "text",
  SQLiteTextJson: "json",
  PgJson: "json",
  SQLiteInteger: "integer",
  PgInteger: "integer",
  PgBigInt53: "integer",
  SQLiteTimestamp: "timestamp",
  PgTimestamp: "timestamp",
  SQLiteBoolean: "boolean",
  PgBoolean: "boolean",
  SQLiteReal: "float",
  PgDoublePrecision: "float",
};

/** CHECKs whose SQL differs by dialect on purpose: both spellings are pinned here, so neither drifts. */
const DIALECT_CHECKS: Record<string, { sqlite: string; pg: string }> = {
  scenarios_color: {
    sqlite: "color glob '#[0-9a-fa-f][0-9a-fa-f][0-9a-fa-f][0-9a-fa-f][0-9a-fa-f][0-9a-fa-f]'",
    pg: "color ~ '^#[0-9a-fa-f]{6}$'",
  },
};

type AnyTable = SQLiteTable | PgTable;

/** One dialect's SQL for `value`, with quotes, table prefixes, case and spacing normalised. */
function expression(value: SQL, dialect: SQLiteSyncDialect | PgDialect, table: string): string {
  return dialect
    .sqlToQuery(value)
    .sql.replaceAll(`"${table}".`, "")
    .replace(/["`]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** What a table declares, as plain data both dialects describe alike. */
function describeTable(table: AnyTable) {
  const lite = is(table, SQLiteTable);
  const cfg = lite ? liteConfig(table as SQLiteTable) : pgConfig(table as PgTable);
  const dialect = lite ? new SQLiteSyncDialect() : new PgDialect();
  const checks: Record<string, string> = {};
  for (const c of cfg.checks) {
    const text = expression(c.value, dialect, cfg.name);
    const pinned = DIALECT_CHECKS[c.name];
    // A dialect-specific CHECK must read exactly as pinned; it then compares by name.
    checks[c.name] = pinned ? (text === pinned[lite ? "sqlite" : "pg"] ? "(pinned)" : `unpinned: ${text}`) : text;
  }
  return {
    name: cfg.name,
    columns: Object.fromEntries(
      cfg.columns.map((c) => [
        c.name,
        {
          family: FAMILY[c.columnType] ?? `unmapped ${c.columnType}`,
          notNull: c.notNull,
          hasDefault: c.hasDefault,
          // A literal default must match; a computed one (the current time) is each dialect's own SQL.
          default: c.default === undefined ? null : is(c.default, SQL) ? "(sql)" : c.default,
          primary: c.primary,
          unique: c.isUnique ? (c.uniqueName ?? true) : false,
          enum: c.enumValues ?? null,
        },
      ]),
    ),
    primaryKeys: cfg.primaryKeys.map((k) => k.columns.map((c) => c.name)),
    foreignKeys: cfg.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: ref.columns.map((c) => c.name),
          target: (lite ? liteConfig(ref.foreignTable as SQLiteTable) : pgConfig(ref.foreignTable as PgTable)).name,
          targetColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
          onUpdate: fk.onUpdate ?? "no action",
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    uniques: cfg.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns.map((c) => c.name) })),
    checks,
    indexes: Object.fromEntries(
      cfg.indexes.map((i) => [
        i.config.name,
        {
          unique: i.config.unique,
          columns: i.config.columns.map((c) => (c as { name?: string }).name ?? "(expression)"),
          where: i.config.where ? expression(i.config.where, dialect, cfg.name) : null,
        },
      ]),
    ),
  };
}

function tablesOf(schema: Record<string, unknown>): Map<string, AnyTable> {
  return new Map(
    Object.entries(schema).filter((e): e is [string, AnyTable] => is(e[1], SQLiteTable) || is(e[1], PgTable)),
  );
}

/** Every way the two schemas disagree, one line each; [] when they declare the same. */
function schemaDifferences(lite: Map<string, AnyTable>, pg: Map<string, AnyTable>): string[] {
  const out: string[] = [];
  for (const key of lite.keys()) if (!pg.has(key)) out.push(`table ${key}: only in SQLite`);
  for (const key of pg.keys()) if (!lite.has(key)) out.push(`table ${key}: only in PostgreSQL`);
  for (const [key, liteTable] of lite) {
    const pgTableValue = pg.get(key);
    if (!pgTableValue) continue;
    const a = describeTable(liteTable);
    const b = describeTable(pgTableValue);
    if (a.name !== b.name) out.push(`table ${key}: named '${a.name}' in SQLite, '${b.name}' in PostgreSQL`);
    for (const name of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])) {
      const x = a.columns[name];
      const y = b.columns[name];
      if (!x || !y) out.push(`${a.name}.${name}: only in ${x ? "SQLite" : "PostgreSQL"}`);
      else if (JSON.stringify(x) !== JSON.stringify(y)) {
        out.push(`${a.name}.${name}: SQLite ${JSON.stringify(x)} vs PostgreSQL ${JSON.stringify(y)}`);
      }
    }
    for (const part of ["primaryKeys", "foreignKeys", "uniques"] as const) {
      if (JSON.stringify(a[part]) !== JSON.stringify(b[part])) {
        out.push(`${a.name} ${part}: SQLite ${JSON.stringify(a[part])} vs PostgreSQL ${JSON.stringify(b[part])}`);
      }
    }
    for (const part of ["checks", "indexes"] as const) {
      const x: Record<string, unknown> = a[part];
      const y: Record<string, unknown> = b[part];
      for (const name of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (JSON.stringify(x[name]) !== JSON.stringify(y[name])) {
          out.push(
            `${a.name} ${part} ${name}: SQLite ${JSON.stringify(x[name])} vs PostgreSQL ${JSON.stringify(y[name])}`,
          );
        }
      }
    }
  }
  return out;
}

const liteTables = tablesOf(sqliteSchema);
const pgTables = tablesOf(pgSchema);

describe("SQLite and PostgreSQL schemas", () => {
  it("declare the same tables, columns, keys, uniques, CHECKs and indexes", () => {
    expect(liteTables.size).toBeGreaterThan(20);
    expect(schemaDifferences(liteTables, pgTables)).toEqual([]);
  });

  it("compare something real: every table has columns, and the CHECKs and indexes are all seen", () => {
    const described = [...liteTables.values()].map(describeTable);
    const checks = described.flatMap((t) => Object.keys(t.checks));
    const indexes = described.flatMap((t) => Object.keys(t.indexes));
    expect(described.every((t) => Object.keys(t.columns).length >= 2)).toBe(true);
    expect(checks).toContain("expectations_value");
    expect(checks).toContain("scenarios_color");
    expect(checks.length).toBeGreaterThan(30);
    expect(indexes).toContain("invitations_pending_uq");
    expect(described.flatMap((t) => Object.values(t.columns)).some((c) => c.family.startsWith("unmapped"))).toBe(false);
  });

  it("both spell the dialect-specific CHECK as pinned (a changed glob or regex is caught)", () => {
    expect(describeTable(sqliteSchema.scenarios).checks.scenarios_color).toBe("(pinned)");
    expect(describeTable(pgSchema.scenarios).checks.scenarios_color).toBe("(pinned)");
  });
});

// ── Probes: the comparison fails when one side changes ──────────────────────
// A copy of `teams` in pg-core, identical but for what each probe changes: the comparison must name
// exactly that change.

function teamsCopy(
  change: "none" | "extra column" | "nullable name" | "other default" | "check dropped" | "check changed",
): PgTable {
  const copy = pgTable(
    "teams",
    {
      id: pgText("id").primaryKey(),
      name: change === "nullable name" ? pgText("name") : pgText("name").notNull(),
      staleAfterDays: pgInteger("stale_after_days")
        .notNull()
        .default(change === "other default" ? 30 : 14),
      createdAt: pgTimestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
      ...(change === "extra column" ? { motto: pgText("motto") } : {}),
    },
    (t) => [
      pgCheck("teams_name_len", sql`length(${t.name}) between 1 and 120`),
      ...(change === "check dropped"
        ? []
        : [
            pgCheck(
              "teams_stale_range",
              change === "check changed"
                ? sql`${t.staleAfterDays} between 1 and 366`
                : sql`${t.staleAfterDays} between 1 and 365`,
            ),
          ]),
    ],
  );
  return copy as unknown as PgTable;
}

function withTeams(copy: PgTable): Map<string, AnyTable> {
  return new Map([...pgTables].map(([key, table]) => [key, key === "teams" ? copy : table]));
}

describe("the parity check itself", () => {
  it("finds no difference with a faithful copy of a table (the probe below starts from agreement)", () => {
    expect(schemaDifferences(liteTables, withTeams(teamsCopy("none")))).toEqual([]);
  });

  it("fails when a column is added to one side only, naming it", () => {
    expect(schemaDifferences(liteTables, withTeams(teamsCopy("extra column")))).toEqual([
      "teams.motto: only in PostgreSQL",
    ]);
  });

  it("fails on nullability, a default, a dropped CHECK and a changed CHECK", () => {
    expect(schemaDifferences(liteTables, withTeams(teamsCopy("other default")))).toEqual([
      expect.stringMatching(/^teams\.stale_after_days: SQLite .*"default":14.* vs PostgreSQL .*"default":30/),
    ]);
    expect(schemaDifferences(liteTables, withTeams(teamsCopy("nullable name")))).toEqual([
      expect.stringMatching(/^teams\.name: SQLite .*"notNull":true.* vs PostgreSQL .*"notNull":false/),
    ]);
    expect(schemaDifferences(liteTables, withTeams(teamsCopy("check dropped")))).toEqual([
      expect.stringMatching(/^teams checks teams_stale_range: SQLite ".*between 1 and 365" vs PostgreSQL undefined/),
    ]);
    expect(schemaDifferences(liteTables, withTeams(teamsCopy("check changed")))).toEqual([
      expect.stringMatching(/^teams checks teams_stale_range: .*365.* vs PostgreSQL .*366/),
    ]);
  });

  it("fails when a table exists on one side only", () => {
    const fewer = new Map(pgTables);
    fewer.delete("rounds");
    expect(schemaDifferences(liteTables, fewer)).toEqual(["table rounds: only in SQLite"]);
  });
});
