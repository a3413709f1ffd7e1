// The Excel workbook of an assessment at a moment (`format=xlsx`), laid out as ./layout.ts says:
// real numbers, percents and dates, drop-downs on every rating, grade and kind, links on source
// addresses, frozen header rows, and the handling marking in every sheet's header and footer.
// Text a spreadsheet could run as a formula is neutralised the way the CSV export does it.
import ExcelJS from "exceljs";
import { startsLikeFormula } from "@/server/export/csv";
import { webUrl } from "@/shared/assessment/source-url";
import { type AssessmentState, activeScenarios, type Expectation } from "@/shared/assessment/state";
import { documentName } from "@/shared/display-name";
import type { EngineResult } from "@/shared/engine";
import {
  ASSESSMENT_ROWS,
  type Column,
  DATE_FORMAT,
  DATETIME_FORMAT,
  DIRECTION_WORDS,
  EVIDENCE_COLUMNS,
  HISTORY_LEAD,
  HISTORY_SCENARIO_WIDTH,
  LIKELIHOOD_FORMAT,
  LINK_COLUMNS,
  MATRIX_LEAD,
  MATRIX_SCENARIO_WIDTH,
  MATRIX_TAIL,
  PERCENT_TENTH,
  RATING_CHOICES,
  RATING_LIST,
  RATING_WORDS,
  SCENARIO_COLUMNS,
  SHEET,
} from "./layout";

export interface HistoryRow {
  seq: number;
  at: number;
  by: string;
  change: string;
  rationale: string | null;
  probabilities: Record<string, number>;
}

export interface WorkbookInput {
  state: AssessmentState;
  result: EngineResult;
  /** The moment the workbook shows, in words ("#12 of 40, 2024-12-13 10:00 UTC", or "latest"). */
  asOf: string;
  history: HistoryRow[];
  /** Empty rows below the data that get the drop-downs too (the template: room to type). */
  blankRows?: number;
}

/** A string cell as written: text that starts like a formula gets the CSV export's apostrophe. */
export function safeText(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

/** An ISO day as the Date a date cell holds (exceljs writes dates as UTC). */
export function dayDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Header and footer codes treat "&" as a command: a literal one is doubled. Excel caps each at 255. */
function headerText(text: string): string {
  return text.replace(/&/g, "&&").slice(0, 200);
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE2E8F0" } };
// Every font names its face: without one, LibreOffice falls back to a serif for bold and coloured cells.
const FACE = "Calibri";
const BOLD_FONT: Partial<ExcelJS.Font> = { name: FACE, size: 11, bold: true };
const READ_ONLY_FONT: Partial<ExcelJS.Font> = { name: FACE, size: 11, color: { argb: "FF475569" } };
const ID_FONT: Partial<ExcelJS.Font> = { name: FACE, color: { argb: "FF94A3B8" }, size: 9 };

function listValidation(values: readonly string[], what: string, strict = true): ExcelJS.DataValidation {
  return {
    type: "list",
    allowBlank: true,
    formulae: [`"${values.join(",")}"`],
    showErrorMessage: true,
    errorStyle: strict ? "stop" : "warning",
    errorTitle: `Not a ${what}`,
    error: `Choose one of: ${values.join(", ")}`,
  };
}

const RATING_VALIDATION: ExcelJS.DataValidation = {
  ...listValidation(RATING_LIST, "rating", false),
  // A warning, not a stop: an exact likelihood (a number from 0.01 to 0.99) is allowed too.
  error: `Use ${RATING_CHOICES}, or an exact likelihood from 0.01 to 0.99`,
};

function sheet(wb: ExcelJS.Workbook, name: string, marking: string, title: string, freezeColumns = 0) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: freezeColumns, ySplit: 1, activeCell: "A2" }],
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
    headerFooter: {
      oddHeader: `&C&B${headerText(marking || "No handling marking")}`,
      oddFooter: `&L${headerText(marking || "No handling marking")}&C${headerText(title)}&RPage &P of &N`,
    },
  });
  ws.pageSetup.printTitlesRow = "1:1";
  return ws;
}

/** Column widths, header row (bold, shaded) and each column's number format. */
function header(ws: ExcelJS.Worksheet, columns: readonly Column[]): void {
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: styleOf(c),
  }));
  const row = ws.getRow(1);
  row.font = BOLD_FONT;
  // Headers wrap within their column: two lines where one does not fit.
  if (columns.some((c) => c.header.length * 1.2 > c.width)) row.height = 30;
  row.alignment = { vertical: "middle", wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: "thin", color: { argb: "FF94A3B8" } } };
  });
}

function styleOf(c: Column): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {};
  if (c.kind.type === "number") style.numFmt = c.kind.numFmt;
  if (c.kind.type === "date") style.numFmt = DATE_FORMAT;
  if (c.kind.type === "datetime") style.numFmt = DATETIME_FORMAT;
  if (c.kind.type === "text" && c.kind.long) style.alignment = { wrapText: true, vertical: "top" };
  if (c.kind.type === "id") style.font = ID_FONT;
  else if (c.readOnly) style.font = READ_ONLY_FONT;
  return style;
}

/** Lines a text takes in a column of `width` characters: row heights are set, as not every reader fits them. */
function linesOf(text: string, width: number): number {
  return text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 1.1) / width)), 0);
}

/** A row tall enough for its longest wrapped cell (at most 8 lines; the rest shows in the cell). */
function fitRow(row: ExcelJS.Row, columns: readonly Column[], values: unknown[]): void {
  let lines = 1;
  columns.forEach((c, k) => {
    const value = values[k];
    if (c.kind.type === "text" && c.kind.long && typeof value === "string")
      lines = Math.max(lines, linesOf(value, c.width));
  });
  if (lines > 1) row.height = 15 * Math.min(lines, 8);
}

/** Sets each cell of a data row by its column's kind; lists get their drop-down. */
function fill(ws: ExcelJS.Worksheet, rowIndex: number, columns: readonly Column[], values: unknown[]): void {
  const row = ws.getRow(rowIndex);
  fitRow(row, columns, values);
  columns.forEach((c, k) => {
    const cell = row.getCell(k + 1);
    const value = values[k];
    cell.alignment = { vertical: "top", wrapText: c.kind.type === "text" && c.kind.long === true };
    if (c.kind.type === "list") cell.dataValidation = listValidation(c.kind.values, c.header.toLowerCase());
    if (value === null || value === undefined || value === "") return;
    if (c.kind.type === "url" && typeof value === "string") {
      const url = webUrl(value);
      cell.value = url
        ? { text: safeText(value), hyperlink: url.href, tooltip: value }
        : (safeText(value) as ExcelJS.CellValue);
      if (url) cell.font = { name: FACE, size: 11, color: { argb: "FF1D4ED8" }, underline: true };
      return;
    }
    cell.value = typeof value === "string" ? safeText(value) : (value as ExcelJS.CellValue);
  });
}

function expectationCell(cell: ExcelJS.Cell, value: Expectation | undefined): void {
  cell.dataValidation = RATING_VALIDATION;
  cell.alignment = { vertical: "top" };
  if (value === undefined) return;
  if (typeof value === "number") {
    cell.value = value;
    cell.numFmt = LIKELIHOOD_FORMAT;
  } else cell.value = RATING_WORDS[value];
}

function assessmentSheet(wb: ExcelJS.Workbook, input: WorkbookInput): void {
  const { state } = input;
  const ws = sheet(wb, SHEET.assessment, state.handling, state.title);
  header(ws, [
    { key: "field", header: "Field", width: 22, kind: { type: "text" } },
    { key: "value", header: "Value", width: 90, kind: { type: "text", long: true } },
  ]);
  const values: Record<(typeof ASSESSMENT_ROWS)[number]["key"], unknown> = {
    title: state.title,
    keyQuestion: state.keyQuestion,
    horizon: dayDate(state.horizon),
    confidence: state.confidence,
    handling: state.handling,
    status: state.status,
    asOf: input.asOf,
    id: state.id,
  };
  ASSESSMENT_ROWS.forEach((r, k) => {
    const row = ws.getRow(k + 2);
    const label = row.getCell(1);
    label.value = r.header;
    label.font = BOLD_FONT;
    label.alignment = { vertical: "top" };
    const cell = row.getCell(2);
    const value = values[r.key];
    if (r.kind.type === "list") cell.dataValidation = listValidation(r.kind.values, r.header.toLowerCase());
    if (r.kind.type === "date") cell.numFmt = DATE_FORMAT;
    if ("readOnly" in r && r.readOnly) cell.font = r.kind.type === "id" ? ID_FONT : READ_ONLY_FONT;
    cell.alignment = { wrapText: true, vertical: "top", horizontal: "left" };
    if (typeof value === "string") row.height = 15 * Math.min(linesOf(value, 90), 8);
    if (value !== "") cell.value = typeof value === "string" ? safeText(value) : (value as ExcelJS.CellValue);
  });
}

function scenariosSheet(wb: ExcelJS.Workbook, input: WorkbookInput): void {
  const { state, result } = input;
  const ws = sheet(wb, SHEET.scenarios, state.handling, state.title, 1);
  header(ws, SCENARIO_COLUMNS);
  const active = activeScenarios(state.scenarios);
  const total = active.reduce((sum, s) => sum + s.prior, 0);
  active.forEach((s, k) => {
    fill(ws, k + 2, SCENARIO_COLUMNS, [
      s.name,
      s.description,
      s.prior,
      s.prior / total,
      result.probabilities[s.id] ?? 0,
      result.terms[s.id] ?? "",
      s.color,
      s.id,
    ]);
  });
}

/** The Matrix's columns for these scenarios: the lead, one per scenario, the tail. */
export function matrixColumns(scenarioNames: readonly string[]): Column[] {
  return [
    ...MATRIX_LEAD,
    ...scenarioNames.map(
      (name, k): Column => ({
        key: `scenario${k}`,
        header: name,
        width: MATRIX_SCENARIO_WIDTH,
        kind: { type: "list", values: RATING_LIST },
      }),
    ),
    ...MATRIX_TAIL,
  ];
}

function matrixSheet(wb: ExcelJS.Workbook, input: WorkbookInput): void {
  const { state } = input;
  const active = activeScenarios(state.scenarios);
  const ws = sheet(wb, SHEET.matrix, state.handling, state.title, 1);
  const columns = matrixColumns(active.map((s) => s.name));
  header(ws, columns);
  const tail = MATRIX_LEAD.length + active.length;
  state.indicators.forEach((indicator, k) => {
    const rowIndex = k + 2;
    fill(ws, rowIndex, [...MATRIX_LEAD], [indicator.name, indicator.description]);
    const row = ws.getRow(rowIndex);
    active.forEach((s, j) => {
      expectationCell(row.getCell(MATRIX_LEAD.length + j + 1), indicator.expectations[s.id]);
    });
    const values = [indicator.weight, indicator.presenceOverride, indicator.overrideRationale, indicator.id];
    MATRIX_TAIL.forEach((c, j) => {
      const cell = row.getCell(tail + j + 1);
      const value = values[j];
      cell.alignment = { vertical: "top", wrapText: c.kind.type === "text" && c.kind.long === true };
      if (c.kind.type === "number") cell.dataValidation = percentValidation(c.header);
      if (value === null || value === undefined || value === "") return;
      cell.value = typeof value === "string" ? safeText(value) : value;
    });
  });
  for (let k = 0; k < (input.blankRows ?? 0); k++) {
    const row = ws.getRow(state.indicators.length + 2 + k);
    active.forEach((_, j) => {
      expectationCell(row.getCell(MATRIX_LEAD.length + j + 1), undefined);
    });
    MATRIX_TAIL.forEach((c, j) => {
      if (c.kind.type === "number") row.getCell(tail + j + 1).dataValidation = percentValidation(c.header);
    });
  }
}

function percentValidation(header: string): ExcelJS.DataValidation {
  return {
    type: "decimal",
    operator: "between",
    allowBlank: true,
    formulae: [0, 1],
    showErrorMessage: true,
    errorTitle: `Not a ${header.toLowerCase()}`,
    error: "A percent from 0 % to 100 %",
  };
}

function evidenceSheet(wb: ExcelJS.Workbook, input: WorkbookInput): void {
  const { state } = input;
  const ws = sheet(wb, SHEET.evidence, state.handling, state.title, 1);
  header(ws, EVIDENCE_COLUMNS);
  state.evidence.forEach((e, k) => {
    fill(ws, k + 2, EVIDENCE_COLUMNS, [
      e.title,
      e.summary,
      e.sourceName,
      e.sourceUrl,
      e.sourceKind,
      e.reliability,
      String(e.credibility),
      dayDate(e.observedAt),
      e.origin ?? "",
      new Date(e.recordedAt),
      documentName(e.authorName),
      e.id,
    ]);
  });

  const links = sheet(wb, SHEET.links, state.handling, state.title);
  header(links, LINK_COLUMNS);
  // In the matrix's order of indicators: a link's place says nothing, and the file should not vary.
  let rowIndex = 2;
  for (const e of state.evidence) {
    for (const indicator of state.indicators) {
      const direction = e.links[indicator.id];
      if (direction === undefined) continue;
      fill(links, rowIndex++, LINK_COLUMNS, [e.title, indicator.name, DIRECTION_WORDS[direction], e.id, indicator.id]);
    }
  }
  for (let k = 0; k < (input.blankRows ?? 0); k++) {
    fill(ws, state.evidence.length + 2 + k, EVIDENCE_COLUMNS, []);
    fill(links, rowIndex + k, LINK_COLUMNS, []);
  }
}

function historySheet(wb: ExcelJS.Workbook, input: WorkbookInput): void {
  const { state } = input;
  const active = activeScenarios(state.scenarios);
  const ws = sheet(wb, SHEET.history, state.handling, state.title);
  const columns: Column[] = [
    ...HISTORY_LEAD,
    ...active.map(
      (s, k): Column => ({
        key: `p${k}`,
        header: s.name,
        width: HISTORY_SCENARIO_WIDTH,
        kind: { type: "number", numFmt: PERCENT_TENTH },
        readOnly: true,
      }),
    ),
  ];
  header(ws, columns);
  input.history.forEach((h, k) => {
    fill(ws, k + 2, columns, [
      h.seq,
      new Date(h.at),
      h.by,
      h.change,
      h.rationale ?? "",
      ...active.map((s) => h.probabilities[s.id] ?? null),
    ]);
  });
}

/** The workbook's bytes. */
export async function renderWorkbook(input: WorkbookInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Signpost";
  // A fixed date: the same assessment at the same moment gives the same file content.
  wb.created = new Date(input.state.updatedAt);
  wb.modified = wb.created;
  wb.title = input.state.title;
  assessmentSheet(wb, input);
  scenariosSheet(wb, input);
  matrixSheet(wb, input);
  evidenceSheet(wb, input);
  historySheet(wb, input);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
