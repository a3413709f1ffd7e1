// How Signpost writes numbers and times for people, in one place for the pages and the exports:
// a figure reads the same in the workspace, the brief and its PDF. Pure: imported by the browser
// and the server alike. Where two rules stand for one idea they are named for what they show.

/** U+2212, the typeset minus: "−3 pts", never the hyphen of "-3 pts" (the PDF maps it back to "-"). */
export const MINUS = "\u2212";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

// ── Probabilities ───────────────────────────────────────────────────────────

/** A computed probability: 0.546 → "55 %", 0.0123 → "1.2 %": one decimal below 10 % where rounding would mislead. */
export function formatPercent(p: number): string {
  const pct = p * 100;
  return `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)} %`;
}

/** A value set in whole percent (a weight, an exact likelihood, a rating's likelihood): 0.4 → "40 %". */
export function formatWholePercent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** A probability in percent to a tenth, the number a chart plots: 0.12345 → 12.3. */
export function percentTenths(p: number): number {
  return Math.round(p * 1000) / 10;
}

/** A figure already in percent, as axes, bars and tooltips label it: 54.6 → "54.6 %". */
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

/** A contribution in nats without the unit, two decimals; three below 0.01 so a small push still shows its sign. */
export function formatContribution(nats: number): string {
  return formatSigned(nats, Math.abs(nats) < 0.01 ? 3 : 2);
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

/** Epoch ms → the `YYYY-MM-DDTHH:MM` a datetime-local input shows, in UTC. */
export function utcInputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
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

// ── Sizes ───────────────────────────────────────────────────────────────────

const MB = 1024 * 1024;

/** Bytes in megabytes to a tenth: 31_457_280 → "30.0 MB". */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
