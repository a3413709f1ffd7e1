// The Signpost workbook's layout, written once: which sheets it has, their columns (header, width,
// kind of value, drop-down, number format) and the words a rating is written as. The export
// (./write.ts), the import (./read.ts) and the template (./template.ts) all follow this module, so
// a column added here is exported, read back and offered in the template alike.
import { SOURCE_KINDS } from "@/shared/assessment/state";
import { CREDIBILITY_GRADES, RATING_KEYS, type Rating, RELIABILITY_GRADES } from "@/shared/engine";

export const SHEET = {
  assessment: "Assessment",
  scenarios: "Scenarios",
  matrix: "Matrix",
  evidence: "Evidence",
  links: "Links",
  history: "Probability history",
} as const;

/** How a rating reads in a cell (and in its drop-down): the five words of the issue, in scale order. */
export const RATING_WORDS: Readonly<Record<Rating, string>> = {
  highly_likely: "Highly likely",
  likely: "Likely",
  could: "Could",
  unlikely: "Unlikely",
  highly_unlikely: "Highly unlikely",
};
export const RATING_LIST = RATING_KEYS.map((r) => RATING_WORDS[r]);

/** "Highly likely, Likely, Could, Unlikely or Highly unlikely": the fix every rating error offers. */
export const RATING_CHOICES = `${RATING_LIST.slice(0, -1).join(", ")} or ${RATING_LIST.at(-1)}`;

/** A rating word as typed (any case, the app's "Could (either way)" and its keys too), or null. */
export function ratingOfWord(text: string): Rating | null {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/\s*\(either way\)$/, "")
    .replace(/[\s_-]+/g, "_");
  return (RATING_KEYS as readonly string[]).includes(key) ? (key as Rating) : null;
}

export const CONFIDENCE_LIST = ["low", "moderate", "high"] as const;
export const SOURCE_KIND_LIST = SOURCE_KINDS as readonly string[];
export const RELIABILITY_LIST = RELIABILITY_GRADES as readonly string[];
export const CREDIBILITY_LIST = CREDIBILITY_GRADES.map(String);
export const DIRECTION_WORDS = { 1: "present", [-1]: "absent" } as const;
export const DIRECTION_LIST = ["present", "absent"];

/** What a column holds, which decides its cell type, number format and drop-down. */
export type ColumnKind =
  | { type: "text"; long?: boolean }
  | { type: "number"; numFmt: string; min?: number; max?: number }
  | { type: "list"; values: readonly string[] }
  | { type: "date" }
  | { type: "datetime" }
  | { type: "url" }
  | { type: "id" };

export interface Column<K extends string = string> {
  key: K;
  header: string;
  width: number;
  kind: ColumnKind;
  /** Computed on export and ignored by the import (probabilities, terms, the history). */
  readOnly?: boolean;
}

export const DATE_FORMAT = "yyyy-mm-dd";
export const DATETIME_FORMAT = "yyyy-mm-dd hh:mm";
export const PERCENT = "0%";
export const PERCENT_TENTH = "0.0%";
export const LIKELIHOOD_FORMAT = "0.00";

const text = (long = false): ColumnKind => ({ type: "text", long });

/** The Assessment sheet is a form: a label in column A, the value in column B, one row each. */
export const ASSESSMENT_ROWS = [
  { key: "title", header: "Title", width: 0, kind: text() },
  { key: "keyQuestion", header: "Key question", width: 0, kind: text(true) },
  { key: "horizon", header: "Horizon", width: 0, kind: { type: "date" } },
  { key: "confidence", header: "Analytic confidence", width: 0, kind: { type: "list", values: CONFIDENCE_LIST } },
  { key: "handling", header: "Handling marking", width: 0, kind: text() },
  { key: "status", header: "Status", width: 0, kind: text(), readOnly: true },
  { key: "asOf", header: "As of", width: 0, kind: text(), readOnly: true },
  { key: "id", header: "Assessment ID", width: 0, kind: { type: "id" }, readOnly: true },
] as const satisfies readonly Column[];
export type AssessmentRowKey = (typeof ASSESSMENT_ROWS)[number]["key"];

export const SCENARIO_COLUMNS = [
  { key: "name", header: "Scenario", width: 34, kind: text() },
  { key: "description", header: "Description", width: 60, kind: text(true) },
  { key: "prior", header: "Prior weight", width: 13, kind: { type: "number", numFmt: "0.###", min: 0 } },
  { key: "priorShare", header: "Prior", width: 9, kind: { type: "number", numFmt: PERCENT }, readOnly: true },
  {
    key: "probability",
    header: "Probability",
    width: 12,
    kind: { type: "number", numFmt: PERCENT_TENTH },
    readOnly: true,
  },
  { key: "term", header: "Term (ICD 203)", width: 20, kind: text(), readOnly: true },
  { key: "color", header: "Colour", width: 10, kind: text() },
  { key: "id", header: "ID", width: 14, kind: { type: "id" } },
] as const satisfies readonly Column[];

/** The Matrix: these columns, one column per active scenario between the lead and the tail. */
export const MATRIX_LEAD = [
  { key: "name", header: "Indicator", width: 40, kind: text(true) },
  { key: "description", header: "Description", width: 44, kind: text(true) },
] as const satisfies readonly Column[];
export const MATRIX_SCENARIO_WIDTH = 18;
export const MATRIX_TAIL = [
  { key: "weight", header: "Weight", width: 10, kind: { type: "number", numFmt: PERCENT, min: 0, max: 1 } },
  {
    key: "presence",
    header: "Presence override",
    width: 12,
    kind: { type: "number", numFmt: PERCENT, min: 0, max: 1 },
  },
  { key: "overrideRationale", header: "Override rationale", width: 30, kind: text(true) },
  { key: "id", header: "ID", width: 14, kind: { type: "id" } },
] as const satisfies readonly Column[];

export const EVIDENCE_COLUMNS = [
  { key: "title", header: "Title", width: 40, kind: text(true) },
  { key: "summary", header: "Summary", width: 60, kind: text(true) },
  { key: "sourceName", header: "Source", width: 24, kind: text(true) },
  { key: "sourceUrl", header: "Source URL", width: 36, kind: { type: "url" } },
  { key: "sourceKind", header: "Kind", width: 18, kind: { type: "list", values: SOURCE_KIND_LIST } },
  { key: "reliability", header: "Reliability (A–F)", width: 11, kind: { type: "list", values: RELIABILITY_LIST } },
  { key: "credibility", header: "Credibility (1–6)", width: 11, kind: { type: "list", values: CREDIBILITY_LIST } },
  { key: "observedAt", header: "Observed", width: 12, kind: { type: "date" } },
  { key: "origin", header: "Origin (the report it repeats)", width: 28, kind: text(true) },
  { key: "recordedAt", header: "Recorded (UTC)", width: 17, kind: { type: "datetime" }, readOnly: true },
  { key: "author", header: "Author", width: 20, kind: text(), readOnly: true },
  { key: "id", header: "ID", width: 14, kind: { type: "id" } },
] as const satisfies readonly Column[];

export const LINK_COLUMNS = [
  { key: "evidence", header: "Evidence", width: 40, kind: text() },
  { key: "indicator", header: "Indicator", width: 40, kind: text() },
  { key: "direction", header: "Says the indicator is", width: 14, kind: { type: "list", values: DIRECTION_LIST } },
  { key: "evidenceId", header: "Evidence ID", width: 14, kind: { type: "id" } },
  { key: "indicatorId", header: "Indicator ID", width: 14, kind: { type: "id" } },
] as const satisfies readonly Column[];

/** The History: these columns, then the probability of each active scenario after the change. */
export const HISTORY_LEAD = [
  { key: "seq", header: "#", width: 7, kind: { type: "number", numFmt: "0" }, readOnly: true },
  { key: "at", header: "At (UTC)", width: 17, kind: { type: "datetime" }, readOnly: true },
  { key: "by", header: "By", width: 20, kind: text(), readOnly: true },
  { key: "change", header: "Change", width: 60, kind: text(true), readOnly: true },
  { key: "rationale", header: "Rationale", width: 40, kind: text(true), readOnly: true },
] as const satisfies readonly Column[];
export const HISTORY_SCENARIO_WIDTH = 14;

/** Column letters from a 1-based index: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "Matrix!D7": how every import error names its cell. */
export function cellName(sheet: string, column: number, row: number): string {
  return `${sheet}!${columnLetter(column)}${row}`;
}
