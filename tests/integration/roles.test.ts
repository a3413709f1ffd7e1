// Each role's rights: owners manage members (by invitation), analysts and owners edit
// assessments, viewers read. The last owner of a team can be neither demoted nor removed.

import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { getAuth } from "@/server/auth";
import {
  anonymousCaller,
  buildWorld,
  expectRefusal,
  joinTeam,
  newAssessmentInput,
  rowCounts,
  startedTogether,
  type TestUser,
  type World,
} from "./harness";

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world?.db.cleanup());

const sessionsOf = async (userId: string) =>
  first(await getDb().select({ n: count() }).from(schema.session).where(eq(schema.session.userId, userId)))?.n ?? 0;

const membersOf = async (who: TestUser, teamId: string) =>
  (await who.caller.teams.members({ teamId })).map((m) => [m.email, m.role]);

describe("owner", () => {
  it("sees every member of the team with their role", async () => {
    expect(await membersOf(world.owner, world.teamA.id)).toEqual([
      ["analyst@example.org", "analyst"],
      ["owner@example.org", "owner"],
      ["viewer@example.org", "viewer"],
    ]);
  });

  it("invites an existing account by email; it joins only once it accepts with the link, and then sees the team", async () => {
    const { invitation, token } = await world.owner.caller.teams.invite({
      teamId: world.teamA.id,
      email: "  OWNER-B@Example.org ",
      role: "viewer",
    });
    expect(invitation).toMatchObject({ email: "owner-b@example.org", role: "viewer", invitedByName: "Olive Owner" });
    expect(token.length).toBeGreaterThanOrEqual(40);
    // Invited is not a member: nothing of team A is theirs until they say yes.
    expect((await world.ownerB.caller.teams.mine()).teams.map((t) => t.id)).toEqual([world.teamB.id]);
    const [offer] = await world.ownerB.caller.teams.myInvitations();
    expect(offer).toMatchObject({ id: invitation.id, teamName: "Analysis team", role: "viewer" });

    const joined = await world.ownerB.caller.teams.acceptInvitation({ token });
    expect(joined).toMatchObject({ id: world.teamA.id, role: "viewer" });
    const mine = await world.ownerB.caller.teams.mine();
    expect(mine.teams.map((t) => [t.id, t.role]).sort()).toEqual(
      [
        [world.teamA.id, "viewer"],
        [world.teamB.id, "owner"],
      ].sort(),
    );
    expect(await world.ownerB.caller.teams.myInvitations()).toEqual([]);

    const again = await expectRefusal(
      world.owner.caller.teams.invite({ teamId: world.teamA.id, email: "owner-b@example.org", role: "analyst" }),
      "BAD_REQUEST",
    );
    expect(again.fieldErrors).toEqual({
      email: ["owner-b@example.org is already a member of this team: change their role instead"],
    });

    const removed = await world.owner.caller.teams.removeMember({ teamId: world.teamA.id, userId: world.ownerB.id });
    expect(removed.left).toBe(false);
    expect((await world.ownerB.caller.teams.mine()).teams.map((t) => t.id)).toEqual([world.teamB.id]);
  });

  it("invites a new address; its link creates the account, which signs in as a member", async () => {
    const before = await rowCounts();
    const { invitation, path } = await world.owner.caller.teams.invite({
      teamId: world.teamA.id,
      email: "New.Colleague@Example.org",
      role: "analyst",
    });
    expect(invitation.email).toBe("new.colleague@example.org");
    // No account yet: only the person holding the link creates it.
    expect((await rowCounts()).user).toBe(before.user);
    const token = path.replace("/invite/", "");
    expect(await anonymousCaller().teams.invitationByToken({ token })).toMatchObject({
      email: "new.colleague@example.org",
      teamName: "Analysis team",
      role: "analyst",
    });

    const created = await anonymousCaller().teams.signUpWithInvitation({
      token,
      name: "  Nadia Newcomer ",
      password: "a password of her own",
    });
    expect(created).toMatchObject({
      email: "new.colleague@example.org",
      team: { id: world.teamA.id, role: "analyst" },
    });
    expect((await rowCounts()).user).toBe(before.user + 1);
    expect((await rowCounts()).members).toBe(before.members + 1);
    const member = (await world.owner.caller.teams.members({ teamId: world.teamA.id })).find(
      (m) => m.email === "new.colleague@example.org",
    );
    expect(member).toMatchObject({ name: "Nadia Newcomer", role: "analyst" });
    // Creating the account leaves no session behind: only signing in opens one.
    expect(await sessionsOf(member?.userId ?? "")).toBe(0);

    const signedIn = await getAuth().api.signInEmail({
      body: { email: "new.colleague@example.org", password: "a password of her own" },
    });
    expect(signedIn.user.id).toBe(member?.userId);
    expect(signedIn.user.name).toBe("Nadia Newcomer");
    expect(await sessionsOf(member?.userId ?? "")).toBe(1);
    // The link worked once.
    await expectRefusal(anonymousCaller().teams.invitationByToken({ token }), "NOT_FOUND");
  });

  it("changes a role, and the new role takes effect at once", async () => {
    const members = await world.owner.caller.teams.changeRole({
      teamId: world.teamA.id,
      userId: world.analyst.id,
      role: "viewer",
    });
    expect(members.find((m) => m.userId === world.analyst.id)?.role).toBe("viewer");
    const refused = await expectRefusal(
      world.analyst.caller.assessments.create(newAssessmentInput(world.teamA.id)),
      "FORBIDDEN",
    );
    expect(refused.message).toMatch(/^Your role in this team is viewer/);

    await world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.analyst.id, role: "analyst" });
    const created = await world.analyst.caller.assessments.create(newAssessmentInput(world.teamA.id, "Back to work"));
    expect(created.version).toBe(1);
  });

  it("removes a member, who then cannot see the team at all", async () => {
    const newcomer = (await world.owner.caller.teams.members({ teamId: world.teamA.id })).find(
      (m) => m.email === "new.colleague@example.org",
    );
    if (!newcomer) throw new Error("The newcomer added earlier is missing");
    const after = await world.owner.caller.teams.removeMember({ teamId: world.teamA.id, userId: newcomer.userId });
    if (after.left) throw new Error("The owner removed someone else, yet the answer says they left");
    expect(after.members.map((m) => m.email)).not.toContain("new.colleague@example.org");
    expect(after.members).toHaveLength(3);

    const gone = await expectRefusal(
      world.owner.caller.teams.removeMember({ teamId: world.teamA.id, userId: newcomer.userId }),
      "NOT_FOUND",
    );
    expect(gone.message).toBe(`No member with id '${newcomer.userId}' in this team`);
  });

  it("updates the team's settings", async () => {
    const team = await world.owner.caller.teams.updateSettings({ teamId: world.teamA.id, staleAfterDays: 21 });
    expect(team.staleAfterDays).toBe(21);
    const back = await world.owner.caller.teams.updateSettings({ teamId: world.teamA.id, staleAfterDays: 14 });
    expect(back.staleAfterDays).toBe(14);
  });
});

describe("a member of several teams", () => {
  it("switches the active team, and only to a team they belong to", async () => {
    const b = world.ownerB;
    expect((await b.caller.teams.mine()).active?.id).toBe(world.teamB.id);
    await joinTeam(world.owner, world.teamA.id, b, "analyst");

    const switched = await b.caller.teams.setActive({ teamId: world.teamA.id });
    expect(switched).toMatchObject({ id: world.teamA.id, role: "analyst" });
    const mine = await b.caller.teams.mine();
    expect(mine.active?.id).toBe(world.teamA.id);
    expect(mine.teams.map((t) => t.name)).toEqual(["Analysis team", "Team B"]);
    // Their rights follow the team: analyst in A (no member management), owner in B.
    await expectRefusal(b.caller.teams.updateSettings({ teamId: world.teamA.id, name: "Mine now" }), "FORBIDDEN");
    expect((await b.caller.teams.updateSettings({ teamId: world.teamB.id, staleAfterDays: 7 })).staleAfterDays).toBe(7);

    // Removed from A, they fall back to the team they still have.
    await world.owner.caller.teams.removeMember({ teamId: world.teamA.id, userId: b.id });
    const after = await b.caller.teams.mine();
    expect(after.teams.map((t) => t.id)).toEqual([world.teamB.id]);
    expect(after.active?.id).toBe(world.teamB.id);
    const refused = await expectRefusal(b.caller.teams.setActive({ teamId: world.teamA.id }), "NOT_FOUND");
    expect(refused.message).toBe(`No team with id '${world.teamA.id}'`);
  });

  it("creates a team and becomes its only owner", async () => {
    const team = await world.viewer.caller.teams.create({ name: "  Viewer's own desk " });
    expect(team).toMatchObject({ name: "Viewer's own desk", role: "owner", staleAfterDays: 14 });
    expect((await world.viewer.caller.teams.members({ teamId: team.id })).map((m) => [m.email, m.role])).toEqual([
      ["viewer@example.org", "owner"],
    ]);
    const mine = await world.viewer.caller.teams.mine();
    expect(mine.active?.id).toBe(team.id);
    // Still only a viewer in team A.
    expect(mine.teams.find((t) => t.id === world.teamA.id)?.role).toBe("viewer");
    await world.viewer.caller.teams.setActive({ teamId: world.teamA.id });
  });
});

describe("the last owner", () => {
  it("cannot be demoted", async () => {
    const before = await rowCounts();
    const error = await expectRefusal(
      world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.owner.id, role: "analyst" }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe("This is the team's last owner: make someone else an owner first");
    expect(error.fieldErrors).toEqual({ role: [error.message] });
    expect(await rowCounts()).toEqual(before);
    expect(await membersOf(world.owner, world.teamA.id)).toContainEqual(["owner@example.org", "owner"]);
  });

  it("cannot be removed", async () => {
    const error = await expectRefusal(
      world.owner.caller.teams.removeMember({ teamId: world.teamA.id, userId: world.owner.id }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe("This is the team's last owner: make someone else an owner first");
    expect(error.fieldErrors).toEqual({ userId: [error.message] });
    expect(await membersOf(world.owner, world.teamA.id)).toContainEqual(["owner@example.org", "owner"]);
  });

  it("can step down once there is a second owner", async () => {
    await world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.analyst.id, role: "owner" });
    await world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.owner.id, role: "analyst" });
    expect(await membersOf(world.analyst, world.teamA.id)).toEqual([
      ["analyst@example.org", "owner"],
      ["owner@example.org", "analyst"],
      ["viewer@example.org", "viewer"],
    ]);
    // Now the former analyst is the last owner; the former owner can no longer manage members.
    const refused = await expectRefusal(
      world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.analyst.id, role: "viewer" }),
      "FORBIDDEN",
    );
    expect(refused.message).toMatch(/^Your role in this team is analyst/);
    const last = await expectRefusal(
      world.analyst.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.analyst.id, role: "viewer" }),
      "BAD_REQUEST",
    );
    expect(last.fieldErrors).toHaveProperty("role");

    // Restore the world for the tests below.
    await world.analyst.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.owner.id, role: "owner" });
    await world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: world.analyst.id, role: "analyst" });
    expect(await membersOf(world.owner, world.teamA.id)).toEqual([
      ["analyst@example.org", "analyst"],
      ["owner@example.org", "owner"],
      ["viewer@example.org", "viewer"],
    ]);
  });
});

describe.each(["analyst", "viewer"] as const)("%s managing members", (role) => {
  const ownerOnly = `Your role in this team is ${role}, which ${role === "analyst" ? "edits assessments" : "reads, comments and exports"}: only an owner can manage this team's members.`;
  const who = () => world[role];

  it("may list the members", async () => {
    expect(await membersOf(who(), world.teamA.id)).toHaveLength(3);
  });

  it("is FORBIDDEN to add, re-role or remove anyone, or change settings, and nothing changes", async () => {
    const before = await rowCounts();
    const teamId = world.teamA.id;
    const calls = startedTogether([
      who().caller.teams.invite({ teamId, email: "owner-b@example.org", role: "viewer" }),
      who().caller.teams.invite({ teamId, email: "fresh@example.org", role: "owner" }),
      who().caller.teams.invitations({ teamId }),
      who().caller.teams.revokeInvitation({ teamId, invitationId: "any-invitation" }),
      who().caller.teams.changeRole({ teamId, userId: who().id, role: "owner" }),
      who().caller.teams.changeRole({ teamId, userId: world.owner.id, role: "viewer" }),
      who().caller.teams.removeMember({ teamId, userId: world.owner.id }),
      who().caller.teams.updateSettings({ teamId, name: "Renamed" }),
    ]);
    for (const call of calls) {
      const error = await expectRefusal(call, "FORBIDDEN");
      expect(error.message).toBe(ownerOnly);
    }
    expect(await rowCounts()).toEqual(before);
    expect(await membersOf(world.owner, teamId)).toEqual([
      ["analyst@example.org", "analyst"],
      ["owner@example.org", "owner"],
      ["viewer@example.org", "viewer"],
    ]);
    const team = (await world.owner.caller.teams.mine()).teams.find((t) => t.id === teamId);
    expect(team?.name).toBe("Analysis team");
  });
});

describe.each(["owner", "analyst"] as const)("%s editing assessments", (role) => {
  it("creates an assessment that the whole team then lists", async () => {
    const title = `Created by the ${role}`;
    const created = await world[role].caller.assessments.create(newAssessmentInput(world.teamA.id, title));
    expect(created.version).toBe(1);
    for (const reader of [world.owner, world.analyst, world.viewer]) {
      const item = (await reader.caller.assessments.list({ teamId: world.teamA.id })).find((a) => a.id === created.id);
      expect(item).toMatchObject({ title, status: "active", scenarioCount: 2, indicatorCount: 0, evidenceCount: 0 });
      expect(item?.lastChange?.actorName).toBe(world[role].name);
      expect(item?.leading?.name).toBe("Ceasefire holds");
      expect(item?.leading?.probability).toBeCloseTo(0.6, 12);
    }
  });

  it("archives and restores an assessment, each a new version", async () => {
    const { id } = await world[role].caller.assessments.create(
      newAssessmentInput(world.teamA.id, `Archive me, ${role}`),
    );
    const archived = await world[role].caller.assessments.setArchived({ assessmentId: id, version: 1, archived: true });
    expect(archived).toEqual({ id, version: 2, status: "archived" });
    const active = await world.viewer.caller.assessments.list({ teamId: world.teamA.id });
    expect(active.map((a) => a.id)).not.toContain(id);
    const all = await world.viewer.caller.assessments.list({ teamId: world.teamA.id, includeArchived: true });
    expect(all.find((a) => a.id === id)?.status).toBe("archived");

    const restored = await world[role].caller.assessments.setArchived({
      assessmentId: id,
      version: 2,
      archived: false,
    });
    expect(restored).toEqual({ id, version: 3, status: "active" });
    const view = await world.viewer.caller.assessments.get({ assessmentId: id });
    expect(view.state.status).toBe("active");
    expect(view.state.version).toBe(3);
  });
});

describe("viewer", () => {
  it("cannot create an assessment, and nothing is written", async () => {
    const before = await rowCounts();
    const error = await expectRefusal(
      world.viewer.caller.assessments.create(newAssessmentInput(world.teamA.id)),
      "FORBIDDEN",
    );
    expect(error.message).toBe(
      "Your role in this team is viewer, which reads, comments and exports: only an analyst or owner can change assessments.",
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("cannot archive an assessment, which stays as it was", async () => {
    const { demoAssessmentId } = world.teamA;
    const version = (await world.viewer.caller.assessments.get({ assessmentId: demoAssessmentId })).state.version;
    const error = await expectRefusal(
      world.viewer.caller.assessments.setArchived({ assessmentId: demoAssessmentId, version, archived: true }),
      "FORBIDDEN",
    );
    expect(error.message).toMatch(/^Your role in this team is viewer/);
    const after = (await world.viewer.caller.assessments.get({ assessmentId: demoAssessmentId })).state;
    expect(after.status).toBe("active");
    expect(after.version).toBe(version);
  });

  it("lists and reads the demo, with its role and the engine's figures", async () => {
    const list = await world.viewer.caller.assessments.list({ teamId: world.teamA.id });
    const demo = list.find((a) => a.id === world.teamA.demoAssessmentId);
    expect(demo).toMatchObject({ title: "Russian military posture in Syria", scenarioCount: 3 });
    expect(demo?.indicatorCount).toBeGreaterThanOrEqual(8);
    expect(demo?.evidenceCount).toBeGreaterThanOrEqual(8);

    const view = await world.viewer.caller.assessments.get({ assessmentId: world.teamA.demoAssessmentId });
    expect(view.role).toBe("viewer");
    expect(view.state.scenarios.map((s) => s.name)).toEqual([
      "Full exit",
      "Partial consolidation",
      "Negotiated retention",
    ]);
    const probabilities = Object.values(view.result.probabilities);
    expect(probabilities).toHaveLength(3);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // The list's leading scenario is the one the engine puts first on the current state.
    const [topId] = Object.entries(view.result.probabilities).sort((a, b) => b[1] - a[1])[0] ?? [];
    expect(demo?.leading?.name).toBe(view.state.scenarios.find((s) => s.id === topId)?.name);
    expect(demo?.leading?.probability).toBeCloseTo(view.result.probabilities[topId ?? ""] ?? Number.NaN, 12);
  });
});
