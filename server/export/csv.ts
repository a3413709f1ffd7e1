// CSV exports of the indicator matrix and the evidence list: RFC 4180 quoting, UTF-8 with a BOM
// so Excel reads accents, and cells that a spreadsheet would run as a formula neutralised.

import { independentReports } from "@/shared/assessment/origins";
import { type AssessmentState, activeScenarios, type EvidenceState } from "@/shared/assessment/state";
import { documentName } from "@/shared/display-name";
import { CREDIBILITY, type EngineResult, RATINGS, RELIABILITY } from "@/shared/engine";

// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): one starting with = + - @,
// or with a tab or line break. Spreadsheets also read the full-width and small forms (＝ ＋ － ＠,
// ﹦ ﹢ ﹣ ﹫, typed through an input method) as their ASCII twins, and some trim leading spaces on
// import, so the start is judged in NFKC form with leading spaces and invisible characters skipped.
const CONTROL_START = /^[\t\r\n]/;
const FORMULA_SIGN = /^[\s\p{Cf}]*[=+\-@]/u;

export function startsLikeFormula(text: string): boolean {
  return CONTROL_START.test(text) || FORMULA_SIGN.test(text.slice(0, 256).normalize("NFKC"));
}

/** One RFC 4180 field: formula triggers get a leading apostrophe, then quotes where needed. */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && startsLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export function matrixCsv(state: AssessmentState, result: EngineResult): string {
  const active = activeScenarios(state.scenarios);
  const header = [
    "Indicator",
    "Description",
    ...active.map((s) => `${s.name}: likelihood if true`),
    "Weight",
    "Presence",
    "Presence source",
    "Diagnosticity (bits)",
    "Evidence items",
    "Independent reports",
  ];
  const linked = new Map<string, EvidenceState[]>();
  for (const e of state.evidence) for (const id of Object.keys(e.links)) linked.set(id, [...(linked.get(id) ?? []), e]);
  const rows = state.indicators.map((i) => [
    i.name,
    i.description,
    ...active.map((s) => {
      const v = i.expectations[s.id];
      return v === undefined ? "" : typeof v === "number" ? v : `${RATINGS[v].label} (${RATINGS[v].likelihood})`;
    }),
    i.weight,
    Number((result.presence[i.id] ?? 0.5).toFixed(4)),
    i.presenceOverride === null ? "evidence" : `override: ${i.overrideRationale ?? ""}`,
    Number((result.diagnosticity[i.id] ?? 0).toFixed(4)),
    linked.get(i.id)?.length ?? 0,
    independentReports(linked.get(i.id) ?? []),
  ]);
  return csvDocument([header, ...rows]);
}

export function evidenceCsv(state: AssessmentState): string {
  const names = new Map(state.indicators.map((i) => [i.id, i.name]));
  const header = [
    "Title",
    "Summary",
    "Source",
    "Source URL",
    "Kind",
    "Grade",
    "Grade meaning",
    "Observed",
    "Recorded (UTC)",
    "Author",
    "Links",
    "Origin",
  ];
  const rows = state.evidence.map((e) => [
    e.title,
    e.summary,
    e.sourceName,
    e.sourceUrl ?? "",
    e.sourceKind,
    `${e.reliability}${e.credibility}`,
    `${RELIABILITY[e.reliability].meaning}; ${CREDIBILITY[e.credibility].meaning}`,
    e.observedAt,
    new Date(e.recordedAt).toISOString(),
    documentName(e.authorName),
    Object.entries(e.links)
      .map(([id, d]) => `${d === 1 ? "present" : "absent"}: ${names.get(id) ?? id}`)
      .join("; "),
    e.origin ?? "",
  ]);
  return csvDocument([header, ...rows]);
}
