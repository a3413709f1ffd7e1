import { describe, expect, it } from "vitest";
import { applyChange, type Change, describeChange, emptyState } from "@/shared/assessment/changes";
import type { AssessmentState, ScenarioState } from "@/shared/assessment/state";
import { DomainError } from "@/shared/errors";
import { MAX_ACTIVE_SCENARIOS } from "@/shared/limits";

const AT = Date.UTC(2024, 11, 12);

const scenario = (k: number, archived = false): ScenarioState => ({
  id: `s${k}`,
  name: `Scenario ${k}`,
  description: "",
  prior: 1,
  color: "#0072B2",
  archived,
});

function created(scenarios: ScenarioState[]): AssessmentState {
  return applyChange(
    emptyState(),
    {
      type: "assessment.create",
      assessment: {
        id: "a1",
        teamId: "t1",
        title: "Twelve ways it could go",
        keyQuestion: "Which one?",
        horizon: "2025-06-30",
        confidence: "moderate",
        handling: "",
      },
      scenarios,
      indicators: [],
      evidence: [],
    },
    { at: AT },
  );
}

/** The DomainError `change` is refused with, or a failure when it is applied. */
function refusal(state: AssessmentState, change: Change): DomainError {
  try {
    applyChange(state, change, { at: AT + 1 });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${change.type} was applied, not refused`);
}

const twelve = Array.from({ length: MAX_ACTIVE_SCENARIOS }, (_, k) => scenario(k + 1));

describe("the reducer keeps at most 12 active scenarios", () => {
  it("refuses a 13th active scenario on add, as the router's addScenario reports it", () => {
    const state = created(twelve);
    const error = refusal(state, { type: "scenario.add", scenario: scenario(13), defaultExpectation: "could" });
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("At most 12 active scenarios");
    expect(error.field).toBe("name");
  });

  it("adds a 12th active scenario, and a 13th that arrives archived", () => {
    const eleven = created(twelve.slice(0, 11));
    const full = applyChange(
      eleven,
      { type: "scenario.add", scenario: scenario(12), defaultExpectation: "could" },
      { at: AT },
    );
    expect(full.scenarios.filter((s) => !s.archived)).toHaveLength(12);
    const kept = applyChange(
      full,
      { type: "scenario.add", scenario: scenario(13, true), defaultExpectation: "could" },
      { at: AT },
    );
    expect(kept.scenarios).toHaveLength(13);
    expect(kept.scenarios.filter((s) => !s.archived)).toHaveLength(12);
  });

  it("refuses to restore a 13th and to create an assessment with 13", () => {
    const state = created([...twelve, scenario(13, true)]);
    const error = refusal(state, { type: "scenario.restore", scenarioId: "s13" });
    expect(error.message).toBe("At most 12 active scenarios: archive one before restoring this");
    expect(error.field).toBe("scenarioId");
    expect(() => created([...twelve, scenario(13)])).toThrow("At most 12 active scenarios");
  });
});

describe("round.adopt (issue 14)", () => {
  const withIndicators = (): AssessmentState => {
    const base = created([scenario(1), scenario(2), scenario(3, true)]);
    const indicator = (id: string) => ({
      id,
      name: `Indicator ${id}`,
      description: "",
      weight: 1,
      presenceOverride: null,
      overrideRationale: null,
      lastReviewedAt: AT,
      expectations: { s1: "likely" as const, s2: "could" as const, s3: "could" as const },
    });
    return { ...base, indicators: [indicator("i1"), indicator("i2")] };
  };
  const adopt = (over: Partial<Extract<Change, { type: "round.adopt" }>> = {}): Change => ({
    type: "round.adopt",
    roundId: "r1",
    roundNumber: 2,
    expectations: { i1: { s1: "likely", s2: 0.35 } },
    weights: { i1: 0.5, i2: 0.8 },
    ...over,
  });

  it("writes the ratings and weights it carries, and nothing else, in one step", () => {
    const state = withIndicators();
    const next = applyChange(state, adopt(), { at: AT + 5 });
    expect(next.version).toBe(state.version + 1);
    expect(next.indicators[0]?.expectations).toEqual({ s1: "likely", s2: 0.35, s3: "could" });
    expect(next.indicators[0]?.weight).toBe(0.5);
    expect(next.indicators[0]?.lastReviewedAt).toBe(AT + 5);
    expect(next.indicators[1]?.expectations).toEqual(state.indicators[1]?.expectations);
    expect(next.indicators[1]?.weight).toBe(0.8);
    expect(describeChange(state, adopt())).toBe(
      "Adopted the team's judgement from round 2 on 2 indicators (1 rating and 2 weights changed)",
    );
  });

  it("refuses unknown indicators and scenarios, and an empty adoption, naming the field", () => {
    const state = withIndicators();
    expect(refusal(state, adopt({ expectations: { nope: { s1: "likely" } } })).field).toBe("expectations.nope");
    expect(refusal(state, adopt({ expectations: { i1: { nope: "likely" } } })).field).toBe("expectations.i1.nope");
    expect(refusal(state, adopt({ weights: { nope: 1 } })).field).toBe("weights.nope");
    expect(refusal(state, adopt({ expectations: {}, weights: {} })).field).toBe("expectations");
  });
});
