// Issue 11, findings 8 and 10. Adding a person is an invitation the invitee accepts (with its
// link, the only proof of being the one invited) or declines; the owner's answer never says
// whether an address has an account; team creation, invitations and accounts made through
// invitation links are rate limited (429 with a time to try again). Leaving a team answers what
// happened instead of NOT_FOUND.

import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { getTRPCErrorFromUnknown } from "@trpc/server/unstable-core-do-not-import";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { clearHits, countHit, retryTime } from "@/server/rate-limit";
import {
  ALL_INVITED_ACCOUNTS_KEY,
  ALL_INVITED_ACCOUNTS_LIMIT,
  INVITE_LIMIT,
  INVITED_ACCOUNTS_LIMIT,
  TEAM_CREATE_LIMIT,
} from "@/server/teams/limits";
import { createTeam } from "@/server/teams/teams";
import {
  anonymousCaller,
  buildWorld,
  callerFor,
  callProcedure,
  createAccount,
  expectRefusal,
  joinTeam,
  procedureTypes,
  rowCounts,
  TEST_PASSWORD,
  type TestUser,
  type World,
  write,
} from "./harness";

/** The one answer when a link does not open an invitation to the caller's address, whatever the reason. */
const NOT_YOUR_LINK =
  "This link does not open an invitation to your address: check that you pasted the whole link the inviter shared with you, and that you are signed in with the address it was sent to.";

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(() => world?.db.cleanup());

const HOUR = 60 * 60 * 1000;
let fresh = 0;
/** An account in no team, for tests that spend a person's hourly allowance. */
const newcomer = () => {
  fresh++;
  return createAccount(`person-${fresh}@example.org`, `Person ${fresh}`);
};

/** A refusal that must be 429 over HTTP, with a time to try again in words and as `details.retryAt`. */
async function expectTooMany(call: Promise<unknown>): Promise<{ message: string; retryAt: number }> {
  let thrown: unknown;
  try {
    await call;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "expected 429, but the call succeeded").toBeInstanceOf(Error);
  expect(getHTTPStatusCodeFromError(getTRPCErrorFromUnknown(thrown))).toBe(429);
  const error = await expectRefusal(Promise.reject(thrown), "TOO_MANY_REQUESTS");
  expect(error.message).toMatch(/: try again at \d\d:\d\d UTC\.$/);
  const retryAt = Date.parse(String(error.details?.retryAt));
  expect(error.message).toContain(`try again at ${retryTime(retryAt)}.`);
  return { message: error.message, retryAt };
}

describe("finding 8: adding a person is an invitation they answer; accounts are not minted", () => {
  it("finding 8: a stranger's email gets the same answer as an existing account's", async () => {
    const owner = world.owner.caller;
    const teamId = world.teamA.id;
    const before = await rowCounts();
    const existing = await owner.teams.invite({ teamId, email: world.ownerB.email, role: "analyst" });
    const stranger = await owner.teams.invite({ teamId, email: "nobody-yet@example.org", role: "analyst" });

    // Alike in every field but the address, the ids, the link and the times: no password, no hint.
    const shape = (answer: typeof existing, email: string) =>
      JSON.parse(
        JSON.stringify(answer)
          .replaceAll(email, "<email>")
          .replaceAll(answer.invitation.id, "<id>")
          .replaceAll(answer.token, "<token>")
          .replace(/"\d{4}-\d\d-\d\dT[^"]+"/g, '"<time>"'),
      );
    expect(shape(stranger, "nobody-yet@example.org")).toEqual(shape(existing, world.ownerB.email));
    expect(Object.keys(existing).sort()).toEqual(["invitation", "path", "token"]);
    expect(existing.path).toBe(`/invite/${existing.token}`);
    expect(JSON.stringify([existing, stranger])).not.toMatch(/password|account|exist/i);
    // Inviting created no account and made nobody a member.
    expect(await rowCounts()).toEqual({ ...before, invitations: before.invitations + 2 });

    // The link's page says the same of both, too.
    const linkOf = async (token: string, email: string) => {
      const { id, expiresAt, ...rest } = await anonymousCaller().teams.invitationByToken({ token });
      expect(id).toBeTruthy();
      expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * HOUR);
      return { ...rest, email: rest.email === email ? "<email>" : rest.email };
    };
    expect(await linkOf(stranger.token, "nobody-yet@example.org")).toEqual(
      await linkOf(existing.token, world.ownerB.email),
    );
    // And the owner's list of pending invitations.
    const pending = await owner.teams.invitations({ teamId });
    const rowOf = (email: string) => {
      const row = pending.find((p) => p.email === email);
      return row && { role: row.role, invitedByName: row.invitedByName, expired: row.expired };
    };
    expect(rowOf("nobody-yet@example.org")).toEqual(rowOf(world.ownerB.email));

    await owner.teams.revokeInvitation({ teamId, invitationId: existing.invitation.id });
    await owner.teams.revokeInvitation({ teamId, invitationId: stranger.invitation.id });
  });

  it("finding 8: adding is not membership until the invitee accepts with the link", async () => {
    const teamId = world.teamA.id;
    const invitee = await newcomer();
    const { invitation, token } = await world.owner.caller.teams.invite({
      teamId,
      email: invitee.email,
      role: "analyst",
    });

    const membersBefore = await world.owner.caller.teams.members({ teamId });
    expect(membersBefore.map((m) => m.email)).not.toContain(invitee.email);
    expect((await invitee.caller.teams.mine()).teams).toEqual([]);
    await expectRefusal(invitee.caller.assessments.list({ teamId }), "NOT_FOUND");
    await expectRefusal(invitee.caller.assessments.get({ assessmentId: world.teamA.demoAssessmentId }), "NOT_FOUND");

    // Listed for them (the home page shows these), with who asked and for what.
    expect(await invitee.caller.teams.myInvitations()).toEqual([
      {
        id: invitation.id,
        teamName: "Analysis team",
        role: "analyst",
        invitedByName: "Olive Owner",
        expiresAt: invitation.expiresAt,
      },
    ]);
    // Nobody else can answer it for them, not even holding the link: it opens nothing for another
    // address. Their id of it is simply not found.
    for (const other of [world.viewer, world.ownerB]) {
      const error = await expectRefusal(other.caller.teams.acceptInvitation({ token }), "NOT_FOUND");
      expect(error.message).toBe(NOT_YOUR_LINK);
      expect(error.fieldErrors).toEqual({ token: [NOT_YOUR_LINK] });
      await expectRefusal(other.caller.teams.declineInvitation({ invitationId: invitation.id }), "NOT_FOUND");
    }
    expect((await world.owner.caller.teams.members({ teamId })).map((m) => m.email)).not.toContain(world.ownerB.email);
    // Nor revoke it from another team.
    await expectRefusal(
      world.ownerB.caller.teams.revokeInvitation({ teamId: world.teamB.id, invitationId: invitation.id }),
      "NOT_FOUND",
    );

    // Knowing the invitation's id is not enough: accepting takes the link.
    await expectRefusal(
      callProcedure(invitee.caller, "teams.acceptInvitation", { invitationId: invitation.id }),
      "BAD_REQUEST",
    );
    const joined = await invitee.caller.teams.acceptInvitation({ token });
    expect(joined).toMatchObject({ id: teamId, role: "analyst" });
    expect((await invitee.caller.teams.mine()).active?.id).toBe(teamId);
    expect((await invitee.caller.assessments.list({ teamId })).map((a) => a.id)).toContain(
      world.teamA.demoAssessmentId,
    );
    expect(await invitee.caller.teams.myInvitations()).toEqual([]);
    expect(await world.owner.caller.teams.invitations({ teamId })).toEqual([]);
    // Answered once: accepting again finds nothing.
    await expectRefusal(invitee.caller.teams.acceptInvitation({ token }), "NOT_FOUND");
  });

  it("finding 8: declining leaves the person out, and the link and the offer are gone", async () => {
    const teamId = world.teamA.id;
    const invitee = await newcomer();
    const { invitation, token } = await world.owner.caller.teams.invite({
      teamId,
      email: invitee.email,
      role: "owner",
    });
    const before = await rowCounts();

    expect(await invitee.caller.teams.declineInvitation({ invitationId: invitation.id })).toEqual([]);
    expect((await rowCounts()).members).toBe(before.members);
    expect((await invitee.caller.teams.mine()).teams).toEqual([]);
    expect(await world.owner.caller.teams.invitations({ teamId })).toEqual([]);
    await expectRefusal(invitee.caller.teams.acceptInvitation({ token }), "NOT_FOUND");
    await expectRefusal(anonymousCaller().teams.invitationByToken({ token }), "NOT_FOUND");
    const status = first(
      await getDb()
        .select({ status: schema.invitations.status })
        .from(schema.invitations)
        .where(eq(schema.invitations.id, invitation.id)),
    )?.status;
    expect(status).toBe("declined");
  });

  it("finding 8: inviting again issues a new link and retires the old one; revoking ends it", async () => {
    const teamId = world.teamA.id;
    const invitee = await newcomer();
    const first = await world.owner.caller.teams.invite({ teamId, email: invitee.email, role: "viewer" });
    const second = await world.owner.caller.teams.invite({ teamId, email: invitee.email, role: "analyst" });
    expect(second.token).not.toBe(first.token);
    await expectRefusal(anonymousCaller().teams.invitationByToken({ token: first.token }), "NOT_FOUND");
    expect((await invitee.caller.teams.myInvitations()).map((i) => [i.id, i.role])).toEqual([
      [second.invitation.id, "analyst"],
    ]);
    expect((await world.owner.caller.teams.invitations({ teamId })).map((i) => i.email)).toEqual([invitee.email]);

    expect(await world.owner.caller.teams.revokeInvitation({ teamId, invitationId: second.invitation.id })).toEqual([]);
    expect(await invitee.caller.teams.myInvitations()).toEqual([]);
    await expectRefusal(anonymousCaller().teams.invitationByToken({ token: second.token }), "NOT_FOUND");
    for (const { token } of [first, second]) {
      await expectRefusal(invitee.caller.teams.acceptInvitation({ token }), "NOT_FOUND");
    }
    expect((await invitee.caller.teams.mine()).teams).toEqual([]);
  });

  it("finding 8: an account made through a link needs a pending link, and an address with an account signs in instead", async () => {
    const teamId = world.teamA.id;
    const { token } = await world.owner.caller.teams.invite({ teamId, email: world.ownerB.email, role: "viewer" });
    const before = await rowCounts();
    const taken = await expectRefusal(
      anonymousCaller().teams.signUpWithInvitation({ token, name: "Impostor", password: TEST_PASSWORD }),
      "CONFLICT",
    );
    expect(taken.message).toBe(
      `An account already uses ${world.ownerB.email}: sign in with it to accept, or, if you never created it, tell the person who invited you.`,
    );
    expect(await rowCounts()).toEqual(before);
    // The link still works for its owner, signed in.
    expect((await world.ownerB.caller.teams.myInvitations()).length).toBe(1);
    const [offer] = await world.ownerB.caller.teams.myInvitations();
    await world.ownerB.caller.teams.declineInvitation({ invitationId: offer?.id ?? "" });
  });

  it("finding 8: an expired link is refused with the day it expired, and joins no one", async () => {
    const teamId = world.teamA.id;
    const invitee = await newcomer();
    const { invitation, token } = await world.owner.caller.teams.invite({
      teamId,
      email: invitee.email,
      role: "viewer",
    });
    const expiredAt = new Date(Date.UTC(2024, 4, 31, 12));
    await write((tx) =>
      tx
        .update(schema.invitations)
        .set({ createdAt: new Date(expiredAt.getTime() - 14 * 24 * HOUR), expiresAt: expiredAt })
        .where(eq(schema.invitations.id, invitation.id)),
    );
    const error = await expectRefusal(invitee.caller.teams.acceptInvitation({ token }), "BAD_REQUEST");
    expect(error.fieldErrors).toEqual({
      token: ["This invitation expired on 2024-05-31: ask an owner of the team for a new one"],
    });
    expect((await invitee.caller.teams.mine()).teams).toEqual([]);
    await world.owner.caller.teams.revokeInvitation({ teamId, invitationId: invitation.id });
  });

  it("finding 8: an account made through someone else's link cannot accept another team's invitation without that invitation's link", async () => {
    const victimTeam = world.teamA.id;
    const address = "newhire@a.test";
    // The attacker, any signed-in person, makes a team of their own, invites the address they
    // expect to be hired, and creates its account with their own link: nobody verifies addresses.
    const attacker = await newcomer();
    const lure = await attacker.caller.teams.create({ name: "Attacker's desk" });
    const own = await attacker.caller.teams.invite({ teamId: lure.id, email: address, role: "viewer" });
    const made = await anonymousCaller().teams.signUpWithInvitation({
      token: own.token,
      name: "New Hire",
      password: TEST_PASSWORD,
    });
    expect(made.email).toBe(address);
    const account = first(await getDb().select().from(schema.user).where(eq(schema.user.email, address)));
    if (!account) throw new Error(`No account for ${address}`);
    const squatter = callerFor(account);

    // Later the real owner of the victim team invites the address; the link goes to the real
    // person, who cannot create the account and is told what to do about it.
    const real = await world.owner.caller.teams.invite({ teamId: victimTeam, email: address, role: "analyst" });
    const refusal = await expectRefusal(
      anonymousCaller().teams.signUpWithInvitation({ token: real.token, name: "New Hire", password: TEST_PASSWORD }),
      "CONFLICT",
    );
    expect(refusal.message).toBe(
      `An account already uses ${address}: sign in with it to accept, or, if you never created it, tell the person who invited you.`,
    );

    // The attacker's account sees the invitation (it is to its address) but cannot accept it:
    // not by its id, not with a made-up link, not with the link they made the account with.
    const [offer] = await squatter.teams.myInvitations();
    expect(offer).toMatchObject({ teamName: "Analysis team", role: "analyst" });
    await expectRefusal(
      callProcedure(squatter, "teams.acceptInvitation", { invitationId: offer?.id ?? "" }),
      "BAD_REQUEST",
    );
    const messages = new Set<string>();
    for (const token of ["made-up-token", own.token, "x".repeat(43)]) {
      messages.add((await expectRefusal(squatter.teams.acceptInvitation({ token }), "NOT_FOUND")).message);
    }
    // The victim team's link opens nothing for anyone else's account either, with the same answer.
    messages.add(
      (await expectRefusal(world.viewer.caller.teams.acceptInvitation({ token: real.token }), "NOT_FOUND")).message,
    );
    expect([...messages]).toEqual([NOT_YOUR_LINK]);

    // Nothing joined: the address's account is not in the victim team, the invitation is still
    // pending for the owner to revoke once told, and the link is still good for its holder.
    expect((await world.owner.caller.teams.members({ teamId: victimTeam })).map((m) => m.email)).not.toContain(address);
    expect((await squatter.teams.mine()).teams.map((x) => x.id)).toEqual([lure.id]);
    expect((await world.owner.caller.teams.invitations({ teamId: victimTeam })).map((i) => i.email)).toContain(address);
    expect((await anonymousCaller().teams.invitationByToken({ token: real.token })).teamName).toBe("Analysis team");
    // Only that link, which went to the real person and not to the attacker, opens it, and only
    // for the account of the address invited. The owner, told, withdraws it.
    await world.owner.caller.teams.revokeInvitation({ teamId: victimTeam, invitationId: real.invitation.id });
    await expectRefusal(squatter.teams.acceptInvitation({ token: real.token }), "NOT_FOUND");
  });

  it("finding 8: team creation is limited per person, refused with 429 and the time to try again", async () => {
    const person = await newcomer();
    for (let i = 0; i < TEAM_CREATE_LIMIT.max; i++) await person.caller.teams.create({ name: `Desk ${i}` });
    const before = await rowCounts();
    const { message, retryAt } = await expectTooMany(person.caller.teams.create({ name: "One too many" }));
    expect(message).toMatch(/^You have created 5 teams in the last hour: try again at/);
    expect(retryAt).toBeGreaterThan(Date.now() + HOUR - 60_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + HOUR);
    expect(await rowCounts()).toEqual(before);
    // Another person is not held back.
    expect((await world.analyst.caller.teams.create({ name: "Analyst's desk" })).role).toBe("owner");

    // The window ends an hour after its first team, at the time the refusal named.
    const t0 = Date.UTC(2030, 0, 1, 13, 4, 30);
    const db = getDb();
    const other = await newcomer();
    for (let i = 0; i < 5; i++) await createTeam(db, other.id, `Timed ${i}`, t0 + i * 60_000);
    let refusal = "";
    try {
      await createTeam(db, other.id, "Refused", t0 + 30 * 60_000);
    } catch (error) {
      refusal = (error as Error).message;
    }
    expect(refusal).toBe("You have created 5 teams in the last hour: try again at 14:05 UTC.");
    expect((await createTeam(db, other.id, "Allowed again", t0 + HOUR)).role).toBe("owner");
  });

  it("finding 8: invitations are limited per inviter, refused with 429 and a time", async () => {
    const person = await newcomer();
    const team = await person.caller.teams.create({ name: "Busy inviter's team" });
    for (let i = 0; i < INVITE_LIMIT.max; i++) {
      await person.caller.teams.invite({ teamId: team.id, email: `guest-${i}@example.org`, role: "viewer" });
    }
    const before = await rowCounts();
    const { message } = await expectTooMany(
      person.caller.teams.invite({ teamId: team.id, email: "guest-31@example.org", role: "viewer" }),
    );
    expect(message).toMatch(/^You have sent 30 invitations in the last hour: try again at/);
    expect(await rowCounts()).toEqual(before);
  });

  it("finding 8: a viewer cannot mint accounts: not in their team, and through their own team's links only 10 an hour", async () => {
    const viewer = world.viewer;
    const start = await rowCounts();
    const own = await viewer.caller.teams.create({ name: "Viewer's mint" });
    // No procedure makes an account from a signed-in person's call naming a new address, not even
    // in a team they own (adding used to create one and hand back its password).
    for (const [path, type] of procedureTypes()) {
      if (type !== "mutation" || path === "teams.create") continue;
      const input = { teamId: own.id, email: `probe-${path}@example.org`, name: "Probe", role: "owner" };
      await callProcedure(viewer.caller, path, input).catch(() => undefined);
      expect((await rowCounts()).user, path).toBe(start.user);
    }
    // In the team where they are a viewer: refused outright, nothing written.
    const beforeRefusals = await rowCounts();
    for (const email of ["minted-1@example.org", world.ownerB.email]) {
      const error = await expectRefusal(
        viewer.caller.teams.invite({ teamId: world.teamA.id, email, role: "owner" }),
        "FORBIDDEN",
      );
      expect(error.message).toMatch(/^Your role in this team is viewer/);
    }
    expect(await rowCounts()).toEqual(beforeRefusals);

    // In a team of their own: inviting makes no account; each account takes its link, and a person
    // to set a password, and after 10 in an hour the links are refused.
    const tokens: string[] = [];
    for (let i = 0; i <= INVITED_ACCOUNTS_LIMIT.max; i++) {
      tokens.push(
        (await viewer.caller.teams.invite({ teamId: own.id, email: `mint-${i}@example.org`, role: "viewer" })).token,
      );
    }
    expect((await rowCounts()).user).toBe(start.user);
    for (const [i, token] of tokens.slice(0, INVITED_ACCOUNTS_LIMIT.max).entries()) {
      await anonymousCaller().teams.signUpWithInvitation({ token, name: `Mint ${i}`, password: TEST_PASSWORD });
    }
    expect((await rowCounts()).user).toBe(start.user + INVITED_ACCOUNTS_LIMIT.max);
    const before = await rowCounts();
    const { message } = await expectTooMany(
      anonymousCaller().teams.signUpWithInvitation({
        token: tokens[INVITED_ACCOUNTS_LIMIT.max] ?? "",
        name: "Mint 10",
        password: TEST_PASSWORD,
      }),
    );
    expect(message).toMatch(/^Too many accounts were created through this team's invitations in the last hour/);
    expect(await rowCounts()).toEqual(before);
    // Nor is anyone minting through many inviters: the server as a whole makes at most 100 an
    // hour through links. (Filled here directly: 100 real sign-ups would only cost time.)
    const another = await newcomer();
    const team = await another.caller.teams.create({ name: "Another inviter's team" });
    const { token: fresh } = await another.caller.teams.invite({
      teamId: team.id,
      email: "mint-x@example.org",
      role: "viewer",
    });
    const db = getDb();
    const used = first(
      await db.select().from(schema.rateLimit).where(eq(schema.rateLimit.key, ALL_INVITED_ACCOUNTS_KEY)),
    );
    expect(used?.count).toBeGreaterThanOrEqual(INVITED_ACCOUNTS_LIMIT.max);
    for (let i = used?.count ?? 0; i < ALL_INVITED_ACCOUNTS_LIMIT.max; i++) {
      await countHit(db, ALL_INVITED_ACCOUNTS_KEY, ALL_INVITED_ACCOUNTS_LIMIT);
    }
    const server = await expectTooMany(
      anonymousCaller().teams.signUpWithInvitation({ token: fresh, name: "Mint X", password: TEST_PASSWORD }),
    );
    expect(server.message).toMatch(/^Too many accounts were created on this server in the last hour/);
    await clearHits(db, ALL_INVITED_ACCOUNTS_KEY);
    const minted = await anonymousCaller().teams.signUpWithInvitation({
      token: fresh,
      name: "Mint X",
      password: TEST_PASSWORD,
    });
    expect(minted.email).toBe("mint-x@example.org");

    // The refused link is not used up: it works once the hour is over.
    expect(
      (await anonymousCaller().teams.invitationByToken({ token: tokens[INVITED_ACCOUNTS_LIMIT.max] ?? "" })).email,
    ).toBe("mint-10@example.org");
  });
});

describe("finding 8: an invitation carries its sender's authority", () => {
  it("finding 8: an owner made analyst, or removed, takes the links they sent with them", async () => {
    const founder: TestUser = await newcomer();
    const deputy: TestUser = await newcomer();
    const team = await founder.caller.teams.create({ name: "Chain of command" });
    await joinTeam(founder, team.id, deputy, "owner");
    const sleeper = await deputy.caller.teams.invite({ teamId: team.id, email: "sleeper@example.org", role: "owner" });
    const second = await deputy.caller.teams.invite({ teamId: team.id, email: "second@example.org", role: "viewer" });
    await founder.caller.teams.changeRole({ teamId: team.id, userId: deputy.id, role: "analyst" });
    for (const { token } of [sleeper, second]) {
      await expectRefusal(anonymousCaller().teams.invitationByToken({ token }), "NOT_FOUND");
      await expectRefusal(
        anonymousCaller().teams.signUpWithInvitation({ token, name: "Sleeper Agent", password: "a long password" }),
        "NOT_FOUND",
      );
    }
    expect(await founder.caller.teams.invitations({ teamId: team.id })).toEqual([]);

    // The same when the sender leaves the team; an invitation of another owner stays.
    const third: TestUser = await newcomer();
    await joinTeam(founder, team.id, third, "owner");
    const kept = await founder.caller.teams.invite({ teamId: team.id, email: "kept@example.org", role: "viewer" });
    const gone = await third.caller.teams.invite({ teamId: team.id, email: "gone@example.org", role: "viewer" });
    await third.caller.teams.removeMember({ teamId: team.id, userId: third.id });
    await expectRefusal(anonymousCaller().teams.invitationByToken({ token: gone.token }), "NOT_FOUND");
    expect((await anonymousCaller().teams.invitationByToken({ token: kept.token })).email).toBe("kept@example.org");
  });
});

describe("finding 10: leaving a team answers what happened", () => {
  it("finding 10: an owner who removes themselves gets { left: true }, not NOT_FOUND, and the team is gone from their list", async () => {
    const founder: TestUser = await newcomer();
    const partner: TestUser = await newcomer();
    const team = await founder.caller.teams.create({ name: "Short-lived partnership" });
    await joinTeam(founder, team.id, partner, "owner");

    const answer = await founder.caller.teams.removeMember({ teamId: team.id, userId: founder.id });
    expect(answer).toEqual({ left: true });
    expect((await founder.caller.teams.mine()).teams.map((t) => t.id)).not.toContain(team.id);
    expect((await partner.caller.teams.members({ teamId: team.id })).map((m) => [m.email, m.role])).toEqual([
      [partner.email, "owner"],
    ]);

    // Removing someone else still answers the list the owner goes on seeing.
    const third = await newcomer();
    await joinTeam(partner, team.id, third, "viewer");
    const removed = await partner.caller.teams.removeMember({ teamId: team.id, userId: third.id });
    expect(removed).toEqual({ left: false, members: [expect.objectContaining({ email: partner.email })] });
  });

  it("finding 10: a viewer leaves on their own, and still cannot remove anyone else", async () => {
    const founder: TestUser = await newcomer();
    const viewer: TestUser = await newcomer();
    const other: TestUser = await newcomer();
    const team = await founder.caller.teams.create({ name: "Readers welcome" });
    await joinTeam(founder, team.id, viewer, "viewer");
    await joinTeam(founder, team.id, other, "viewer");
    await expectRefusal(viewer.caller.teams.removeMember({ teamId: team.id, userId: other.id }), "FORBIDDEN");
    expect(await viewer.caller.teams.removeMember({ teamId: team.id, userId: viewer.id })).toEqual({ left: true });
    expect((await viewer.caller.teams.mine()).teams.map((t) => t.id)).not.toContain(team.id);
    expect((await founder.caller.teams.members({ teamId: team.id })).map((m) => m.email).sort()).toEqual(
      [founder.email, other.email].sort(),
    );
  });
});
