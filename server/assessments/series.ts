// An assessment's probability series as the write path keeps it: each event's probabilities, and
// every SERIES_BLOCK events a summary block of representative points, written in the commit's
// transaction so the timeline reads long histories quickly (server/history/timeline.ts).
import { and, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import * as t from "@/db/tables";
import type { SeriesPoint } from "@/shared/assessment/event-log";
import { COUNTER_MAX } from "@/shared/limits";

export type { SeriesPoint };

/** Events per series block; a block is summarised once it is complete. */
export const SERIES_BLOCK = 500;

/** A block's representatives: its first and last point and every scenario's minimum and maximum. */
export function representatives(points: SeriesPoint[]): SeriesPoint[] {
  if (points.length <= 2) return points;
  const keep = new Set<number>([0, points.length - 1]);
  const ids = new Set<string>();
  for (const p of points) for (const id of Object.keys(p.probabilities)) ids.add(id);
  for (const id of ids) {
    let lo = 0;
    let hi = 0;
    points.forEach((p, k) => {
      const v = p.probabilities[id] ?? 0;
      if (v < ((points[lo] as SeriesPoint).probabilities[id] ?? 0)) lo = k;
      if (v > ((points[hi] as SeriesPoint).probabilities[id] ?? 0)) hi = k;
    });
    keep.add(lo);
    keep.add(hi);
  }
  return [...keep].sort((a, b) => a - b).map((k) => points[k] as SeriesPoint);
}

export async function readPoints(
  db: DbOrTx,
  assessmentId: string,
  fromSeq: number,
  toSeq: number,
  from?: number,
  to?: number,
): Promise<SeriesPoint[]> {
  const where = [eq(t.events.assessmentId, assessmentId), gte(t.events.seq, fromSeq), lte(t.events.seq, toSeq)];
  if (from !== undefined) where.push(gte(t.events.at, new Date(from)));
  if (to !== undefined) where.push(lte(t.events.at, new Date(to)));
  return (
    await db
      .select({ seq: t.events.seq, at: t.events.at, probabilities: t.events.probabilities })
      .from(t.events)
      .where(and(...where))
      .orderBy(t.events.seq)
  ).map((r) => ({ seq: r.seq, at: r.at.getTime(), probabilities: r.probabilities }));
}

/** Every point of an assessment's history, unsummarised: for scores that weigh each vector by time. */
export async function allPoints(db: DbOrTx, assessmentId: string): Promise<SeriesPoint[]> {
  return await readPoints(db, assessmentId, 1, COUNTER_MAX);
}

/** Called after event `seq` is appended: summarises the block it completes, if any. */
export async function maybeWriteSeriesBlock(tx: DbOrTx, assessmentId: string, seq: number): Promise<void> {
  if (seq % SERIES_BLOCK !== 0) return;
  const points = await readPoints(tx, assessmentId, seq - SERIES_BLOCK + 1, seq);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return;
  await tx
    .insert(t.seriesBlocks)
    .values({
      assessmentId,
      firstSeq: first.seq,
      lastSeq: last.seq,
      firstAt: new Date(first.at),
      lastAt: new Date(last.at),
      points: representatives(points),
    })
    .onConflictDoNothing();
}

/** Writes every missing block of an assessment (after an import or a bulk load). */
export async function rebuildSeriesBlocks(tx: DbOrTx, assessmentId: string, lastSeq: number): Promise<void> {
  for (let seq = SERIES_BLOCK; seq <= lastSeq; seq += SERIES_BLOCK) await maybeWriteSeriesBlock(tx, assessmentId, seq);
}
