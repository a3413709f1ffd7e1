// Undo as pure functions (shared/assessment/revert.ts): for every kind of edit, the inverse edits
// applied after it give back the state before it (review stamps and versions aside), and an undo
// of an undo gives the edit back; what an edit touched, and whether it has moved since.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeSchema } from "@/shared/assessment/change-schema";
import { applyChange, type Change, describeChange, type EditChange, emptyState } from "@/shared/assessment/changes";
import { changedSince, inverseSteps, touchedParts, UNDOABLE_KINDS } from "@/shared/assessment/revert";
import type { AssessmentState, Direction, Expectation } from "@/shared/assessment/state";

const AT = Date.UTC(2024, 11, 12);

function start(): AssessmentState {
  return applyChange(
    emptyState(),
    {
      type: "assessment.create",
      assessment: {
        id: "a1",
        teamId: "t1",
        title: "Will the ceasefire hold?",
        keyQuestion: "Until spring?",
        horizon: "2099-06-30",
        confidence: "moderate",
        handling: "",
      },
      scenarios: ["holds", "collapses", "stalemate"].map((id, k) => ({
        id,
        name: id,
        description: "",
        prior: k + 1,
        color: "#0072B2",
        archived: false,
      })),
      indicators: ["i1", "i2", "i3"].map((id) => ({
        id,
        name: id,
        description: "",
        weight: 1,
        presenceOverride: null,
        overrideRationale: null,
        lastReviewedAt: AT,
        expectations: { holds: "likely", collapses: "unlikely", stalemate: 0.4 },
      })),
      evidence: ["e1", "e2"].map((id, k) => ({
        id,
        title: id,
        summary: "",
        sourceName: "Maxar",
        sourceUrl: null,
        sourceKind: "imagery" as const,
        reliability: "B" as const,
        credibility: 2 as const,
        observedAt: "2024-12-10",
        recordedAt: AT,
        authorId: null,
        authorName: "Anya",
        lastReviewedAt: AT,
        links: (k === 0 ? { i1: 1, i2: -1 } : { i2: 1 }) as Record<string, Direction>,
      })),
    },
    { at: AT },
  );
}

/** What an undo gives back: everything but the version, the time of the last change and review stamps. */
function content(s: AssessmentState) {
  return {
    ...s,
    version: 0,
    updatedAt: 0,
    indicators: s.indicators.map((i) => ({ ...i, lastReviewedAt: 0 })),
    evidence: [...s.evidence].sort((a, b) => (a.id < b.id ? -1 : 1)).map((e) => ({ ...e, lastReviewedAt: 0 })),
  };
}

const EDITS: EditChange[] = [
  { type: "assessment.update", title: "Renamed", confidence: "high" },
  { type: "scenario.update", scenarioId: "collapses", name: "Collapse", prior: 7 },
  { type: "scenario.move", scenarioId: "stalemate", toIndex: 0 },
  { type: "scenario.archive", scenarioId: "stalemate" },
  {
    type: "indicator.add",
    indicator: {
      id: "i4",
      name: "i4",
      description: "",
      weight: 0.5,
      presenceOverride: null,
      overrideRationale: null,
      lastReviewedAt: AT,
      expectations: { holds: "could", collapses: "could", stalemate: "likely" },
    },
  },
  { type: "indicator.update", indicatorId: "i2", weight: 0.3, description: "What to look for" },
  { type: "indicator.setExpectation", indicatorId: "i1", scenarioId: "stalemate", expectation: "highly_likely" },
  { type: "indicator.setPresence", indicatorId: "i3", presence: 0.8, rationale: "Liaison" },
  { type: "indicator.move", indicatorId: "i3", toIndex: 0 },
  { type: "indicator.delete", indicatorId: "i2" },
  { type: "evidence.update", evidenceId: "e1", fields: { reliability: "A", summary: "More" } },
  { type: "evidence.link", evidenceId: "e2", indicatorId: "i3", direction: -1 },
  { type: "evidence.link", evidenceId: "e1", indicatorId: "i2", direction: 1 },
  { type: "evidence.unlink", evidenceId: "e1", indicatorId: "i1" },
  { type: "evidence.delete", evidenceId: "e1" },
  { type: "evidence.setOrigin", evidenceId: "e2", origin: "Maxar release, 13 Dec" },
];

const undoOf = (seq: number, steps: EditChange[]): Change => ({ type: "change.undo", seq, summary: "s", steps });

describe("inverseSteps", () => {
  it.each(EDITS.map((e) => [e.type, e] as const))(
    "%s: undone gives the state before it; undone again, the edit",
    (_kind, edit) => {
      const before = start();
      const after = applyChange(before, edit, { at: AT + 1 });
      const undo = undoOf(2, inverseSteps(before, edit));
      const undone = applyChange(after, undo, { at: AT + 2 });
      expect(content(undone)).toEqual(content(before));
      expect(undone.version).toBe(after.version + 1);
      // A redo is the inverse of the undo, from the state before the undo.
      const redo: Change = { type: "change.redo", seq: 3, summary: "s", steps: inverseSteps(after, undo) };
      expect(content(applyChange(undone, redo, { at: AT + 3 }))).toEqual(content(after));
      // Both travel through the import's schema unchanged.
      expect(changeSchema.parse(undo)).toEqual(undo);
      expect(changeSchema.parse(redo)).toEqual(redo);
    },
  );

  it("covers every undoable kind but the addition of a scenario (which an undo archives)", () => {
    const covered = new Set(EDITS.map((e) => e.type));
    expect(UNDOABLE_KINDS.filter((k) => !covered.has(k))).toEqual(["scenario.add", "scenario.restore", "evidence.add"]);
  });

  it("undoes the addition of a scenario by archiving it, and of evidence by deleting it", () => {
    const before = start();
    const added = applyChange(
      before,
      {
        type: "scenario.add",
        scenario: { id: "s4", name: "s4", description: "", prior: 1, color: "#000000", archived: false },
        defaultExpectation: "could",
      },
      { at: AT + 1 },
    );
    const steps = inverseSteps(before, {
      type: "scenario.add",
      scenario: { id: "s4", name: "s4", description: "", prior: 1, color: "#000000", archived: false },
      defaultExpectation: "could",
    });
    expect(steps).toEqual([{ type: "scenario.archive", scenarioId: "s4" }]);
    expect(applyChange(added, undoOf(2, steps), { at: AT + 2 }).scenarios.find((s) => s.id === "s4")?.archived).toBe(
      true,
    );
  });

  it("refuses a lifecycle change, a review and the creation as things to undo", () => {
    const s = start();
    expect(() => inverseSteps(s, { type: "assessment.archive" })).toThrow(/cannot be undone/);
    expect(() => inverseSteps(s, { type: "indicator.review", indicatorId: "i1" })).toThrow(/changes nothing to undo/);
  });

  it("any sequence of weights and ratings is undone step by step back to the start", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ i: fc.constantFrom("i1", "i2", "i3"), w: fc.double({ min: 0, max: 1, noNaN: true }) }),
            fc.record({
              i: fc.constantFrom("i1", "i2", "i3"),
              s: fc.constantFrom("holds", "collapses", "stalemate"),
              r: fc.constantFrom<Expectation>("likely", "unlikely", "could", 0.2),
            }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (ops) => {
          const states = [start()];
          const edits: EditChange[] = ops.map((op) =>
            "w" in op
              ? { type: "indicator.update", indicatorId: op.i, weight: op.w }
              : { type: "indicator.setExpectation", indicatorId: op.i, scenarioId: op.s, expectation: op.r },
          );
          for (const e of edits) states.push(applyChange(states.at(-1) as AssessmentState, e, { at: AT }));
          let now = states.at(-1) as AssessmentState;
          for (let k = edits.length - 1; k >= 0; k--) {
            now = applyChange(now, undoOf(k + 2, inverseSteps(states[k] as AssessmentState, edits[k] as EditChange)), {
              at: AT,
            });
            expect(content(now)).toEqual(content(states[k] as AssessmentState));
          }
        },
      ),
    );
  });
});

describe("the reducer and the words for an undo and a redo", () => {
  it("applies the steps as one event, refuses none and a non-edit, and says which event it reverts", () => {
    const s = start();
    expect(() => applyChange(s, undoOf(2, []), { at: AT })).toThrow(/at least one edit/);
    expect(() =>
      applyChange(s, undoOf(2, [{ type: "assessment.archive" } as unknown as EditChange]), { at: AT }),
    ).toThrow(/cannot carry a 'assessment.archive' change/);
    expect(
      describeChange(s, { type: "change.undo", seq: 12, summary: "Set the weight of 'i1' to 60 %", steps: [] }),
    ).toBe("Undo of #12: Set the weight of 'i1' to 60 %");
    expect(
      describeChange(s, { type: "change.redo", seq: 14, summary: "Set the weight of 'i1' to 60 %", steps: [] }),
    ).toBe("Redo, reverting the undo #14: Set the weight of 'i1' to 60 %");
  });
});

describe("touchedParts and changedSince", () => {
  it("name what an edit touched, and find it moved when someone changed it since", () => {
    const before = start();
    const edit: EditChange = { type: "indicator.update", indicatorId: "i1", weight: 0.6 };
    const after = applyChange(before, edit, { at: AT });
    const parts = touchedParts(before, edit);
    expect(parts).toEqual([{ of: "indicator", id: "i1", field: "weight" }]);
    const renamed = applyChange(after, { type: "indicator.update", indicatorId: "i1", name: "Other name" }, { at: AT });
    expect(changedSince(parts, after, renamed)).toEqual([]);
    const reweighted = applyChange(after, { type: "indicator.update", indicatorId: "i1", weight: 0.2 }, { at: AT });
    expect(changedSince(parts, after, reweighted)).toEqual(parts);
    // Deleting an indicator touched it and the evidence it was linked from.
    expect(touchedParts(before, { type: "indicator.delete", indicatorId: "i2" })).toEqual([
      { of: "indicator", id: "i2", field: "whole" },
      { of: "scenario ids" },
      { of: "evidence", id: "e1", field: "exists" },
      { of: "evidence", id: "e2", field: "exists" },
    ]);
  });
});
