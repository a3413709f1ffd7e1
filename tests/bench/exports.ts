// Export figures (issue 6): the demo brief as PDF and Word (cold = module load + first render in
// this process, so they run first), PowerPoint (cold in a process of its own), Markdown and CSV,
// and the JSON export and import of a 12 × 300 × 3000 assessment, each on a temporary SQLite file.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/connection";
import * as t from "@/db/schema";
import { checkAssessmentAccess } from "@/server/access";
import { seedDemo } from "@/server/demo/seed";
import { type Brief, buildBrief } from "@/server/export/brief";
import { evidenceCsv, matrixCsv } from "@/server/export/csv";
import { exportAssessment } from "@/server/export/json/export";
import { importAssessment } from "@/server/export/json/write-import";
import { renderMarkdown } from "@/server/export/markdown";
import { momentView } from "@/server/history/compare";
import { benchWorld, createLargeAssessment } from "./fixtures";
import { median } from "./stats";
import type { BenchRow } from "./types";

/** Wall time and CPU time (user + system) of one call, in ms. */
async function timed<T>(run: () => Promise<T> | T): Promise<{ wall: number; cpu: number; value: T }> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

async function medianOf(runs: number, run: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(run)).wall);
  return median(times);
}

function row(name: string, value: number, target?: number): BenchRow {
  return target === undefined
    ? { stage: "exports", name, value, unit: "ms" }
    : { stage: "exports", name, value, unit: "ms", target: `<= ${target} ms`, met: value <= target };
}

/** Loading the PowerPoint renderer and rendering `brief` once, in a fresh process (pptx-cold.ts). */
function pptxColdInOwnProcess(brief: Brief, dir: string): { wall: number; cpu: number } {
  const file = path.join(dir, "brief.json");
  fs.writeFileSync(file, JSON.stringify(brief));
  const script = path.resolve("tests/bench/pptx-cold.ts");
  const out = execFileSync(process.execPath, ["--import", "tsx", script, file], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as { wall: number; cpu: number };
}

/** The seeded demo in a temporary database, with a viewer of its team. */
async function demoWorld() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-bench-exports-"));
  const conn = openDatabase(path.join(dir, "bench.db"));
  const seeded = await seedDemo(conn.db);
  if (!seeded.teamId || !seeded.assessmentId) throw new Error("The demo was not seeded");
  const userId = crypto.randomUUID();
  const now = new Date();
  conn.db
    .insert(t.user)
    .values({ id: userId, name: "Bench Viewer", email: "bench-viewer@example.org", createdAt: now, updatedAt: now })
    .run();
  conn.db.insert(t.members).values({ teamId: seeded.teamId, userId, role: "viewer" }).run();
  return {
    dir,
    db: conn.db,
    userId,
    assessmentId: seeded.assessmentId,
    cleanup() {
      conn.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function exportsBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const demo = await demoWorld();
  try {
    const brief = await buildBrief(await checkAssessmentAccess(demo.db, demo.userId, demo.assessmentId));

    // Cold first: loading the renderer (react-pdf, yoga, the AFM fonts; docx, jszip) is part of
    // what the first request after a start pays.
    const pdfCold = await timed(async () => (await import("@/server/export/pdf")).renderPdf(brief));
    const docxCold = await timed(async () => (await import("@/server/export/docx")).renderDocx(brief));
    const { renderPdf } = await import("@/server/export/pdf");
    const { renderDocx } = await import("@/server/export/docx");
    rows.push(
      row("PDF of the demo brief, cold (module load + first render)", pdfCold.wall, 1500),
      row("PDF of the demo brief, cold, CPU time", pdfCold.cpu),
      row("PDF of the demo brief, warm, median", await medianOf(9, () => renderPdf(brief))),
      row("DOCX of the demo brief, cold (module load + first render)", docxCold.wall, 1000),
      row("DOCX of the demo brief, cold, CPU time", docxCold.cpu),
      row("DOCX of the demo brief, warm, median", await medianOf(9, () => renderDocx(brief))),
    );
    const pptxCold = pptxColdInOwnProcess(brief, demo.dir);
    const { renderPptx } = await import("@/server/export/pptx");
    rows.push(
      row("PPTX of the demo brief, cold (module load + first render, own process)", pptxCold.wall, 1500),
      row("PPTX of the demo brief, cold, CPU time", pptxCold.cpu),
      row("PPTX of the demo brief, warm, median", await medianOf(9, () => renderPptx(brief)), 300),
    );

    rows.push(
      row(
        "Markdown of the demo (build brief + render), median",
        await medianOf(25, async () =>
          renderMarkdown(await buildBrief(await checkAssessmentAccess(demo.db, demo.userId, demo.assessmentId))),
        ),
        50,
      ),
    );
    const csvOf = (table: "matrix" | "evidence") => async () => {
      const view = await momentView(
        await checkAssessmentAccess(demo.db, demo.userId, demo.assessmentId),
        brief.asOf.seq,
      );
      return table === "matrix" ? matrixCsv(view.state, view.result) : evidenceCsv(view.state);
    };
    rows.push(
      row("CSV indicator matrix of the demo (moment + CSV), median", await medianOf(25, csvOf("matrix")), 50),
      row("CSV evidence list of the demo (moment + CSV), median", await medianOf(25, csvOf("evidence")), 50),
    );
  } finally {
    demo.cleanup();
  }

  const world = benchWorld();
  try {
    const assessmentId = await createLargeAssessment(world);
    let text = "";
    const exportTime = await medianOf(5, async () => {
      text = JSON.stringify(await exportAssessment(world.conn.db, world.userId, assessmentId));
    });
    const actor = { id: world.userId, name: "Bench Analyst" };
    const importTime = await medianOf(
      5,
      async () => await importAssessment(world.conn.db, actor, world.teamId, JSON.parse(text) as unknown),
    );
    rows.push(
      row("JSON export of 12×300×3000 (document + stringify), median", exportTime, 2000),
      row("JSON import of 12×300×3000 (parse + validate + replay + write), median", importTime, 2000),
      { stage: "exports", name: "JSON export size of 12×300×3000", value: text.length / 1e6, unit: "MB" },
    );
  } finally {
    world.cleanup();
  }
  return rows;
}
