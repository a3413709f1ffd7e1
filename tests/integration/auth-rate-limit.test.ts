// better-auth's per-address request limits kept in the database (issue 15: "so limits hold across
// instances"): the counter is a row of auth_rate_limit, a count another instance wrote holds here,
// and better-auth's pruning of expired counters never touches the app's own longer windows in
// rate_limit (server/rate-limit.ts). Real better-auth handler, real SQLite.

import crypto from "node:crypto";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as authRoute } from "@/app/api/auth/[...all]/route";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { buildWorld, type World, write } from "./harness";

const BASE = "http://localhost:3000";
let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(() => world?.db.cleanup());

function signIn(address: string, email = "nobody@example.org"): Promise<Response> {
  return authRoute(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost:3000", origin: BASE, "x-forwarded-for": address },
      body: JSON.stringify({ email, password: "not the password at all" }),
    }),
  );
}

const counter = async (address: string) =>
  first(
    await getDb()
      .select()
      .from(schema.authRateLimit)
      .where(eq(schema.authRateLimit.key, `${address}|/sign-in/email`)),
  );

describe("better-auth's rate limit, in the database", () => {
  it("counts an address's sign-ins in auth_rate_limit and refuses the 11th within the minute", async () => {
    const address = "203.0.113.10";
    // Different accounts each time, so only the per-address limit (10 a minute) can refuse.
    for (let i = 0; i < 10; i++) expect((await signIn(address, `person${i}@example.org`)).status).toBe(401);
    expect((await counter(address))?.count).toBe(10);
    const refused = await signIn(address, "person10@example.org");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // Another address is not held back.
    expect((await signIn("203.0.113.11")).status).toBe(401);
  });

  it("holds a count another instance wrote: a full counter in the table refuses the first request here", async () => {
    const address = "203.0.113.20";
    await write((tx) =>
      tx
        .insert(schema.authRateLimit)
        .values({ id: crypto.randomUUID(), key: `${address}|/sign-in/email`, count: 10, lastRequest: Date.now() }),
    );
    expect((await signIn(address)).status).toBe(429);
  });

  it("prunes its own expired counters but never the app's longer windows in rate_limit", async () => {
    const now = Date.now();
    const db = getDb();
    // The app's own 15-minute window on an account, started five minutes ago.
    await write((tx) =>
      tx.insert(schema.rateLimit).values({
        id: crypto.randomUUID(),
        key: "sign-in-failures:kept@example.org",
        count: 4,
        lastRequest: now - 300_000,
      }),
    );
    // An expired better-auth counter, and one whose window has just ended (its reset prunes).
    await write((tx) =>
      tx.insert(schema.authRateLimit).values([
        { id: crypto.randomUUID(), key: "198.51.100.7|/sign-in/email", count: 3, lastRequest: now - 600_000 },
        { id: crypto.randomUUID(), key: "203.0.113.30|/sign-in/email", count: 10, lastRequest: now - 120_000 },
      ]),
    );
    expect((await signIn("203.0.113.30")).status).toBe(401);
    expect((await counter("203.0.113.30"))?.count).toBe(1);
    expect(await counter("198.51.100.7")).toBeUndefined();
    expect(
      first(await db.select().from(schema.rateLimit).where(like(schema.rateLimit.key, "sign-in-failures:kept%")))
        ?.count,
    ).toBe(4);
  });
});
