// The workspace API on the assessment's own fields (issue 4): updateAssessment's effect, its one
// event and answer, and every bad input refused by name with nothing written.
import { describe, expect, it } from "vitest";
import { newAssessmentInput } from "./harness";
import {
  type BadCase,
  createFixture,
  describeBadInput,
  expectCommitted,
  long,
  probabilitiesOf,
  RATIONALE,
  setUpWorkspaceWorld,
  world,
} from "./workspace-fixture";
import { snapshot } from "./workspace-helpers";

setUpWorkspaceWorld();

describe("each edit, made by an analyst", () => {
  it("updateAssessment changes the fields given and leaves the probabilities alone", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.updateAssessment({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        title: "  Will the ceasefire hold until spring?  ",
        confidence: "high",
        handling: "OFFICIAL-SENSITIVE",
      }),
      "assessment.update",
    );
    expect(view.state).toMatchObject({
      title: "Will the ceasefire hold until spring?",
      keyQuestion: before.state.keyQuestion,
      confidence: "high",
      handling: "OFFICIAL-SENSITIVE",
    });
    expect(view.result.probabilities).toEqual(probabilitiesOf(before.state));
  });
});

describe("reading an assessment", () => {
  it("serves the same view until a change, each role its own, the engine's answer computed once per state", async () => {
    const f = await createFixture();
    const first = await world.analyst.caller.assessments.get({ assessmentId: f.id });
    const again = await world.analyst.caller.assessments.get({ assessmentId: f.id });
    expect(again).toBe(first);
    const viewer = await world.viewer.caller.assessments.get({ assessmentId: f.id });
    expect(viewer.role).toBe("viewer");
    expect(viewer.result).toBe(first.result);
    await world.analyst.caller.workspace.updateIndicator({
      assessmentId: f.id,
      version: first.state.version,
      indicatorId: first.state.indicators[0]?.id ?? "",
      weight: 0.25,
    });
    const after = await world.analyst.caller.assessments.get({ assessmentId: f.id });
    expect(after).not.toBe(first);
    expect(after.state.indicators[0]?.weight).toBe(0.25);
    expect(after.result.probabilities).toEqual(probabilitiesOf(after.state));
    expect(after.result.probabilities).not.toEqual(first.result.probabilities);
  });
});

/** The edits whose bad inputs this file covers. */
type AreaEdit = "updateAssessment";

const BAD: Record<AreaEdit, BadCase[]> = {
  updateAssessment: [
    { label: "an empty title", input: () => ({ title: "" }), field: "title", message: "Give the assessment a title" },
    { label: "a blank title", input: () => ({ title: "   " }), field: "title", message: "Give the assessment a title" },
    {
      label: "a 201-character title",
      input: () => ({ title: long(201) }),
      field: "title",
      message: "A title is at most 200 characters",
    },
    {
      label: "an empty key question",
      input: () => ({ keyQuestion: "" }),
      field: "keyQuestion",
      message: "State the key question",
    },
    {
      label: "a 1,001-character key question",
      input: () => ({ keyQuestion: long(1001) }),
      field: "keyQuestion",
      message: "The key question is at most 1,000 characters",
    },
    {
      label: "a 201-character handling marking",
      input: () => ({ handling: long(201) }),
      field: "handling",
      message: "The handling marking is at most 200 characters",
    },
    {
      label: "an impossible horizon",
      input: () => ({ horizon: "2099-02-30" }),
      field: "horizon",
      message: "That date does not exist",
    },
    {
      label: "a malformed horizon",
      input: () => ({ horizon: "next spring" }),
      field: "horizon",
      message: "Give a date as YYYY-MM-DD",
    },
    {
      label: "an unknown confidence",
      input: () => ({ confidence: "certain" }),
      field: "confidence",
      message: "Confidence is low, moderate or high",
    },
    {
      label: "nothing to change",
      input: () => ({}),
      field: "input",
      message: "Nothing to change: give at least one field",
    },
  ],
};

describeBadInput(BAD);

describe("the list's leader", () => {
  it("names the one leading scenario, and no leader but the level ones on a tie", async () => {
    const analyst = world.analyst.caller;
    const { id: tiedId } = await analyst.assessments.create({
      ...newAssessmentInput(world.teamA.id, "Two level at the top"),
      scenarios: [
        { name: "North first", prior: 0.4 },
        { name: "South first", prior: 0.4 },
        { name: "Neither", prior: 0.2 },
      ],
    });
    const f = await createFixture("One scenario leads");
    const list = await analyst.assessments.list({ teamId: world.teamA.id });
    const tied = list.find((a) => a.id === tiedId);
    expect(tied?.leading).toBeNull();
    expect(tied?.level).toEqual({ names: ["North first", "South first"], probability: 0.4, term: expect.any(String) });
    const led = list.find((a) => a.id === f.id);
    expect(led?.level).toBeNull();
    expect(led?.leading?.name).toBe("Ceasefire holds");
  });
});
