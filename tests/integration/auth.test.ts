// Accounts: the first-account hook, closed sign-up, password and email rules, and UNAUTHORIZED for
// every procedure called without a session.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first as firstRow } from "@/db/first";
import * as schema from "@/db/tables";
import { asProvisioning, getAuth, SIGN_UP_CLOSED } from "@/server/auth";
import { seedDemo } from "@/server/demo/seed";
import { appRouter } from "@/server/root";
import { DEFAULT_TEAM_NAME } from "@/server/teams/first-account";
import {
  anonymousCaller,
  type Caller,
  createAccount,
  createFirstAccount,
  expectAuthRefusal,
  expectRefusal,
  openTestDatabase,
  rowCounts,
  TEST_PASSWORD,
  type TestDatabase,
  type TestUser,
} from "./harness";

describe("first run on a seeded install", () => {
  let testDb: TestDatabase;
  let demo: { teamId: string; assessmentId: string };
  let first: TestUser;

  beforeAll(async () => {
    testDb = await openTestDatabase();
    const seeded = await seedDemo(getDb());
    if (!seeded.teamId || !seeded.assessmentId) throw new Error("The demo was not seeded");
    demo = { teamId: seeded.teamId, assessmentId: seeded.assessmentId };
  });
  afterAll(() => testDb?.cleanup());

  it("asks for the first account while no user exists", async () => {
    expect(await anonymousCaller().setup.status()).toEqual({ needsFirstAccount: true });
    expect((await rowCounts()).user).toBe(0);
  });

  it("refuses a first account whose password is shorter than 10 characters, and writes nothing", async () => {
    const message = await expectAuthRefusal(
      getAuth().api.signUpEmail({ body: { email: "short@example.org", password: "123456789", name: "Short" } }),
    );
    expect(message).toMatch(/password too short/i);
    expect((await rowCounts()).user).toBe(0);
    expect(await anonymousCaller().setup.status()).toEqual({ needsFirstAccount: true });
  });

  it("makes the first account owner of the default team, which holds the demo", async () => {
    first = await createFirstAccount("First.Person@Example.org", "Fiona First");
    expect(first.email).toBe("first.person@example.org");
    expect(await anonymousCaller().setup.status()).toEqual({ needsFirstAccount: false });

    const mine = await first.caller.teams.mine();
    expect(mine.teams).toEqual([{ id: demo.teamId, name: DEFAULT_TEAM_NAME, role: "owner", staleAfterDays: 14 }]);
    expect(mine.active?.id).toBe(demo.teamId);

    const list = await first.caller.assessments.list({ teamId: demo.teamId });
    expect(list.map((a) => [a.id, a.title])).toEqual([[demo.assessmentId, "Russian military posture in Syria"]]);
    const members = await first.caller.teams.members({ teamId: demo.teamId });
    expect(members.map((m) => [m.email, m.role])).toEqual([["first.person@example.org", "owner"]]);
  });

  it("closes sign-up once the first account exists", async () => {
    const before = await rowCounts();
    const message = await expectAuthRefusal(
      getAuth().api.signUpEmail({ body: { email: "walk-in@example.org", password: TEST_PASSWORD, name: "Walk In" } }),
    );
    expect(message).toBe(SIGN_UP_CLOSED);
    expect(await rowCounts()).toEqual(before);
    const row = firstRow(await getDb().select().from(schema.user).where(eq(schema.user.email, "walk-in@example.org")));
    expect(row).toBeUndefined();
  });

  it("refuses a password shorter than 10 characters even when an owner provisions the account", async () => {
    const before = await rowCounts();
    const message = await expectAuthRefusal(
      asProvisioning(() =>
        getAuth().api.signUpEmail({ body: { email: "short@example.org", password: "abcdefghi", name: "Short" } }),
      ),
    );
    expect(message).toMatch(/password too short/i);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a duplicate email, whatever its case, and writes nothing", async () => {
    const before = await rowCounts();
    for (const email of ["first.person@example.org", "FIRST.PERSON@example.org"]) {
      const message = await expectAuthRefusal(
        asProvisioning(() => getAuth().api.signUpEmail({ body: { email, password: TEST_PASSWORD, name: "Copy" } })),
      );
      expect(message).toMatch(/already exists/i);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("gives a later account no team: only the first account joins the default team", async () => {
    const later = await createAccount("later@example.org", "Larry Later");
    const mine = await later.caller.teams.mine();
    expect(mine.teams).toEqual([]);
    expect(mine.active).toBeNull();
    const members = await first.caller.teams.members({ teamId: demo.teamId });
    expect(members.map((m) => m.email)).toEqual(["first.person@example.org"]);
    const refused = await expectRefusal(later.caller.assessments.list({ teamId: demo.teamId }), "NOT_FOUND");
    expect(refused.message).toBe(`No team with id '${demo.teamId}'`);
  });

  it("signs in with the right password and refuses a wrong one", async () => {
    const ok = await getAuth().api.signInEmail({ body: { email: first.email, password: first.password } });
    expect(ok.user.id).toBe(first.id);
    expect(ok.token.length).toBeGreaterThan(10);
    const message = await expectAuthRefusal(
      getAuth().api.signInEmail({ body: { email: first.email, password: "not the password" } }),
    );
    expect(message).toMatch(/invalid email or password/i);
  });
});

describe("first run without a seeded demo", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase();
  });
  afterAll(() => testDb?.cleanup());

  it("creates the default team for the first account", async () => {
    expect((await rowCounts()).teams).toBe(0);
    const first = await createFirstAccount("solo@example.org", "Sol Solo");
    const mine = await first.caller.teams.mine();
    expect(mine.teams).toHaveLength(1);
    expect(mine.teams[0]).toMatchObject({ name: DEFAULT_TEAM_NAME, role: "owner" });
    expect(mine.active?.id).toBe(mine.teams[0]?.id);
    // The demo seed runs only on an install without teams, so it now leaves this one alone.
    expect(await seedDemo(getDb())).toEqual({ seeded: false });
    expect((await rowCounts()).assessments).toBe(0);
  });
});

describe("calls without a session", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase();
    await seedDemo(getDb());
  });
  afterAll(() => testDb?.cleanup());

  const paths = Object.keys(appRouter._def.procedures).sort();
  // The invitation link is the invitee's credential, used before they have an account.
  const PUBLIC = ["setup.status", "teams.invitationByToken", "teams.signUpWithInvitation"];
  const protectedPaths = paths.filter((p) => !PUBLIC.includes(p));

  it("covers the procedures this suite knows about", () => {
    // A new procedure lands here automatically; these are the ones the foundation ships.
    for (const known of [
      "assessments.create",
      "assessments.get",
      "assessments.list",
      "assessments.setArchived",
      "teams.acceptInvitation",
      "teams.changeRole",
      "teams.create",
      "teams.declineInvitation",
      "teams.invite",
      "teams.invitations",
      "teams.members",
      "teams.mine",
      "teams.myInvitations",
      "teams.removeMember",
      "teams.revokeInvitation",
      "teams.setActive",
      "teams.updateSettings",
    ]) {
      expect(protectedPaths).toContain(known);
    }
  });

  it.each(protectedPaths)("%s is UNAUTHORIZED and writes nothing", async (procedurePath) => {
    const before = await rowCounts();
    const error = await expectRefusal(callByPath(anonymousCaller(), procedurePath, plausibleInput()), "UNAUTHORIZED");
    expect(error.message).toBe("Sign in to continue.");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers setup.status without a session", async () => {
    expect(await anonymousCaller().setup.status()).toEqual({ needsFirstAccount: true });
  });

  it("answers an invitation link without a session, and a made-up link is simply not valid", async () => {
    const before = await rowCounts();
    const lookup = await expectRefusal(anonymousCaller().teams.invitationByToken({ token: "made-up" }), "NOT_FOUND");
    expect(lookup.fieldErrors).toEqual({ token: [lookup.message] });
    await expectRefusal(
      anonymousCaller().teams.signUpWithInvitation({ token: "made-up", name: "Mallory", password: TEST_PASSWORD }),
      "NOT_FOUND",
    );
    expect(await rowCounts()).toEqual(before);
  });
});

/** Input that would pass most procedures' validation, so the refusal is about the session. */
async function plausibleInput() {
  const teamId = firstRow(await getDb().select({ id: schema.teams.id }).from(schema.teams))?.id ?? "team";
  const assessmentId =
    firstRow(await getDb().select({ id: schema.assessments.id }).from(schema.assessments))?.id ?? "a1";
  return {
    teamId,
    assessmentId,
    userId: "someone",
    version: 1,
    archived: true,
    name: "Name",
    email: "someone@example.org",
    role: "viewer",
  };
}

/** Calls `caller.a.b(input)` for the dotted path; subscriptions resolve to an iterable, read it. */
async function callByPath(caller: Caller, dotted: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of dotted.split(".")) {
    target = (target as Record<string, unknown>)[part];
  }
  if (typeof target !== "function") throw new Error(`No procedure at ${dotted}`);
  const result: unknown = await target(input);
  if (result && typeof result === "object" && Symbol.asyncIterator in result) {
    for await (const _ of result as AsyncIterable<unknown>) break;
  }
  return result;
}
