// `npm run backup` takes a consistent copy while another connection writes; restoring that copy
// brings back exactly the backed-up state: later changes are gone, everything before is intact.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/schema";
import { commitChange } from "@/server/assessments/commit";
import { loadAssessmentState } from "@/server/assessments/store";
import { backupDatabase } from "@/server/cli/backup";
import { seedDemo } from "@/server/demo/seed";
import { onStore } from "./harness";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

onStore("sqlite")("online backup and restore", () => {
  it("backs up while the app writes, and a restore drops only what came after", async () => {
    const live = path.join(dir, "live.db");
    const connection = openDatabase(live);
    const { db } = connection;
    await seedDemo(db);
    const assessment = first(await db.select().from(t.assessments));
    if (!assessment) throw new Error("demo missing");
    const before = await loadAssessmentState(db, assessment.id);
    if (!before) throw new Error("state missing");

    // Writes keep landing while the backup copies pages.
    let version = before.version;
    const writer = setInterval(async () => {
      version = (
        await commitChange(db, {
          assessmentId: assessment.id,
          baseVersion: version,
          actor: { id: null, name: "Writer" },
          change: { type: "assessment.update", handling: `during backup ${version}` },
        })
      ).state.version;
    }, 1);
    const backupFile = path.join(dir, "backups", "copy.db");
    const result = await backupDatabase(live, backupFile);
    clearInterval(writer);
    expect(result.pages).toBeGreaterThan(0);

    const copy = openDatabase(backupFile);
    const backedUp = await loadAssessmentState(copy.db, assessment.id);
    copy.close();
    if (!backedUp) throw new Error("backup lacks the assessment");
    expect(backedUp.version).toBeGreaterThanOrEqual(before.version);

    // A change after the backup…
    const after = (
      await commitChange(db, {
        assessmentId: assessment.id,
        baseVersion: version,
        actor: { id: null, name: "Writer" },
        change: { type: "assessment.update", title: "Changed after the backup" },
      })
    ).state;
    expect(after.title).toBe("Changed after the backup");
    connection.close();

    // …is gone after restoring: stop the app, copy the backup over the file, drop the WAL files.
    fs.copyFileSync(backupFile, live);
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${live}${suffix}`, { force: true });
    const restored = openDatabase(live);
    const state = await loadAssessmentState(restored.db, assessment.id);
    expect(restored.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(state?.title).toBe(before.title);
    expect(state).toEqual(backedUp);
    expect(state?.indicators).toHaveLength(before.indicators.length);
    expect(state?.evidence).toHaveLength(before.evidence.length);
    restored.close();
  });

  it("refuses to back up onto the database itself or from a missing file", async () => {
    const live = path.join(dir, "other.db");
    openDatabase(live).close();
    await expect(backupDatabase(live, live)).rejects.toThrow(/must not be the database itself/);
    await expect(backupDatabase(path.join(dir, "missing.db"), path.join(dir, "x.db"))).rejects.toThrow(/No database/);
  });
});
