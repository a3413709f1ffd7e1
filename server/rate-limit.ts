// Fixed-window counters kept in the database (the `rate_limit` table, beside better-auth's own
// keys), so a limit holds across restarts and, later, across instances. Keys are namespaced by
// what they limit: `sign-in-failures:<email>`, `team-create:<userId>`, …
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import * as t from "@/db/schema";
import { DomainError } from "@/shared/errors";

export interface Limit {
  /** Hits allowed within one window. */
  max: number;
  windowMs: number;
}

/** When the window that refused a hit ends (epoch ms); null when a hit is still allowed. */
export function limitReachedUntil(db: DbOrTx, key: string, limit: Limit, now = Date.now()): number | null {
  const row = db.select().from(t.rateLimit).where(eq(t.rateLimit.key, key)).get();
  if (!row || now - row.lastRequest >= limit.windowMs) return null;
  return row.count >= limit.max ? row.lastRequest + limit.windowMs : null;
}

/** Counts one hit against `key`; a window starts at its first hit (`last_request` holds that time). */
export function countHit(db: DbOrTx, key: string, limit: Limit, now = Date.now()): void {
  const row = db.select().from(t.rateLimit).where(eq(t.rateLimit.key, key)).get();
  if (!row) {
    db.insert(t.rateLimit).values({ id: crypto.randomUUID(), key, count: 1, lastRequest: now }).run();
  } else if (now - row.lastRequest >= limit.windowMs) {
    db.update(t.rateLimit).set({ count: 1, lastRequest: now }).where(eq(t.rateLimit.key, key)).run();
  } else {
    db.update(t.rateLimit)
      .set({ count: row.count + 1 })
      .where(eq(t.rateLimit.key, key))
      .run();
  }
}

/**
 * Takes one hit if the window allows it: null when taken, else when the window ends. For actions
 * limited whether they succeed or not (creating teams, inviting people).
 */
export function takeHit(db: DbOrTx, key: string, limit: Limit, now = Date.now()): number | null {
  const until = limitReachedUntil(db, key, limit, now);
  if (until !== null) return until;
  countHit(db, key, limit, now);
  return null;
}

/** Gives back one hit taken by `takeHit` for an attempt that turned out not to count. */
export function releaseHit(db: DbOrTx, key: string): void {
  const row = db.select().from(t.rateLimit).where(eq(t.rateLimit.key, key)).get();
  if (row && row.count > 0) {
    db.update(t.rateLimit)
      .set({ count: row.count - 1 })
      .where(eq(t.rateLimit.key, key))
      .run();
  }
}

/** Forgets a key's window (a successful sign-in clears its failures). */
export function clearHits(db: DbOrTx, key: string): void {
  db.delete(t.rateLimit).where(eq(t.rateLimit.key, key)).run();
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
export function spendOrRefuse(db: DbOrTx, key: string, limit: Limit, what: string, now = Date.now()): void {
  const until = takeHit(db, key, limit, now);
  if (until !== null) throw tooManyRequests(what, until);
}
