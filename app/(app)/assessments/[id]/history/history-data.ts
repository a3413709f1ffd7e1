// Pure shaping for the history tab: the period filter to a time range, the timeline series to
// chart rows in percent, changes looked up by sequence number, the moment to jump to, the x axis (to
// scale in time or one step per change) and the wording of change kinds. No React here, so all of it is unit-tested.
import { DAY_MS, formatProbability, formatUtc, HOUR_MS, percentTenths } from "@/shared/format";
import { CHANGES_PAGE_MAX } from "@/shared/limits";
import { parseUtcInput } from "@/shared/moment";
import type { TickUnit } from "@/shared/time-axis";

/** Changes per page of the list ("Load more" fetches the next page). */
export const CHANGE_PAGE_SIZE = 50;
/** Changes fetched to explain the chart's points on hover (the server's maximum page). */
export const JOIN_LIMIT = CHANGES_PAGE_MAX;

// ── Period filter ────────────────────────────────────────────────────────────

export type PeriodKind = "7d" | "30d" | "all" | "custom";

export interface Period {
  kind: PeriodKind;
  /** The custom range as typed, "YYYY-MM-DD HH:MM" in UTC; empty means open-ended. */
  from: string;
  to: string;
}

export const ALL_TIME: Period = { kind: "all", from: "", to: "" };

export const PERIOD_OPTIONS: readonly { kind: PeriodKind; label: string }[] = [
  { kind: "7d", label: "Last 7 days" },
  { kind: "30d", label: "Last 30 days" },
  { kind: "all", label: "All" },
  { kind: "custom", label: "Custom" },
];

export interface TimeRange {
  from?: number;
  to?: number;
}

/**
 * The time range a period covers. 7 and 30 days count back from the latest change, not from
 * today, so a history that went quiet months ago still shows its last week of activity.
 */
export function periodRange(period: Period, latestAt: number | null): { range: TimeRange; error: string | null } {
  if (period.kind === "all") return { range: {}, error: null };
  if (period.kind === "7d" || period.kind === "30d") {
    if (latestAt === null) return { range: {}, error: null };
    const days = period.kind === "7d" ? 7 : 30;
    return { range: { from: latestAt - days * DAY_MS, to: latestAt }, error: null };
  }
  const from = period.from ? parseUtcInput(period.from) : undefined;
  const to = period.to ? parseUtcInput(period.to) : undefined;
  if (from === null) return { range: {}, error: "From: give a date and time as YYYY-MM-DD HH:MM (UTC)" };
  if (to === null) return { range: {}, error: "To: give a date and time as YYYY-MM-DD HH:MM (UTC)" };
  if (from !== undefined && to !== undefined && from > to) {
    return { range: {}, error: "The start must come before the end" };
  }
  const range: TimeRange = {};
  if (from !== undefined) range.from = from;
  // The field has minute precision: include the whole end minute.
  if (to !== undefined) range.to = to + 59_999;
  return { range, error: null };
}

/** One line under the period buttons that says what the chart and the list cover. */
export function periodNote(period: Period, latestAt: number | null): string {
  if (latestAt === null) return "No changes recorded yet.";
  const latest = formatUtc(latestAt);
  switch (period.kind) {
    case "all":
      return `The whole history, up to the latest change (${latest}).`;
    case "7d":
    case "30d":
      return `The last ${period.kind === "7d" ? 7 : 30} days of activity: counted back from the latest change (${latest}), not from today.`;
    case "custom": {
      const { range, error } = periodRange(period, latestAt);
      if (error) return error;
      const from = range.from === undefined ? "the start" : formatUtc(range.from);
      const to = period.to ? formatUtc(parseUtcInput(period.to) ?? latestAt) : "the latest change";
      return `From ${from} to ${to}. Times are UTC.`;
    }
  }
}

// ── Jump to a moment ─────────────────────────────────────────────────────────

/**
 * Checks a "jump to a moment" input: the ISO date-time to open, or the problem to show. Times
 * before the assessment existed are the server's to refuse (it knows when it was created).
 */
export function momentToOpen(value: string, now: number): { iso: string } | { error: string } {
  if (!value.trim()) return { error: "Give the date and time as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 17:30" };
  const ms = parseUtcInput(value);
  if (ms === null) return { error: "Date and time: give it as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 17:30" };
  if (ms > now) return { error: "That moment is in the future: pick a time up to now" };
  return { iso: new Date(ms).toISOString() };
}

// ── Timeline series → chart rows ─────────────────────────────────────────────

export interface SeriesPoint {
  seq: number;
  at: number;
  probabilities: Record<string, number>;
}

export interface ChartRow {
  /** The change this row is the state after; null for the row that carries the last value to the period's end. */
  seq: number | null;
  at: number;
  /** Percent (0–100) per scenario id, to one decimal: where the line is drawn. */
  percent: Record<string, number>;
  /** Each probability as every page writes it (shared/format.ts), for the tooltip. */
  labels?: Record<string, string>;
}

/** One row per point, with every charted scenario's probability in percent (missing counts as 0). */
export function chartRows(points: readonly SeriesPoint[], scenarioIds: readonly string[]): ChartRow[] {
  return points.map((p) => ({
    seq: p.seq,
    at: p.at,
    percent: Object.fromEntries(scenarioIds.map((id) => [id, percentTenths(p.probabilities[id] ?? 0)])),
    labels: Object.fromEntries(scenarioIds.map((id) => [id, formatProbability(p.probabilities[id] ?? 0)])),
  }));
}

/**
 * A probability stands until the next change: when the period runs past the last change, repeat
 * the last values at its end so the step line reaches it.
 */
export function extendToEnd(rows: readonly ChartRow[], end: number | undefined): ChartRow[] {
  const last = rows[rows.length - 1];
  if (!last || end === undefined || end <= last.at) return [...rows];
  return [
    ...rows,
    { seq: null, at: end, percent: { ...last.percent }, ...(last.labels ? { labels: last.labels } : {}) },
  ];
}

/** Changes by sequence number, to join the (down-sampled) series with what happened at each point. */
export function changesBySeq<T extends { seq: number }>(items: readonly T[]): Map<number, T> {
  return new Map(items.map((c) => [c.seq, c]));
}

/** The row under the pointer, from Recharts' active index (a number or numeric string). */
export function rowAtIndex(rows: readonly ChartRow[], index: unknown): ChartRow | undefined {
  const i = typeof index === "number" ? index : typeof index === "string" ? Number(index) : Number.NaN;
  return Number.isInteger(i) ? rows[i] : undefined;
}

// ── Horizontal spacing ───────────────────────────────────────────────────────

/** Points placed to scale in time, or one step per change (quiet months then take no room). */
export type Spacing = "time" | "change";

export type PlotRow = ChartRow & { x: number };

/** Where each row sits on the x axis; spaced by change, the row that only extends the last value is dropped. */
export function plotRows(rows: readonly ChartRow[], spacing: Spacing): PlotRow[] {
  if (spacing === "time") return rows.map((r) => ({ ...r, x: r.at }));
  return rows.filter((r) => r.seq !== null).map((r, i) => ({ ...r, x: i }));
}

/** The x of the last plotted change at or before `seq` (a baseline's event may be down-sampled away). */
export function xAtOrBefore(rows: readonly PlotRow[], seq: number): number | undefined {
  let x: number | undefined;
  for (const r of rows) {
    if (r.seq !== null && r.seq <= seq) x = r.x;
  }
  return x;
}

/** The longest quiet spell between two changes as a share of the whole span (0 for one point). */
export function largestGapShare(rows: readonly { at: number }[]): number {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last || last.at <= first.at) return 0;
  let gap = 0;
  for (let i = 1; i < rows.length; i++) gap = Math.max(gap, (rows[i]?.at ?? 0) - (rows[i - 1]?.at ?? 0));
  return gap / (last.at - first.at);
}

/**
 * Ticks for points spaced by change: the first change of each UTC day (or hour within one day,
 * or month over many days), thinned to at most `maxTicks`. Ticks are row positions.
 */
export function changeTicks(rows: readonly { at: number }[], maxTicks = 8): { ticks: number[]; unit: TickUnit } {
  const starts = (bucket: (ms: number) => number) => {
    const out: number[] = [];
    rows.forEach((r, i) => {
      const prev = rows[i - 1];
      if (!prev || bucket(prev.at) !== bucket(r.at)) out.push(i);
    });
    return out;
  };
  const thin = (ticks: number[]) => {
    const every = Math.ceil(ticks.length / maxTicks);
    return ticks.filter((_, i) => i % every === 0);
  };
  const days = starts((ms) => Math.floor(ms / DAY_MS));
  if (days.length > maxTicks) {
    const months = starts((ms) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth());
    return months.length >= 3 ? { ticks: thin(months), unit: "month" } : { ticks: thin(days), unit: "day" };
  }
  if (days.length > 1) return { ticks: days, unit: "day" };
  return { ticks: thin(starts((ms) => Math.floor(ms / HOUR_MS))), unit: "hour" };
}

// ── Change kinds ─────────────────────────────────────────────────────────────

const KIND_LABELS: Record<string, string> = {
  "assessment.create": "Created",
  "assessment.update": "Assessment edited",
  "assessment.archive": "Archived",
  "assessment.restore": "Restored",
  "assessment.resolve": "Resolved",
  "assessment.reopen": "Reopened",
  "scenario.add": "Scenario added",
  "scenario.update": "Scenario edited",
  "scenario.move": "Scenario moved",
  "scenario.archive": "Scenario archived",
  "scenario.restore": "Scenario restored",
  "indicator.add": "Indicator added",
  "indicator.update": "Indicator edited",
  "indicator.setExpectation": "Rating",
  "indicator.setPresence": "Presence",
  "indicator.move": "Indicator moved",
  "indicator.review": "Reviewed",
  "indicator.delete": "Indicator deleted",
  "evidence.add": "Evidence added",
  "evidence.update": "Evidence edited",
  "evidence.link": "Evidence linked",
  "evidence.unlink": "Evidence unlinked",
  "evidence.delete": "Evidence deleted",
  "change.undo": "Undo",
  "change.redo": "Redo",
  "round.adopt": "Round adopted",
  "workbook.apply": "Workbook applied",
  "baseline.create": "Baseline set",
  "baseline.delete": "Baseline deleted",
  "comment.add": "Comment",
  "comment.edit": "Comment edited",
};

/** A change kind in words ("evidence.add" → "Evidence added"); unknown kinds are spelled out. */
export function kindLabel(kind: string): string {
  const known = KIND_LABELS[kind];
  if (known) return known;
  const words = kind
    .replace(/[._]/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : kind;
}

export type KindArea =
  | "assessment"
  | "scenario"
  | "indicator"
  | "evidence"
  | "baseline"
  | "comment"
  | "round"
  | "other";

/** What part of the assessment a kind touches, for the badge's colour. */
export function kindArea(kind: string): KindArea {
  const area = kind.split(".")[0];
  switch (area) {
    case "assessment":
    case "scenario":
    case "indicator":
    case "evidence":
    case "baseline":
    case "comment":
    case "round":
      return area;
    default:
      return "other";
  }
}

/** A team round's adoption as the timeline marks it: the change it was and when. */
export interface AdoptionMark {
  id: string;
  number: number;
  seq: number;
  at: Date;
}

/** The adopted rounds of `rounds.list`, oldest first, for the timeline's marks. */
export function adoptionMarks(
  rounds: readonly { id: string; number: number; adoptedSeq: number | null; adoptedAt: Date | null }[],
): AdoptionMark[] {
  return rounds
    .flatMap((r) =>
      r.adoptedSeq !== null && r.adoptedAt ? [{ id: r.id, number: r.number, seq: r.adoptedSeq, at: r.adoptedAt }] : [],
    )
    .sort((a, b) => a.seq - b.seq);
}
