// Reading a Signpost workbook (./layout.ts) back: the plan of the assessment it describes, and the
// ids its rows carry, so it can create a new assessment or update the one it was exported from.
// Columns are found by their headers; computed columns (probability, term, history) are ignored.
// Each value is checked with the schema the app's forms use, and a refusal names the cell.
import type { z } from "zod";
import type { MatrixPlan } from "@/shared/assessment/matrix-import";
import {
  confidence as confidenceSchema,
  description as descriptionSchema,
  evidenceFields,
  handling as handlingSchema,
  indicatorName,
  keyQuestion as keyQuestionSchema,
  origin,
  overrideRationale as overrideRationaleSchema,
  priorSchema,
  scenarioName,
  title as titleSchema,
} from "@/shared/assessment/schemas";
import type { Direction, Expectation, SourceKind } from "@/shared/assessment/state";
import { LIKELIHOOD_MAX, LIKELIHOOD_MIN, type Reliability } from "@/shared/engine";
import { type CellValue, cellText, fileError, type Grid, sheetError, unquoteFormula } from "./cells";
import {
  ASSESSMENT_ROWS,
  type Column,
  EVIDENCE_COLUMNS,
  LINK_COLUMNS,
  MATRIX_LEAD,
  MATRIX_TAIL,
  RATING_CHOICES,
  ratingOfWord,
  SCENARIO_COLUMNS,
  SHEET,
  SOURCE_KIND_LIST,
} from "./layout";

export interface ReadWorkbook {
  assessmentId: string | null;
  plan: MatrixPlan;
  scenarioIds: (string | null)[];
  indicatorIds: (string | null)[];
  evidenceIds: (string | null)[];
}

/** Whether the grids are a Signpost workbook: its Assessment, Scenarios and Matrix sheets are there. */
export function isSignpostWorkbook(grids: readonly Grid[]): boolean {
  const names = new Set(grids.map((g) => g.sheet));
  return names.has(SHEET.assessment) && names.has(SHEET.scenarios) && names.has(SHEET.matrix);
}

function gridOf(grids: readonly Grid[], name: string): Grid {
  const grid = grids.find((g) => g.sheet === name);
  if (!grid)
    throw fileError(`The workbook has no '${name}' sheet: export a Signpost workbook or download the template`);
  return grid;
}

/** Checks `value` with a form schema; the refusal names the cell. */
function check<T>(schema: z.ZodType<T>, value: unknown, sheet: string, column: number, row: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "not a valid value";
  throw sheetError(sheet, column, row, `${message.charAt(0).toLowerCase()}${message.slice(1)}`);
}

const text = (v: CellValue | undefined) => unquoteFormula(cellText(v));

/** A date cell as YYYY-MM-DD: a real date, or text written that way. */
function dayOf(value: CellValue | undefined, sheet: string, column: number, row: number, what: string): string {
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    if (!Number.isNaN(year) && year >= 1000 && year <= 9999) return value.toISOString().slice(0, 10);
  }
  const t = cellText(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  throw sheetError(
    sheet,
    column,
    row,
    t === "" ? `the ${what} is missing; give a date (YYYY-MM-DD)` : `'${t}' is not a date; give one as YYYY-MM-DD`,
  );
}

/** The column of each header in row 1 (1-based), for the columns given; missing required ones are refused. */
function headerColumns(grid: Grid, columns: readonly Column[], required: readonly string[]): Map<string, number> {
  const header = grid.rows[0] ?? [];
  const found = new Map<string, number>();
  header.forEach((v, c) => {
    const h = cellText(v).toLowerCase();
    const column = columns.find((col) => col.header.toLowerCase() === h);
    if (column && !found.has(column.key)) found.set(column.key, c + 1);
  });
  for (const key of required) {
    if (!found.has(key)) {
      const column = columns.find((c) => c.key === key);
      throw sheetError(
        grid.sheet,
        header.length + 1,
        1,
        `the '${column?.header}' column is missing; add it with that header in row 1`,
      );
    }
  }
  return found;
}

/** Data rows: every row after the header with anything in it, with its 1-based number. */
function dataRows(grid: Grid): { row: CellValue[]; n: number }[] {
  const out: { row: CellValue[]; n: number }[] = [];
  grid.rows.forEach((row, r) => {
    if (r > 0 && row.some((v) => cellText(v) !== "")) out.push({ row, n: r + 1 });
  });
  return out;
}

function readAssessment(grids: readonly Grid[]) {
  const grid = gridOf(grids, SHEET.assessment);
  const rowOf = new Map<string, number>();
  grid.rows.forEach((row, r) => {
    const label = cellText(row[0]).toLowerCase();
    if (label && !rowOf.has(label)) rowOf.set(label, r);
  });
  const at = (key: (typeof ASSESSMENT_ROWS)[number]["key"]) => {
    const spec = ASSESSMENT_ROWS.find((r) => r.key === key);
    const r = rowOf.get(spec?.header.toLowerCase() ?? "");
    if (r === undefined) {
      throw sheetError(
        grid.sheet,
        1,
        grid.rows.length + 1,
        `the '${spec?.header}' row is missing; add it (label in column A, value in B)`,
      );
    }
    return { value: grid.rows[r]?.[1] ?? null, n: r + 1 };
  };
  const title = at("title");
  const keyQuestion = at("keyQuestion");
  const horizon = at("horizon");
  const confidence = at("confidence");
  const handlingRow = rowOf.has("handling marking") ? at("handling") : null;
  const idRow = rowOf.get("assessment id");
  return {
    id: idRow === undefined ? null : cellText(grid.rows[idRow]?.[1]) || null,
    title: check(titleSchema, text(title.value), grid.sheet, 2, title.n),
    keyQuestion: check(keyQuestionSchema, text(keyQuestion.value), grid.sheet, 2, keyQuestion.n),
    horizon: dayOf(horizon.value, grid.sheet, 2, horizon.n, "horizon"),
    confidence: check(confidenceSchema, cellText(confidence.value).toLowerCase(), grid.sheet, 2, confidence.n),
    handling: handlingRow ? check(handlingSchema, text(handlingRow.value), grid.sheet, 2, handlingRow.n) : "",
  };
}

function readScenarios(grids: readonly Grid[]) {
  const grid = gridOf(grids, SHEET.scenarios);
  const cols = headerColumns(grid, SCENARIO_COLUMNS, ["name", "prior"]);
  const get = (row: CellValue[], key: string) => {
    const c = cols.get(key);
    return c === undefined ? null : (row[c - 1] ?? null);
  };
  return dataRows(grid).map(({ row, n }) => {
    const nameCol = cols.get("name") as number;
    const priorCol = cols.get("prior") as number;
    const color = cellText(get(row, "color"));
    if (color && !/^#[0-9a-fA-F]{6}$/.test(color)) {
      throw sheetError(
        grid.sheet,
        cols.get("color") as number,
        n,
        `'${color}' is not a colour; give one as #RRGGBB or leave it empty`,
      );
    }
    const prior = get(row, "prior");
    if (typeof prior !== "number") {
      throw sheetError(
        grid.sheet,
        priorCol,
        n,
        `'${cellText(prior)}' is not a prior weight; give a number greater than 0`,
      );
    }
    return {
      name: check(scenarioName, text(get(row, "name")), grid.sheet, nameCol, n),
      description: check(descriptionSchema, text(get(row, "description")), grid.sheet, cols.get("description") ?? 2, n),
      prior: check(priorSchema, prior, grid.sheet, priorCol, n),
      color: color || undefined,
      id: cellText(get(row, "id")) || null,
    };
  });
}

function expectationOf(value: CellValue | undefined, sheet: string, column: number, row: number): Expectation {
  if (typeof value === "number") {
    if (value >= LIKELIHOOD_MIN && value <= LIKELIHOOD_MAX) return value;
    throw sheetError(
      sheet,
      column,
      row,
      `${value} is not a likelihood; give one from ${LIKELIHOOD_MIN} to ${LIKELIHOOD_MAX}, or use ${RATING_CHOICES}`,
    );
  }
  const t = cellText(value);
  const rating = ratingOfWord(t);
  if (rating) return rating;
  throw sheetError(
    sheet,
    column,
    row,
    t === "" ? `the rating is missing; use ${RATING_CHOICES}` : `'${t}' is not a rating; use ${RATING_CHOICES}`,
  );
}

/** A percent cell as a share in [0, 1]: a number (0.6, shown 60 %) or text "60 %". */
function shareCell(
  value: CellValue | undefined,
  sheet: string,
  column: number,
  row: number,
  what: string,
): number | null {
  if (value === null || value === undefined || cellText(value) === "") return null;
  let share: number | null = typeof value === "number" ? value : null;
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(cellText(value));
  if (m) share = Number(m[1]) / 100;
  if (share === null || !Number.isFinite(share) || share < 0 || share > 1) {
    throw sheetError(sheet, column, row, `'${cellText(value)}' is not a ${what}; give a percent from 0 % to 100 %`);
  }
  return share;
}

function readMatrix(grids: readonly Grid[], scenarios: { name: string }[]) {
  const grid = gridOf(grids, SHEET.matrix);
  const header = grid.rows[0] ?? [];
  const headers = header.map((v) => cellText(v).toLowerCase());
  const lead = new Map(MATRIX_LEAD.map((c) => [c.key, headers.indexOf(c.header.toLowerCase()) + 1]));
  const tail = new Map(MATRIX_TAIL.map((c) => [c.key, headers.indexOf(c.header.toLowerCase()) + 1]));
  const nameCol = lead.get("name") ?? 0;
  if (nameCol === 0) throw sheetError(grid.sheet, 1, 1, "the 'Indicator' column is missing; put 'Indicator' in A1");
  const known = new Set([...MATRIX_LEAD, ...MATRIX_TAIL].map((c) => c.header.toLowerCase()));
  const scenarioCols = scenarios.map((s) => {
    const c = headers.indexOf(s.name.trim().toLowerCase());
    if (c < 0) {
      throw sheetError(
        grid.sheet,
        header.length + 1,
        1,
        `no column for scenario '${s.name}' of the Scenarios sheet; add one headed with its name`,
      );
    }
    return c + 1;
  });
  headers.forEach((h, c) => {
    if (h && !known.has(h) && !scenarioCols.includes(c + 1)) {
      throw sheetError(
        grid.sheet,
        c + 1,
        1,
        `'${cellText(header[c])}' is not a scenario of the Scenarios sheet; name one of them, or delete the column`,
      );
    }
  });
  const at = (row: CellValue[], c: number | undefined) => (c ? (row[c - 1] ?? null) : null);
  return dataRows(grid).map(({ row, n }) => {
    const weight = shareCell(at(row, tail.get("weight")), grid.sheet, tail.get("weight") ?? 0, n, "weight");
    const presence = shareCell(at(row, tail.get("presence")), grid.sheet, tail.get("presence") ?? 0, n, "presence");
    const rationaleCol = tail.get("overrideRationale") ?? 0;
    const rationale = check(overrideRationaleSchema, text(at(row, rationaleCol)), grid.sheet, rationaleCol, n);
    if (presence !== null && !rationale) {
      throw sheetError(
        grid.sheet,
        rationaleCol || header.length + 1,
        n,
        "say why the presence is overridden (Override rationale), or clear the override",
      );
    }
    return {
      name: check(indicatorName, text(at(row, nameCol)), grid.sheet, nameCol, n),
      description: check(
        descriptionSchema,
        text(at(row, lead.get("description"))),
        grid.sheet,
        lead.get("description") || 2,
        n,
      ),
      expectations: scenarioCols.map((c) => expectationOf(row[c - 1], grid.sheet, c, n)),
      // An empty weight is a row typed without one: full weight, as a new indicator gets.
      weight: weight ?? 1,
      presence,
      overrideRationale: presence === null ? null : rationale,
      id: cellText(at(row, tail.get("id"))) || null,
    };
  });
}

/** The recorded time and author a row keeps, when both are there (they are kept only together). */
function recordedOf(value: CellValue | undefined, author: string): { recordedAt?: number; authorName?: string } {
  if (!(value instanceof Date) || author === "" || author.length > 200) return {};
  return { recordedAt: value.getTime(), authorName: author };
}

const KINDS = new Map(SOURCE_KIND_LIST.map((k) => [k.replace(/_/g, " "), k]));

function readEvidence(grids: readonly Grid[]) {
  const grid = grids.find((g) => g.sheet === SHEET.evidence);
  if (!grid || grid.rows.length <= 1) return [];
  const cols = headerColumns(grid, EVIDENCE_COLUMNS, [
    "title",
    "sourceName",
    "sourceKind",
    "reliability",
    "credibility",
    "observedAt",
  ]);
  const col = (key: string) => cols.get(key) ?? 0;
  const at = (row: CellValue[], key: string) => (cols.has(key) ? (row[col(key) - 1] ?? null) : null);
  const f = evidenceFields;
  return dataRows(grid).map(({ row, n }) => {
    const kindText = cellText(at(row, "sourceKind")).toLowerCase().replace(/_/g, " ");
    const kind = KINDS.get(kindText);
    if (!kind) {
      throw sheetError(
        grid.sheet,
        col("sourceKind"),
        n,
        `'${cellText(at(row, "sourceKind"))}' is not a kind of source; use ${SOURCE_KIND_LIST.join(", ")}`,
      );
    }
    const reliability = cellText(at(row, "reliability")).toUpperCase();
    const credibility = Number(cellText(at(row, "credibility")));
    return {
      title: check(f.title, text(at(row, "title")), grid.sheet, col("title"), n),
      summary: check(f.summary, text(at(row, "summary")), grid.sheet, col("summary") || col("title"), n),
      sourceName: check(f.sourceName, text(at(row, "sourceName")), grid.sheet, col("sourceName"), n),
      sourceUrl: check(
        f.sourceUrl,
        cellText(at(row, "sourceUrl")),
        grid.sheet,
        col("sourceUrl") || col("sourceName"),
        n,
      ),
      sourceKind: kind as SourceKind,
      reliability: check(f.reliability, reliability, grid.sheet, col("reliability"), n) as Reliability,
      credibility: check(f.credibility, credibility, grid.sheet, col("credibility"), n),
      observedAt: check(
        f.observedAt,
        dayOf(at(row, "observedAt"), grid.sheet, col("observedAt"), n, "observed date"),
        grid.sheet,
        col("observedAt"),
        n,
      ),
      // A sheet from before origins has no such column: each item is its own report (DESIGN §2.3).
      origin: check(origin, text(at(row, "origin")), grid.sheet, col("origin") || col("title"), n),
      ...recordedOf(at(row, "recordedAt"), text(at(row, "author"))),
      id: cellText(at(row, "id")) || null,
      row: n,
      links: [] as { indicator: number; direction: Direction }[],
    };
  });
}

function readLinks(
  grids: readonly Grid[],
  evidence: ReturnType<typeof readEvidence>,
  indicators: ReturnType<typeof readMatrix>,
): void {
  const grid = grids.find((g) => g.sheet === SHEET.links);
  if (!grid || grid.rows.length <= 1) return;
  const cols = headerColumns(grid, LINK_COLUMNS, ["direction"]);
  const at = (row: CellValue[], key: string) => {
    const c = cols.get(key);
    return c === undefined ? "" : cellText(row[c - 1]);
  };
  const find = <T extends { id: string | null }>(items: T[], id: string, name: string, nameOf: (t: T) => string) =>
    (id ? items.findIndex((t) => t.id === id) : -1) >= 0
      ? items.findIndex((t) => t.id === id)
      : items.findIndex((t) => nameOf(t) === name);
  for (const { row, n } of dataRows(grid)) {
    const e = find(evidence, at(row, "evidenceId"), unquoteFormula(at(row, "evidence")), (x) => x.title);
    if (e < 0) {
      throw sheetError(
        grid.sheet,
        cols.get("evidence") ?? 1,
        n,
        `'${at(row, "evidence") || at(row, "evidenceId")}' is not an evidence item of the Evidence sheet; fix the title or delete the row`,
      );
    }
    const i = find(indicators, at(row, "indicatorId"), unquoteFormula(at(row, "indicator")), (x) => x.name);
    if (i < 0) {
      throw sheetError(
        grid.sheet,
        cols.get("indicator") ?? 2,
        n,
        `'${at(row, "indicator") || at(row, "indicatorId")}' is not an indicator of the Matrix sheet; fix the name or delete the row`,
      );
    }
    const word = at(row, "direction").toLowerCase();
    const direction: Direction | null =
      word === "present" || word === "1" || word === "+1" ? 1 : word === "absent" || word === "-1" ? -1 : null;
    if (direction === null) {
      throw sheetError(
        grid.sheet,
        cols.get("direction") ?? 3,
        n,
        `'${at(row, "direction")}' is not a direction; use present or absent`,
      );
    }
    const item = evidence[e];
    if (item?.links.some((l) => l.indicator === i)) {
      throw sheetError(
        grid.sheet,
        cols.get("indicator") ?? 2,
        n,
        "this evidence item is linked to this indicator twice; keep one row",
      );
    }
    item?.links.push({ indicator: i, direction });
  }
}

/** The workbook's assessment as a plan, with the ids its rows carry. */
export function readWorkbook(grids: readonly Grid[]): ReadWorkbook {
  const assessment = readAssessment(grids);
  const scenarios = readScenarios(grids);
  const indicators = readMatrix(grids, scenarios);
  const evidence = readEvidence(grids);
  readLinks(grids, evidence, indicators);
  return {
    assessmentId: assessment.id,
    plan: {
      title: assessment.title,
      keyQuestion: assessment.keyQuestion,
      horizon: assessment.horizon,
      confidence: assessment.confidence,
      handling: assessment.handling,
      scenarios: scenarios.map(({ id: _id, ...s }) => s),
      indicators: indicators.map(({ id: _id, ...i }) => i),
      evidence: evidence.map(({ id: _id, row: _row, ...e }) => e),
    },
    scenarioIds: scenarios.map((s) => s.id),
    indicatorIds: indicators.map((i) => i.id),
    evidenceIds: evidence.map((e) => e.id),
  };
}
