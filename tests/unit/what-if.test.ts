// The what-if's pure core (workspace/what-if/what-if-steps.ts): edits become Change objects the
// shared reducer applies over the saved state, re-applied when the saved state moves; repeated
// settings collapse; the saved call beside the what-if call; local ids become the server's on apply.
import { describe, expect, it } from "vitest";
import {
  addedId,
  changeOfEdit,
  compareCalls,
  describeOutcome,
  editToApply,
  isLocalId,
  localIdsIn,
  recordStep,
  remapStep,
  savedIdOf,
  slotOf,
  stepOf,
  WHAT_IF_PRESENCE_RATIONALE,
  type WhatIfEdit,
  type WhatIfStep,
  whatIfState,
} from "@/app/(app)/assessments/[id]/workspace/what-if/what-if-steps";
import { applyChange } from "@/shared/assessment/changes";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState, IndicatorState, ScenarioState } from "@/shared/assessment/state";
import { assess } from "@/shared/engine";

function scenario(id: string, over: Partial<ScenarioState> = {}): ScenarioState {
  return { id, name: `Scenario ${id}`, description: "", prior: 1, color: "#336699", archived: false, ...over };
}

function indicator(id: string, expectations: IndicatorState["expectations"]): IndicatorState {
  return {
    id,
    name: `Indicator ${id}`,
    description: "",
    weight: 1,
    presenceOverride: null,
    overrideRationale: null,
    lastReviewedAt: 0,
    expectations,
  };
}

function saved(): AssessmentState {
  return {
    id: "a1",
    teamId: "t1",
    title: "Test",
    keyQuestion: "Which?",
    horizon: "2030-01-01",
    confidence: "moderate",
    handling: "",
    status: "active",
    resolvedScenarioId: null,
    resolvedAt: null,
    resolutionNote: null,
    version: 7,
    createdAt: 0,
    updatedAt: 100,
    scenarios: [scenario("s1"), scenario("s2"), scenario("s3")],
    indicators: [
      indicator("i1", { s1: "highly_likely", s2: "unlikely", s3: "could" }),
      indicator("i2", { s1: "could", s2: "likely", s3: "highly_unlikely" }),
    ],
    evidence: [],
  };
}

let counter = 0;
const ctx = () => ({ at: 1_000 + counter, newId: () => `what-if-n${++counter}`, authorName: "Tester" });
let stepIds = 0;
function step(state: AssessmentState, edit: WhatIfEdit): WhatIfStep {
  return stepOf(state, edit, ++stepIds, ctx());
}

const probabilities = (state: AssessmentState) => assess(engineModel(state)).probabilities;

describe("a list of changes becomes the what-if state", () => {
  it("applies each step with the shared reducer, keeps the saved version, and leaves the saved state alone", () => {
    const base = saved();
    const copy = structuredClone(base);
    const a = step(base, { procedure: "setPresence", input: { indicatorId: "i1", presence: 1 } });
    const b = step(base, { procedure: "updateIndicator", input: { indicatorId: "i2", weight: 0.25 } });
    const { state, failures } = whatIfState(base, [a, b]);
    expect(failures).toEqual([]);
    expect(state.version).toBe(7);
    expect(state.indicators[0]?.presenceOverride).toBe(1);
    expect(state.indicators[0]?.overrideRationale).toBe(WHAT_IF_PRESENCE_RATIONALE);
    expect(state.indicators[1]?.weight).toBe(0.25);
    expect(base).toEqual(copy);

    // The same as applying the two changes by hand.
    let byHand = applyChange(base, a.change, { at: a.at });
    byHand = applyChange(byHand, b.change, { at: b.at });
    expect(probabilities(state)).toEqual(probabilities(byHand));
  });

  it("keeps the saved review stamps: a hypothetical edit is no review, and marking reviewed is refused", () => {
    const base = saved();
    const rate = step(base, {
      procedure: "setExpectation",
      input: { indicatorId: "i1", scenarioId: "s2", expectation: "likely" },
    });
    const rename = step(base, { procedure: "updateIndicator", input: { indicatorId: "i2", name: "Renamed" } });
    const added = step(base, {
      procedure: "addIndicator",
      input: { name: "New", weight: 1, expectations: { s1: "likely", s2: "could", s3: "could" } },
    });
    const { state } = whatIfState(base, [rate, rename, added]);
    expect(state.indicators[0]?.expectations.s2).toBe("likely");
    expect(state.indicators[1]?.name).toBe("Renamed");
    expect(state.indicators.slice(0, 2).map((i) => i.lastReviewedAt)).toEqual([0, 0]);
    // A part only the what-if has carries the time it was imagined.
    expect(state.indicators[2]?.lastReviewedAt).toBe(added.at);
    expect(() => step(base, { procedure: "reviewIndicator", input: { indicatorId: "i1" } })).toThrow(
      "Marking reviewed is not a hypothesis",
    );
  });

  it("with no steps is the saved state itself", () => {
    const base = saved();
    expect(whatIfState(base, []).state).toBe(base);
  });

  it("seen present moves the call toward the scenarios expecting the indicator", () => {
    const base = saved();
    const present = whatIfState(base, [
      step(base, { procedure: "setPresence", input: { indicatorId: "i1", presence: 1 } }),
    ]);
    const before = probabilities(base);
    const after = probabilities(present.state);
    // i1 is highly likely under s1, unlikely under s2.
    expect(after.s1 ?? 0).toBeGreaterThan(before.s1 ?? 0);
    expect(after.s2 ?? 0).toBeLessThan(before.s2 ?? 0);
  });

  it("re-applies over a saved state that moved, and reports a step that no longer fits instead of dropping it", () => {
    const base = saved();
    const rate = step(base, {
      procedure: "setExpectation",
      input: { indicatorId: "i2", scenarioId: "s1", expectation: "highly_likely" },
    });
    const weight = step(base, { procedure: "updateIndicator", input: { indicatorId: "i1", weight: 0.5 } });
    // Someone else deletes i2 and changes a prior meanwhile.
    let moved = applyChange(base, { type: "indicator.delete", indicatorId: "i2" }, { at: 5 });
    moved = applyChange(moved, { type: "scenario.update", scenarioId: "s3", prior: 4 }, { at: 6 });
    const { state, failures } = whatIfState(moved, [rate, weight]);
    expect(failures).toEqual([{ stepId: rate.id, message: "No indicator with id 'i2' in this assessment" }]);
    expect(state.indicators.map((i) => [i.id, i.weight])).toEqual([["i1", 0.5]]);
    expect(state.scenarios[2]?.prior).toBe(4);
    expect(state.version).toBe(moved.version);
  });

  it("refuses a step the reducer refuses, naming the field", () => {
    const base = saved();
    expect(() =>
      step(base, {
        procedure: "setExpectation",
        input: { indicatorId: "nope", scenarioId: "s1", expectation: "likely" },
      }),
    ).toThrow("No indicator with id 'nope'");
    expect(() =>
      step(base, { procedure: "addIndicator", input: { name: "New", weight: 1, expectations: { s1: "likely" } } }),
    ).toThrow("Rate the indicator against scenario 'Scenario s2'");
  });

  it("adds hypothetical parts under local ids, evidence linked and graded", () => {
    const base = saved();
    const add = step(base, {
      procedure: "addEvidence",
      input: {
        title: "S-400 seen back at its site",
        sourceName: "Imagery",
        sourceKind: "imagery",
        reliability: "B",
        credibility: 2,
        observedAt: "2024-12-14",
        links: [{ indicatorId: "i1", direction: -1 }],
      },
    });
    const id = addedId(add.change);
    expect(id && isLocalId(id)).toBe(true);
    const { state } = whatIfState(base, [add]);
    expect(state.evidence).toHaveLength(1);
    expect(state.evidence[0]).toMatchObject({
      title: "S-400 seen back at its site",
      links: { i1: -1 },
      authorName: "Tester",
    });
    expect(add.summary).toBe("Added evidence 'S-400 seen back at its site' (B2)");
  });

  it("builds the same Change the server builds for a rating, a weight and a prior", () => {
    const base = saved();
    expect(
      changeOfEdit(
        base,
        { procedure: "setExpectation", input: { indicatorId: "i1", scenarioId: "s2", expectation: 0.42 } },
        ctx(),
      ),
    ).toEqual({ type: "indicator.setExpectation", indicatorId: "i1", scenarioId: "s2", expectation: 0.42 });
    expect(changeOfEdit(base, { procedure: "updateScenario", input: { scenarioId: "s1", prior: 3 } }, ctx())).toEqual({
      type: "scenario.update",
      scenarioId: "s1",
      prior: 3,
    });
    expect(
      changeOfEdit(base, { procedure: "updateIndicator", input: { indicatorId: "i1", name: "  Renamed " } }, ctx()),
    ).toEqual({ type: "indicator.update", indicatorId: "i1", name: "Renamed" });
  });
});

describe("setting the same thing again", () => {
  it("replaces the earlier step in its place, and setting the saved value back drops it", () => {
    const base = saved();
    const w1 = step(base, { procedure: "updateIndicator", input: { indicatorId: "i1", weight: 0.3 } });
    const p = step(base, { procedure: "setPresence", input: { indicatorId: "i2", presence: 0 } });
    let steps = recordStep(recordStep([], w1, base), p, base);
    const w2 = step(base, { procedure: "updateIndicator", input: { indicatorId: "i1", weight: 0.6 } });
    steps = recordStep(steps, w2, base);
    expect(steps.map((s) => s.id)).toEqual([w2.id, p.id]);
    const back = step(base, { procedure: "updateIndicator", input: { indicatorId: "i1", weight: 1 } });
    steps = recordStep(steps, back, base);
    expect(steps.map((s) => s.id)).toEqual([p.id]);
    const cleared = step(base, { procedure: "setPresence", input: { indicatorId: "i2", presence: null } });
    expect(recordStep(steps, cleared, base)).toEqual([]);
  });

  it("keeps adding steps that add or rename", () => {
    expect(slotOf({ type: "indicator.update", indicatorId: "i1", name: "x" })).toBeNull();
    expect(slotOf({ type: "indicator.update", indicatorId: "i1", weight: 0.5 })).toBe("weight:i1");
    expect(slotOf({ type: "assessment.update", confidence: "high" })).toBe("confidence");
    expect(slotOf({ type: "evidence.unlink", evidenceId: "e", indicatorId: "i" })).toBeNull();
  });
});

describe("the saved call beside the what-if call", () => {
  it("gives the difference in points per active scenario, and none for a scenario only the what-if has", () => {
    const scenarios = [scenario("s1"), scenario("s2"), scenario("s3", { archived: true }), scenario("new")];
    const rows = compareCalls(scenarios, { s1: 0.6, s2: 0.4 }, { s1: 0.45, s2: 0.35, new: 0.2 });
    expect(rows.map((r) => [r.scenario.id, r.saved, r.whatIf])).toEqual([
      ["s1", 0.6, 0.45],
      ["s2", 0.4, 0.35],
      ["new", null, 0.2],
    ]);
    expect(rows[0]?.points).toBeCloseTo(-15, 10);
    expect(rows[1]?.points).toBeCloseTo(-5, 10);
    expect(rows[2]?.points).toBeNull();
  });

  it("matches the engine on both sides for a real what-if", () => {
    const base = saved();
    const present = whatIfState(base, [
      step(base, { procedure: "setPresence", input: { indicatorId: "i2", presence: 1 } }),
    ]);
    const rows = compareCalls(present.state.scenarios, probabilities(base), probabilities(present.state));
    const sum = rows.reduce((t, r) => t + (r.points ?? 0), 0);
    expect(sum).toBeCloseTo(0, 9);
    expect(rows.some((r) => Math.abs(r.points ?? 0) > 1)).toBe(true);
  });
});

describe("applying: local ids become the server's", () => {
  it("finds the id the server gave an added part, and puts it in the steps that refer to it", () => {
    const base = saved();
    const add = step(base, {
      procedure: "addIndicator",
      input: { name: "S-400 back", weight: 1, expectations: { s1: "unlikely", s2: "likely", s3: "could" } },
    });
    const local = addedId(add.change) ?? "";
    const afterAdd = whatIfState(base, [add]).state;
    const rate = step(afterAdd, {
      procedure: "setExpectation",
      input: { indicatorId: local, scenarioId: "s1", expectation: "highly_unlikely" },
    });
    expect(localIdsIn(rate.edit)).toEqual([local]);

    // The server saved the add with its own id.
    const server = applyChange(
      base,
      { type: "indicator.add", indicator: { ...(afterAdd.indicators[2] as IndicatorState), id: "real-id" } },
      { at: 9 },
    );
    expect(savedIdOf(add.change, base, server)).toBe("real-id");
    const remapped = remapStep(rate, new Map([[local, "real-id"]]));
    expect(localIdsIn(remapped.edit)).toEqual([]);
    expect(remapped.edit).toEqual({
      procedure: "setExpectation",
      input: { indicatorId: "real-id", scenarioId: "s1", expectation: "highly_unlikely" },
    });
    expect(whatIfState(server, [remapped]).failures).toEqual([]);
  });

  it("gives a hypothetical presence the what-if's rationale, and keeps one typed for it", () => {
    const base = saved();
    const quick = step(base, { procedure: "setPresence", input: { indicatorId: "i1", presence: 1 } });
    expect(editToApply(quick, new Map(), "If the S-400 returns")).toEqual({
      procedure: "setPresence",
      input: { indicatorId: "i1", presence: 1, overrideRationale: "If the S-400 returns" },
    });
    const typed = step(base, {
      procedure: "setPresence",
      input: { indicatorId: "i1", presence: 0.8, overrideRationale: "Two sightings" },
    });
    expect(editToApply(typed, new Map(), "x").input).toMatchObject({ overrideRationale: "Two sightings" });
  });

  it("says which were saved, which was refused and why, and which were not tried", () => {
    const base = saved();
    const a = step(base, { procedure: "updateIndicator", input: { indicatorId: "i1", weight: 0.5 } });
    const b = step(base, { procedure: "setPresence", input: { indicatorId: "i2", presence: 0 } });
    const c = step(base, { procedure: "updateScenario", input: { scenarioId: "s1", prior: 2 } });
    expect(describeOutcome({ saved: [a, b, c], refused: null, notTried: [] })).toBe(
      "Saved 3 changes from the what-if, each with your rationale.",
    );
    const text = describeOutcome({ saved: [a], refused: { step: b, message: "Stale version." }, notTried: [c] });
    expect(text).toContain("Saved 1 change: Set the weight of 'Indicator i1' to 50 %.");
    expect(text).toContain("Refused: Set the presence of 'Indicator i2' to 0 %: Stale version.");
    expect(text).toContain("Not tried after it: Set the prior of 'Scenario s1' to 2.");
    expect(text).toContain("stays in the what-if");
    expect(describeOutcome({ saved: [], refused: { step: a, message: "No" }, notTried: [] })).toMatch(
      /^Nothing was saved\. Refused:/,
    );
  });
});
