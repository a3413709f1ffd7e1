// Integration harness: a fresh migrated SQLite file in a temporary folder, real better-auth
// accounts, and a tRPC caller per user (routers through `createCaller`, nothing mocked).

import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TRPCError } from "@trpc/server";
import { getErrorShape, getTRPCErrorFromUnknown } from "@trpc/server/unstable-core-do-not-import";
import { count } from "drizzle-orm";
import { describe, expect, inject } from "vitest";
import { type Connection, type Db, getConnection, getDb, getPgConnection } from "@/db/connection";
import { migratePg } from "@/db/connection-pg";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as schema from "@/db/tables";
import { reloadEnv } from "@/env";
import { asProvisioning, getAuth, type SessionUser } from "@/server/auth";
import { seedDemo } from "@/server/demo/seed";
import { closeLive } from "@/server/live";
import { appRouter, createCaller } from "@/server/root";
import type { Role } from "@/shared/teams";
import { createDatabase, PG_MISSING } from "../support/pg-cluster";

export const TEST_AUTH_SECRET = "signpost-integration-tests-fixed-secret-0123456789";
/** Long enough for the 10-character minimum; every harness account uses it. */
export const TEST_PASSWORD = "correct horse battery staple";

export type Caller = ReturnType<typeof createCaller>;

/**
 * The store this run tests: "sqlite" (the default) or "pg" (the integration-pg project sets
 * SIGNPOST_TEST_STORE=pg, and a placeholder DATABASE_URL so db/tables.ts loads PostgreSQL's tables).
 * The same tests run on both; the few about one store's own machinery use `onStore`.
 */
export const TEST_STORE: "sqlite" | "pg" = process.env.SIGNPOST_TEST_STORE === "pg" ? "pg" : "sqlite";

/** `describe` on the named store, `describe.skip` on the other. */
export function onStore(store: "sqlite" | "pg"): typeof describe | typeof describe.skip {
  return store === TEST_STORE ? describe : describe.skip;
}

// db/connection.ts, server/auth/index.ts, server/live.ts and server/assessments/store.ts cache their
// singletons on globalThis; a test must never inherit another test's database, auth instance or
// cached states.
const processSingletons = globalThis as unknown as {
  signpostConnection?: Connection;
  signpostPg?: { close(): Promise<void> };
  signpostAuth?: unknown;
  signpostStateCache?: unknown;
};

async function forgetSingletons(): Promise<void> {
  processSingletons.signpostConnection?.close();
  delete processSingletons.signpostConnection;
  await closeLive();
  const pool = processSingletons.signpostPg;
  delete processSingletons.signpostPg;
  await pool?.close();
  delete processSingletons.signpostAuth;
  delete processSingletons.signpostStateCache;
}

/** Forgets the auth instance only, so the next getAuth() reads the environment again (SIGNPOST_URL…). */
export function forgetAuth(): void {
  reloadEnv();
  delete processSingletons.signpostAuth;
}

export interface TestDatabase {
  dir: string;
  /** The SQLite file (on PostgreSQL, where it would be: nothing is written there). */
  file: string;
  /** Closes the connections, forgets the singletons, restores the environment, deletes the folder. */
  cleanup(): Promise<void>;
}

/** The variables the harness sets or clears, restored on cleanup. */
const ENVIRONMENT = [
  "DATABASE_PATH",
  "DATABASE_URL",
  "AUTH_SECRET",
  "SIGNPOST_URL",
  "SIGNPOST_ALLOWED_HOSTS",
  "SIGNPOST_RATE_LIMIT",
] as const;

/** A fresh, migrated database in the cluster tests/pg/global-setup.ts started; its URL. */
async function freshPgDatabase(): Promise<string> {
  const adminUrl = inject("pgAdminUrl");
  if (!adminUrl) throw new Error(PG_MISSING);
  return await createDatabase(adminUrl, `it_${crypto.randomBytes(6).toString("hex")}`);
}

/**
 * Points the app at a new database before any app module opens one: a fresh SQLite file in a
 * temporary folder, or a fresh PostgreSQL database; sets AUTH_SECRET, and applies the migrations.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  await forgetSingletons();
  const previous = Object.fromEntries(ENVIRONMENT.map((key) => [key, process.env[key]]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-integration-"));
  const file = path.join(dir, "signpost.db");
  process.env.DATABASE_PATH = file;
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  // Test the configuration a fresh install runs with, whatever the developer's shell exports.
  delete process.env.SIGNPOST_URL;
  delete process.env.SIGNPOST_ALLOWED_HOSTS;
  delete process.env.SIGNPOST_RATE_LIMIT;
  if (TEST_STORE === "pg") {
    process.env.DATABASE_URL = await freshPgDatabase();
    reloadEnv();
    await migratePg(getPgConnection().db);
  } else {
    delete process.env.DATABASE_URL;
    reloadEnv();
    const connection = getConnection();
    if (connection.file !== file) throw new Error(`Expected the test database at ${file}, got ${connection.file}`);
  }
  return {
    dir,
    file,
    async cleanup() {
      await forgetSingletons();
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      reloadEnv();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ── Accounts and callers ─────────────────────────────────────────────────────

export interface TestUser extends SessionUser {
  password: string;
  caller: Caller;
}

/**
 * Runs a test's own write (a row planted as an older installation or another instance would have
 * left it) in a transaction of the store: outside one, the app's read handle refuses to write.
 */
export async function write<T>(fn: (tx: Db) => Promise<T> | PromiseLike<T>): Promise<T> {
  return await transaction(getDb(), async (tx) => await fn(tx));
}

/**
 * Calls started together and checked one by one: each rejection is marked handled now, so one that
 * settles before its turn is not reported as unhandled (each is still awaited and checked).
 */
export function startedTogether<T extends readonly Promise<unknown>[]>(calls: T): T {
  for (const call of calls) call.catch(() => {});
  return calls;
}

export function callerFor(user: SessionUser | null): Caller {
  return createCaller({ db: getDb(), user: user && { id: user.id, name: user.name, email: user.email } });
}

export const anonymousCaller = (): Caller => callerFor(null);

async function signUp(email: string, name: string, password: string): Promise<TestUser> {
  const { user } = await getAuth().api.signUpEmail({ body: { email, password, name } });
  const session = { id: user.id, name: user.name, email: user.email };
  return { ...session, password, caller: callerFor(session) };
}

/** The very first account: plain sign-up, which a database hook turns into the default team's owner. */
export function createFirstAccount(email: string, name: string, password = TEST_PASSWORD): Promise<TestUser> {
  return signUp(email, name, password);
}

/** A later account: sign-up is closed, so it is provisioned directly (as an invitation link's sign-up is). */
export function createAccount(email: string, name: string, password = TEST_PASSWORD): Promise<TestUser> {
  return asProvisioning(() => signUp(email, name, password));
}

/**
 * An owner invites `user` to the team and `user` accepts with the link's token (as if the owner
 * had shared the link): the only way into a team besides creating it.
 */
export async function joinTeam(owner: TestUser, teamId: string, user: TestUser, role: Role): Promise<void> {
  const { token } = await owner.caller.teams.invite({ teamId, email: user.email, role });
  await user.caller.teams.acceptInvitation({ token });
}

// ── Errors as the client sees them ──────────────────────────────────────────

export interface ClientError {
  code: TRPCError["code"];
  message: string;
  fieldErrors: Record<string, string[]> | null;
  details: Record<string, unknown> | null;
}

/**
 * What a browser would receive for an error a procedure threw: non-tRPC errors are wrapped the way
 * the HTTP adapter wraps them, then the app's error formatter runs.
 */
export function clientError(thrown: unknown): ClientError {
  const error = getTRPCErrorFromUnknown(thrown);
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  return {
    code: error.code,
    message: shape.message,
    fieldErrors: shape.data.fieldErrors,
    details: shape.data.details,
  };
}

/** Awaits a call that must fail with `code`; returns the error as the client sees it. */
export async function expectRefusal(call: Promise<unknown>, code: TRPCError["code"]): Promise<ClientError> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}, but the call succeeded`).toBeInstanceOf(Error);
  const error = clientError(caught);
  expect(error.code, error.message).toBe(code);
  return error;
}

/** Awaits a better-auth call that must be refused; returns its message. */
export async function expectAuthRefusal(call: Promise<unknown>): Promise<string> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected better-auth to refuse, but the call succeeded").toBeInstanceOf(Error);
  return caught instanceof Error ? caught.message : "";
}

// ── Row counts, to prove a refused call wrote nothing ───────────────────────

const COUNTED = {
  user: schema.user,
  account: schema.account,
  teams: schema.teams,
  members: schema.members,
  assessments: schema.assessments,
  scenarios: schema.scenarios,
  indicators: schema.indicators,
  evidence: schema.evidence,
  events: schema.events,
  invitations: schema.invitations,
  rounds: schema.rounds,
  roundParticipants: schema.roundParticipants,
  judgementCells: schema.judgementCells,
  judgementRows: schema.judgementRows,
  roundComments: schema.roundComments,
} as const;

export type RowCounts = Record<keyof typeof COUNTED, number>;

export async function rowCounts(): Promise<RowCounts> {
  const db = getDb();
  const out = {} as RowCounts;
  for (const [name, table] of Object.entries(COUNTED) as [
    keyof typeof COUNTED,
    (typeof COUNTED)[keyof typeof COUNTED],
  ][]) {
    out[name] = first(await db.select({ n: count() }).from(table))?.n ?? 0;
  }
  return out;
}

// ── The world most tests start from ─────────────────────────────────────────

export interface World {
  db: TestDatabase;
  /** Team A: the default team holding the seeded demo. */
  teamA: { id: string; demoAssessmentId: string };
  owner: TestUser;
  analyst: TestUser;
  viewer: TestUser;
  /** Team B: created by its own owner, with one assessment of its own. */
  teamB: { id: string; assessmentId: string };
  ownerB: TestUser;
  anonymous: Caller;
}

export const HORIZON = "2099-12-31";

export function newAssessmentInput(teamId: string, title = "Will the ceasefire hold through the winter?") {
  return {
    teamId,
    title,
    keyQuestion: "Will the ceasefire announced this week hold until 31 March?",
    horizon: HORIZON,
    confidence: "moderate" as const,
    scenarios: [
      { name: "Ceasefire holds", prior: 0.6 },
      { name: "Ceasefire collapses", prior: 0.4 },
    ],
  };
}

/**
 * Team A (demo team) with an owner (the first account), an analyst and a viewer; team B created
 * by another account through `teams.create`, holding one assessment.
 */
export async function buildWorld(): Promise<World> {
  const db = await openTestDatabase();
  try {
    return await populateWorld(db);
  } catch (error) {
    // afterAll never sees a world that failed to build: clean up here.
    await db.cleanup();
    throw error;
  }
}

async function populateWorld(db: TestDatabase): Promise<World> {
  const seeded = await seedDemo(getDb());
  if (!seeded.seeded || !seeded.teamId || !seeded.assessmentId) throw new Error("The demo was not seeded");
  const owner = await createFirstAccount("owner@example.org", "Olive Owner");
  const analyst = await createAccount("analyst@example.org", "Ana Analyst");
  const viewer = await createAccount("viewer@example.org", "Victor Viewer");
  const ownerB = await createAccount("owner-b@example.org", "Bea Otherteam");
  await joinTeam(owner, seeded.teamId, analyst, "analyst");
  await joinTeam(owner, seeded.teamId, viewer, "viewer");
  const teamB = await ownerB.caller.teams.create({ name: "Team B" });
  const created = await ownerB.caller.assessments.create(newAssessmentInput(teamB.id, "Team B's own question"));
  return {
    db,
    teamA: { id: seeded.teamId, demoAssessmentId: seeded.assessmentId },
    owner,
    analyst,
    viewer,
    teamB: { id: teamB.id, assessmentId: created.id },
    ownerB,
    anonymous: anonymousCaller(),
  };
}

// ── Every procedure by name ─────────────────────────────────────────────────

export type ProcedureType = "query" | "mutation" | "subscription";

/** Every procedure of `appRouter` with its type, sorted by path; new procedures appear here by themselves. */
export function procedureTypes(): [path: string, type: ProcedureType][] {
  return Object.entries(appRouter._def.procedures)
    .map(([procedurePath, procedure]): [string, ProcedureType] => [
      procedurePath,
      (procedure as unknown as { _def: { type: ProcedureType } })._def.type,
    ])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Calls `caller.a.b(input)` for the dotted path (a query or mutation). */
export function callProcedure(caller: Caller, dotted: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of dotted.split(".")) target = (target as Record<string, unknown>)[part];
  if (typeof target !== "function") throw new Error(`No procedure at ${dotted}`);
  return (target as (input: unknown) => Promise<unknown>)(input);
}

// ── Sessions as a browser holds them ────────────────────────────────────────

/** Signs in through better-auth's HTTP handler and returns the Cookie header a browser would send. */
export async function signInCookie(email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await getAuth().api.signInEmail({ body: { email, password }, asResponse: true });
  if (res.status !== 200) throw new Error(`Sign-in as ${email} answered ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
