// `npm run bench`: runs every benchmark stage, prints a table (figure, target, met) and writes
// bench-results/results.json for machines.
import fs from "node:fs";
import path from "node:path";
import { browserBench } from "./browser";
import { engineBench } from "./engine";
import { exportsBench } from "./exports";
import { heavyBench } from "./heavy";
import { historyBench } from "./history";
import { loadBench } from "./load";
import { pgBench } from "./pg";
import { roundsBench } from "./rounds";
import { sheetsBench } from "./sheets";
import { storesBench } from "./stores";
import type { BenchRow } from "./types";
import { workspaceBench } from "./workspace";

const stages: Record<string, () => Promise<BenchRow[]>> = {
  // First, so the PDF and Word "cold" figures really are the first renders in the process.
  exports: exportsBench,
  // Before the others load exceljs: its "cold" figure is the first workbook in the process.
  sheets: sheetsBench,
  engine: engineBench,
  workspace: workspaceBench,
  rounds: roundsBench,
  history: historyBench,
  load: loadBench,
  heavy: heavyBench,
  pg: pgBench,
  stores: storesBench,
  browser: browserBench,
};

async function main() {
  const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const rows: BenchRow[] = [];
  for (const [name, run] of Object.entries(stages)) {
    if (only.length && !only.includes(name)) continue;
    process.stdout.write(`bench: ${name}…\n`);
    rows.push(...(await run()));
  }
  const format = (v: number) =>
    Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
  const table = rows.map((r) => ({
    stage: r.stage,
    figure: r.name,
    value: `${format(r.value)} ${r.unit}`,
    target: r.target ?? "",
    met: r.met === undefined ? "" : r.met ? "yes" : "NO",
  }));
  console.table(table);
  const out = path.resolve("bench-results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, "results.json"),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
  );
  console.log(`bench: wrote ${path.join(out, "results.json")}`);
  if (rows.some((r) => r.met === false)) process.exitCode = 1;
}

void main();
