// Cross-team isolation: another team's ids are simply not found, for reads and writes alike, and
// no list ever holds another team's assessment.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { loadAssessmentState } from "@/server/assessments/store";
import {
  buildWorld,
  createAccount,
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

const noAssessment = (id: string) => `No assessment with id '${id}'`;
const noTeam = (id: string) => `No team with id '${id}'`;

async function demoState() {
  const state = await loadAssessmentState(getDb(), world.teamA.demoAssessmentId);
  if (!state) throw new Error("The demo assessment is missing");
  return state;
}

describe("a member of team B reaching into team A", () => {
  it("gets NOT_FOUND for team A's assessment, with the message naming the id", async () => {
    const id = world.teamA.demoAssessmentId;
    const error = await expectRefusal(world.ownerB.caller.assessments.get({ assessmentId: id }), "NOT_FOUND");
    expect(error.message).toBe(noAssessment(id));
    expect(error.fieldErrors).toEqual({ assessmentId: [noAssessment(id)] });
  });

  it("cannot archive team A's assessment, and it stays as it was", async () => {
    const before = await demoState();
    const counts = await rowCounts();
    for (const archived of [true, false]) {
      const error = await expectRefusal(
        world.ownerB.caller.assessments.setArchived({
          assessmentId: before.id,
          version: before.version,
          archived,
        }),
        "NOT_FOUND",
      );
      expect(error.message).toBe(noAssessment(before.id));
    }
    expect(await demoState()).toEqual(before);
    expect(await rowCounts()).toEqual(counts);
  });

  it("gets NOT_FOUND for team A's members, assessments and settings", async () => {
    const teamId = world.teamA.id;
    const counts = await rowCounts();
    const caller = world.ownerB.caller;
    const refusals = startedTogether([
      caller.teams.members({ teamId }),
      caller.assessments.list({ teamId }),
      caller.assessments.list({ teamId, includeArchived: true }),
      caller.assessments.create(newAssessmentInput(teamId)),
      caller.teams.setActive({ teamId }),
      caller.teams.updateSettings({ teamId, name: "Taken over" }),
      caller.teams.invite({ teamId, email: world.ownerB.email, role: "owner" }),
      caller.teams.invitations({ teamId }),
      caller.teams.revokeInvitation({ teamId, invitationId: "any-invitation" }),
      caller.teams.changeRole({ teamId, userId: world.ownerB.id, role: "owner" }),
      caller.teams.changeRole({ teamId, userId: world.owner.id, role: "viewer" }),
      caller.teams.removeMember({ teamId, userId: world.owner.id }),
    ]);
    for (const call of refusals) {
      const error = await expectRefusal(call, "NOT_FOUND");
      expect(error.message).toBe(noTeam(teamId));
    }
    expect(await rowCounts()).toEqual(counts);
    expect((await world.owner.caller.teams.members({ teamId })).map((m) => [m.email, m.role])).toEqual([
      ["analyst@example.org", "analyst"],
      ["owner@example.org", "owner"],
      ["viewer@example.org", "viewer"],
    ]);
    const teamRow = first(await getDb().select().from(schema.teams).where(eq(schema.teams.id, teamId)));
    expect(teamRow?.name).toBe("Analysis team");
  });

  it("gets NOT_FOUND from every workspace edit of team A's assessment, and nothing is written", async () => {
    const state = await demoState();
    const scenario = state.scenarios[0];
    const indicator = state.indicators[0];
    const evidence = state.evidence[0];
    if (!scenario || !indicator || !evidence) throw new Error("The demo lacks scenarios, indicators or evidence");
    const base = { assessmentId: state.id, version: state.version };
    const ws = world.ownerB.caller.workspace;
    const counts = await rowCounts();
    const refusals = startedTogether([
      ws.updateAssessment({ ...base, title: "Hijacked" }),
      ws.addScenario({ ...base, name: "Intruder", prior: 0.1 }),
      ws.updateScenario({ ...base, scenarioId: scenario.id, prior: 5 }),
      ws.moveScenario({ ...base, scenarioId: scenario.id, toIndex: 2 }),
      ws.setScenarioArchived({ ...base, scenarioId: scenario.id, archived: true }),
      ws.addIndicator({
        ...base,
        name: "Intruder indicator",
        expectations: Object.fromEntries(state.scenarios.map((s) => [s.id, "likely" as const])),
      }),
      ws.updateIndicator({ ...base, indicatorId: indicator.id, weight: 0 }),
      ws.setExpectation({ ...base, indicatorId: indicator.id, scenarioId: scenario.id, expectation: 0.5 }),
      ws.setPresence({ ...base, indicatorId: indicator.id, presence: 1, overrideRationale: "because" }),
      ws.moveIndicator({ ...base, indicatorId: indicator.id, toIndex: 3 }),
      ws.reviewIndicator({ ...base, indicatorId: indicator.id }),
      ws.deleteIndicator({ ...base, indicatorId: indicator.id }),
      ws.addEvidence({
        ...base,
        title: "Planted",
        sourceName: "Nobody",
        sourceKind: "other",
        reliability: "A",
        credibility: 1,
        observedAt: "2024-12-13",
        links: [{ indicatorId: indicator.id, direction: 1 }],
      }),
      ws.updateEvidence({ ...base, evidenceId: evidence.id, reliability: "F" }),
      ws.linkEvidence({ ...base, evidenceId: evidence.id, indicatorId: indicator.id, direction: -1 }),
      ws.unlinkEvidence({ ...base, evidenceId: evidence.id, indicatorId: indicator.id }),
      ws.deleteEvidence({ ...base, evidenceId: evidence.id }),
    ]);
    for (const call of refusals) {
      const error = await expectRefusal(call, "NOT_FOUND");
      expect(error.message).toBe(noAssessment(state.id));
    }
    expect(await rowCounts()).toEqual(counts);
    expect(await demoState()).toEqual(state);
  });

  it("cannot subscribe to team A's live changes", async () => {
    const id = world.teamA.demoAssessmentId;
    const error = await expectRefusal(
      (async () => {
        const stream = await world.ownerB.caller.workspace.onChange({ assessmentId: id });
        for await (const _ of stream) break;
      })(),
      "NOT_FOUND",
    );
    expect(error.message).toBe(noAssessment(id));
  });

  it("stops telling a member removed while the stream is open, before the next change reaches them", async () => {
    const id = world.teamA.demoAssessmentId;
    const leaver = await createAccount("leaver@example.org", "Lee Leaver");
    await joinTeam(world.owner, world.teamA.id, leaver, "analyst");
    const stream = (await leaver.caller.workspace.onChange({ assessmentId: id }))[Symbol.asyncIterator]();
    // While a member, the stream delivers the change itself.
    const first = stream.next();
    let view = await world.owner.caller.assessments.get({ assessmentId: id });
    await world.owner.caller.workspace.updateAssessment({
      assessmentId: id,
      version: view.state.version,
      handling: "UNCLASSIFIED // STREAM TEST",
    });
    const delivered = await first;
    expect(delivered.done).toBe(false);
    expect(JSON.stringify(delivered.value)).toContain("STREAM TEST");

    await world.owner.caller.teams.removeMember({ teamId: world.teamA.id, userId: leaver.id });
    const second = stream.next();
    view = await world.owner.caller.assessments.get({ assessmentId: id });
    await world.owner.caller.workspace.updateAssessment({
      assessmentId: id,
      version: view.state.version,
      handling: "UNCLASSIFIED // AFTER REMOVAL",
    });
    const error = await expectRefusal(second, "NOT_FOUND");
    expect(error.message).toBe(noAssessment(id));
    await stream.return?.();
  });

  it("gets the same answer for another team's id as for an id that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const other = await expectRefusal(
      world.ownerB.caller.assessments.get({ assessmentId: world.teamA.demoAssessmentId }),
      "NOT_FOUND",
    );
    const none = await expectRefusal(world.ownerB.caller.assessments.get({ assessmentId: missing }), "NOT_FOUND");
    expect(other.message.replace(world.teamA.demoAssessmentId, "<id>")).toBe(none.message.replace(missing, "<id>"));
  });
});

describe("a caller without a session who knows the ids", () => {
  it("gets UNAUTHORIZED, not the data", async () => {
    const { anonymous, teamA } = world;
    for (const call of [
      anonymous.assessments.get({ assessmentId: teamA.demoAssessmentId }),
      anonymous.assessments.list({ teamId: teamA.id }),
      anonymous.teams.members({ teamId: teamA.id }),
    ]) {
      expect((await expectRefusal(call, "UNAUTHORIZED")).message).toBe("Sign in to continue.");
    }
    expect(await anonymous.setup.status()).toEqual({ needsFirstAccount: false });
  });
});

describe("members of team A reaching into team B", () => {
  it.each(["owner", "analyst", "viewer"] as const)(
    "the %s gets NOT_FOUND for team B and its assessment",
    async (role) => {
      const who: TestUser = world[role];
      const { id: teamId, assessmentId } = world.teamB;
      const get = await expectRefusal(who.caller.assessments.get({ assessmentId }), "NOT_FOUND");
      expect(get.message).toBe(noAssessment(assessmentId));
      const archive = await expectRefusal(
        who.caller.assessments.setArchived({ assessmentId, version: 1, archived: true }),
        "NOT_FOUND",
      );
      expect(archive.message).toBe(noAssessment(assessmentId));
      for (const call of startedTogether([
        who.caller.assessments.list({ teamId }),
        who.caller.teams.members({ teamId }),
      ])) {
        const error = await expectRefusal(call, "NOT_FOUND");
        expect(error.message).toBe(noTeam(teamId));
      }
      const stillB = await world.ownerB.caller.assessments.get({ assessmentId });
      expect(stillB.state.status).toBe("active");
      expect(stillB.state.version).toBe(1);
    },
  );

  it("cannot reach team B's scenario through an id inside their own assessment", async () => {
    const own = await demoState();
    const foreign = (await world.ownerB.caller.assessments.get({ assessmentId: world.teamB.assessmentId })).state;
    const foreignScenario = foreign.scenarios[0];
    if (!foreignScenario) throw new Error("Team B's assessment has no scenario");
    const error = await expectRefusal(
      world.analyst.caller.workspace.updateScenario({
        assessmentId: own.id,
        version: own.version,
        scenarioId: foreignScenario.id,
        prior: 99,
      }),
      "NOT_FOUND",
    );
    expect(error.message).toBe(`No scenario with id '${foreignScenario.id}' in this assessment`);
    const after = (await world.ownerB.caller.assessments.get({ assessmentId: world.teamB.assessmentId })).state;
    expect(after.scenarios).toEqual(foreign.scenarios);
    expect(await demoState()).toEqual(own);
  });
});

describe("lists", () => {
  it("never hold another team's assessment, for anyone in any of their teams", async () => {
    // Give both teams more than one assessment, including an archived one, so a leak would show.
    const extraA = await world.analyst.caller.assessments.create(newAssessmentInput(world.teamA.id, "Second in A"));
    const extraB = await world.ownerB.caller.assessments.create(newAssessmentInput(world.teamB.id, "Second in B"));
    await world.ownerB.caller.assessments.setArchived({ assessmentId: extraB.id, version: 1, archived: true });

    const teamOf = new Map(
      (
        await getDb().select({ id: schema.assessments.id, teamId: schema.assessments.teamId }).from(schema.assessments)
      ).map((a) => [a.id, a.teamId]),
    );
    expect(teamOf.size).toBe(4);

    const seen = new Set<string>();
    for (const who of [world.owner, world.analyst, world.viewer, world.ownerB]) {
      const { teams } = await who.caller.teams.mine();
      expect(teams.length).toBe(1);
      for (const team of teams) {
        const list = await who.caller.assessments.list({ teamId: team.id, includeArchived: true });
        expect(list.length).toBeGreaterThan(0);
        for (const item of list) {
          expect(teamOf.get(item.id), `${who.email} saw ${item.title}`).toBe(team.id);
          seen.add(item.id);
        }
      }
    }
    expect([...seen].sort()).toEqual([...teamOf.keys()].sort());

    const listA = await world.viewer.caller.assessments.list({ teamId: world.teamA.id, includeArchived: true });
    expect(listA.map((a) => a.id).sort()).toEqual([world.teamA.demoAssessmentId, extraA.id].sort());
    const listB = await world.ownerB.caller.assessments.list({ teamId: world.teamB.id, includeArchived: true });
    expect(listB.map((a) => a.id).sort()).toEqual([world.teamB.assessmentId, extraB.id].sort());
  });

  it("show each user only their own teams", async () => {
    expect((await world.ownerB.caller.teams.mine()).teams.map((t) => [t.name, t.role])).toEqual([["Team B", "owner"]]);
    expect((await world.viewer.caller.teams.mine()).teams.map((t) => [t.id, t.role])).toEqual([
      [world.teamA.id, "viewer"],
    ]);
  });
});
