// Spreadsheet figures (issue 16): the demo as an Excel workbook (cold = loading exceljs and the
// first render in this process; warm = the median after), and a Signpost workbook of a
// 12 × 300 × 3,000 assessment exported and imported as a new assessment, on temporary SQLite files.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/connection";
import * as t from "@/db/schema";
import { checkAssessmentAccess } from "@/server/access";
import { seedDemo } from "@/server/demo/seed";
import { buildBrief } from "@/server/export/brief";
import { importKey } from "@/server/export/json/write-import";
import { clearHits } from "@/server/rate-limit";
import { benchWorld, createLargeAssessment } from "./fixtures";
import { median } from "./stats";
import type { BenchRow } from "./types";

async function wall<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

function row(name: string, value: number, target?: number, unit = "ms"): BenchRow {
  return target === undefined
    ? { stage: "sheets", name, value, unit }
    : { stage: "sheets", name, value, unit, target: `<= ${target} ${unit}`, met: value <= target };
}

export async function sheetsBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-bench-sheets-"));
  const conn = openDatabase(path.join(dir, "bench.db"));
  try {
    const seeded = await seedDemo(conn.db);
    if (!seeded.teamId || !seeded.assessmentId) throw new Error("The demo was not seeded");
    const userId = crypto.randomUUID();
    const now = new Date();
    conn.db
      .insert(t.user)
      .values({ id: userId, name: "Bench Viewer", email: "bench-viewer@example.org", createdAt: now, updatedAt: now })
      .run();
    conn.db.insert(t.members).values({ teamId: seeded.teamId, userId, role: "viewer" }).run();
    const demoId = seeded.assessmentId;
    // What the route does for format=xlsx: the moment, then the workbook (server/export/files.ts).
    const demoWorkbook = async () => {
      const access = await checkAssessmentAccess(conn.db, userId, demoId);
      const { workbookAt } = await import("@/server/export/workbook/export");
      return workbookAt(access, (await buildBrief(access)).asOf);
    };
    const cold = await wall(demoWorkbook);
    const warm: number[] = [];
    for (let k = 0; k < 9; k++) warm.push((await wall(demoWorkbook)).ms);
    rows.push(
      row("XLSX of the demo, cold (module load + brief moment + first workbook)", cold.ms, 1500),
      row("XLSX of the demo, warm, median", median(warm), 300),
      row("XLSX of the demo, size", cold.value.length / 1024, undefined, "KB"),
    );
  } finally {
    conn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const world = benchWorld();
  try {
    const assessmentId = await createLargeAssessment(world);
    const { workbookAt } = await import("@/server/export/workbook/export");
    const { importWorkbook } = await import("@/server/export/workbook/import");
    const access = await checkAssessmentAccess(world.conn.db, world.userId, assessmentId);
    const exported = await wall(async () => workbookAt(access, (await buildBrief(access)).asOf));
    const bytes = new Uint8Array(exported.value);
    const actor = { id: world.userId, name: "Bench Analyst" };
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      await clearHits(world.conn.db, importKey(world.userId));
      times.push(
        (await wall(() => importWorkbook(world.conn.db, actor, world.teamId, bytes, "large.xlsx", { mode: "create" })))
          .ms,
      );
    }
    rows.push(
      row("XLSX export of 12×300×3000 (moment + workbook)", exported.ms),
      row("XLSX size of 12×300×3000", bytes.length / 1e6, undefined, "MB"),
      row("Workbook import of 12×300×3000 (read + check + one create change), median", median(times), 3000),
    );
  } finally {
    world.cleanup();
  }
  return rows;
}
