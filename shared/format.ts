// How Signpost writes numbers and times for people, in one place for the pages and the exports.
// Pure: imported by the browser and the server alike.

export const DAY_MS = 86_400_000;

/** 0.546 → "55 %", 0.0123 → "1.2 %": one decimal below 10 % where rounding would mislead. */
export function formatPercent(p: number): string {
  const pct = p * 100;
  return `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)} %`;
}

/** Epoch ms → "2024-12-13 17:30 UTC". */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Epoch ms → the `YYYY-MM-DDTHH:MM` a datetime-local input shows, in UTC. */
export function utcInputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}
