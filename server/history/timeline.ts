// The history of an assessment: its list of changes (paged, filterable; every change listed) and
// the probability series for the timeline chart, down-sampled on the server to at most ~1,000
// points that keep each bucket's first and last point and every scenario's peak and trough.

import { and, count, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL } from "drizzle-orm";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { assessmentPeople } from "@/server/accounts/people";
import { readPoints, type SeriesPoint } from "@/server/assessments/series";
import { changeOf } from "@/shared/assessment/event-log";
import { type Person, personKey } from "@/shared/display-name";
import { COUNTER_MAX } from "@/shared/limits";

export interface ChangeRow {
  seq: number;
  at: Date;
  actorName: string;
  /** Who made the change: the name recorded then, their account's email, whether someone shares the name. */
  actor: Person;
  kind: string;
  summary: string;
  rationale: string | null;
  probabilities: Record<string, number>;
  /** True for events that changed the assessment (not baselines or comments). */
  changesState: boolean;
}

export interface ChangeFilter {
  from?: number | undefined;
  to?: number | undefined;
  /** People as `personKey` names them ("id:…" for an account, "name:…" for a name without one); a bare name matches every bearer. */
  actors?: string[] | undefined;
  kinds?: string[] | undefined;
  /** Page backwards from this sequence number (exclusive); newest first. */
  before?: number | undefined;
  limit: number;
}

export async function listChanges(
  access: AssessmentAccess,
  filter: ChangeFilter,
): Promise<{ items: ChangeRow[]; nextBefore: number | null }> {
  const db = dbOf(access);
  const where = [eq(t.events.assessmentId, access.assessmentId)];
  if (filter.from !== undefined) where.push(gte(t.events.at, new Date(filter.from)));
  if (filter.to !== undefined) where.push(lte(t.events.at, new Date(filter.to)));
  if (filter.actors?.length) where.push(actorCondition(filter.actors));
  if (filter.kinds?.length) where.push(inArray(t.events.kind, filter.kinds));
  if (filter.before !== undefined) where.push(lt(t.events.seq, filter.before));
  const rows = await db
    .select()
    .from(t.events)
    .where(and(...where))
    .orderBy(desc(t.events.seq))
    .limit(filter.limit + 1);
  const people = await assessmentPeople(db, access.assessmentId);
  const items = rows.slice(0, filter.limit).map((r) => {
    return {
      seq: r.seq,
      at: r.at,
      actorName: r.actorName,
      actor: people.person({ id: r.actorId, name: r.actorName }),
      kind: r.kind,
      summary: r.payload.summary ?? r.kind,
      rationale: r.rationale,
      probabilities: r.probabilities,
      changesState: changeOf(r.payload) !== undefined,
    };
  });
  const last = items[items.length - 1];
  return { items, nextBefore: rows.length > filter.limit && last ? last.seq : null };
}

function actorCondition(keys: string[]): SQL {
  const ids = keys.filter((k) => k.startsWith("id:")).map((k) => k.slice(3));
  const unlinked = keys.filter((k) => k.startsWith("name:")).map((k) => k.slice(5));
  const names = keys.filter((k) => !k.startsWith("id:") && !k.startsWith("name:"));
  const any: SQL[] = [];
  if (ids.length) any.push(inArray(t.events.actorId, ids));
  if (unlinked.length) any.push(and(isNull(t.events.actorId), inArray(t.events.actorName, unlinked)) as SQL);
  if (names.length) any.push(inArray(t.events.actorName, names));
  return or(...any) as SQL;
}

/** A person of the history, with the key the changes filter takes. */
export type ActorFacet = Person & { key: string };

/**
 * The people and kinds that appear in an assessment's history, for the list's filters: one entry
 * per account (under the name it last acted with) and per name without an account.
 */
export async function changeFacets(access: AssessmentAccess): Promise<{ actors: ActorFacet[]; kinds: string[] }> {
  const db = dbOf(access);
  const { assessmentId } = access;
  const people = await assessmentPeople(db, assessmentId);
  const latest = new Map<string, ActorFacet & { lastSeq: number }>();
  for (const actor of people.actors) {
    const key = personKey(actor);
    const known = latest.get(key);
    if (!known || actor.lastSeq > known.lastSeq) {
      latest.set(key, { ...people.person(actor), key, lastSeq: actor.lastSeq });
    }
  }
  const actors = [...latest.values()]
    .map(({ lastSeq: _, ...facet }) => facet)
    .sort((a, b) => (a.name === b.name ? (a.email ?? "").localeCompare(b.email ?? "") : a.name < b.name ? -1 : 1));
  const kinds = (
    await db.selectDistinct({ v: t.events.kind }).from(t.events).where(eq(t.events.assessmentId, assessmentId))
  ).map((r) => r.v);
  return { actors, kinds: kinds.sort() };
}

/**
 * Keeps at most about `maxPoints` points: the range is cut into equal-time buckets and each bucket
 * keeps its first and last point and, for every scenario, the points of its minimum and maximum.
 */
export function downsample(points: SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (points.length <= maxPoints) return points;
  const scenarioIds = new Set<string>();
  // Every point, not only the latest: a scenario archived earlier still has peaks and troughs to keep.
  for (const p of points) for (const id of Object.keys(p.probabilities)) scenarioIds.add(id);
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

export async function timelineSeries(
  access: AssessmentAccess,
  input: { from?: number | undefined; to?: number | undefined; maxPoints?: number | undefined },
): Promise<{ points: SeriesPoint[]; total: number }> {
  // Whole blocks inside the period come pre-summarised; events outside whole blocks are read as they are.
  const db = dbOf(access);
  const { assessmentId } = access;
  const { from, to } = input;
  const blockWhere = [eq(t.seriesBlocks.assessmentId, assessmentId)];
  if (from !== undefined) blockWhere.push(gte(t.seriesBlocks.firstAt, new Date(from)));
  if (to !== undefined) blockWhere.push(lte(t.seriesBlocks.lastAt, new Date(to)));
  const blocks = await db
    .select()
    .from(t.seriesBlocks)
    .where(and(...blockWhere))
    .orderBy(t.seriesBlocks.firstSeq);
  const countWhere = [eq(t.events.assessmentId, assessmentId)];
  if (from !== undefined) countWhere.push(gte(t.events.at, new Date(from)));
  if (to !== undefined) countWhere.push(lte(t.events.at, new Date(to)));
  const total =
    first(
      await db
        .select({ n: count() })
        .from(t.events)
        .where(and(...countWhere)),
    )?.n ?? 0;
  const points: SeriesPoint[] = [];
  let nextSeq = 1;
  for (const block of blocks) {
    if (block.firstSeq > nextSeq)
      points.push(...(await readPoints(db, assessmentId, nextSeq, block.firstSeq - 1, from, to)));
    points.push(...block.points);
    nextSeq = block.lastSeq + 1;
  }
  points.push(...(await readPoints(db, assessmentId, nextSeq, COUNTER_MAX, from, to)));
  return { points: downsample(points, input.maxPoints ?? 1000), total };
}
