// `npm run backup` on PostgreSQL (DATABASE_URL set): there is no file to copy, so the backup is
// PostgreSQL's own, `pg_dump` in its custom format (restored with `pg_restore`). When pg_dump is on
// PATH it is run; otherwise the command is printed. The password never appears in a printed line or
// in pg_dump's arguments (which `ps` shows): it goes to pg_dump through PGPASSWORD.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface PgDumpPlan {
  /** pg_dump's arguments: the URL in them has no password. */
  args: string[];
  /** PGPASSWORD when the URL carries a password. */
  env: Record<string, string>;
  /** The command as a person would type it (no password), for messages. */
  shown: string;
  /** host:port/database, for messages. */
  target: string;
}

/** The URL without its password (user, host, port, database and parameters kept). */
export function urlWithoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = "";
  return parsed.toString();
}

export function pgDumpPlan(databaseUrl: string, destination: string): PgDumpPlan {
  const parsed = new URL(databaseUrl);
  const password = decodeURIComponent(parsed.password);
  const dbname = urlWithoutPassword(databaseUrl);
  const file = path.resolve(destination);
  const args = ["--format=custom", `--file=${file}`, `--dbname=${dbname}`];
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "(the user's database)";
  return {
    args,
    env: password ? { PGPASSWORD: password } : {},
    shown: `pg_dump ${args.map(quote).join(" ")}`,
    target: `${parsed.hostname}:${parsed.port || "5432"}/${database}`,
  };
}

/** What to do by hand (printed when pg_dump is missing or fails). */
export function pgBackupGuidance(plan: PgDumpPlan): string {
  return [
    `DATABASE_URL is set: Signpost's data is in PostgreSQL (${plan.target}), not in a file, so back it up with PostgreSQL's tools:`,
    `  ${plan.shown}`,
    "(the password from PGPASSWORD or ~/.pgpass; pg_dump must be as new as the server). Restore into an empty database with",
    "  pg_restore --no-owner --dbname=postgres://…/<empty database> <file>",
    "or let your database team's backups (base backups with WAL archiving) cover it. README: Running for a larger organisation.",
  ].join("\n");
}

/** The pg_dump on PATH, or null. */
export function findPgDump(searchPath = process.env.PATH ?? ""): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, "pg_dump");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

export type PgBackupOutcome =
  | { ran: true; file: string; bytes: number; entries: number }
  | { ran: false; reason: string; guidance: string };

/**
 * Runs pg_dump into `destination` and checks the archive reads back (`pg_restore --list`).
 * Without pg_dump on PATH, or when it fails, says why and what to run instead.
 */
export function backupPostgres(databaseUrl: string, destination: string): PgBackupOutcome {
  const plan = pgDumpPlan(databaseUrl, destination);
  const guidance = pgBackupGuidance(plan);
  const pgDump = findPgDump();
  if (!pgDump) return { ran: false, reason: "pg_dump is not on PATH", guidance };
  const file = path.resolve(destination);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const env = { ...process.env, ...plan.env };
  const dump = spawnSync(pgDump, plan.args, { env, encoding: "utf8" });
  if (dump.status !== 0) {
    fs.rmSync(file, { force: true });
    const said = (dump.stderr || dump.error?.message || `exit code ${dump.status}`).trim();
    return { ran: false, reason: `pg_dump failed: ${said}`, guidance };
  }
  const list = spawnSync(path.join(path.dirname(pgDump), "pg_restore"), ["--list", file], { encoding: "utf8" });
  if (list.status !== 0) {
    return { ran: false, reason: `pg_restore cannot read the dump: ${(list.stderr || "").trim()}`, guidance };
  }
  const entries = list.stdout.split("\n").filter((line) => /^\d+;/.test(line)).length;
  return { ran: true, file, bytes: fs.statSync(file).size, entries };
}
