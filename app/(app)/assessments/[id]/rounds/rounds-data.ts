// What the round pages say and how they colour it, as pure functions: the range of a scenario and
// whether the pool lies outside it, a spread as a heat-map shade, a cell's values in words.
import type { Expectation } from "@/shared/assessment/state";
import { RATINGS } from "@/shared/engine";
import { formatPercent, formatProbabilityRange, formatWholePercent } from "@/shared/format";
import type { RoundStatus } from "@/shared/rounds";

/** "38–66 %": a range of probabilities, each end as the app writes a probability. */
export function formatRange([lo, hi]: readonly [number, number]): string {
  return formatProbabilityRange(lo, hi);
}

/**
 * The pooled call of one scenario in words, honest when the pool lies outside the participants'
 * range (it can with three or more scenarios: each analyst rules out a different alternative).
 */
export function pooledSentence(pooled: number, range: readonly [number, number], outside: boolean): string {
  return `${formatPercent(pooled)} ${pooledNote(range, outside)}`;
}

/** What follows the pooled figure: the range, or that the pool lies outside it. */
export function pooledNote(range: readonly [number, number], outside: boolean): string {
  return outside
    ? `(pooled; outside the participants' range ${formatRange(range)})`
    : `(pooled), team range ${formatRange(range)}`;
}

/** A rating or likelihood as a cell of the private copy says it: "likely" or "exactly 37 %". */
export function valueLabel(e: Expectation | null | undefined): string {
  if (e === null || e === undefined) return "—";
  return typeof e === "number" ? `exactly ${formatWholePercent(e)}` : RATINGS[e].label;
}

/** The likelihood behind a value, for sorting and short labels. */
export function likelihoodOf(e: Expectation): number {
  return typeof e === "number" ? e : RATINGS[e].likelihood;
}

// One wording with the brief and the exports.
export { impactWords, spreadWords } from "@/shared/rounds-words";

/** The heat-map shade of a spread: white when all agree, deepening to about three rating steps. */
export function spreadShade(spread: number): string {
  const t = Math.min(1, spread / 2.6);
  if (t === 0) return "rgb(255 255 255)";
  // From amber-50 (255 251 235) to orange-400 (251 146 60).
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(255, 251)} ${mix(251, 146)} ${mix(235, 60)})`;
}

export const STATUS_LABEL: Record<RoundStatus, string> = {
  open: "Open",
  closed: "Closed",
  adopted: "Adopted",
  abandoned: "Abandoned",
};

export const STATUS_STYLE: Record<RoundStatus, string> = {
  open: "bg-blue-100 text-blue-900",
  closed: "bg-slate-200 text-slate-800",
  adopted: "bg-emerald-100 text-emerald-900",
  abandoned: "bg-amber-100 text-amber-900",
};
