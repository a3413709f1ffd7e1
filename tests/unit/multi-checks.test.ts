// The rules tests/multi/run.ts holds two instances to (tests/multi/saves.ts checkOutcome), on a small
// hand-made history: the honest one passes, and each kind of wrong outcome is reported by name, so the
// runner's "0 problems" means the rules were checked, not skipped.
import { describe, expect, it } from "vitest";
import { emptyState } from "@/shared/assessment/changes";
import type { AssessmentState } from "@/shared/assessment/state";
import { checkOutcome, type SaveOutcome, type Target } from "../multi/saves";
import type { EventRow } from "../multi/store-check";

const target: Target = {
  assessmentId: "a1",
  scenario: "s0",
  otherScenario: "s1",
  indicator: "i0",
  otherIndicator: "i1",
};

function event(seq: number, version: number, actorName: string, rationale: string | null, summary: string): EventRow {
  return {
    id: seq,
    assessmentId: "a1",
    seq,
    at: new Date(1_700_000_000_000 + seq),
    actorId: actorName,
    actorName,
    kind: "indicator.update",
    rationale,
    payload: { change: { type: "indicator.update" }, summary, version } as unknown as EventRow["payload"],
    probabilities: {},
  };
}

/** Start at version 1 (one setup event); Ana's save-1 applied as version 2, Bo's save-2 refused, Cy's save-3 applied as 3. */
function honest() {
  const events = [
    event(1, 1, "Olga", null, "Added indicator 'i0'"),
    event(2, 2, "Ana", "save-1", "Set the weight of 'i0' to 20 %"),
    event(3, 3, "Cy", "save-3", "Set the weight of 'i0' to 70 %"),
  ];
  const outcomes: SaveOutcome[] = [
    {
      save: { n: 1, field: "weight", value: 0.2 },
      name: "Ana",
      instance: "A",
      base: 1,
      applied: { version: 2, seq: 2 },
    },
    {
      save: { n: 2, field: "weight", value: 0.5 },
      name: "Bo",
      instance: "B",
      base: 1,
      refused: {
        code: "CONFLICT",
        message:
          "Ana changed this assessment since you loaded it (Set the weight of 'i0' to 20 %; now version 2, yours was 1). Reload their change, then apply yours again.",
        details: { currentVersion: 2, changes: [{ actor: "Ana", summary: "Set the weight of 'i0' to 20 %", at: 0 }] },
      },
    },
    {
      save: { n: 3, field: "weight", value: 0.7 },
      name: "Cy",
      instance: "B",
      base: 2,
      applied: { version: 3, seq: 3 },
    },
  ];
  const base = emptyState();
  const final: AssessmentState = {
    ...base,
    version: 3,
    indicators: [{ id: "i0", weight: 0.7, expectations: {} } as unknown as AssessmentState["indicators"][number]],
  };
  return { outcomes, events, final, start: 1, target, saves: 3 };
}

describe("the two-instance runner's checks", () => {
  it("find nothing wrong in an honest history", () => {
    // Three saves are too few for the "both outcomes often" rule (more than a tenth each): 1 of 3 holds.
    expect(checkOutcome(honest())).toEqual([]);
  });

  it("report a lost update: the last applied value is not what the assessment holds", () => {
    const input = honest();
    input.final = { ...input.final, indicators: [{ ...input.final.indicators[0], weight: 0.2 } as never] };
    expect(checkOutcome(input)).toEqual(["lost update: the last applied weight was 0.7, the assessment holds 0.2"]);
  });

  it("report a CONFLICT that names someone other than the author of the change at its version", () => {
    const input = honest();
    const refused = input.outcomes[1]?.refused;
    if (refused) refused.message = refused.message.replace(/^Ana/, "Cy");
    expect(checkOutcome(input).join("\n")).toContain(
      `the CONFLICT names "Cy: Set the weight of 'i0' to 20 %" at version 2`,
    );
  });

  it("report a refusal that is not a CONFLICT, an acknowledged save missing from the log, and a seq gap", () => {
    const input = honest();
    const refused = input.outcomes[1]?.refused;
    if (refused) refused.code = "INTERNAL_SERVER_ERROR";
    input.events = [input.events[0], { ...(input.events[2] as EventRow), seq: 4 }] as EventRow[];
    const problems = checkOutcome(input).join("\n");
    expect(problems).toContain("save-2 (Bo on B, based on 1) was refused with INTERNAL_SERVER_ERROR, not CONFLICT");
    expect(problems).toContain("save-1 was acknowledged and is in the log 0 times");
    expect(problems).toContain("the event seqs are not 1..n without gaps");
  });
});
