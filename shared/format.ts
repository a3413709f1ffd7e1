// How Signpost writes numbers and times for people, in one place for the pages and the exports:
// a figure reads the same in the workspace, the brief and its PDF. Pure: imported by the browser
// and the server alike. Where two rules stand for one idea they are named for what they show.

import { bandHolds, estimativeBand } from "@/shared/engine/terms";

/** U+2212, the typeset minus: "−3 pts", never the hyphen of "-3 pts" (the PDF maps it back to "-"). */
export const MINUS = "\u2212";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

// ── Probabilities ───────────────────────────────────────────────────────────
//
// The one display rule for a computed probability, on every page, chart, tooltip and export:
//  1. whole percent: 0.546 → "55 %";
//  2. a probability above zero that rounds to 0 reads "<1 %", one below one that rounds to 100
//     reads ">99 %" (the engine never gives 0 or 1 exactly, and "0 %" would claim it had);
//  3. where whole-percent rounding would carry the figure across an ICD 203 band edge into the
//     next band (19.5 % rounds to 20 %, the lower edge of "unlikely", while 19.5 % is "very
//     unlikely"), one decimal, rounded toward the band: "19.5 %", "55.1 %" for 0.55004.
// So the figure shown always lies in the band of the term shown beside it, and a screen reads in
// whole percent but for those few figures within half a point of an edge. Shown figures that do
// not add to 100 say so (roundingNote), rather than being bent to add up.

/** The figure a probability shows: its text, and the number it stands for in percent. */
export interface ProbabilityFigure {
  text: string;
  /** The percent the text shows: 19.5 for "19.5 %", 0 for "<1 %", 100 for ">99 %". */
  percent: number;
}

function figure(percent: number, text = String(percent)): ProbabilityFigure {
  return { text: `${text} %`, percent };
}

/** A computed probability as it is shown everywhere (the rule above). */
export function probabilityFigure(p: number): ProbabilityFigure {
  if (!Number.isFinite(p)) return { text: "—", percent: Number.NaN };
  const clamped = Math.min(1, Math.max(0, p));
  const band = estimativeBand(clamped);
  const pct = clamped * 100;
  const whole = Math.round(pct);
  if (whole === 0 && clamped > 0) return { text: "<1 %", percent: 0 };
  if (whole === 100 && clamped < 1) return { text: ">99 %", percent: 100 };
  if (bandHolds(band, whole / 100)) return figure(whole);
  // Rounding crossed an edge: one decimal toward the band (down when it rounded up over the upper
  // edge, up when it rounded down under the lower one). The scaled figure is first cleared of float
  // noise (0.803 × 1000 is 803.0000000000001, whose ceiling would say 80.4 %); a second decimal
  // only where the first still lands on the edge.
  const up = whole > pct;
  for (const digits of [1, 2]) {
    const scale = 10 ** digits;
    const raw = pct * scale;
    for (const scaled of [Math.round(raw * 1e6) / 1e6, raw]) {
      const shown = (up ? Math.floor(scaled) : Math.ceil(scaled)) / scale;
      if (bandHolds(band, shown / 100)) return figure(shown, shown.toFixed(digits));
    }
  }
  // Within a hair of the edge: say which side of it.
  return up ? { text: `<${whole} %`, percent: whole } : { text: `>${whole} %`, percent: whole };
}

/** A computed probability in words of number: "55 %", "19.5 %" at a band edge, "<1 %". */
export function formatProbability(p: number): string {
  return probabilityFigure(p).text;
}

/** The same rule under its older name: every probability on a page or in an export goes through it. */
export const formatPercent = formatProbability;

/** "38–66 %": a range of probabilities (a team round's), each end by the rule above. */
export function formatProbabilityRange(low: number, high: number): string {
  return `${formatProbability(low).replace(/\s?%$/, "")}–${formatProbability(high)}`;
}

/**
 * What to say under one assessment's probabilities when the figures shown do not add to 100
 * (each is rounded on its own, and none is bent to make the total): "Figures are rounded, so
 * they add to 99 %, not 100 %." Null when they add to 100.
 */
export function roundingNote(probabilities: readonly number[]): string | null {
  const total = shownTotal(probabilities);
  if (Math.abs(total - 100) < 1e-9) return null;
  return `Figures are rounded, so they add to ${Number(total.toFixed(1))} %, not 100 %.`;
}

/** The sum of the figures shown for these probabilities, in percent ("<1 %" counting 0, ">99 %" 100). */
export function shownTotal(probabilities: readonly number[]): number {
  let total = 0;
  for (const p of probabilities) total += probabilityFigure(p).percent;
  return Math.round(total * 1000) / 1000;
}

/** A value set in whole percent (a weight, an exact likelihood, a rating's likelihood): 0.4 → "40 %". */
export function formatWholePercent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** A probability in percent to a tenth, the length a chart draws (its label is formatProbability): 0.12345 → 12.3. */
export function percentTenths(p: number): number {
  return Math.round(p * 1000) / 10;
}

/** An axis tick or a bucket already in percent (not a computed probability: that is formatProbability): 50 → "50 %". */
export function formatPercentValue(percent: number): string {
  return `${percent} %`;
}

// ── Signed figures, nats, bits and scores ───────────────────────────────────

/**
 * A number with its sign and `digits` decimals, a true minus: 0.456 → "+0.46", −1.2 → "−1.20".
 * What rounds to zero is written unsigned ("0.00"): a sign there would claim a direction.
 */
export function formatSigned(n: number, digits = 2): string {
  const text = Math.abs(n).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${n < 0 ? MINUS : "+"}${text}`;
}

/** Weight of evidence in nats, the unit of the engine's contributions: "+0.42 nats", "−1.20 nats", "0.00 nats". */
export function formatNats(nats: number): string {
  return `${formatSigned(nats)} nats`;
}

// ── Drivers: a contribution in the analyst's terms ──────────────────────────
//
// A driver's contribution c(i, s) (DESIGN §2.5) is in nats against the average scenario: it
// multiplies the odds of s against the (geometric) average of all the scenarios by e^c. That factor
// is what the pages and briefs say ("makes Partial consolidation 1.35× more likely against the
// average scenario"); the nats stay one click or a parenthesis away.

/** How many times a contribution multiplies a scenario's odds against the average scenario: e^|nats|. */
export function oddsFactor(nats: number): number {
  return Math.exp(Math.abs(nats));
}

/** An odds factor: "1.35×" under 10, "12.4×" under 100, "140×" above. */
export function formatOddsFactor(nats: number): string {
  const f = oddsFactor(nats);
  if (f >= 1000) return "≥1000×";
  return `${f < 10 ? f.toFixed(2) : f < 100 ? f.toFixed(1) : Math.round(f)}×`;
}

/** What a contribution does, in short: "1.35× more likely", "2.10× less likely", "hardly moves it". */
export function driverEffect(nats: number): string {
  if (oddsFactor(nats) < 1.005) return "hardly moves it";
  return `${formatOddsFactor(nats)} ${nats > 0 ? "more" : "less"} likely`;
}

/** The whole sentence: "makes Partial consolidation 1.35× more likely against the average scenario". */
export function driverSentence(nats: number, scenarioName: string): string {
  if (oddsFactor(nats) < 1.005) return `hardly moves ${scenarioName} against the average scenario`;
  return `makes ${scenarioName} ${driverEffect(nats)} against the average scenario`;
}

/** Information in bits (value of collection, log score): 0.737 → "0.74 bits"; a certain miss is "∞ bits". */
export function formatBits(bits: number): string {
  if (!Number.isFinite(bits)) return "∞ bits";
  return `${bits.toFixed(2)} bits`;
}

/** A Brier score (0–2) to two decimals. */
export function formatBrier(brier: number): string {
  return brier.toFixed(2);
}

// ── Percentage points: the difference of two probabilities, in points ──────

/** Whole points under ten get one decimal: 3.44 → "3.4", 9.96 → "10", 18.2 → "18". */
function pointsFigure(abs: number): string {
  return abs >= 9.95 ? String(Math.round(abs)) : abs.toFixed(1);
}

/**
 * The change since a baseline, in whole points (the brief and its exports): 12.4 → "+12 pts",
 * −6.6 → "−7 pts", 0.4 → "±0 pts"; null (a scenario the baseline did not have) → "new".
 */
export function formatPointsSince(points: number | null): string {
  if (points === null) return "new";
  const r = Math.round(points);
  return r === 0 ? "±0 pts" : `${r > 0 ? "+" : MINUS}${Math.abs(r)} pts`;
}

/** A move between two moments (the compare view), one decimal under ten: "+18 pts", "−3.4 pts", "0 pts". */
export function formatSignedPoints(points: number): string {
  const abs = Math.abs(points);
  if (abs < 0.05) return "0 pts";
  return `${points > 0 ? "+" : MINUS}${pointsFigure(abs)} pts`;
}

/**
 * How far something could move a probability either way (what leaving an evidence item out would
 * change): 12.3 → "±12 pts", 3.4 → "±3.4 pts", 0.04 → "±<0.1 pts".
 */
export function formatPointsSwing(points: number): string {
  const abs = Math.abs(points);
  return `±${abs < 0.05 ? "<0.1" : pointsFigure(abs)} pts`;
}

// ── Times, always UTC ───────────────────────────────────────────────────────

/** Epoch ms → "2024-12-13 17:30", the zone said by the column or the sentence around it. */
export function formatUtcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** Epoch ms → "2024-12-13 17:30 UTC". */
export function formatUtc(ms: number): string {
  return `${formatUtcMinute(ms)} UTC`;
}

/** Epoch ms → the "YYYY-MM-DD HH:MM" a date-and-time field starts from, in UTC (read back by shared/moment's parseUtcInput). */
export function utcInputValue(ms: number): string {
  return formatUtcMinute(ms);
}

/** A time's UTC calendar day, "2024-12-13" (today's by default): the form dates are stored and compared in. */
export function isoDay(at: number | Date = Date.now()): string {
  return new Date(at).toISOString().slice(0, 10);
}

const DAY_WORDS = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" } as const;

/** "2024-12-13" (or a full ISO date-time) → "13 Dec 2024"; text that is no date is returned as it is. */
export function formatDay(iso: string): string {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toLocaleDateString("en-GB", DAY_WORDS);
}

/** "2024-12-13" → "13 Dec", for a date whose year the reader already has. */
export function formatDayMonth(iso: string): string {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}

/** Epoch ms → "12 Dec 2024, 08:00 UTC": a moment in words, for lists and pickers. */
export function formatDayTime(ms: number): string {
  return `${new Date(ms).toLocaleDateString("en-GB", DAY_WORDS)}, ${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** Whole days from one UTC day ("2025-06-30") to another, later days positive. */
export function daysBetween(fromIso: string, toIso: string): number {
  const from = Date.parse(`${fromIso.slice(0, 10)}T00:00:00Z`);
  const to = Date.parse(`${toIso.slice(0, 10)}T00:00:00Z`);
  return Math.round((to - from) / DAY_MS);
}

/**
 * How long ago a UTC day was, as a person says it: "yesterday", "5 days ago", "3 weeks ago",
 * "17 months ago", "3 years ago" (months and years to the nearest). "today" for today, and the
 * same words ahead for a day still to come ("in 4 days").
 */
export function formatDaysAgo(iso: string, today: string = isoDay()): string {
  const days = daysBetween(iso, today);
  if (days === 0) return "today";
  if (days === 1) return "yesterday";
  if (days === -1) return "tomorrow";
  const n = Math.abs(days);
  const span =
    n < 14
      ? plural(n, "day")
      : n < 61
        ? plural(Math.round(n / 7), "week")
        : n < 730
          ? plural(Math.round(n / 30.4375), "month")
          : plural(Math.round(n / 365.25), "year");
  return days > 0 ? `${span} ago` : `in ${span}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

// ── Sizes ───────────────────────────────────────────────────────────────────

const MB = 1024 * 1024;

/** Bytes in megabytes to a tenth: 31_457_280 → "30.0 MB". */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
