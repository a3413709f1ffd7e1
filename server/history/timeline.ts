// The history of an assessment: its list of changes (paged, filterable; every change listed) and
// the probability series for the timeline chart, down-sampled on the server to at most ~1,000
// points that keep each bucket's first and last point and every scenario's peak and trough.
import { and, desc, eq, gte, inArray, lt, lte } from "drizzle-orm";
import type { Db } from "@/db/connection";
import * as t from "@/db/schema";

export interface ChangeRow {
  seq: number;
  at: Date;
  actorName: string;
  kind: string;
  summary: string;
  rationale: string | null;
  probabilities: Record<string, number>;
  /** True for events that changed the assessment (not baselines or comments). */
  changesState: boolean;
}

export interface ChangeFilter {
  assessmentId: string;
  from?: number | undefined;
  to?: number | undefined;
  actors?: string[] | undefined;
  kinds?: string[] | undefined;
  /** Page backwards from this sequence number (exclusive); newest first. */
  before?: number | undefined;
  limit: number;
}

export function listChanges(db: Db, filter: ChangeFilter): { items: ChangeRow[]; nextBefore: number | null } {
  const where = [eq(t.events.assessmentId, filter.assessmentId)];
  if (filter.from !== undefined) where.push(gte(t.events.at, new Date(filter.from)));
  if (filter.to !== undefined) where.push(lte(t.events.at, new Date(filter.to)));
  if (filter.actors?.length) where.push(inArray(t.events.actorName, filter.actors));
  if (filter.kinds?.length) where.push(inArray(t.events.kind, filter.kinds));
  if (filter.before !== undefined) where.push(lt(t.events.seq, filter.before));
  const rows = db
    .select()
    .from(t.events)
    .where(and(...where))
    .orderBy(desc(t.events.seq))
    .limit(filter.limit + 1)
    .all();
  const items = rows.slice(0, filter.limit).map((r) => {
    const payload = r.payload as { summary?: string; change?: unknown };
    return {
      seq: r.seq,
      at: r.at,
      actorName: r.actorName,
      kind: r.kind,
      summary: payload.summary ?? r.kind,
      rationale: r.rationale,
      probabilities: r.probabilities as Record<string, number>,
      changesState: payload.change !== undefined,
    };
  });
  const last = items[items.length - 1];
  return { items, nextBefore: rows.length > filter.limit && last ? last.seq : null };
}

/** The people and kinds that appear in an assessment's history, for the list's filters. */
export function changeFacets(db: Db, assessmentId: string): { actors: string[]; kinds: string[] } {
  const actors = db
    .selectDistinct({ v: t.events.actorName })
    .from(t.events)
    .where(eq(t.events.assessmentId, assessmentId))
    .all()
    .map((r) => r.v);
  const kinds = db
    .selectDistinct({ v: t.events.kind })
    .from(t.events)
    .where(eq(t.events.assessmentId, assessmentId))
    .all()
    .map((r) => r.v);
  return { actors: actors.sort(), kinds: kinds.sort() };
}

export interface SeriesPoint {
  seq: number;
  at: number;
  probabilities: Record<string, number>;
}

/**
 * Keeps at most about `maxPoints` points: the range is cut into equal-time buckets and each bucket
 * keeps its first and last point and, for every scenario, the points of its minimum and maximum.
 */
export function downsample(points: SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (points.length <= maxPoints) return points;
  const scenarioIds = new Set<string>();
  for (const p of points.slice(-50)) for (const id of Object.keys(p.probabilities)) scenarioIds.add(id);
  const perBucket = 2 + 2 * Math.max(1, scenarioIds.size);
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket));
  const first = points[0] as SeriesPoint;
  const last = points[points.length - 1] as SeriesPoint;
  const span = Math.max(1, last.at - first.at);
  const out: SeriesPoint[] = [];
  let start = 0;
  for (let b = 0; b < buckets && start < points.length; b++) {
    const end = b === buckets - 1 ? last.at + 1 : first.at + ((b + 1) * span) / buckets;
    let stop = start;
    while (stop < points.length && (points[stop] as SeriesPoint).at < end) stop++;
    if (stop === start) continue;
    const keep = new Set<number>([start, stop - 1]);
    for (const id of scenarioIds) {
      let lo = start;
      let hi = start;
      for (let k = start; k < stop; k++) {
        const v = (points[k] as SeriesPoint).probabilities[id] ?? 0;
        if (v < ((points[lo] as SeriesPoint).probabilities[id] ?? 0)) lo = k;
        if (v > ((points[hi] as SeriesPoint).probabilities[id] ?? 0)) hi = k;
      }
      keep.add(lo);
      keep.add(hi);
    }
    for (const k of [...keep].sort((a, b) => a - b)) out.push(points[k] as SeriesPoint);
    start = stop;
  }
  return out;
}

export function timelineSeries(
  db: Db,
  input: { assessmentId: string; from?: number | undefined; to?: number | undefined; maxPoints?: number | undefined },
): { points: SeriesPoint[]; total: number } {
  const where = [eq(t.events.assessmentId, input.assessmentId)];
  if (input.from !== undefined) where.push(gte(t.events.at, new Date(input.from)));
  if (input.to !== undefined) where.push(lte(t.events.at, new Date(input.to)));
  const rows = db
    .select({ seq: t.events.seq, at: t.events.at, probabilities: t.events.probabilities })
    .from(t.events)
    .where(and(...where))
    .orderBy(t.events.seq)
    .all();
  const points = rows.map((r) => ({
    seq: r.seq,
    at: r.at.getTime(),
    probabilities: r.probabilities as Record<string, number>,
  }));
  return { points: downsample(points, input.maxPoints ?? 1000), total: points.length };
}
