// Number formats shared by the workspace panels.

/** 0.546 → "55 %", 0.0123 → "1.2 %": one decimal below 10 % where rounding would mislead. */
export function formatPercent(p: number): string {
  const pct = p * 100;
  return `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)} %`;
}

export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
