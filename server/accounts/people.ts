// The people an assessment names — on its changes, its comments and its briefs — with the account
// behind each name, so two people who share a display name can be told apart. Events and comments
// keep the name as it was (a snapshot) and the account id; names from demo or imported history
// have no account.

import { and, eq, gt, inArray, max, min } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { nameKey, type Person } from "@/shared/display-name";

export interface PersonRef {
  id: string | null;
  name: string;
}

/** One (account, name) pair of an assessment's history and the first change it appears on. */
export interface HistoryActor extends PersonRef {
  firstSeq: number;
  lastSeq: number;
}

interface ActorCache {
  lastSeq: number;
  actors: Map<string, HistoryActor>;
}

// Events are append-only, so the actors of an assessment only grow: each call reads the events
// after the last one it saw instead of the whole history (100,000 events take ~20 ms to scan).
const actorCaches = new WeakMap<object, Map<string, ActorCache>>();

/** Every (account, name) pair that made a change to the assessment, oldest first. */
export async function historyActors(db: DbOrTx, assessmentId: string): Promise<HistoryActor[]> {
  let perDb = actorCaches.get(db);
  if (!perDb) {
    perDb = new Map();
    actorCaches.set(db, perDb);
  }
  const cache = perDb.get(assessmentId) ?? { lastSeq: 0, actors: new Map<string, HistoryActor>() };
  const rows = await db
    .select({ id: t.events.actorId, name: t.events.actorName, firstSeq: min(t.events.seq), lastSeq: max(t.events.seq) })
    .from(t.events)
    .where(and(eq(t.events.assessmentId, assessmentId), gt(t.events.seq, cache.lastSeq)))
    .groupBy(t.events.actorId, t.events.actorName);
  for (const row of rows) {
    const key = JSON.stringify([row.id, row.name]);
    const known = cache.actors.get(key);
    const firstSeq = known?.firstSeq ?? row.firstSeq ?? 0;
    const lastSeq = Math.max(known?.lastSeq ?? 0, row.lastSeq ?? 0);
    cache.actors.set(key, { id: row.id, name: row.name, firstSeq, lastSeq });
    cache.lastSeq = Math.max(cache.lastSeq, lastSeq);
  }
  perDb.set(assessmentId, cache);
  return [...cache.actors.values()].sort((a, b) => a.firstSeq - b.firstSeq);
}

export interface AssessmentPeople {
  /** The person behind a recorded name: their email, and whether someone else bears the name. */
  person(ref: PersonRef): Person;
  actors: HistoryActor[];
}

const ID_CHUNK = 500;

/**
 * Who an assessment names: its team's members (by their current names), everyone in its history
 * and every comment author (by the names recorded then). A name is a namesake's when two of these
 * people — two accounts, or an account and a name without one — bear it.
 */
export async function assessmentPeople(db: DbOrTx, assessmentId: string): Promise<AssessmentPeople> {
  const teamId = first(
    await db.select({ teamId: t.assessments.teamId }).from(t.assessments).where(eq(t.assessments.id, assessmentId)),
  )?.teamId;
  const members = teamId
    ? await db
        .select({ id: t.user.id, name: t.user.name })
        .from(t.members)
        .innerJoin(t.user, eq(t.user.id, t.members.userId))
        .where(eq(t.members.teamId, teamId))
    : [];
  const actors = await historyActors(db, assessmentId);
  const authors = await db
    .selectDistinct({ id: t.comments.authorId, name: t.comments.authorName })
    .from(t.comments)
    .where(eq(t.comments.assessmentId, assessmentId));
  const everyone: PersonRef[] = [...members, ...actors, ...authors];

  const ids = [...new Set(everyone.map((p) => p.id).filter((id): id is string => id !== null))];
  const emails = new Map<string, string>();
  for (let k = 0; k < ids.length; k += ID_CHUNK) {
    const rows = await db
      .select({ id: t.user.id, email: t.user.email })
      .from(t.user)
      .where(inArray(t.user.id, ids.slice(k, k + ID_CHUNK)));
    for (const row of rows) emails.set(row.id, row.email);
  }

  // For each name, the distinct people bearing it: an account, or the name itself when it has none.
  const bearers = new Map<string, Set<string>>();
  const identity = (ref: PersonRef, key: string) => (ref.id ? `id:${ref.id}` : `name:${key}`);
  for (const ref of everyone) {
    const key = nameKey(ref.name);
    const set = bearers.get(key) ?? new Set<string>();
    set.add(identity(ref, key));
    bearers.set(key, set);
  }

  return {
    actors,
    person(ref) {
      const key = nameKey(ref.name);
      const others = new Set(bearers.get(key));
      others.add(identity(ref, key));
      return {
        id: ref.id,
        name: ref.name,
        email: ref.id ? (emails.get(ref.id) ?? null) : null,
        namesake: others.size > 1,
      };
    },
  };
}
