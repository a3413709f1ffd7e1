// Accounts: better-auth with email + password, sessions in SQLite through its Drizzle adapter,
// rate limiting on. Sign-up is open only for the very first account; after that, team owners
// add people (server/teams/members.ts), which runs sign-up inside `asProvisioning`.
import { AsyncLocalStorage } from "node:async_hooks";
import { APIError, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { count } from "drizzle-orm";
import { getDb } from "@/db/connection";
import * as schema from "@/db/schema";
import { checkAccountUpdate, checkNewAccount } from "@/server/accounts/account-rules";
import { onFirstAccount } from "@/server/teams/first-account";
import { authSecret } from "./secret";

export const MIN_PASSWORD_LENGTH = 10;
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
  const extra = (process.env.SIGNPOST_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return ["localhost", "localhost:*", "127.0.0.1", "127.0.0.1:*", "[::1]", "[::1]:*", ...extra];
}

function createAuth() {
  const db = getDb();
  const publicUrl = process.env.SIGNPOST_URL?.trim();
  return betterAuth({
    secret: authSecret(),
    baseURL: publicUrl || {
      allowedHosts: allowedHosts(),
      protocol: "auto",
      fallback: `http://localhost:${process.env.PORT || "3000"}`,
    },
    database: drizzleAdapter(db, {
      provider: "sqlite",
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
        rateLimit: schema.rateLimit,
      },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // A signed cookie spares a session lookup on every request; a revoked session (sign-out
      // elsewhere, password change) stops working within this minute.
      cookieCache: { enabled: true, maxAge: 60 },
    },
    rateLimit: {
      enabled: process.env.SIGNPOST_RATE_LIMIT !== "off",
      window: 60,
      max: 300,
      storage: "memory",
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-up/email": { window: 60, max: 10 },
        "/change-password": { window: 60, max: 10 },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
      // better-auth turns its Origin and CSRF checks off when NODE_ENV is "test"; keep them on so
      // the tests exercise what production runs (a sign-in from another site's page is refused).
      disableOriginCheck: false,
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => {
            const row = db.select({ n: count() }).from(schema.user).get();
            if ((row?.n ?? 0) > 0 && !provisioning.getStore()) {
              throw new APIError("FORBIDDEN", {
                message: "Sign-up is closed: ask an owner of your team to add you by email.",
              });
            }
            return { data: checkNewAccount(user) };
          },
          after: async (user) => {
            onFirstAccount(db, user.id);
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

// Resolving a session costs about a millisecond and a half (signature check, cookie parsing); a
// busy page asks for it on every request. The answer is kept for a few seconds per session
// cookie, so a revoked session (sign-out elsewhere, password change) stops working within that
// time, like better-auth's own cookie cache above.
const SESSION_MEMO_MS = 10_000;
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

/** The signed-in user for these request headers, or null. */
export async function sessionUser(headers: Headers): Promise<SessionUser | null> {
  const key = sessionCookieKey(headers);
  if (!key) return null;
  globalForSessions.signpostSessions ??= new Map();
  const memo = globalForSessions.signpostSessions;
  const now = Date.now();
  const hit = memo.get(key);
  if (hit && hit.until > now) return hit.user;
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
