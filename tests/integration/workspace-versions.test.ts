// What every workspace edit shares (issue 4): the rationale it records, the answer a page at the base
// version follows to the server's state, and the refusals of a stale or bad version, a bad
// assessment id, an over-long rationale and an archived assessment, with nothing written.
import { beforeAll, describe, expect, it } from "vitest";
import { type EditAnswer, followAnswer } from "@/shared/assessment/answer";
import {
  createFixture,
  EDITS,
  EVIDENCE,
  expectCommitted,
  type Fixture,
  other,
  refuse,
  setUpWorkspaceWorld,
  shared,
  VALID,
  world,
} from "./workspace-fixture";
import { comparable, expectSameProbabilities, follow, snapshot, type View } from "./workspace-helpers";

setUpWorkspaceWorld();

describe("each edit, made by an analyst", () => {
  it("stores no rationale when none is given, and trims the one given", async () => {
    const f = await createFixture();
    let before = await snapshot(f.id);
    await expectCommitted(
      before,
      await world.analyst.caller.workspace.reviewIndicator({
        assessmentId: f.id,
        version: before.state.version,
        indicatorId: f.i.withdrawal,
      }),
      "indicator.review",
      world.analyst,
      null,
    );
    before = await snapshot(f.id);
    await expectCommitted(
      before,
      await world.analyst.caller.workspace.reviewIndicator({
        assessmentId: f.id,
        version: before.state.version,
        rationale: "   Checked against today's reporting  ",
        indicatorId: f.i.withdrawal,
      }),
      "indicator.review",
      world.analyst,
      "Checked against today's reporting",
    );
  });
});

describe("following an edit's answer", () => {
  it("an edit answers with the change, which a page at the base version follows to the server's state", async () => {
    const f = await createFixture("Followed by a page");
    const analyst = world.analyst.caller;
    const at = (version: number) => ({ assessmentId: f.id, version });
    const edits: [what: string, send: (version: number) => Promise<EditAnswer>][] = [
      [
        "a rating",
        (version) =>
          analyst.workspace.setExpectation({
            ...at(version),
            indicatorId: f.i.withdrawal,
            scenarioId: f.s.stalemate,
            expectation: "highly_unlikely",
          }),
      ],
      [
        "a weight",
        (version) => analyst.workspace.updateIndicator({ ...at(version), indicatorId: f.i.artillery, weight: 0.3 }),
      ],
      [
        "evidence with links",
        (version) =>
          analyst.workspace.addEvidence({
            ...at(version),
            ...EVIDENCE,
            title: "Liaison officers confirm the pull-back",
            links: [
              { indicatorId: f.i.withdrawal, direction: 1 },
              { indicatorId: f.i.artillery, direction: -1 },
            ],
          }),
      ],
      [
        "deleting an indicator",
        (version) => analyst.workspace.deleteIndicator({ ...at(version), indicatorId: f.i.withdrawal }),
      ],
    ];

    let page: View = await analyst.assessments.get({ assessmentId: f.id });
    for (const [what, send] of edits) {
      const before = page.state;
      const answer = await send(before.version);
      // The change and what it led to, not the whole state.
      expect(Object.keys(answer).sort(), what).toEqual([
        "assessmentId",
        "at",
        "change",
        "probabilities",
        "seq",
        "version",
      ]);
      expect(answer.version, what).toBe(before.version + 1);

      page = follow(page, answer);
      const server = await analyst.assessments.get({ assessmentId: f.id });
      expect(comparable(page.state), what).toEqual(comparable(server.state));
      expectSameProbabilities(page.result.probabilities, server.result.probabilities, what);
      expectSameProbabilities(answer.probabilities, server.result.probabilities, what);

      // A state at any other version, or of another assessment, does not follow: the page reloads.
      expect(followAnswer(server.state, answer), `${what}: applied twice`).toBeNull();
      expect(followAnswer({ ...before, version: before.version - 1 }, answer), `${what}: a version behind`).toBeNull();
      expect(followAnswer({ ...before, id: other.id }, answer), `${what}: another assessment`).toBeNull();
    }
    // The page followed every edit to where the server is, and each one changed what it said.
    expect(page.state.indicators.map((i) => i.id)).toEqual([f.i.artillery]);
    expect(page.state.indicators[0]?.weight).toBe(0.3);
    expect(page.state.evidence.at(-1)?.links).toEqual({ [f.i.artillery]: -1 });
  });
});

describe("every edit refuses", () => {
  it.each(EDITS)("%s: a stale version, with a CONFLICT naming who changed what", async (name) => {
    const f = shared;
    // The owner changes the assessment first: the analyst's version is now one behind.
    const seen = (await snapshot(f.id)).state.version;
    await world.owner.caller.workspace.updateIndicator({
      assessmentId: f.id,
      version: seen,
      indicatorId: f.i.artillery,
      weight: 0.5,
    });
    const error = await refuse(f.id, name, { ...VALID[name](f), version: seen }, "CONFLICT", "version");
    expect(error.message).toBe(
      `Olive Owner changed this assessment since you loaded it (Set the weight of 'Artillery duels reported' to 50 %; now version ${seen + 1}, yours was ${seen}). Reload their change, then apply yours again.`,
    );
    expect(error.details).toMatchObject({
      currentVersion: seen + 1,
      changes: [{ actor: "Olive Owner", summary: "Set the weight of 'Artillery duels reported' to 50 %" }],
    });
  });

  it("a version ahead of the assessment's, with a CONFLICT that asks for a reload and names no one", async () => {
    const current = (await snapshot(shared.id)).state.version;
    const error = await refuse(
      shared.id,
      "reviewIndicator",
      { indicatorId: shared.i.withdrawal, version: current + 1 },
      "CONFLICT",
      "version",
    );
    expect(error.message).toBe(
      `This assessment is at version ${current}, not ${current + 1}: reload it, then apply your change again.`,
    );
    expect(error.details).toEqual({ currentVersion: current, changes: [] });
  });

  it.each(EDITS)("%s: a version that is not a positive whole number, or missing", async (name) => {
    for (const version of [0, -1, 1.5, "6", undefined]) {
      const error = await refuse(shared.id, name, { ...VALID[name](shared), version }, "BAD_REQUEST", "version");
      expect(error.fieldErrors?.version).toEqual(["Send the assessment version your change is based on"]);
    }
  });

  it.each(EDITS)("%s: an unknown, empty or over-long assessment id", async (name) => {
    const unknown = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), assessmentId: "no-such-assessment" },
      "NOT_FOUND",
      "assessmentId",
    );
    expect(unknown.message).toBe("No assessment with id 'no-such-assessment'");
    const empty = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), assessmentId: " " },
      "BAD_REQUEST",
      "assessmentId",
    );
    expect(empty.fieldErrors?.assessmentId).toEqual(["Give an id"]);
    const long = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), assessmentId: "a".repeat(65) },
      "BAD_REQUEST",
      "assessmentId",
    );
    expect(long.fieldErrors?.assessmentId).toEqual(["An id is at most 64 characters"]);
  });

  it.each(EDITS)("%s: a rationale over 500 characters", async (name) => {
    const error = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), rationale: "r".repeat(501) },
      "BAD_REQUEST",
      "rationale",
    );
    expect(error.fieldErrors?.rationale).toEqual(["Keep the rationale to one line (at most 500 characters)"]);
  });

  describe("on an archived assessment", () => {
    let archived: Fixture;
    beforeAll(async () => {
      archived = await createFixture("Archived");
      await world.analyst.caller.assessments.setArchived({
        assessmentId: archived.id,
        version: (await snapshot(archived.id)).state.version,
        archived: true,
      });
    });

    it.each(EDITS)("%s", async (name) => {
      const error = await refuse(archived.id, name, VALID[name](archived), "BAD_REQUEST", "assessmentId");
      expect(error.message).toBe("This assessment is archived: restore it before changing it");
    });
  });
});
