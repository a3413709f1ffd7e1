// Reading a spreadsheet the import was given: an .xlsx (through exceljs, with the parts that could
// make a small file expand without bound left unread) or a CSV, as plain grids of cell values.
// Every refusal is a DomainError that names the sheet and cell and says what to do instead.
import ExcelJS from "exceljs";
import { badInput, type DomainError } from "@/shared/errors";
import { cellName } from "./layout";

export type CellValue = string | number | Date | boolean | null;

export interface Grid {
  sheet: string;
  /** rows[r][c]: row r + 1, column c + 1 of the sheet; trailing empty cells may be missing. */
  rows: CellValue[][];
}

/** Rows and columns a grid may hold: a workbook of 3,000 evidence items and a header fits. */
export const GRID_ROWS_MAX = 5_000;
export const GRID_COLUMNS_MAX = 100;
/** What the parts of an .xlsx may unpack to, together: a zip of 20 MB must not become gigabytes. */
export const UNPACKED_MAX = 200 * 1024 * 1024;

export function sheetError(sheet: string, column: number, row: number, message: string): DomainError {
  const where = cellName(sheet, column, row);
  return badInput(where, `${where}: ${message}`);
}

export function fileError(message: string): DomainError {
  return badInput("file", message);
}

/** An .xlsx is a zip: it starts "PK\x03\x04". */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The sizes the zip's central directory declares its entries unpack to, added up (null when the
 * directory cannot be found: then exceljs refuses the file itself). Read before anything is unpacked.
 */
export function declaredUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65,535 bytes.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const entries = view.getUint16(at + 10, true);
    let p = view.getUint32(at + 16, true);
    let total = 0;
    for (let k = 0; k < entries; k++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
      const size = view.getUint32(p + 24, true);
      // A size of 0xFFFFFFFF means a zip64 entry: larger than anything we take.
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
      total += size;
      p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return total;
  }
  return null;
}

function plainValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text ?? "").join("");
    if ("hyperlink" in value) {
      const text = (value as { text?: unknown }).text;
      if (typeof text === "string") return text;
      if (text && typeof text === "object" && "richText" in text && Array.isArray(text.richText)) {
        return (text.richText as { text?: string }[]).map((r) => r.text ?? "").join("");
      }
      return typeof value.hyperlink === "string" ? value.hyperlink : null;
    }
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null || typeof result === "object") {
        return result instanceof Date && !Number.isNaN(result.getTime()) ? result : null;
      }
      return result as string | number | boolean;
    }
    if ("error" in value) return null;
  }
  return null;
}

/** The sheets of an .xlsx as grids, in workbook order. */
export async function readXlsx(bytes: Uint8Array): Promise<Grid[]> {
  const unpacked = declaredUnpackedSize(bytes);
  if (unpacked !== null && unpacked > UNPACKED_MAX) {
    throw fileError(
      `The workbook unpacks to more than ${UNPACKED_MAX / 1024 / 1024} MB: save it again in Excel (or split it) and import that`,
    );
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      bytes as unknown as ArrayBuffer,
      {
        // Validations, merged ranges and conditional formats name cell ranges that exceljs expands cell
        // by cell (A1:XFD1048576 is 17 billion): the import reads values only.
        ignoreNodes: ["dataValidations", "mergeCells", "conditionalFormatting", "extLst", "drawing", "picture"],
        maxRows: GRID_ROWS_MAX,
        maxCols: GRID_COLUMNS_MAX,
      } as unknown as Parameters<typeof wb.xlsx.load>[1],
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Max row count|Max c count/i.test(message)) {
      throw fileError(
        `A sheet has more than ${GRID_ROWS_MAX.toLocaleString("en")} rows or ${GRID_COLUMNS_MAX} columns: remove what the import does not need`,
      );
    }
    throw fileError(
      "The file is not an Excel workbook (.xlsx) that can be read: open it in Excel, save it as .xlsx and try again",
    );
  }
  const grids: Grid[] = [];
  for (const ws of wb.worksheets) {
    const rows: CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (r > GRID_ROWS_MAX) return;
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (c <= GRID_COLUMNS_MAX) cells[c - 1] = plainValue(cell.value);
      });
      rows[r - 1] = Array.from(cells, (v) => v ?? null);
    });
    grids.push({ sheet: ws.name, rows: Array.from(rows, (r) => r ?? []) });
  }
  return grids;
}

/** RFC 4180 CSV (comma, semicolon or tab, judged from the first line) as one grid. */
export function readCsv(text: string, sheet: string): Grid {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const rows: CellValue[][] = [];
  let row: CellValue[] = [];
  let field = "";
  let quoted = false;
  let k = 0;
  const endField = () => {
    row.push(field === "" ? null : field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    if (rows.length > GRID_ROWS_MAX) {
      throw fileError(`The file has more than ${GRID_ROWS_MAX.toLocaleString("en")} rows: split it`);
    }
    if ((rows.at(-1)?.length ?? 0) > GRID_COLUMNS_MAX) {
      throw sheetError(
        sheet,
        GRID_COLUMNS_MAX + 1,
        rows.length,
        `more than ${GRID_COLUMNS_MAX} columns: remove the rest`,
      );
    }
  };
  while (k < body.length) {
    const ch = body[k] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[k + 1] === '"') {
          field += '"';
          k += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      k++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) endField();
    else if (ch === "\r" && body[k + 1] === "\n") {
      endRow();
      k++;
    } else if (ch === "\n" || ch === "\r") endRow();
    else field += ch;
    k++;
  }
  if (quoted) throw fileError(`${sheet}: a quoted field is never closed (a " is missing)`);
  if (field !== "" || row.length > 0) endRow();
  return { sheet, rows };
}

/** The text of a cell as typed: numbers as written, empty as "". */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** A CSV export's apostrophe before text that starts like a formula, taken off again. */
export function unquoteFormula(text: string): string {
  return /^'[\s\p{Cf}]*[=+\-@\t\r\n]/u.test(text) ? text.slice(1) : text;
}

/** The bytes as UTF-8 text, or a refusal naming the file. */
export function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fileError("The file is neither an .xlsx workbook nor UTF-8 text (CSV): save it as CSV UTF-8 or as .xlsx");
  }
}

/** The grids of an uploaded file: an .xlsx's sheets, or a CSV as one sheet named after the file. */
export async function readSpreadsheet(bytes: Uint8Array, fileName: string): Promise<Grid[]> {
  if (bytes.length === 0) throw fileError("The file is empty: choose a .csv or .xlsx file with a matrix in it");
  if (looksLikeZip(bytes)) return readXlsx(bytes);
  const sheet = fileName.replace(/\.[^.]*$/, "").slice(0, 31) || "CSV";
  return [readCsv(utf8(bytes), sheet)];
}

/** A percent or share as a number in [0, 1]: 0.6, "60%", "60 %", 60 (read as percent). */
export function shareOf(value: CellValue | undefined): number | null {
  if (typeof value === "number") return value > 1 && value <= 100 ? value / 100 : value;
  const text = cellText(value);
  const m = /^(-?\d+(?:[.,]\d+)?)\s*(%?)$/.exec(text);
  if (!m) return null;
  const n = Number((m[1] as string).replace(",", "."));
  return m[2] || n > 1 ? n / 100 : n;
}
