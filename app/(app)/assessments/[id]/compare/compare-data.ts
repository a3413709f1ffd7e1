// Pure helpers of the compare view: the `?from=` / `?to=` moment parameters and their inverse,
// signed points, the chart rows and the changes between two moments grouped for reading.
import type { ChangeEntry } from "@/server/history/compare";
import { formatPercent } from "../workspace/format";

const MINUS = "\u2212";

/** A moment as `history.compare` and `history.asOf` take it; `{}` means now. */
export interface MomentRef {
  seq?: number;
  /** ISO date-time. */
  at?: string;
  baselineId?: string;
}

export type MomentParse = { ok: true; ref: MomentRef | undefined } | { ok: false; error: string };

/**
 * Reads one end of the comparison from the URL: `now`, `baseline:<id>`, `seq:<n>` or `at:<ISO>`.
 * A missing parameter gives `ref: undefined` (the server's default end); anything else unreadable
 * gives an error to show.
 */
export function parseMomentParam(raw: string | string[] | undefined): MomentParse {
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return { ok: true, ref: undefined };
  if (value === "now") return { ok: true, ref: {} };
  const colon = value.indexOf(":");
  const kind = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? "" : value.slice(colon + 1).trim();
  if (kind === "baseline" && rest) return { ok: true, ref: { baselineId: rest } };
  if (kind === "seq") {
    if (/^\d+$/.test(rest) && Number(rest) >= 1 && Number.isSafeInteger(Number(rest))) {
      return { ok: true, ref: { seq: Number(rest) } };
    }
    return { ok: false, error: `'${value}' is not a change number: write seq:12` };
  }
  if (kind === "at") {
    const iso = normaliseDateTime(rest);
    if (iso) return { ok: true, ref: { at: iso } };
    return { ok: false, error: `'${value}' is not a date-time: write at:2024-12-12T08:00:00Z` };
  }
  return {
    ok: false,
    error: `'${value}' names no moment: use now, baseline:<id>, seq:<n> or at:<date-time>`,
  };
}

/** An ISO date-time with a zone, or one without (read as UTC, as the app shows times), as UTC ISO. */
function normaliseDateTime(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The URL form of a moment: the inverse of `parseMomentParam`. */
export function momentParam(ref: MomentRef | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.baselineId !== undefined) return `baseline:${ref.baselineId}`;
  if (ref.seq !== undefined) return `seq:${ref.seq}`;
  if (ref.at !== undefined) return `at:${ref.at}`;
  return "now";
}

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

/** `<input type="datetime-local">` value (UTC) for an ISO date-time, and back. */
export function isoToDateTimeLocal(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 16);
}

export function dateTimeLocalToParam(local: string): string | null {
  const iso = normaliseDateTime(local);
  return iso ? `at:${iso}` : null;
}

/** Change in percentage points, signed: 18.2 → "+18 pts", −3.44 → "−3.4 pts", 0.01 → "0 pts". */
export function formatSignedPoints(points: number): string {
  const abs = Math.abs(points);
  if (abs < 0.05) return "0 pts";
  const text = abs >= 9.95 ? String(Math.round(abs)) : abs.toFixed(1);
  return `${points > 0 ? "+" : MINUS}${text} pts`;
}

/** Signed nats with two decimals, the unit of the engine's contributions. */
export function formatSignedNats(nats: number): string {
  if (Math.abs(nats) < 0.005) return "0.00 nats";
  return `${nats > 0 ? "+" : MINUS}${Math.abs(nats).toFixed(2)} nats`;
}

export type Trend = "up" | "down" | "flat";

/** Moves under half a point read as no material change (the attribution sentence's threshold). */
export function pointsTrend(points: number): Trend {
  if (points >= 0.5) return "up";
  if (points <= -0.5) return "down";
  return "flat";
}

/** A probability (0–1) as the workspace shows it, "—" when the scenario did not exist then. */
export function formatProbability(p: number | null): string {
  return p === null ? "—" : formatPercent(p);
}

export interface CompareChartRow {
  id: string;
  name: string;
  color: string;
  from: number;
  to: number;
}

/** Grouped bars: each scenario's probability at both ends, in percent to one decimal. */
export function compareChartRows(
  scenarios: { scenarioId: string; name: string; color: string; from: number | null; to: number | null }[],
): CompareChartRow[] {
  const pct = (p: number | null) => Math.round((p ?? 0) * 1000) / 10;
  return scenarios.map((s) => ({ id: s.scenarioId, name: s.name, color: s.color, from: pct(s.from), to: pct(s.to) }));
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

/** "12 Dec 2024, 08:00 UTC": how a moment reads in the view. */
export function formatMomentTime(ms: number): string {
  const d = new Date(ms);
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return `${day}, ${d.toISOString().slice(11, 16)} UTC`;
}

/** The workspace link for a moment: read-only as of that change, or the live workspace for now. */
export function momentHref(assessmentId: string, seq: number, isNow: boolean): string {
  return isNow ? `/assessments/${assessmentId}` : `/assessments/${assessmentId}?seq=${seq}`;
}

/** "2024-12-13" → "13 Dec 2024". */
export function formatDay(iso: string): string {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** One line for a change in the moment picker: "#12 · 12 Dec 2024, 08:00 UTC · Ana: Set …". */
export function changeOptionLabel(c: { seq: number; at: number; actorName: string; summary: string }): string {
  const summary = c.summary.length > 70 ? `${c.summary.slice(0, 69)}…` : c.summary;
  return `#${c.seq} · ${formatMomentTime(c.at)} · ${c.actorName}: ${summary}`;
}
