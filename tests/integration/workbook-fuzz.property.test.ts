// Fuzzing the spreadsheet import (issue 16 §3): real files (the demo's exported workbook, the
// templates, an ACH CSV) mutated by fast-check, cell by cell (any value a cell can hold: text that
// starts like a formula, huge and tiny numbers, dates, booleans, rich text, links, formulas), sheet by
// sheet (renamed, dropped, emptied, rows removed) and byte by byte (truncated, flipped, spliced), then
// previewed and imported. Every answer is a success or a DomainError (0 internal errors); a refusal
// writes nothing; an accepted workbook gives an assessment whose own export imports again.
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { buildBrief } from "@/server/export/brief";
import { importKey } from "@/server/export/json/write-import";
import { workbookAt } from "@/server/export/workbook/export";
import { importWorkbook, previewSheet } from "@/server/export/workbook/import";
import { achTemplateCsv, achTemplateXlsx, workbookTemplate } from "@/server/export/workbook/template";
import { clearHits } from "@/server/rate-limit";
import { DomainError } from "@/shared/errors";
import { buildWorld, rowCounts, type World } from "./harness";

const RUNS = Number(process.env.SHEET_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.SHEET_FUZZ_SEED ?? 20_261_130);

let world: World;
const bases: { name: string; bytes: Uint8Array }[] = [];
const tally = { files: 0, accepted: 0, refused: 0, internal: [] as string[] };

const cellValue: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  fc.constantFrom(
    "=1+1",
    "+cmd",
    "-2",
    "@SUM(A1)",
    "'=x",
    "Probable",
    "CC",
    "NA",
    "present",
    "absent",
    "A",
    "7",
    "high",
    "",
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 1000, maxLength: 6000 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -1, 0.5, 1, 1.5, 100, 1e308, -1e-308, 0.01, 0.99, 6, 2.5),
  fc.date({ min: new Date("1900-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }),
  fc.boolean(),
  fc.constant(null),
  // Plain objects: fast-check's records have no prototype, which exceljs's writer expects.
  fc
    .record({ richText: fc.array(fc.record({ text: fc.string({ maxLength: 20 }) }), { maxLength: 3 }) })
    .map((r) => JSON.parse(JSON.stringify(r))),
  fc
    .record({
      text: fc.string({ maxLength: 20 }),
      hyperlink: fc.constantFrom("https://example.org", "javascript:alert(1)", "x"),
    })
    .map((r) => JSON.parse(JSON.stringify(r))),
  fc
    .record({
      formula: fc.constantFrom("1+1", "A1", "NOW()"),
      result: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
    })
    .map((r) => JSON.parse(JSON.stringify(r))),
);

type Edit =
  | { kind: "cell"; sheet: number; row: number; col: number; value: ExcelJS.CellValue }
  | { kind: "rename"; sheet: number; name: string }
  | { kind: "drop"; sheet: number }
  | { kind: "spliceRows"; sheet: number; row: number; count: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("cell" as const),
      sheet: fc.nat(7),
      row: fc.integer({ min: 1, max: 30 }),
      col: fc.integer({ min: 1, max: 14 }),
      value: cellValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rename" as const),
      sheet: fc.nat(7),
      name: fc.constantFrom("Matrix", "Scenarios", "Evidence", "Links", "Old", "Assessment"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), sheet: fc.nat(7) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("spliceRows" as const),
      sheet: fc.nat(7),
      row: fc.integer({ min: 1, max: 20 }),
      count: fc.integer({ min: 1, max: 5 }),
    }),
  },
);

async function mutated(bytes: Uint8Array, edits: Edit[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  for (const e of edits) {
    const ws = wb.worksheets[e.sheet % Math.max(1, wb.worksheets.length)];
    if (!ws) continue;
    if (e.kind === "cell") ws.getCell(e.row, e.col).value = e.value;
    else if (e.kind === "rename") {
      if (!wb.getWorksheet(e.name)) ws.name = e.name;
    } else if (e.kind === "drop") wb.removeWorksheet(ws.id);
    else ws.spliceRows(e.row, e.count);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const byteEdit = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("splice" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ maxLength: 64 }),
  }),
);

function bytesEdited(
  bytes: Uint8Array,
  edits: { kind: string; at: number; value?: number; bytes?: Uint8Array }[],
): Uint8Array {
  let out = bytes.slice();
  for (const e of edits) {
    const at = Math.floor(e.at * out.length);
    if (e.kind === "truncate") out = out.slice(0, at);
    else if (e.kind === "flip" && out.length) out[Math.min(at, out.length - 1)] = e.value ?? 0;
    else if (e.kind === "splice") out = new Uint8Array([...out.slice(0, at), ...(e.bytes ?? []), ...out.slice(at)]);
  }
  return out;
}

/** Previews and imports one file: a success, or a DomainError with nothing written. */
async function tryFile(bytes: Uint8Array, name: string): Promise<void> {
  tally.files++;
  await clearHits(getDb(), importKey(world.analyst.id));
  for (const run of [
    () => previewSheet(getDb(), world.analyst, world.teamA.id, bytes, name),
    () => importWorkbook(getDb(), world.analyst, world.teamA.id, bytes, name, { mode: "create" }),
  ]) {
    const before = await rowCounts();
    try {
      const done = await run();
      if (done && typeof done === "object" && "edits" in done) {
        tally.accepted++;
        // What was accepted exports, and the export imports again.
        const access = await checkAssessmentAccess(getDb(), world.analyst.id, done.id);
        const again = await workbookAt(access, (await buildBrief(access)).asOf);
        await clearHits(getDb(), importKey(world.analyst.id));
        await importWorkbook(getDb(), world.analyst, world.teamA.id, again, "again.xlsx", { mode: "create" });
      }
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === "INTERNAL_SERVER_ERROR") {
        tally.internal.push(`${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        if (process.env.SHEET_FUZZ_STACKS) console.error(error);
        continue;
      }
      tally.refused++;
      expect(await rowCounts()).toEqual(before);
      expect(error.message.length).toBeGreaterThan(0);
    }
  }
}

beforeAll(async () => {
  world = await buildWorld();
  const access = await checkAssessmentAccess(getDb(), world.owner.id, world.teamA.demoAssessmentId);
  bases.push({ name: "demo.xlsx", bytes: new Uint8Array(await workbookAt(access, (await buildBrief(access)).asOf)) });
  bases.push({ name: "template.xlsx", bytes: new Uint8Array(await workbookTemplate()) });
  bases.push({ name: "ach.xlsx", bytes: new Uint8Array(await achTemplateXlsx()) });
}, 60_000);
afterAll(async () => {
  console.info(
    `sheet fuzz: ${tally.files} files, ${tally.accepted} accepted, ${tally.refused} refused, ${tally.internal.length} internal errors`,
  );
  await world?.db.cleanup();
});

describe("the spreadsheet import under malformed files", () => {
  it("answers every mutated workbook with a success or a named refusal, never an internal error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), async (k, edits) => {
        const base = bases[k] as { name: string; bytes: Uint8Array };
        await tryFile(await mutated(base.bytes, edits), base.name);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(tally.internal).toEqual([]);
  }, 600_000);

  it("answers every damaged file (bytes truncated, flipped, spliced; CSV and xlsx) the same way", async () => {
    const csv = new TextEncoder().encode(achTemplateCsv());
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length), fc.array(byteEdit, { minLength: 1, maxLength: 4 }), async (k, edits) => {
        const base =
          k === bases.length ? { name: "ach.csv", bytes: csv } : (bases[k] as { name: string; bytes: Uint8Array });
        await tryFile(bytesEdited(base.bytes, edits), base.name);
      }),
      { numRuns: RUNS, seed: SEED + 1, endOnFailure: true },
    );
    expect(tally.internal).toEqual([]);
    expect(tally.refused).toBeGreaterThan(0);
  }, 600_000);
});
