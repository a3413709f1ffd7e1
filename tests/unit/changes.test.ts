import { describe, expect, it } from "vitest";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
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
