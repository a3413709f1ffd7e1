// The Excel workbook of the seeded demo (issue 16 §2), read back with exceljs the way Excel would
// open it: every sheet's cells, number formats, drop-downs, links, frozen rows and the marking in
// the header and footer are what server/export/workbook/layout.ts says.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { commitChange } from "@/server/assessments/commit";
import { loadAssessmentState } from "@/server/assessments/store";
import { seedDemo } from "@/server/demo/seed";
import { buildBrief } from "@/server/export/brief";
import { exportFile } from "@/server/export/files";
import { workbookAt } from "@/server/export/workbook/export";
import {
  EVIDENCE_COLUMNS,
  LINK_COLUMNS,
  MATRIX_LEAD,
  MATRIX_TAIL,
  RATING_LIST,
  RATING_WORDS,
  SCENARIO_COLUMNS,
} from "@/server/export/workbook/layout";
import { type AssessmentState, activeScenarios } from "@/shared/assessment/state";
import { createFirstAccount, openTestDatabase, type TestDatabase, type TestUser } from "./harness";

let testDb: TestDatabase;
let owner: TestUser;
let demoId: string;
let state: AssessmentState;
let wb: ExcelJS.Workbook;

async function read(bytes: Uint8Array | Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

function sheetOf(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = book.getWorksheet(name);
  if (!ws) throw new Error(`No sheet ${name}`);
  return ws;
}

beforeAll(async () => {
  testDb = await openTestDatabase();
  const seeded = await seedDemo(getDb());
  if (!seeded.assessmentId) throw new Error("The demo was not seeded");
  demoId = seeded.assessmentId;
  owner = await createFirstAccount("owner@example.org", "Olive Owner");
  const loaded = await loadAssessmentState(getDb(), demoId);
  if (!loaded) throw new Error("no demo state");
  // An exact likelihood, an override and a title that starts like a formula, so each case is in the file.
  const indicator = loaded.indicators[1];
  const scenario = loaded.scenarios[0];
  if (!indicator || !scenario) throw new Error("demo too small");
  await commitChange(getDb(), {
    assessmentId: demoId,
    baseVersion: loaded.version,
    actor: { id: owner.id, name: owner.name },
    change: { type: "indicator.setExpectation", indicatorId: indicator.id, scenarioId: scenario.id, expectation: 0.83 },
  });
  const after = await loadAssessmentState(getDb(), demoId);
  const item = after?.evidence[0];
  if (!after || !item) throw new Error("no evidence");
  await commitChange(getDb(), {
    assessmentId: demoId,
    baseVersion: after.version,
    actor: { id: owner.id, name: owner.name },
    change: { type: "evidence.update", evidenceId: item.id, fields: { title: '=HYPERLINK("http://evil")' } },
  });
  const latest = await loadAssessmentState(getDb(), demoId);
  if (!latest) throw new Error("no state");
  state = latest;
  const brief = await buildBrief(await checkAssessmentAccess(getDb(), owner.id, demoId));
  wb = await read(await workbookAt(await checkAssessmentAccess(getDb(), owner.id, demoId), brief.asOf));
}, 60_000);
afterAll(() => testDb?.cleanup());

describe("the workbook export", () => {
  it("has the six sheets of the layout, each with a frozen header row and the marking in its header and footer", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Assessment",
      "Scenarios",
      "Matrix",
      "Evidence",
      "Links",
      "Probability history",
    ]);
    for (const ws of wb.worksheets) {
      const view = ws.views[0] as { state?: string; ySplit?: number };
      expect(view.state, ws.name).toBe("frozen");
      expect(view.ySplit, ws.name).toBe(1);
      expect(ws.headerFooter.oddHeader, ws.name).toContain(state.handling.replace(/&/g, "&&"));
      expect(ws.headerFooter.oddFooter, ws.name).toContain(state.handling.replace(/&/g, "&&"));
      expect(ws.getRow(1).font?.bold, ws.name).toBe(true);
    }
    expect(state.handling.length).toBeGreaterThan(0);
  });

  it("writes the assessment's fields, the horizon as a real date", () => {
    const ws = sheetOf(wb, "Assessment");
    const byLabel = new Map<string, ExcelJS.Cell>();
    ws.eachRow((row, n) => {
      if (n > 1) byLabel.set(String(row.getCell(1).value), row.getCell(2));
    });
    expect(byLabel.get("Title")?.value).toBe(state.title);
    expect(byLabel.get("Key question")?.value).toBe(state.keyQuestion);
    const horizon = byLabel.get("Horizon");
    expect(horizon?.value).toBeInstanceOf(Date);
    expect((horizon?.value as Date | undefined)?.toISOString().slice(0, 10)).toBe(state.horizon);
    expect(horizon?.numFmt).toBe("yyyy-mm-dd");
    expect(byLabel.get("Analytic confidence")?.value).toBe(state.confidence);
    expect(byLabel.get("Analytic confidence")?.dataValidation?.formulae).toEqual(['"low,moderate,high"']);
    expect(byLabel.get("Handling marking")?.value).toBe(state.handling);
    expect(byLabel.get("Assessment ID")?.value).toBe(state.id);
  });

  it("writes each scenario's prior, probability as a percent and term", async () => {
    const ws = sheetOf(wb, "Scenarios");
    expect(ws.getRow(1).values).toEqual([undefined, ...SCENARIO_COLUMNS.map((c) => c.header)]);
    const active = activeScenarios(state.scenarios);
    const brief = await buildBrief(await checkAssessmentAccess(getDb(), owner.id, demoId));
    active.forEach((s, k) => {
      const row = ws.getRow(k + 2);
      expect(row.getCell(1).value).toBe(s.name);
      expect(row.getCell(3).value).toBe(s.prior);
      const shown = brief.scenarios.find((b) => b.id === s.id);
      expect(row.getCell(5).value).toBeCloseTo(shown?.probability ?? -1, 12);
      expect(row.getCell(5).numFmt).toBe("0.0%");
      expect(row.getCell(4).numFmt).toBe("0%");
      expect(row.getCell(6).value).toBe(shown?.term);
      expect(row.getCell(8).value).toBe(s.id);
    });
    expect(ws.getRow(active.length + 2).getCell(1).value).toBeNull();
  });

  it("writes the matrix as rating words with a drop-down of the five on every cell, exact likelihoods as numbers and weights as percent", () => {
    const ws = sheetOf(wb, "Matrix");
    const active = activeScenarios(state.scenarios);
    expect(ws.getRow(1).values).toEqual([
      undefined,
      ...MATRIX_LEAD.map((c) => c.header),
      ...active.map((s) => s.name),
      ...MATRIX_TAIL.map((c) => c.header),
    ]);
    expect((ws.views[0] as { xSplit?: number }).xSplit).toBe(1);
    let numbers = 0;
    state.indicators.forEach((indicator, k) => {
      const row = ws.getRow(k + 2);
      expect(row.getCell(1).value).toBe(indicator.name);
      active.forEach((s, j) => {
        const cell = row.getCell(3 + j);
        const expected = indicator.expectations[s.id];
        expect(cell.dataValidation?.type).toBe("list");
        expect(cell.dataValidation?.formulae).toEqual([`"${RATING_LIST.join(",")}"`]);
        if (typeof expected === "number") {
          numbers++;
          expect(cell.value).toBe(expected);
          expect(cell.numFmt).toBe("0.00");
        } else {
          expect(cell.value).toBe(expected === undefined ? null : RATING_WORDS[expected]);
        }
      });
      const weight = row.getCell(3 + active.length);
      expect(weight.value).toBe(indicator.weight);
      expect(weight.numFmt).toBe("0%");
      expect(row.getCell(6 + active.length).value).toBe(indicator.id);
    });
    expect(numbers).toBeGreaterThan(0);
  });

  it("writes evidence with grade drop-downs, real dates, links on source URLs and formula-like text neutralised", () => {
    const ws = sheetOf(wb, "Evidence");
    expect(ws.getRow(1).values).toEqual([undefined, ...EVIDENCE_COLUMNS.map((c) => c.header)]);
    let linked = 0;
    state.evidence.forEach((e, k) => {
      const row = ws.getRow(k + 2);
      const title = row.getCell(1).value;
      expect(title).toBe(e.title.startsWith("=") ? `'${e.title}` : e.title);
      expect(row.getCell(6).value).toBe(e.reliability);
      expect(row.getCell(6).dataValidation?.formulae).toEqual(['"A,B,C,D,E,F"']);
      expect(row.getCell(7).value).toBe(String(e.credibility));
      expect(row.getCell(7).dataValidation?.formulae).toEqual(['"1,2,3,4,5,6"']);
      expect(row.getCell(5).dataValidation?.type).toBe("list");
      const observed = row.getCell(8);
      expect(observed.value).toBeInstanceOf(Date);
      expect((observed.value as Date).toISOString().slice(0, 10)).toBe(e.observedAt);
      expect(observed.numFmt).toBe("yyyy-mm-dd");
      // The report it repeats (DESIGN §2.3), empty for an item that is its own report.
      expect(row.getCell(9).value ?? "").toBe(e.origin ?? "");
      expect((row.getCell(10).value as Date).getTime()).toBe(e.recordedAt);
      const url = row.getCell(4).value;
      if (e.sourceUrl) {
        linked++;
        expect(url).toMatchObject({ text: e.sourceUrl, hyperlink: new URL(e.sourceUrl).href });
      }
      expect(row.getCell(12).value).toBe(e.id);
    });
    expect(linked).toBeGreaterThan(0);
    expect(state.evidence.some((e) => e.origin)).toBe(true);
    expect(state.evidence.some((e) => e.title.startsWith("="))).toBe(true);
  });

  it("writes one link row per evidence link, and the history with probabilities", () => {
    const links = sheetOf(wb, "Links");
    expect(links.getRow(1).values).toEqual([undefined, ...LINK_COLUMNS.map((c) => c.header)]);
    const expected = state.evidence.flatMap((e) =>
      state.indicators
        .filter((i) => e.links[i.id] !== undefined)
        .map((i) => [e.id, i.id, e.links[i.id] === 1 ? "present" : "absent"]),
    );
    const got: string[][] = [];
    links.eachRow((row, n) => {
      if (n > 1) got.push([String(row.getCell(4).value), String(row.getCell(5).value), String(row.getCell(3).value)]);
    });
    expect(got).toEqual(expected);
    expect(links.getRow(2).getCell(3).dataValidation?.formulae).toEqual(['"present,absent"']);
    const history = sheetOf(wb, "Probability history");
    expect(history.rowCount - 1).toBe(state.version);
    const last = history.getRow(history.rowCount);
    // Baselines and comments take event numbers too, but no row: the last row is the last change.
    expect(last.getCell(1).value as number).toBeGreaterThanOrEqual(state.version);
    expect(String(last.getCell(4).value)).toMatch(/^Edited evidence/);
  });

  it("is served by exportFile as format=xlsx with the export's file name", async () => {
    const file = await exportFile(getDb(), owner.id, demoId, { format: "xlsx" });
    expect(file.type).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(file.fileName).toMatch(/\.xlsx$/);
    const book = await read(file.body as Uint8Array);
    expect(book.getWorksheet("Matrix")?.rowCount).toBe(state.indicators.length + 1);
    // As of the first change: the assessment as created, its history one row.
    const first = await read(
      (await exportFile(getDb(), owner.id, demoId, { format: "xlsx", asOf: { seq: 1 } })).body as Uint8Array,
    );
    expect(first.getWorksheet("Probability history")?.rowCount).toBe(2);
  });
});
