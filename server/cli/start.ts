// `npm start`: open (and migrate) the database, seed the demo on an empty one, make sure the auth
// secret exists, build the production app when the build is missing or out of date, then serve.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { DatabaseOpenError, databasePath, getDb, getPgConnection, openDatabase, usesPostgres } from "@/db/connection";
import { migratePg, withStartLock } from "@/db/connection-pg";
import { env } from "@/env";
import { authSecret } from "@/server/auth/secret";
import { seedDemo } from "@/server/demo/seed";
import { startLiveNotices } from "@/server/live";
import { trustedProxies } from "@/server/net/client-address";
import { serveApp } from "./serve";

const root = process.cwd();
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const BUILD_STAMP = path.join(root, ".next", "signpost-source-hash");
const SOURCE_ENTRIES = [
  "app",
  "server",
  "shared",
  "db",
  "package.json",
  "package-lock.json",
  "next.config.js",
  "tsconfig.json",
  "postcss.config.mjs",
  "proxy.ts",
  "env.ts",
];

function hashSources(): string {
  const hash = crypto.createHash("sha256");
  const walk = (p: string) => {
    const full = path.join(root, p);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) walk(path.join(p, name));
    } else {
      hash.update(p);
      hash.update(fs.readFileSync(full));
    }
  };
  for (const entry of SOURCE_ENTRIES) walk(entry);
  return hash.digest("hex");
}

function buildIfNeeded(): void {
  const current = hashSources();
  const built =
    fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(BUILD_STAMP)
      ? fs.readFileSync(BUILD_STAMP, "utf8")
      : "";
  if (built === current) return;
  console.log("signpost: building the production app (first start or changed sources)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    console.error("signpost: the build failed; see the messages above.");
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(BUILD_STAMP, current);
  console.log(`signpost: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function prepareSqlite(): Promise<void> {
  const file = databasePath();
  try {
    const connection = openDatabase(file);
    const seeded = await seedDemo(connection.db);
    if (seeded.seeded) console.log("signpost: seeded the demo assessment (Russian military posture in Syria)");
    connection.close();
  } catch (error) {
    const message =
      error instanceof DatabaseOpenError
        ? error.message
        : `Cannot prepare database file '${file}': ${String(error instanceof Error ? error.message : error)}`;
    console.error(`signpost: ${message}`);
    process.exit(1);
  }
  try {
    authSecret();
  } catch (error) {
    console.error(`signpost: cannot create the auth secret beside '${file}': ${(error as Error).message}`);
    process.exit(1);
  }
}

/**
 * PostgreSQL: applies the migrations and seeds the demo on an empty database, holding an advisory
 * lock meanwhile, so instances started together neither migrate at once nor seed the demo twice.
 */
async function preparePostgres(): Promise<void> {
  const connection = getPgConnection();
  try {
    const seeded = await withStartLock(connection.url, async () => {
      await migratePg(connection.db);
      return await seedDemo(getDb());
    });
    if (seeded.seeded) console.log("signpost: seeded the demo assessment (Russian military posture in Syria)");
    console.log(`signpost: using PostgreSQL at ${connection.label}`);
  } catch (error) {
    console.error(
      `signpost: cannot prepare the PostgreSQL database at ${connection.label}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}

/** Every instance must sign and read the same cookies: one secret, given to each. */
const POSTGRES_NEEDS_SECRET =
  "DATABASE_URL is set, so instances may share the database: set AUTH_SECRET too (at least 32 characters, the same on " +
  "every instance, e.g. the output of `openssl rand -base64 32`), or sessions signed by one instance fail on another.";

function checkConfiguration(): void {
  try {
    if (usesPostgres() && !env().AUTH_SECRET) throw new Error(POSTGRES_NEEDS_SECRET);
    trustedProxies();
  } catch (error) {
    console.error(`signpost: ${(error as Error).message}`);
    process.exit(1);
  }
}

async function serve(): Promise<void> {
  const port = env().PORT;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // Listening for the other instances before the first request, not at the first page that follows.
  await startLiveNotices();
  // Served in this process (not `next start`), so the client's address comes from the socket.
  await serveApp(port);
  console.log(`signpost: ready on http://localhost:${port}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
}

checkConfiguration();
if (usesPostgres()) await preparePostgres();
else await prepareSqlite();
if (!process.argv.includes("--no-build")) buildIfNeeded();
serve().catch((error: unknown) => {
  console.error(`signpost: cannot serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
