// Accounts: better-auth with email + password, sessions in the store (SQLite or PostgreSQL) through its Drizzle adapter,
// rate limiting on (its counters in the database, table auth_rate_limit). Sign-up is open only for the very first account; after that, people come in
// through an owner's invitation link (server/teams/invitations.ts), which creates the account
// inside `asProvisioning`.
import { first } from "@/db/first";
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { APIError, betterAuth } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { count } from "drizzle-orm";
import { getDb } from "@/db/connection";
import { storeOf } from "@/db/store";
import * as schema from "@/db/tables";
import { env } from "@/env";
import { checkAccountUpdate, checkNewAccount } from "@/server/accounts/account-rules";
import { clearHits, type Limit, releaseHit, retryTime, takeHit } from "@/server/rate-limit";
import { onFirstAccount } from "@/server/teams/first-account";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/shared/limits";
import { authSecret } from "./secret";
import { storeAdapter } from "./store-adapter";

// On globalThis: Next bundles this module into several route bundles, and the auth instance (also
// global) must see the flag set by whichever copy of teams.ts runs the provisioning.
const globalForProvisioning = globalThis as unknown as { signpostProvisioning?: AsyncLocalStorage<true> };
globalForProvisioning.signpostProvisioning ??= new AsyncLocalStorage<true>();
const provisioning = globalForProvisioning.signpostProvisioning;

/** Runs `fn` with sign-up allowed: an owner adding a new account to their team. */
export function asProvisioning<T>(fn: () => Promise<T>): Promise<T> {
  return provisioning.run(true, fn);
}

/** Hosts the app answers on: loopback by default; SIGNPOST_ALLOWED_HOSTS adds more (comma-separated). */
export function allowedHosts(): string[] {
  return ["localhost", "localhost:*", "127.0.0.1", "127.0.0.1:*", "[::1]", "[::1]:*", ...env().SIGNPOST_ALLOWED_HOSTS];
}

// ── Per-account limit on failed password checks ─────────────────────────────
// The per-address limits above stop one client; this one holds however the address is presented:
// after ACCOUNT_FAILURE_LIMIT wrong passwords for an account, every password check for it is
// refused until the window ends, right or wrong.

export const ACCOUNT_FAILURE_LIMIT: Limit = { max: 10, windowMs: 15 * 60_000 };
const PASSWORD_CHECKS = new Set(["/sign-in/email", "/change-password"]);
/** Endpoints after which sessions cached for this user (or this cookie) must be forgotten. */
const SESSION_CHANGES = new Set([
  "/sign-out",
  "/change-password",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
  "/update-user",
]);

const failureKey = (email: string) => `sign-in-failures:${email.trim().toLowerCase()}`;

/** The account a password check is about: the email typed at sign-in, or the signed-in user's. */
async function checkedAccountEmail(ctx: { path: string; body?: unknown; headers?: Headers }): Promise<string | null> {
  if (ctx.path === "/sign-in/email") {
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    return typeof email === "string" ? email : null;
  }
  return ctx.headers ? ((await sessionUser(ctx.headers, { fresh: true }))?.email ?? null) : null;
}

export const SIGN_UP_CLOSED =
  "Sign-up is closed: ask an owner of your team for an invitation link, and create your account there.";

async function anyAccountExists(): Promise<boolean> {
  return (first(await getDb().select({ n: count() }).from(schema.user))?.n ?? 0) > 0;
}

const refuseLockedAccount = createAuthMiddleware(async (ctx) => {
  // Closed sign-up answers alike for a known and an unknown address: better-auth would otherwise
  // say "User already exists" before the database hook below could refuse.
  if (ctx.path === "/sign-up/email" && !provisioning.getStore() && (await anyAccountExists())) {
    throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED });
  }
  if (!PASSWORD_CHECKS.has(ctx.path)) return;
  const email = await checkedAccountEmail(ctx);
  if (!email) return;
  // The attempt is counted before the password is checked, in one synchronous step, so requests
  // sent at once cannot all pass the check before any failure is counted; the after-hook gives the
  // hit back when no password was checked, and a right password clears the account's failures.
  const until = await takeHit(getDb(), failureKey(email), ACCOUNT_FAILURE_LIMIT);
  if (until !== null) {
    throw new APIError("TOO_MANY_REQUESTS", {
      message: `Too many failed sign-ins for this account: try again at ${retryTime(until)}.`,
    });
  }
});

const afterAccountChange = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  const failed = isAPIError(returned);
  if (PASSWORD_CHECKS.has(ctx.path)) {
    const email =
      ctx.path === "/sign-in/email"
        ? await checkedAccountEmail(ctx)
        : (ctx.context.session?.user.email ?? (await checkedAccountEmail(ctx)));
    const code = failed ? (returned.body as { code?: unknown } | undefined)?.code : null;
    if (email && !failed) await clearHits(getDb(), failureKey(email));
    else if (email && code !== "INVALID_EMAIL_OR_PASSWORD" && code !== "INVALID_PASSWORD") {
      await releaseHit(getDb(), failureKey(email));
    }
  }
  if (!failed && SESSION_CHANGES.has(ctx.path)) {
    if (ctx.headers) forgetSessions({ cookieKey: sessionCookieKey(ctx.headers) });
    const userId = ctx.context.session?.user.id;
    if (userId) forgetSessions({ userId });
  }
});

function createAuth() {
  const db = getDb();
  const { SIGNPOST_URL: publicUrl, PORT, SIGNPOST_RATE_LIMIT } = env();
  return betterAuth({
    secret: authSecret(),
    baseURL: publicUrl || {
      allowedHosts: allowedHosts(),
      protocol: "auto",
      fallback: `http://localhost:${PORT}`,
    },
    database: storeAdapter(storeOf(db), {
      user: schema.user,
      session: schema.session,
      account: schema.account,
      verification: schema.verification,
      // better-auth's counters get a table of their own: it prunes rows older than its longest
      // window, which would drop server/rate-limit.ts's longer windows kept in rate_limit.
      rateLimit: schema.authRateLimit,
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      autoSignIn: true,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // No signed-cookie cache: it would let a revoked session live for its whole maxAge. The
      // session memo below is the only cache, and it bounds revocation at SESSION_MEMO_MS.
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: SIGNPOST_RATE_LIMIT !== "off",
      window: 60,
      max: 300,
      // In the database, so a limit holds across restarts and across instances sharing one store.
      storage: "database",
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-up/email": { window: 60, max: 10 },
        "/change-password": { window: 60, max: 10 },
      },
    },
    hooks: { before: refuseLockedAccount, after: afterAccountChange },
    advanced: {
      // The serving process (server/cli/serve.ts) rewrites X-Forwarded-For to the socket's address,
      // or to what a proxy in SIGNPOST_TRUSTED_PROXIES reported; no other header is believed.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
      // better-auth turns its Origin and CSRF checks off when NODE_ENV is "test"; keep them on so
      // the tests exercise what production runs (a sign-in from another site's page is refused).
      disableOriginCheck: false,
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => {
            const row = first(await db.select({ n: count() }).from(schema.user));
            if ((row?.n ?? 0) > 0 && !provisioning.getStore()) {
              throw new APIError("FORBIDDEN", {
                message: SIGN_UP_CLOSED,
              });
            }
            return { data: checkNewAccount(user) };
          },
          after: async (user) => {
            await onFirstAccount(db, user.id);
          },
        },
        // update-user lets any signed-in user send any name and image: the same rules as sign-up.
        update: {
          before: async (data) => ({ data: checkAccountUpdate(data) }),
        },
      },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { signpostAuth?: Auth };

/** The process-wide auth instance, created on first use (after the database is open). */
export function getAuth(): Auth {
  if (!globalForAuth.signpostAuth) globalForAuth.signpostAuth = createAuth();
  return globalForAuth.signpostAuth;
}

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

// Resolving a session costs a database read and a signature check; a busy page asks for it on
// every request. The answer is kept for a few seconds per session cookie, so a session revoked
// in another process stops working within SESSION_MEMO_MS; one revoked through this process
// (sign-out, password change, revoking sessions) is forgotten at once (`forgetSessions`).
export const SESSION_MEMO_MS = 10_000;
const SESSION_MEMO_LIMIT = 2_000;
const globalForSessions = globalThis as unknown as {
  signpostSessions?: Map<string, { user: SessionUser; until: number }>;
};

/** The session cookies of a request, as one key; null when it carries none. */
function sessionCookieKey(headers: Headers): string | null {
  const cookies = (headers.get("cookie") ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter((c) => /^(__Secure-)?better-auth\.session_(token|data)=/.test(c))
    .sort();
  return cookies.length ? cookies.join("; ") : null;
}

function sessionMemo(): Map<string, { user: SessionUser; until: number }> {
  globalForSessions.signpostSessions ??= new Map();
  return globalForSessions.signpostSessions;
}

/** Forgets remembered sessions of one cookie or one user, after a sign-out or revocation here. */
export function forgetSessions(which: { cookieKey?: string | null; userId?: string }): void {
  const memo = sessionMemo();
  if (which.cookieKey) memo.delete(which.cookieKey);
  if (which.userId) for (const [key, entry] of memo) if (entry.user.id === which.userId) memo.delete(key);
}

/**
 * The signed-in user for these request headers, or null. `fresh` skips the memo: a long-lived
 * stream re-checks its session that way, so revocation reaches it within the same bound.
 */
export async function sessionUser(headers: Headers, options: { fresh?: boolean } = {}): Promise<SessionUser | null> {
  const key = sessionCookieKey(headers);
  if (!key) return null;
  const memo = sessionMemo();
  const now = Date.now();
  const hit = memo.get(key);
  if (hit && hit.until > now && !options.fresh) return hit.user;
  const session = await getAuth().api.getSession({ headers });
  if (!session) {
    memo.delete(key);
    return null;
  }
  const user = { id: session.user.id, name: session.user.name, email: session.user.email };
  if (memo.size >= SESSION_MEMO_LIMIT) {
    for (const [k, v] of memo) if (v.until <= now) memo.delete(k);
    if (memo.size >= SESSION_MEMO_LIMIT) memo.clear();
  }
  memo.set(key, { user, until: now + SESSION_MEMO_MS });
  return user;
}
