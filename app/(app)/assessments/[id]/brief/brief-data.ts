// Pure helpers of the brief page: the chart rows and time ticks, and the print stylesheet with the
// handling marking. No React, so the browser and tests share them. The URL's moment and baseline
// are read by shared/moment.ts; figures are written by shared/format.ts.
import { DAY_MS, HOUR_MS, percentTenths } from "@/shared/format";
import { tickLabel } from "@/shared/time-axis";

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
    for (const s of scenarios) row[s.id] = percentTenths(point.probabilities[s.id] ?? 0);
    return row;
  });
}

const TICK_STEPS = [
  HOUR_MS,
  2 * HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  2 * DAY_MS,
  7 * DAY_MS,
  14 * DAY_MS,
  30 * DAY_MS,
  91 * DAY_MS,
];

/**
 * Time-axis ticks on round UTC hours or days, at most `maxTicks` of them between `from` and `to`,
 * and the step they are spaced by (which decides the label: with or without the hour).
 */
export function timelineTicks(from: number, to: number, maxTicks = 4): { ticks: number[]; step: number } {
  if (!(to > from)) return { ticks: [from], step: DAY_MS };
  const step = TICK_STEPS.find((s) => Math.floor(to / s) - Math.ceil(from / s) + 1 <= maxTicks) ?? 365 * DAY_MS;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { ticks, step };
}

/** `13 Dec` for day steps, `13 Dec 06:00` for hour steps (UTC). */
export function tickText(ms: number, step: number): string {
  return tickLabel(ms, step < DAY_MS ? "hour" : "day");
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
