// Fixed-window counters kept in the database (the `rate_limit` table, beside better-auth's own
// keys), so a limit holds across restarts and across instances. Keys are namespaced by
// what they limit: `sign-in-failures:<email>`, `team-create:<userId>`, …

import crypto from "node:crypto";
import { and, eq, gt, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { DomainError } from "@/shared/errors";

export interface Limit {
  /** Hits allowed within one window. */
  max: number;
  windowMs: number;
}

/** When the window that refused a hit ends (epoch ms); null when a hit is still allowed. */
export async function limitReachedUntil(
  db: DbOrTx,
  key: string,
  limit: Limit,
  now = Date.now(),
): Promise<number | null> {
  const row = first(await db.select().from(t.rateLimit).where(eq(t.rateLimit.key, key)));
  if (!row || now - row.lastRequest >= limit.windowMs) return null;
  return row.count >= limit.max ? row.lastRequest + limit.windowMs : null;
}

/** `now` falls after the window that began at the row's `last_request`. */
function windowOver(limit: Limit, now: number): SQL {
  return sql`${now} - ${t.rateLimit.lastRequest} >= ${limit.windowMs}`;
}

/**
 * One hit against `key` as a single upsert, so two instances counting at once cannot both read the
 * old count: a new window starts at its first hit (`last_request` holds that time). With `onlyBelow`
 * the hit is taken only while the window allows it; answers whether it was taken.
 */
async function upsertHit(db: DbOrTx, key: string, limit: Limit, now: number, onlyBelow: boolean): Promise<boolean> {
  return await transaction(db, async (tx) => {
    const taken = await tx
      .insert(t.rateLimit)
      .values({ id: crypto.randomUUID(), key, count: 1, lastRequest: now })
      .onConflictDoUpdate({
        target: t.rateLimit.key,
        set: {
          count: sql`case when ${windowOver(limit, now)} then 1 else ${t.rateLimit.count} + 1 end`,
          lastRequest: sql`case when ${windowOver(limit, now)} then ${now} else ${t.rateLimit.lastRequest} end`,
        },
        ...(onlyBelow ? { setWhere: sql`${windowOver(limit, now)} or ${t.rateLimit.count} < ${limit.max}` } : {}),
      })
      .returning({ count: t.rateLimit.count });
    return taken.length > 0;
  });
}

/** Counts one hit against `key`, whatever the window holds. */
export async function countHit(db: DbOrTx, key: string, limit: Limit, now = Date.now()): Promise<void> {
  await upsertHit(db, key, limit, now, false);
}

/**
 * Takes one hit if the window allows it: null when taken, else when the window ends. For actions
 * limited whether they succeed or not (creating teams, inviting people). The check and the count
 * are one statement, so concurrent requests on any instance cannot all take the last hit.
 */
export async function takeHit(db: DbOrTx, key: string, limit: Limit, now = Date.now()): Promise<number | null> {
  if (await upsertHit(db, key, limit, now, true)) return null;
  return (await limitReachedUntil(db, key, limit, now)) ?? now + limit.windowMs;
}

/** Gives back one hit taken by `takeHit` for an attempt that turned out not to count. */
export async function releaseHit(db: DbOrTx, key: string): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(t.rateLimit)
      .set({ count: sql`${t.rateLimit.count} - 1` })
      .where(and(eq(t.rateLimit.key, key), gt(t.rateLimit.count, 0)));
  });
}

/** Forgets a key's window (a successful sign-in clears its failures). */
export async function clearHits(db: DbOrTx, key: string): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.delete(t.rateLimit).where(eq(t.rateLimit.key, key));
  });
}

/** "14:05 UTC": when a refused caller may try again, in words a person reads. */
export function retryTime(until: number): string {
  // Rounded up to the minute: "try again at 14:05" must not be early.
  const d = new Date(Math.ceil(until / 60_000) * 60_000);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
}

/** The 429 answer: what was refused and when to try again, also as an ISO time in `details.retryAt`. */
export function tooManyRequests(what: string, until: number): DomainError {
  return new DomainError("TOO_MANY_REQUESTS", `${what}: try again at ${retryTime(until)}.`, undefined, {
    retryAt: new Date(until).toISOString(),
  });
}

/** Takes one hit of `limit` on `key`, or throws the 429 saying `what` and when to try again. */
export async function spendOrRefuse(
  db: DbOrTx,
  key: string,
  limit: Limit,
  what: string,
  now = Date.now(),
): Promise<void> {
  const until = await takeHit(db, key, limit, now);
  if (until !== null) throw tooManyRequests(what, until);
}

/**
 * Runs `fn` as one hit of `limit` on `key`: the hit is taken first (a 429 saying `what` when the
 * window is full), so requests sent at once, to any instance, cannot all pass a check before any
 * is counted; and it is given back when `fn` fails, so only what succeeded counts.
 */
export async function withHit<T>(
  db: DbOrTx,
  key: string,
  limit: Limit,
  what: string,
  now: number,
  fn: () => Promise<T>,
): Promise<T> {
  await spendOrRefuse(db, key, limit, what, now);
  try {
    return await fn();
  } catch (error) {
    await releaseHit(db, key);
    throw error;
  }
}
