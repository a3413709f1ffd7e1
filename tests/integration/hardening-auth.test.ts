// Issue 11, findings 1, 2 and 9: sign-in limits that hold however the address is presented,
// revocation within the documented bound (requests and live streams alike), and forwarding
// headers believed only from trusted proxies. Real better-auth handlers, real session cookies.
import type http from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as importRoute } from "@/app/api/assessments/import/route";
import { POST as authRoute } from "@/app/api/auth/[...all]/route";
import { POST as trpcRoute } from "@/app/api/trpc/[trpc]/route";
import { getDb } from "@/db/connection";
import * as schema from "@/db/tables";
import { reloadEnv } from "@/env";
import { BODY_LIMIT_BYTES, oversizedBody, sanitiseForwarding } from "@/server/cli/serve";
import { exportAssessment } from "@/server/export/json/export";
import { publishAssessmentChange } from "@/server/live";
import { resolveClient, trustedProxies } from "@/server/net/client-address";
import { createCaller } from "@/server/root";
import { STREAM_RECHECK_MS } from "@/server/routers/workspace";
import { createContext } from "@/server/trpc";
import {
  buildWorld,
  clientError,
  createAccount,
  joinTeam,
  rowCounts,
  signInCookie,
  TEST_PASSWORD,
  type World,
  write,
} from "./harness";

/** The real setTimeout, for waits while a test fakes timers. */
const realSetTimeout = globalThis.setTimeout;

const BASE = "http://localhost:3000";
let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(() => world?.db.cleanup());
afterEach(() => {
  vi.useRealTimers();
  delete process.env.SIGNPOST_TRUSTED_PROXIES;
  reloadEnv();
});

function authPost(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return authRoute(
    new Request(`${BASE}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost:3000", origin: BASE, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** The signed-in user a request with this cookie resolves to, as every tRPC call does. */
async function userOfCookie(cookie: string) {
  return (await createContext({ headers: new Headers({ cookie }) })).user;
}

describe("finding 1: sign-in rate limit bypassed with X-Forwarded-For", () => {
  it("gives one account 10 wrong passwords however the address rotates, then says when to try again", async () => {
    const target = await createAccount("target@example.org", "Tara Target");
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await authPost(
        "sign-in/email",
        { email: target.email, password: "wrong password number one" },
        { "x-forwarded-for": `198.51.100.${i + 1}` },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    // The right password, from an address never seen before, still waits for the window to end.
    const locked = await authPost(
      "sign-in/email",
      { email: "  TARGET@example.org ", password: TEST_PASSWORD },
      { "x-forwarded-for": "198.51.100.99" },
    );
    expect(locked.status).toBe(429);
    const body = (await locked.json()) as { message?: string };
    expect(body.message).toMatch(/^Too many failed sign-ins for this account: try again at \d\d:\d\d UTC\.$/);
    // Another account is not held back.
    expect((await authPost("sign-in/email", { email: world.analyst.email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it("lets no more than 10 password checks through when they are sent all at once", async () => {
    const target = await createAccount("raced@example.org", "Ray Raced");
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        authPost(
          "sign-in/email",
          { email: target.email, password: "one of many guesses" },
          { "x-forwarded-for": `198.18.0.${i + 1}` },
        ),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it("clears an account's failures when the right password is given before the limit", async () => {
    const target = await createAccount("forgetful@example.org", "For Getful");
    // Each attempt from its own address, so only the account's limit counts.
    let n = 0;
    const attempt = (password: string) =>
      authPost("sign-in/email", { email: target.email, password }, { "x-forwarded-for": `198.19.1.${++n}` });
    for (let i = 0; i < 9; i++) expect((await attempt("not quite right")).status).toBe(401);
    expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await attempt("wrong again")).status).toBe(401);
    expect((await attempt(TEST_PASSWORD)).status).toBe(200);
  });

  it("counts a wrong current password in change-password against the account", async () => {
    const user = await createAccount("changer@example.org", "Chan Changer");
    const cookie = await signInCookie(user.email);
    for (let i = 0; i < 10; i++) {
      const res = await authPost(
        "change-password",
        { currentPassword: "not my password at all", newPassword: "a brand new password" },
        { cookie, "x-forwarded-for": `192.0.2.${i + 1}` },
      );
      expect(res.status).toBe(400);
    }
    const locked = await authPost(
      "change-password",
      { currentPassword: TEST_PASSWORD, newPassword: "a brand new password" },
      { cookie, "x-forwarded-for": "192.0.2.200" },
    );
    expect(locked.status).toBe(429);
    expect((await authPost("sign-in/email", { email: user.email, password: TEST_PASSWORD })).status).toBe(429);
  });

  it("takes the client address from the socket unless a configured trusted proxy sent the request", () => {
    const none = trustedProxies("");
    expect(resolveClient("203.0.113.9", "1.2.3.4", none)).toEqual({ client: "203.0.113.9", viaTrustedProxy: false });
    expect(resolveClient("::ffff:127.0.0.1", "1.2.3.4", none).client).toBe("127.0.0.1");
    const proxies = trustedProxies("10.0.0.0/8, ::1");
    // A trusted proxy appends what it saw; the client's own entries to the left are not believed.
    expect(resolveClient("10.0.0.5", "6.6.6.6, 203.0.113.50", proxies)).toEqual({
      client: "203.0.113.50",
      viaTrustedProxy: true,
    });
    expect(resolveClient("10.0.0.5", "203.0.113.50, 10.1.2.3", proxies).client).toBe("203.0.113.50");
    expect(resolveClient("::1", "not an address", proxies).client).toBe("not an address");
    // Hops with ports are read as addresses; one that is no address stops the walk where it stands.
    expect(resolveClient("10.0.0.5", "6.6.6.6, 203.0.113.7:51234", proxies).client).toBe("203.0.113.7");
    expect(resolveClient("10.0.0.5", "6.6.6.6, [2001:db8::7]:443", proxies).client).toBe("2001:db8::7");
    expect(resolveClient("10.0.0.5", "6.6.6.6, unknown", proxies).client).toBe("unknown");
    expect(() => trustedProxies("10.0.0.0/33")).toThrow(/SIGNPOST_TRUSTED_PROXIES: '10.0.0.0\/33'/);
    expect(() => trustedProxies("proxy.internal")).toThrow(/is not an IP address or CIDR range/);
  });

  it("refuses a declared body over 1 MB on every address but the import's, before Next buffers it", () => {
    const req = (url: string, length: number) => ({ url, headers: { "content-length": String(length) } });
    expect(oversizedBody(req("/api/trpc/teams.signUpWithInvitation", 21 * 1024 * 1024))?.error.message).toMatch(
      /at most 1 MB/,
    );
    expect(oversizedBody(req("/api/trpc/workspace.addEvidence?batch=1", BODY_LIMIT_BYTES))).toBeNull();
    expect(oversizedBody(req("/api/assessments/import?teamId=t", 19 * 1024 * 1024))).toBeNull();
  });

  it("rewrites X-Forwarded-For to the socket's address before the app reads it", () => {
    const req = {
      socket: { remoteAddress: "203.0.113.77" },
      headers: { "x-forwarded-for": "1.1.1.1", "x-forwarded-host": "evil.example", "x-real-ip": "2.2.2.2" },
    } as unknown as http.IncomingMessage;
    sanitiseForwarding(req, trustedProxies(""));
    expect(req.headers).toEqual({ "x-forwarded-for": "203.0.113.77" });
    const proxied = {
      socket: { remoteAddress: "10.0.0.2" },
      headers: { "x-forwarded-for": "1.1.1.1, 198.51.100.4", "x-forwarded-host": "signpost.example.org" },
    } as unknown as http.IncomingMessage;
    sanitiseForwarding(proxied, trustedProxies("10.0.0.0/8"));
    expect(proxied.headers).toEqual({ "x-forwarded-for": "198.51.100.4", "x-forwarded-host": "signpost.example.org" });
  });
});

describe("finding 2: revocation takes 60 s, not 10 s, and an open live stream is never revoked", () => {
  it("refuses a signed-out cookie at once", async () => {
    const cookie = await signInCookie(world.viewer.email);
    expect((await userOfCookie(cookie))?.id).toBe(world.viewer.id);
    expect((await authPost("sign-out", {}, { cookie })).status).toBe(200);
    expect(await userOfCookie(cookie)).toBeNull();
  });

  it("refuses every other session at once after a password change that signs them out", async () => {
    const user = await createAccount("rotator@example.org", "Ro Tator");
    const other = await signInCookie(user.email);
    const mine = await signInCookie(user.email);
    expect((await userOfCookie(other))?.id).toBe(user.id);
    const res = await authPost(
      "change-password",
      { currentPassword: TEST_PASSWORD, newPassword: "another long password", revokeOtherSessions: true },
      { cookie: mine },
    );
    expect(res.status).toBe(200);
    expect(await userOfCookie(other)).toBeNull();
  });

  it("stops a session revoked by another process within 10 s (no signed-cookie cache behind the memo)", async () => {
    const user = await createAccount("elsewhere@example.org", "Else Where");
    const cookie = await signInCookie(user.email);
    expect((await userOfCookie(cookie))?.id).toBe(user.id);
    // Another instance signs the session out: the row goes, this process hears nothing.
    await write((tx) => tx.delete(schema.session).where(eq(schema.session.userId, user.id)));
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 10_001);
    expect(await userOfCookie(cookie)).toBeNull();
  });

  it("ends an open live stream before the next notice once its session is revoked", async () => {
    const user = await createAccount("streamer@example.org", "Stre Amer");
    await joinTeam(world.owner, world.teamA.id, user, "viewer");
    const cookie = await signInCookie(user.email);
    const assessmentId = world.teamA.demoAssessmentId;
    const caller = createCaller(await createContext({ headers: new Headers({ cookie }) }));
    const stream = (await caller.workspace.onChange({ assessmentId }))[Symbol.asyncIterator]();
    const notice = { assessmentId, version: 1, actorName: "Test", seq: 1_000_001 };
    const first = stream.next();
    publishAssessmentChange(notice);
    expect((await first).done).toBe(false);

    await write((tx) => tx.delete(schema.session).where(eq(schema.session.userId, user.id)));
    const second = stream.next();
    publishAssessmentChange({ ...notice, seq: 1_000_002 });
    const error = await second.then(
      () => null,
      (e: unknown) => clientError(e),
    );
    expect(error?.code).toBe("UNAUTHORIZED");
  });

  it("ends an idle live stream within the bound once its session is revoked", async () => {
    const user = await createAccount("idler@example.org", "Id Ler");
    await joinTeam(world.owner, world.teamA.id, user, "viewer");
    const cookie = await signInCookie(user.email);
    const caller = createCaller(await createContext({ headers: new Headers({ cookie }) }));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const stream = (await caller.workspace.onChange({ assessmentId: world.teamA.demoAssessmentId }))[
      Symbol.asyncIterator
    ]();
    const next = stream.next().then(
      () => null,
      (e: unknown) => clientError(e),
    );
    // Each recheck reads the session from the database: on PostgreSQL that answer comes over the
    // network, after the faked timer fired, so let real time pass for it before the next tick.
    const answered = () => new Promise((resolve) => realSetTimeout(resolve, 100));
    await vi.advanceTimersByTimeAsync(STREAM_RECHECK_MS);
    await answered();
    await write((tx) => tx.delete(schema.session).where(eq(schema.session.userId, user.id)));
    await vi.advanceTimersByTimeAsync(STREAM_RECHECK_MS);
    await answered();
    expect(STREAM_RECHECK_MS * 2).toBeLessThanOrEqual(10_000);
    expect((await next)?.code).toBe("UNAUTHORIZED");
  });
});

describe("finding 9: the Origin check trusts the client's X-Forwarded-Host, and a missing Origin passes", () => {
  async function trpcPost(headers: Record<string, string>): Promise<Response> {
    return trpcRoute(
      new Request(`${BASE}/api/trpc/teams.create`, {
        method: "POST",
        headers: { "content-type": "application/json", host: "localhost:3000", ...headers },
        body: JSON.stringify({ json: { name: "Made elsewhere" } }),
      }),
    );
  }

  it("refuses a forged X-Forwarded-Host matching a foreign Origin unless trusted proxies are configured", async () => {
    const cookie = await signInCookie(world.analyst.email);
    const before = await rowCounts();
    const forged = await trpcPost({ cookie, origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(forged.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
    // Behind a configured proxy (which the serving process lets alone set the header) it is the host.
    process.env.SIGNPOST_TRUSTED_PROXIES = "10.0.0.0/8";
    reloadEnv();
    const proxied = await trpcPost({
      cookie,
      origin: "https://signpost.example.org",
      "x-forwarded-host": "signpost.example.org",
    });
    expect(proxied.status).toBe(200);
  });

  it("refuses cookie-carrying state changes with no Origin, on tRPC, import and auth alike", async () => {
    const cookie = await signInCookie(world.analyst.email);
    const before = await rowCounts();
    expect((await trpcPost({ cookie })).status).toBe(403);
    expect((await trpcPost({ cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
    const file = JSON.stringify(await exportAssessment(getDb(), world.analyst.id, world.teamA.demoAssessmentId));
    const imported = await importRoute(
      new Request(`${BASE}/api/assessments/import?teamId=${world.teamA.id}`, {
        method: "POST",
        headers: { "content-type": "application/json", host: "localhost:3000", cookie },
        body: file,
      }),
    );
    expect(imported.status).toBe(403);
    const signOut = await authRoute(
      new Request(`${BASE}/api/auth/sign-out`, {
        method: "POST",
        headers: { "content-type": "application/json", host: "localhost:3000", cookie },
        body: "{}",
      }),
    );
    expect(signOut.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
    expect((await userOfCookie(cookie))?.id).toBe(world.analyst.id);
    // The app's own pages: a same-origin fetch with no Origin header, or the Origin itself.
    expect((await trpcPost({ cookie, "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await trpcPost({ cookie, origin: BASE })).status).toBe(200);
  });
});

describe("finding 8: closed sign-up tells nobody which addresses have accounts", () => {
  it("answers a known and an unknown address alike, and creates nothing", async () => {
    const before = await rowCounts();
    const answers = [];
    for (const email of [world.viewer.email, "nobody-at-all@example.org"]) {
      const res = await authPost("sign-up/email", { email, password: "a long enough password", name: "Some One" });
      answers.push({ status: res.status, body: await res.json() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.status).toBe(403);
    expect(JSON.stringify(answers[0]?.body)).toContain("Sign-up is closed");
    expect(await rowCounts()).toEqual(before);
  });
});
