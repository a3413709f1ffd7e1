// Pure helpers of the compare view: the default start, the query input and links, the date-time
// input, the chart rows and the changes between two moments grouped for reading. The `?from=` /
// `?to=` values are read and written by shared/moment.ts; figures by shared/format.ts.
import type { ChangeEntry } from "@/server/history/compare";
import { formatDayTime, formatProbability, percentTenths, utcInputValue } from "@/shared/format";
import { type MomentRef, momentParam, utcInputToIso, workspaceHref } from "@/shared/moment";

/** The start the server uses when none is given: the latest baseline, else the first change. */
export function defaultFromParam(baselines: { id: string; eventSeq: number }[]): string {
  const latest = baselines.reduce<{ id: string; eventSeq: number } | undefined>(
    (best, b) => (!best || b.eventSeq >= best.eventSeq ? b : best),
    undefined,
  );
  return latest ? `baseline:${latest.id}` : "seq:1";
}

/** The `history.compare` input; absent ends are left out so server and browser share a cache key. */
export function compareInput(assessmentId: string, from: MomentRef | undefined, to: MomentRef | undefined) {
  return { assessmentId, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function compareHref(assessmentId: string, from: string | undefined, to: string | undefined): string {
  const query = new URLSearchParams();
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  const text = query.toString();
  return `/assessments/${assessmentId}/compare${text ? `?${text}` : ""}`;
}

/** The date-and-time field's text (UTC, "YYYY-MM-DD HH:MM") for an ISO date-time, and back. */
export function isoToDateTimeLocal(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : utcInputValue(ms);
}

export function dateTimeLocalToParam(local: string): string | null {
  const iso = utcInputToIso(local);
  return iso ? (momentParam({ at: iso }) ?? null) : null;
}

export type Trend = "up" | "down" | "flat";

/** Moves under half a point read as no material change (the attribution sentence's threshold). */
export function pointsTrend(points: number): Trend {
  if (points >= 0.5) return "up";
  if (points <= -0.5) return "down";
  return "flat";
}

/** A probability (0–1) as the workspace shows it, "—" when the scenario did not exist then. */
export function formatProbabilityOrDash(p: number | null): string {
  return p === null ? "—" : formatProbability(p);
}

export interface CompareChartRow {
  id: string;
  name: string;
  color: string;
  from: number;
  to: number;
  /** The figures above the bars, as the table beside them writes them ("—" for a scenario not there). */
  fromLabel: string;
  toLabel: string;
}

/** Grouped bars: each scenario's probability at both ends, drawn in percent to one decimal. */
export function compareChartRows(
  scenarios: { scenarioId: string; name: string; color: string; from: number | null; to: number | null }[],
): CompareChartRow[] {
  return scenarios.map((s) => ({
    id: s.scenarioId,
    name: s.name,
    color: s.color,
    from: percentTenths(s.from ?? 0),
    to: percentTenths(s.to ?? 0),
    fromLabel: formatProbabilityOrDash(s.from),
    toLabel: formatProbabilityOrDash(s.to),
  }));
}

/** One change as the server lists it (server/history/compare.ts). */
export type ChangeEntryLike = ChangeEntry;

export interface ChangeTarget<E extends ChangeEntryLike> {
  id: string;
  name: string;
  entries: E[];
}

export interface ChangeGroup<E extends ChangeEntryLike> {
  key: "indicators" | "scenarios" | "evidence" | "other";
  label: string;
  targets: ChangeTarget<E>[];
  count: number;
}

const GROUP_LABELS = {
  indicators: "Indicators",
  scenarios: "Scenarios",
  evidence: "Evidence",
  other: "Other",
} as const;

/**
 * The changes between two moments grouped by what they touched, each thing named (or marked as
 * removed when neither end knows it), things in the order first changed, entries oldest first.
 * Empty groups are left out.
 */
export function groupChanges<E extends ChangeEntryLike>(
  changes: {
    indicators: Record<string, E[]>;
    scenarios: Record<string, E[]>;
    evidence: Record<string, E[]>;
    other: E[];
  },
  names: Record<string, string>,
): ChangeGroup<E>[] {
  const bySeq = (a: E, b: E) => a.seq - b.seq;
  const targetsOf = (record: Record<string, E[]>, removed: string): ChangeTarget<E>[] =>
    Object.entries(record)
      .map(([id, entries]) => ({ id, name: names[id] ?? removed, entries: [...entries].sort(bySeq) }))
      .filter((t) => t.entries.length > 0)
      .sort((a, b) => (a.entries[0]?.seq ?? 0) - (b.entries[0]?.seq ?? 0));
  const groups: Omit<ChangeGroup<E>, "count">[] = [
    {
      key: "indicators",
      label: GROUP_LABELS.indicators,
      targets: targetsOf(changes.indicators, "(removed indicator)"),
    },
    { key: "scenarios", label: GROUP_LABELS.scenarios, targets: targetsOf(changes.scenarios, "(removed scenario)") },
    { key: "evidence", label: GROUP_LABELS.evidence, targets: targetsOf(changes.evidence, "(removed evidence)") },
    {
      key: "other",
      label: GROUP_LABELS.other,
      targets: changes.other.length
        ? [{ id: "other", name: "The assessment, baselines and comments", entries: [...changes.other].sort(bySeq) }]
        : [],
    },
  ];
  return groups
    .map((g) => ({ ...g, count: g.targets.reduce((n, t) => n + t.entries.length, 0) }))
    .filter((g) => g.count > 0);
}

/** The workspace link for a moment: read-only as of that change, or the live workspace for now. */
export function momentHref(assessmentId: string, seq: number, isNow: boolean): string {
  return workspaceHref(assessmentId, isNow ? undefined : { seq });
}

/** One line for a change in the moment picker: "#12 · 12 Dec 2024, 08:00 UTC · Ana: Set …". */
export function changeOptionLabel(c: { seq: number; at: number; actorName: string; summary: string }): string {
  const summary = c.summary.length > 70 ? `${c.summary.slice(0, 69)}…` : c.summary;
  return `#${c.seq} · ${formatDayTime(c.at)} · ${c.actorName}: ${summary}`;
}
