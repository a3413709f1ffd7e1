// docs/postgres.md, "The plan: one asynchronous domain layer": domain code awaits its queries
// (`await db.select()…`, `first(await …)` for one row, `await db.insert()…`), which runs on
// better-sqlite3 and node-postgres alike. better-sqlite3's synchronous `.all()`, `.get()` and
// `.run()` do not exist on node-postgres, so none may come back into server/. The files that still
// hold some are listed below, each with its reason and its count, so the list can only shrink.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** `.all()`, `.get()` or `.run()` with no argument, possibly on its own line after a builder chain. */
const SYNC_CALL = /\.\s*(all|get|run)\(\s*\)/g;

const REASON = {
  cli: "a command-line tool that reads the SQLite file itself (rowid pages, a read transaction), not the domain layer",
} as const;

/** File (from the repository root) → how many synchronous calls it may still hold, and why. */
const ALLOWED: Record<string, { count: number; reason: string }> = {
  // ALLOWED-LIST-START
  "server/cli/db-copy-verify.ts": { count: 1, reason: REASON.cli },
  "server/cli/db-copy.ts": { count: 3, reason: REASON.cli },
  // ALLOWED-LIST-END
};

function serverFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return serverFiles(rel);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [rel] : [];
  });
}

function syncCalls(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(SYNC_CALL)].map((m) => {
    const line = text.slice(0, m.index).split("\n").length;
    return `${file}:${line} .${m[1]}()`;
  });
}

describe("queries in server/ are awaited, not run synchronously", () => {
  const files = serverFiles("server");

  it("finds the server files and recognises a synchronous call (a scan that matches nothing passes anything)", () => {
    expect(files.length).toBeGreaterThan(100);
    const sample = "const rows = db\n  .select()\n  .from(t.teams)\n  .all();\nconst one = q.get( );\nq.run();";
    expect([...sample.matchAll(SYNC_CALL)].map((m) => m[1])).toEqual(["all", "get", "run"]);
    expect([..."map.get(key); set.all(x); first(await q);".matchAll(SYNC_CALL)]).toEqual([]);
  });

  it("has no synchronous query outside the allow-list", () => {
    const found = files.filter((f) => !(f in ALLOWED)).flatMap(syncCalls);
    expect(found, "await the query instead: `await q`, `first(await q)` (db/first.ts)").toEqual([]);
  });

  it("keeps each allowed file at its count, so the list only shrinks", () => {
    const wrong = Object.entries(ALLOWED)
      .map(([file, { count }]) => ({
        file,
        count,
        now: fs.existsSync(path.join(root, file)) ? syncCalls(file).length : 0,
      }))
      .filter(({ count, now }) => count !== now)
      .map(({ file, count, now }) =>
        now < count
          ? `${file}: ${now} left, lower its count from ${count} (remove the entry at 0)`
          : `${file}: ${now} synchronous calls, ${count} allowed; await the new ones`,
      );
    expect(wrong).toEqual([]);
  });

  it("names a reason for every allowed file", () => {
    expect(Object.entries(ALLOWED).filter(([, { reason }]) => reason.length < 20)).toEqual([]);
  });
});
