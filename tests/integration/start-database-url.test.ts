// `npm start` with DATABASE_URL set runs on PostgreSQL (README "Running for a larger organisation").
// Before it serves it needs the shared AUTH_SECRET and a reachable database; when either is missing
// it stops with a message naming what to set, never shows the URL's password, and writes no SQLite
// file beside it. (Serving on a real PostgreSQL is proven by tests/e2e and the integration-pg run.)
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { onStore } from "./harness";

const run = promisify(execFile);
const URL_WITH_PASSWORD = "postgres://signpost:hunter2@127.0.0.1:1/signpost";

async function start(env: Record<string, string>): Promise<{ code?: number; stderr?: string; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-start-"));
  const file = path.join(dir, "signpost.db");
  try {
    const failed = await run("npx", ["tsx", "server/cli/start.ts", "--no-build"], {
      env: { ...process.env, AUTH_SECRET: "", DATABASE_PATH: file, DATABASE_URL: URL_WITH_PASSWORD, ...env },
      encoding: "utf8",
      timeout: 60_000,
    }).then(
      (): { code?: number; stderr?: string } => ({ code: 0 }),
      (error: { code?: number; stderr?: string }) => error,
    );
    return { code: failed.code, stderr: failed.stderr, file: fs.existsSync(file) ? file : "" };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

onStore("sqlite")("npm start with DATABASE_URL", () => {
  it("refuses to start without the AUTH_SECRET every instance must share, and writes no SQLite file", async () => {
    const outcome = await start({});
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("DATABASE_URL is set, so instances may share the database: set AUTH_SECRET too");
    expect(outcome.stderr).not.toContain("hunter2");
    expect(outcome.file).toBe("");
  });

  it("names the database it cannot reach, without its password, and writes no SQLite file", async () => {
    const outcome = await start({ AUTH_SECRET: "signpost-start-test-secret-0123456789abcdef" });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(
      "cannot prepare the PostgreSQL database at postgres://signpost@127.0.0.1:1/signpost",
    );
    expect(outcome.stderr).not.toContain("hunter2");
    expect(outcome.file).toBe("");
  });
});
