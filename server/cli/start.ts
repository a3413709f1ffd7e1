// `npm start`: open (and migrate) the database, seed the demo on an empty one, make sure the auth
// secret exists, build the production app when the build is missing or out of date, then serve.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { DatabaseOpenError, databasePath, openDatabase } from "@/db/connection";
import { env } from "@/env";
import { authSecret } from "@/server/auth/secret";
import { seedDemo } from "@/server/demo/seed";
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

async function prepareDatabase(): Promise<void> {
  const file = databasePath();
  try {
    const { db, sqlite } = openDatabase(file);
    const seeded = await seedDemo(db);
    if (seeded.seeded) console.log("signpost: seeded the demo assessment (Russian military posture in Syria)");
    sqlite.close();
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

/** Said by `npm start` when DATABASE_URL is set: better refused than silently ignored. */
const POSTGRES_NOT_YET =
  "DATABASE_URL is set, but this version of Signpost runs on SQLite only (DATABASE_PATH): PostgreSQL " +
  "support is being built (docs/postgres.md). Unset DATABASE_URL to start on SQLite; " +
  "`npm run db:copy -- --to <url>` can already prepare the PostgreSQL database.";

function checkConfiguration(): void {
  try {
    if (env().DATABASE_URL) throw new Error(POSTGRES_NOT_YET);
    trustedProxies();
  } catch (error) {
    console.error(`signpost: ${(error as Error).message}`);
    process.exit(1);
  }
}

async function serve(): Promise<void> {
  const port = env().PORT;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // Served in this process (not `next start`), so the client's address comes from the socket.
  await serveApp(port);
  console.log(`signpost: ready on http://localhost:${port}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
}

checkConfiguration();
await prepareDatabase();
if (!process.argv.includes("--no-build")) buildIfNeeded();
serve().catch((error: unknown) => {
  console.error(`signpost: cannot serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
