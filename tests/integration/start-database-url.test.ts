// `npm start` with DATABASE_URL set, before the app runs on PostgreSQL (docs/postgres.md): it stops
// with a message naming the variable and what to do, rather than ignoring it and writing to SQLite.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("npm start with DATABASE_URL", () => {
  it("refuses to start, names the variable, never shows the password, and writes no SQLite file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-start-"));
    try {
      const file = path.join(dir, "signpost.db");
      const failed = await run("npx", ["tsx", "server/cli/start.ts", "--no-build"], {
        env: { ...process.env, DATABASE_PATH: file, DATABASE_URL: "postgres://signpost:hunter2@127.0.0.1:1/signpost" },
        encoding: "utf8",
      }).then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain("DATABASE_URL is set, but this version of Signpost runs on SQLite only");
      expect(failed?.stderr).toContain("Unset DATABASE_URL");
      expect(failed?.stderr).not.toContain("hunter2");
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
