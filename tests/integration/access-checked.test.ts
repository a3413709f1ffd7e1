// The read functions of server/history, server/assessments and the brief take a checked access
// (server/access.ts) and reach the database only through it: without the check there is no call.
// Each `@ts-expect-error` below is the type-level half (tsc fails if the plain object were
// accepted); running the same line is the runtime half (a cast gets past the types, not the check).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { type AssessmentAccess, checkAssessmentAccess, checkTeamAccess, dbOf, type TeamAccess } from "@/server/access";
import { getAssessment, listAssessments } from "@/server/assessments/assessments";
import { buildBrief } from "@/server/export/brief";
import { baselineSeq, listBaselines } from "@/server/history/baselines";
import { listComments } from "@/server/history/comments";
import { compareMoments, momentView } from "@/server/history/compare";
import { compareAsOf, resolveMoment, viewAsOf } from "@/server/history/moments";
import { scoreAssessment, teamCalibration } from "@/server/history/scores";
import { changeFacets, listChanges, timelineSeries } from "@/server/history/timeline";
import { buildWorld, clientError, startedTogether, type World } from "./harness";

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world?.db.cleanup());

const NOT_CHECKED = /Not a checked access/;

/** What a checked access holds, as a plain object: every field right, but no check made it. */
function lookalike(): { userId: string; assessmentId: string; teamId: string; role: "owner"; staleAfterDays: number } {
  return {
    userId: world.owner.id,
    assessmentId: world.teamA.demoAssessmentId,
    teamId: world.teamA.id,
    role: "owner",
    staleAfterDays: 14,
  };
}

describe("a read function without a checked access", () => {
  it("does not type-check, and throws before reading when forced", async () => {
    const plain = lookalike();
    // @ts-expect-error a plain object is not a checked access
    await expect(listChanges(plain, { limit: 5 })).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(changeFacets(plain)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(timelineSeries(plain, {})).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(momentView(plain, 1)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(compareMoments(plain, 1, 2)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(resolveMoment(plain, { seq: 1 })).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(viewAsOf(plain, { seq: 1 })).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(compareAsOf(plain, { seq: 1 }, undefined)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(listBaselines(plain)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(baselineSeq(plain, "any")).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(listComments(plain)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(scoreAssessment(plain)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(getAssessment(plain)).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(buildBrief(plain)).rejects.toThrow(NOT_CHECKED);
    const plainTeam = { userId: world.owner.id, teamId: world.teamA.id, role: "owner" };
    // @ts-expect-error a plain object is not a checked team access either
    await expect(listAssessments(plainTeam, {})).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error
    await expect(teamCalibration({ userId: world.owner.id, teamId: world.teamA.id, role: "owner" })).rejects.toThrow(
      NOT_CHECKED,
    );
  });

  it("the old call with a connection and ids does not type-check, and throws when forced", async () => {
    const db = getDb();
    const demo = world.teamA.demoAssessmentId;
    // @ts-expect-error listChanges took (db, filter) and no user: it now takes the caller's checked access
    await expect(listChanges(db, { assessmentId: demo, limit: 5 })).rejects.toThrow(NOT_CHECKED);
    // @ts-expect-error compareMoments took (db, assessmentId, from, to) and no user
    await expect(compareMoments(db, demo, 1, 2)).rejects.toThrow(NOT_CHECKED);
  });

  it("refuses a cast, and a copy of a real access", async () => {
    const forged = lookalike() as unknown as AssessmentAccess;
    await expect(listChanges(forged, { limit: 5 })).rejects.toThrow(NOT_CHECKED);
    expect(() => dbOf(forged)).toThrow(NOT_CHECKED);
    const real = await checkAssessmentAccess(getDb(), world.owner.id, world.teamA.demoAssessmentId);
    const copy = { ...real } as AssessmentAccess;
    await expect(listComments(copy)).rejects.toThrow(NOT_CHECKED);
    const team = { ...(await checkTeamAccess(getDb(), world.owner.id, world.teamA.id)) } as TeamAccess;
    await expect(teamCalibration(team)).rejects.toThrow(NOT_CHECKED);
  });

  it("cannot point a checked access at another team's assessment", async () => {
    const access = await checkAssessmentAccess(getDb(), world.viewer.id, world.teamA.demoAssessmentId);
    expect(Object.isFrozen(access)).toBe(true);
    expect(() => {
      (access as { assessmentId: string }).assessmentId = world.teamB.assessmentId;
    }).toThrow(TypeError);
    expect(access.assessmentId).toBe(world.teamA.demoAssessmentId);
  });
});

describe("the check that makes one", () => {
  it("reads for a member, with the role it found", async () => {
    const access = await checkAssessmentAccess(getDb(), world.viewer.id, world.teamA.demoAssessmentId);
    expect(access).toMatchObject({
      role: "viewer",
      teamId: world.teamA.id,
      assessmentId: world.teamA.demoAssessmentId,
    });
    const changes = await listChanges(access, { limit: 3 });
    expect(changes.items).toHaveLength(3);
    expect((await listBaselines(access)).length).toBeGreaterThan(0);
    const team = await checkTeamAccess(getDb(), world.viewer.id, world.teamA.id);
    expect((await listAssessments(team, {})).map((a) => a.id)).toContain(world.teamA.demoAssessmentId);
  });

  it("is NOT_FOUND for another team's assessment or team, and FORBIDDEN below the role asked", async () => {
    const db = getDb();
    await expect(checkAssessmentAccess(db, world.ownerB.id, world.teamA.demoAssessmentId)).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND", field: "assessmentId" }),
    );
    await expect(checkTeamAccess(db, world.ownerB.id, world.teamA.id)).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND", field: "teamId" }),
    );
    await expect(checkAssessmentAccess(db, world.viewer.id, world.teamA.demoAssessmentId, "analyst")).rejects.toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
  });

  it("runs in the procedure before the handler: a stranger's read is NOT_FOUND", async () => {
    const attempts = startedTogether<Promise<unknown>[]>([
      world.ownerB.caller.history.changes({ assessmentId: world.teamA.demoAssessmentId, limit: 5 }),
      world.ownerB.caller.history.compare({ assessmentId: world.teamA.demoAssessmentId, from: { seq: 1 } }),
      world.ownerB.caller.assessments.brief({ assessmentId: world.teamA.demoAssessmentId }),
      world.ownerB.caller.history.calibration({ teamId: world.teamA.id }),
    ]);
    for (const attempt of attempts) {
      const refusal = await attempt.then(
        () => null,
        (error: unknown) => clientError(error),
      );
      expect(refusal?.code).toBe("NOT_FOUND");
    }
  });
});
