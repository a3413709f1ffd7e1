// `npm run backup` with DATABASE_URL set: it runs pg_dump (custom format) instead of copying a SQLite
// file, the dump restores with pg_restore into an empty database with the rows intact, and no line it
// prints carries the URL's password; without pg_dump on PATH, or when pg_dump fails, it prints the
// command to run (host, port, database; no password), makes no file and exits 1.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/connection";
import { openPgPool } from "@/db/connection-pg";
import { findPgDump, pgDumpPlan } from "@/server/cli/backup-pg";
import { emptyPgDatabase, migratedPgDatabase, pgAdminUrl } from "./support";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-pg-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PASSWORD = "not-for-printing-7f3a";

/** The URL with a password added (the test cluster trusts local connections, so it is accepted and unused). */
function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = PASSWORD;
  return parsed.toString();
}

/** `npm run backup -- <file>` as a process, with the given environment on top of ours. */
function backup(file: string, extra: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server/cli/backup.ts", file], {
    env: { ...process.env, ...extra },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A SQLite file at DATABASE_PATH, so a backup that copied it instead would be noticed. */
function sqliteDecoy(): string {
  const file = path.join(dir, `decoy-${Math.random().toString(36).slice(2)}.db`);
  openDatabase(file).sqlite.close();
  return file;
}

describe.skipIf(!pgAdminUrl || !findPgDump())("npm run backup on PostgreSQL", () => {
  it("dumps with pg_dump, and the dump restores into an empty database", async () => {
    const source = await migratedPgDatabase("backup");
    await source.pool.query("insert into teams (id, name) values ('team-b1', 'Backed up team')");
    await source.close();
    const file = path.join(dir, "dumps", "signpost.dump");

    const { status, output } = backup(file, { DATABASE_URL: withPassword(source.url), DATABASE_PATH: sqliteDecoy() });
    expect(output).toContain("with pg_dump");
    expect(status).toBe(0);
    expect(output).not.toContain(PASSWORD);
    const head = fs.readFileSync(file).subarray(0, 5).toString("latin1");
    expect(head).toBe("PGDMP"); // pg_dump's custom format, not a SQLite file

    const target = await emptyPgDatabase("restored");
    const restore = spawnSync("pg_restore", ["--no-owner", `--dbname=${target}`, file], { encoding: "utf8" });
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);
    const restored = openPgPool(target);
    try {
      const teams = await restored.pool.query("select id, name from teams");
      expect(teams.rows).toEqual([{ id: "team-b1", name: "Backed up team" }]);
      // The append-only trigger came back with the schema.
      const triggers = await restored.pool.query(
        "select count(*)::int as n from pg_trigger where tgrelid = 'events'::regclass and not tgisinternal",
      );
      expect(triggers.rows[0].n).toBeGreaterThan(0);
    } finally {
      await restored.close();
    }
  });

  it("without pg_dump on PATH prints the command (no password), makes no file and exits 1", async () => {
    const url = withPassword(await emptyPgDatabase("nodump"));
    const file = path.join(dir, "missing-tool.dump");
    const { status, output } = backup(file, { DATABASE_URL: url, DATABASE_PATH: sqliteDecoy(), PATH: "" });
    expect(status).toBe(1);
    expect(output).toContain("pg_dump is not on PATH");
    const { hostname, port, pathname } = new URL(url);
    expect(output).toContain(`${hostname}:${port}${pathname}`);
    expect(output).toContain(`pg_dump --format=custom --file=${file} --dbname=postgres://postgres@${hostname}:${port}`);
    expect(output).toContain("pg_restore");
    expect(output).not.toContain(PASSWORD);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("when pg_dump fails says why, leaves no file and exits 1", () => {
    const url = `postgres://signpost:${PASSWORD}@127.0.0.1:1/signpost`;
    const file = path.join(dir, "failed.dump");
    const { status, output } = backup(file, { DATABASE_URL: url, DATABASE_PATH: sqliteDecoy() });
    expect(status).toBe(1);
    expect(output).toContain("pg_dump failed");
    expect(output).toContain("127.0.0.1:1/signpost");
    expect(output).not.toContain(PASSWORD);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("passes the password through the environment, never as an argument", () => {
    const plan = pgDumpPlan(
      `postgres://app:${encodeURIComponent("p@ss word")}@db.example:6543/sp?sslmode=require`,
      "x.dump",
    );
    expect(plan.env).toEqual({ PGPASSWORD: "p@ss word" });
    expect(plan.args.join(" ")).not.toContain("p@ss");
    expect(plan.args).toContain("--dbname=postgres://app@db.example:6543/sp?sslmode=require");
    expect(plan.target).toBe("db.example:6543/sp");
    expect(pgDumpPlan("postgres://app@db/sp", "x.dump").env).toEqual({});
  });
});
