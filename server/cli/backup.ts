// `npm run backup -- <file>`: a consistent online copy of the database while the app runs, through
// SQLite's backup API (pages are copied in steps; writers are not blocked for the whole copy). With
// DATABASE_URL set there is no file: pg_dump makes the backup (server/cli/backup-pg.ts).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databasePath } from "@/db/connection";
import { env } from "@/env";
import { backupPostgres } from "./backup-pg";

export async function backupDatabase(source: string, destination: string): Promise<{ pages: number; bytes: number }> {
  if (!fs.existsSync(source)) throw new Error(`No database at '${source}'`);
  const target = path.resolve(destination);
  if (target === path.resolve(source)) throw new Error("The backup file must not be the database itself");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const result = await db.backup(target);
    const check = new Database(target, { readonly: true });
    try {
      const ok = check.pragma("integrity_check", { simple: true });
      if (ok !== "ok") throw new Error(`The backup failed its integrity check: ${String(ok)}`);
    } finally {
      check.close();
    }
    return { pages: result.totalPages, bytes: fs.statSync(target).size };
  } finally {
    db.close();
  }
}

async function main() {
  const destination = process.argv[2];
  if (!destination) {
    console.error("usage: npm run backup -- <file>   (e.g. npm run backup -- backups/signpost-2025-01-31.db)");
    process.exit(2);
  }
  let databaseUrl: string | undefined;
  try {
    databaseUrl = env().DATABASE_URL;
  } catch (error) {
    console.error(`signpost: ${(error as Error).message}`);
    process.exit(1);
  }
  if (databaseUrl) {
    const outcome = backupPostgres(databaseUrl, destination);
    if (outcome.ran) {
      console.log(
        `signpost: backed up the PostgreSQL database to ${outcome.file} with pg_dump (custom format, ${outcome.entries} entries, ${(outcome.bytes / 1024).toFixed(0)} KiB; restore with pg_restore)`,
      );
      return;
    }
    console.error(`signpost: backup not made: ${outcome.reason}\n${outcome.guidance}`);
    process.exit(1);
  }
  try {
    const source = databasePath();
    const { pages, bytes } = await backupDatabase(source, destination);
    console.log(
      `signpost: backed up ${source} to ${path.resolve(destination)} (${pages} pages, ${(bytes / 1024).toFixed(0)} KiB, integrity ok)`,
    );
  } catch (error) {
    console.error(`signpost: backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
