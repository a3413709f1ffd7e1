// The workspace API on scenarios (issue 4): adding, re-weighting, moving and archiving them, each
// edit's effect on the probabilities, its one event and answer, and every bad input refused by name
// with nothing written, including those that depend on the scenarios already there.
import { describe, expect, it } from "vitest";
import {
  type BadCase,
  createFixture,
  describeBadInput,
  expectCommitted,
  foreignIds,
  long,
  must,
  p,
  probabilitiesOf,
  RATIONALE,
  refuse,
  setUpWorkspaceWorld,
  shared,
  VALID,
  world,
} from "./workspace-fixture";
import { expectSameProbabilities, snapshot, tableState } from "./workspace-helpers";

setUpWorkspaceWorld();

describe("each edit, made by an analyst", () => {
  it("addScenario appends a scenario every indicator rates 'could', taking probability from the others", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.addScenario({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        name: " Negotiated settlement ",
        description: "Talks in Geneva produce a lasting deal",
        prior: 0.25,
        color: "#56B4E9",
      }),
      "scenario.add",
    );
    const added = must(view.state.scenarios.at(-1), "added scenario");
    expect(view.state.scenarios).toHaveLength(4);
    expect(added).toMatchObject({
      name: "Negotiated settlement",
      description: "Talks in Geneva produce a lasting deal",
      prior: 0.25,
      color: "#56B4E9",
      archived: false,
    });
    for (const indicator of view.state.indicators) expect(indicator.expectations[added.id]).toBe("could");
    expect(p(view.result.probabilities, added.id)).toBeGreaterThan(0);
    for (const id of Object.values(f.s)) expect(p(view.result.probabilities, id)).toBeLessThan(p(old, id));
  });

  it("updateScenario raising a prior raises that scenario's probability", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.updateScenario({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        scenarioId: f.s.collapses,
        name: "Ceasefire collapses within weeks",
        prior: 0.9,
      }),
      "scenario.update",
    );
    expect(view.state.scenarios.find((s) => s.id === f.s.collapses)).toMatchObject({
      name: "Ceasefire collapses within weeks",
      prior: 0.9,
    });
    expect(p(view.result.probabilities, f.s.collapses)).toBeGreaterThan(p(old, f.s.collapses));
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
  });

  it("moveScenario reorders the scenarios and changes no probability", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.moveScenario({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        scenarioId: f.s.stalemate,
        toIndex: 0,
      }),
      "scenario.move",
    );
    expect(view.state.scenarios.map((s) => s.id)).toEqual([f.s.stalemate, f.s.holds, f.s.collapses]);
    expectSameProbabilities(view.result.probabilities, probabilitiesOf(before.state));
  });

  it("setScenarioArchived takes a scenario out of the engine and restoring puts it back", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const archived = await expectCommitted(
      before,
      await world.analyst.caller.workspace.setScenarioArchived({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        scenarioId: f.s.stalemate,
        archived: true,
      }),
      "scenario.archive",
    );
    expect(archived.state.scenarios.find((s) => s.id === f.s.stalemate)?.archived).toBe(true);
    expect(Object.keys(archived.result.probabilities).sort()).toEqual([f.s.holds, f.s.collapses].sort());
    // The remaining two keep their odds and share the archived scenario's probability.
    expect(p(archived.result.probabilities, f.s.holds)).toBeGreaterThan(p(old, f.s.holds));
    expect(p(archived.result.probabilities, f.s.collapses)).toBeGreaterThan(p(old, f.s.collapses));
    expect(p(archived.result.probabilities, f.s.holds) / p(archived.result.probabilities, f.s.collapses)).toBeCloseTo(
      p(old, f.s.holds) / p(old, f.s.collapses),
      12,
    );
    // The archived scenario keeps its ratings for the day it is restored.
    expect(archived.state.indicators.map((i) => i.expectations[f.s.stalemate])).toEqual(["could", "could"]);

    const middle = await snapshot(f.id);
    const restored = await expectCommitted(
      middle,
      await world.analyst.caller.workspace.setScenarioArchived({
        assessmentId: f.id,
        version: middle.state.version,
        rationale: RATIONALE,
        scenarioId: f.s.stalemate,
        archived: false,
      }),
      "scenario.restore",
    );
    expectSameProbabilities(restored.result.probabilities, old);
  });
});

/** The edits whose bad inputs this file covers. */
type AreaEdit = "addScenario" | "updateScenario" | "moveScenario" | "setScenarioArchived";

const BAD: Record<AreaEdit, BadCase[]> = {
  addScenario: [
    {
      label: "an empty name",
      input: () => ({ prior: 0.1, name: "" }),
      field: "name",
      message: "Give the scenario a name",
    },
    {
      label: "a 121-character name",
      input: () => ({ prior: 0.1, name: long(121) }),
      field: "name",
      message: "A scenario name is at most 120 characters",
    },
    {
      label: "a 2,001-character description",
      input: () => ({ ...VALID.addScenario(shared), description: long(2001) }),
      field: "description",
      message: "A description is at most 2,000 characters",
    },
    ...[0, -0.5].map((prior) => ({
      label: `a prior of ${prior}`,
      input: () => ({ name: "Settlement", prior }),
      field: "prior",
      message: "A prior must be greater than 0",
    })),
    ...[Number.NaN, Number.POSITIVE_INFINITY, "0.3", null].map((prior) => ({
      label: `a prior of ${String(prior)} (${typeof prior})`,
      input: () => ({ name: "Settlement", prior }),
      field: "prior",
      message: "A prior must be a number greater than 0",
    })),
    {
      label: "a prior over 1,000,000",
      input: () => ({ name: "Settlement", prior: 2e6 }),
      field: "prior",
      message: "A prior is at most 1,000,000",
    },
    {
      label: "a colour that is not #RRGGBB",
      input: () => ({ ...VALID.addScenario(shared), color: "red" }),
      field: "color",
      message: "Give a colour as #RRGGBB",
    },
    {
      label: "the name of an existing scenario, in other case and spacing",
      input: () => ({ name: "  ceasefire HOLDS ", prior: 0.1 }),
      field: "name",
      message: "A scenario named 'ceasefire HOLDS' already exists",
    },
  ],
  updateScenario: [
    ...foreignIds("scenario", "scenarioId", VALID.updateScenario),
    {
      label: "an empty name",
      input: (f) => ({ scenarioId: f.s.holds, name: " " }),
      field: "name",
      message: "Give the scenario a name",
    },
    {
      label: "the name of another scenario",
      input: (f) => ({ scenarioId: f.s.holds, name: "Ceasefire Collapses" }),
      field: "name",
      message: "A scenario named 'Ceasefire Collapses' already exists",
    },
    {
      label: "a prior of 0",
      input: (f) => ({ scenarioId: f.s.holds, prior: 0 }),
      field: "prior",
      message: "A prior must be greater than 0",
    },
    {
      label: "a prior of NaN",
      input: (f) => ({ scenarioId: f.s.holds, prior: Number.NaN }),
      field: "prior",
      message: "A prior must be a number greater than 0",
    },
    {
      label: "a 2,001-character description",
      input: (f) => ({ scenarioId: f.s.holds, description: long(2001) }),
      field: "description",
    },
  ],
  moveScenario: [
    ...foreignIds("scenario", "scenarioId", VALID.moveScenario),
    {
      label: "a negative position",
      input: (f) => ({ scenarioId: f.s.holds, toIndex: -1 }),
      field: "toIndex",
      message: "A position is at least 0",
    },
    {
      label: "a fractional position",
      input: (f) => ({ scenarioId: f.s.holds, toIndex: 1.5 }),
      field: "toIndex",
      message: "Give a whole position",
    },
    {
      label: "a position past 10,000",
      input: (f) => ({ scenarioId: f.s.holds, toIndex: 10_001 }),
      field: "toIndex",
      message: "A position is at most 10,000",
    },
    {
      label: "a position given as text",
      input: (f) => ({ scenarioId: f.s.holds, toIndex: "first" }),
      field: "toIndex",
      message: "Give the new position as a number",
    },
  ],
  setScenarioArchived: [
    ...foreignIds("scenario", "scenarioId", VALID.setScenarioArchived),
    {
      label: "restoring a scenario that is not archived",
      input: (f) => ({ scenarioId: f.s.holds, archived: false }),
      field: "scenarioId",
      message: "Scenario 'Ceasefire holds' is not archived",
    },
    { label: "archived given as text", input: (f) => ({ scenarioId: f.s.holds, archived: "yes" }), field: "archived" },
  ],
};

describeBadInput(BAD);

describe("bad input that needs a particular state", () => {
  it("archiving is refused when it would leave fewer than two active scenarios", async () => {
    const f = await createFixture();
    await world.analyst.caller.workspace.setScenarioArchived({
      assessmentId: f.id,
      version: (await snapshot(f.id)).state.version,
      scenarioId: f.s.stalemate,
      archived: true,
    });
    for (const scenarioId of [f.s.holds, f.s.collapses]) {
      const error = await refuse(
        f.id,
        "setScenarioArchived",
        { scenarioId, archived: true },
        "BAD_REQUEST",
        "scenarioId",
      );
      expect(error.message).toBe("An assessment needs at least two active scenarios: add one before archiving this");
    }
    const again = await refuse(
      f.id,
      "setScenarioArchived",
      { scenarioId: f.s.stalemate, archived: true },
      "BAD_REQUEST",
      "scenarioId",
    );
    expect(again.message).toBe("Scenario 'Frozen stalemate' is already archived");
  });

  it("a scenario name taken by an archived scenario is refused", async () => {
    const f = await createFixture();
    await world.analyst.caller.workspace.setScenarioArchived({
      assessmentId: f.id,
      version: (await snapshot(f.id)).state.version,
      scenarioId: f.s.stalemate,
      archived: true,
    });
    const error = await refuse(f.id, "addScenario", { name: "frozen stalemate", prior: 0.2 }, "BAD_REQUEST", "name");
    expect(error.message).toBe("A scenario named 'frozen stalemate' already exists");
  });

  it("no more than 12 active scenarios", async () => {
    const f = await createFixture();
    for (let n = 4; n <= 12; n++) {
      await world.analyst.caller.workspace.addScenario({
        assessmentId: f.id,
        version: (await snapshot(f.id)).state.version,
        name: `Scenario ${n}`,
        prior: 0.1,
      });
    }
    expect((await tableState(f.id)).scenarios).toHaveLength(12);
    const error = await refuse(f.id, "addScenario", { name: "Scenario 13", prior: 0.1 }, "BAD_REQUEST", "name");
    expect(error.message).toBe("At most 12 active scenarios");
  });
});
