// The time axis of every chart over time (history, resolution, brief, the PDF's chart): ticks on
// round UTC hours, midnights, Mondays or first days of months, and their labels.
import { DAY_MS, HOUR_MS } from "./format";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export type TickUnit = "hour" | "day" | "month";

const FIXED_STEPS: readonly { ms: number; unit: TickUnit; offset?: number }[] = [
  { ms: HOUR_MS, unit: "hour" },
  { ms: 3 * HOUR_MS, unit: "hour" },
  { ms: 6 * HOUR_MS, unit: "hour" },
  { ms: 12 * HOUR_MS, unit: "hour" },
  { ms: DAY_MS, unit: "day" },
  { ms: 2 * DAY_MS, unit: "day" },
  // Weeks start on Monday: the epoch was a Thursday.
  { ms: 7 * DAY_MS, unit: "day", offset: 4 * DAY_MS },
  { ms: 14 * DAY_MS, unit: "day", offset: 4 * DAY_MS },
];

/** Ticks on round UTC hours, days, Mondays or months, at most `maxTicks` of them. */
export function timeTicks(from: number, to: number, maxTicks = 8): { ticks: number[]; unit: TickUnit } {
  if (!(to > from)) return { ticks: [from], unit: "hour" };
  for (const step of FIXED_STEPS) {
    const offset = step.offset ?? 0;
    const first = Math.ceil((from - offset) / step.ms) * step.ms + offset;
    if (Math.floor((to - first) / step.ms) + 1 <= maxTicks) {
      const ticks: number[] = [];
      for (let t = first; t <= to; t += step.ms) ticks.push(t);
      return { ticks, unit: step.unit };
    }
  }
  // Months are counted as year * 12 + month; a tick is the first of a month inside the range.
  const monthIndex = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
  const monthStart = (index: number) => Date.UTC(Math.floor(index / 12), index % 12, 1);
  const firstMonth = monthIndex(from) + (monthStart(monthIndex(from)) < from ? 1 : 0);
  const lastMonth = monthIndex(to);
  for (const months of [1, 2, 3, 6, 12, 24, 60, 120]) {
    const first = Math.ceil(firstMonth / months) * months;
    if (Math.floor((lastMonth - first) / months) + 1 > maxTicks) continue;
    const ticks: number[] = [];
    for (let m = first; m <= lastMonth; m += months) ticks.push(monthStart(m));
    return { ticks, unit: "month" };
  }
  return { ticks: [from, to], unit: "month" };
}

/** "13 Dec 10:00" for hour ticks, "13 Dec" for days (with the year when ticks span several), "Dec 2024" for months. */
export function tickLabel(ms: number, unit: TickUnit, withYear = false): string {
  const d = new Date(ms);
  const month = MONTHS[d.getUTCMonth()] ?? "";
  if (unit === "month") return `${month} ${d.getUTCFullYear()}`;
  const day = `${d.getUTCDate()} ${month}${withYear ? ` ${d.getUTCFullYear()}` : ""}`;
  if (unit === "day") return day;
  return `${day} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

/** "12 Dec 08:00" (UTC); the time is left out at midnight. */
export function shortUtc(ms: number): string {
  const d = new Date(ms);
  return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? tickLabel(ms, "day") : tickLabel(ms, "hour");
}
