// Pure helpers of the resolution page and the team's calibration (DESIGN §2.7): checking the
// resolve form, reading the scores, the probability series up to the resolution date, the
// post-mortem order and the calibration chart's rows.

import type { Scorecard } from "@/server/history/scores";
import { resolveForm } from "@/shared/assessment/form-schemas";
import { evenSpreadBrier } from "@/shared/engine";
import { DAY_MS, formatProbability, isoDay, percentTenths } from "@/shared/format";
import { fieldErrors } from "@/shared/forms";

export interface ResolveDraft {
  scenarioId: string;
  resolvedAt: string;
  note: string;
}

/**
 * The resolve form's errors, keyed like the server's field errors, before anything is sent: a
 * scenario among the active ones, a real date neither before the assessment was created nor in
 * the future, a note of at most 2,000 characters.
 */
export function resolveDraftErrors(
  draft: ResolveDraft,
  context: { activeScenarioIds: string[]; createdAt: number; now?: number },
): Record<string, string> {
  const form = resolveForm({
    activeScenarioIds: context.activeScenarioIds,
    today: isoDay(context.now),
    created: isoDay(context.createdAt),
  });
  return fieldErrors(form.safeParse(draft));
}

/** "better than" / "worse than" / "the same as" an even spread, for the one-line reading. */
export function comparedWithEvenSpread(brier: number, scenarioCount: number): "better" | "worse" | "same" {
  const even = evenSpreadBrier(scenarioCount);
  if (Math.abs(brier - even) < 0.005) return "same";
  return brier < even ? "better" : "worse";
}

export interface ScorePoint {
  at: number;
  /** Where the line is drawn, in percent to a tenth. */
  percent: number;
  /** The probability as every page writes it, for the tooltip and the summary. */
  label: string;
}

/** End of the resolution day (the server's endAt): the last probability stands until then. */
export function resolutionEnd(resolvedAt: string): number {
  return Date.parse(`${resolvedAt}T00:00:00Z`) + DAY_MS;
}

/**
 * The resolved scenario's probability over time for a step chart, in percent to one decimal, with
 * a last point at the end of the resolution day so the final value is drawn for as long as it
 * stood.
 */
export function scoreSeriesRows(series: { at: number; probability: number }[], resolvedAt: string): ScorePoint[] {
  const end = resolutionEnd(resolvedAt);
  const rows = [...series]
    .filter((p) => p.at < end)
    .sort((a, b) => a.at - b.at)
    .map((p) => ({ at: p.at, percent: percentTenths(p.probability), label: formatProbability(p.probability) }));
  const last = rows[rows.length - 1];
  if (last && last.at < end) rows.push({ at: end, percent: last.percent, label: last.label });
  return rows;
}

/**
 * Whether to zoom the chart to the span of the changes: when the last change came in the first
 * quarter of the period up to the resolution, the full period is mostly one flat line.
 */
export function changesSpan(rows: ScorePoint[]): { start: number; lastChange: number; end: number; zoom: boolean } {
  const start = rows[0]?.at ?? 0;
  const end = rows[rows.length - 1]?.at ?? 0;
  const lastChange = rows.length >= 2 ? (rows[rows.length - 2]?.at ?? start) : start;
  const zoom = end > start && lastChange > start && (lastChange - start) / (end - start) < 0.25;
  return { start, lastChange, end, zoom };
}

/** One indicator of the post-mortem, as the scorecard gives it (server/history/scores.ts). */
export type PostMortemRow = Scorecard["postMortem"][number];

/** Most helpful first: by contribution toward the resolved scenario, descending; ties by name. */
export function sortPostMortem<R extends PostMortemRow>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => b.contribution - a.contribution || a.name.localeCompare(b.name));
}

export function postMortemCounts(rows: readonly PostMortemRow[]): { toward: number; away: number; neutral: number } {
  let toward = 0;
  let away = 0;
  let neutral = 0;
  for (const r of rows) {
    if (r.pointedToward === true) toward++;
    else if (r.pointedToward === false) away++;
    else neutral++;
  }
  return { toward, away, neutral };
}

/** Mark and words for the post-mortem's "pointed" column. */
export function pointedLabel(pointedToward: boolean | null): { mark: string; text: string } {
  if (pointedToward === true) return { mark: "✓", text: "toward" };
  if (pointedToward === false) return { mark: "✗", text: "away" };
  return { mark: "–", text: "neutral" };
}

export interface CalibrationBucketLike {
  from: number;
  to: number;
  count: number;
  meanForecast: number | null;
  observedFrequency: number | null;
}

export interface CalibrationRow {
  /** "30–40 %". */
  bucket: string;
  /** Middle of the bucket, in percent: where its point sits on the x axis. */
  mid: number;
  /** Mean probability given in the bucket, in percent. */
  forecast: number;
  /** How often those scenarios happened, in percent. */
  observed: number;
  count: number;
}

/**
 * Calibration chart rows, one per non-empty tenth: x is the bucket's middle, y how often its
 * scenarios happened, both in percent; a perfectly calibrated team sits on the diagonal.
 */
export function calibrationRows(buckets: readonly CalibrationBucketLike[]): CalibrationRow[] {
  return buckets
    .filter((b) => b.count > 0 && b.observedFrequency !== null)
    .map((b) => ({
      bucket: `${Math.round(b.from * 100)}–${Math.round(b.to * 100)} %`,
      mid: percentTenths((b.from + b.to) / 2),
      forecast: percentTenths(b.meanForecast ?? (b.from + b.to) / 2),
      observed: percentTenths(b.observedFrequency ?? 0),
      count: b.count,
    }));
}

export interface ScoredAssessment {
  brier: number;
  logScore: number;
  timeWeightedBrier: number;
}

/** The team's mean scores over its resolved assessments, or null when none is resolved. */
export function meanScores(rows: readonly ScoredAssessment[]): ScoredAssessment | null {
  if (rows.length === 0) return null;
  const mean = (pick: (r: ScoredAssessment) => number) => rows.reduce((sum, r) => sum + pick(r), 0) / rows.length;
  return {
    brier: mean((r) => r.brier),
    logScore: mean((r) => r.logScore),
    timeWeightedBrier: mean((r) => r.timeWeightedBrier),
  };
}
