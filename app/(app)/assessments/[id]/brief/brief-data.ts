// Pure helpers of the brief page: reading the moment and baseline from the URL, the figures as
// the page prints them and the chart rows. No React, so the browser and tests share them.

/** `?asOf=ISO` or `?seq=n` name the moment; `?baseline=id` the baseline the changes are measured from. */
export interface BriefQuery {
  asOf?: { at: string } | { seq: number } | undefined;
  baselineId?: string | undefined;
}

type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export function briefQuery(params: SearchParams): BriefQuery {
  const asOf = one(params.asOf) ?? one(params.at);
  const seq = one(params.seq);
  return {
    asOf: asOf ? { at: asOf } : seq && /^\d+$/.test(seq) ? { seq: Number(seq) } : undefined,
    baselineId: one(params.baseline),
  };
}

/** Change since the baseline in whole points: `+4 pts`, `−3 pts`, `±0 pts`, `new` without a baseline value. */
export function pointsText(points: number | null): string {
  if (points === null) return "new";
  const r = Math.round(points);
  return r === 0 ? "±0 pts" : `${r > 0 ? "+" : "−"}${Math.abs(r)} pts`;
}

/** A datetime-local value (read as UTC) → full ISO; null when the text is not a moment. */
export function utcInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export { utcInputValue } from "@/shared/format";

export interface ChartScenario {
  id: string;
  name: string;
  color: string;
  probability: number;
}

/** One row per point of the timeline, each scenario's probability in percent under its id. */
export function timelineRows(
  timeline: { at: number; probabilities: Record<string, number> }[],
  scenarios: { id: string }[],
): ({ at: number } & Record<string, number>)[] {
  return timeline.map((point) => {
    const row: { at: number } & Record<string, number> = { at: point.at };
    for (const s of scenarios) row[s.id] = Math.round((point.probabilities[s.id] ?? 0) * 1000) / 10;
    return row;
  });
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TICK_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Time-axis ticks on round UTC hours or days, at most `maxTicks` of them between `from` and `to`,
 * and the step they are spaced by (which decides the label: with or without the hour).
 */
export function timelineTicks(from: number, to: number, maxTicks = 4): { ticks: number[]; step: number } {
  if (!(to > from)) return { ticks: [from], step: DAY };
  const step = TICK_STEPS.find((s) => Math.floor(to / s) - Math.ceil(from / s) + 1 <= maxTicks) ?? 365 * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { ticks, step };
}

/** `13 Dec` for day steps, `13 Dec 06:00` for hour steps (UTC). */
export function tickText(ms: number, step: number): string {
  const d = new Date(ms);
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return step < DAY ? `${day} ${d.toISOString().slice(11, 16)}` : day;
}

/** A CSS string literal: quotes and backslashes escaped, `<` and `>` too so it cannot close a `<style>`. */
export function cssString(text: string): string {
  const escaped = text
    .replace(/[\\"]/g, "\\$&")
    .replace(/[\r\n\f]+/g, " ")
    .replace(/</g, "\\3c ")
    .replace(/>/g, "\\3e ");
  return `"${escaped}"`;
}

/**
 * The print page of the brief: A4 or Letter margins, and the handling marking in the top and
 * bottom margin boxes so it repeats on every page without covering the text.
 */
export function printPageCss(marking: string): string {
  const mark = cssString(marking);
  const box = "font: 600 8pt ui-sans-serif, system-ui, sans-serif; letter-spacing: 0.06em; color: #0f172a;";
  return `@page {
  margin: 15mm 13mm 15mm;
  @top-center { content: ${mark}; ${box} }
  @bottom-center { content: ${mark}; ${box} }
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt ui-sans-serif, system-ui, sans-serif; color: #475569; }
}
@media print {
  html, body { background: #fff !important; }
  main { padding: 0 !important; max-width: none !important; }
}`;
}
