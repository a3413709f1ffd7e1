// Undo and redo (issue 13, "Nothing lost without a word"): an analyst reverts their own last change
// as a new event that names it, and brings it back; only their own changes, never a viewer; a
// change someone has built on since is refused with who did it; replay rebuilds the tables; an
// exported history with undos and redos imports to the same assessment.
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { exportAssessment } from "@/server/export/json/export";
import { importAssessment } from "@/server/export/json/write-import";
import type { Change } from "@/shared/assessment/changes";
import type { AssessmentState } from "@/shared/assessment/state";
import { DomainError } from "@/shared/errors";
import { expectRefusal } from "./harness";
import {
  createFixture,
  type DirectEdit,
  EDITS,
  expectCommitted,
  type Fixture,
  KIND,
  must,
  setUpWorkspaceWorld,
  VALID,
  world,
} from "./workspace-fixture";
import {
  changeOf,
  comparable,
  edit,
  eventsOf,
  expectUnchanged,
  replayEvents,
  snapshot,
  tableState,
} from "./workspace-helpers";

setUpWorkspaceWorld();

/** What an undo must give back: the state without its version, times and review stamps, evidence by id. */
function content(state: AssessmentState) {
  return {
    ...state,
    version: 0,
    updatedAt: 0,
    indicators: state.indicators.map((i) => ({ ...i, lastReviewedAt: 0 })),
    evidence: [...state.evidence].sort((a, b) => (a.id < b.id ? -1 : 1)).map((e) => ({ ...e, lastReviewedAt: 0 })),
  };
}

const at = async (f: Fixture) => ({ assessmentId: f.id, version: (await tableState(f.id)).version });

async function change(f: Fixture, name: DirectEdit, input: Record<string, unknown>, who = world.analyst) {
  return edit(who.caller, name, { ...(await at(f)), ...input });
}

async function lastChange(id: string): Promise<Change> {
  return must(changeOf(must((await eventsOf(id)).at(-1), "event")), "change");
}

describe("undo and redo, kind by kind", () => {
  const undoable = EDITS.filter((name) => name !== "reviewIndicator");

  it.each(undoable)("%s: undo gives the state back, redo brings the change back; both are new events", async (name) => {
    const f = await createFixture(`Undo: ${name}`);
    const before = await tableState(f.id);
    const made = await change(f, name, VALID[name](f));
    const after = await tableState(f.id);

    const start = await snapshot(f.id);
    const undone = await world.analyst.caller.workspace.undo(await at(f));
    await expectCommitted(start, undone, "change.undo", world.analyst, null);
    const undo = await lastChange(f.id);
    expect(undo).toMatchObject({ type: "change.undo", seq: made.seq });
    const summary = (must((await eventsOf(f.id)).at(-2), "undone event").payload as { summary: string }).summary;
    expect((must((await eventsOf(f.id)).at(-1), "undo event").payload as { summary: string }).summary).toBe(
      `Undo of #${made.seq}: ${summary}`,
    );
    if (name === "addScenario") {
      // Scenarios are archived, never deleted: the one added is archived again, the rest as before.
      const added = must(after.scenarios.at(-1), "added scenario");
      const now = await tableState(f.id);
      expect(now.scenarios.find((s) => s.id === added.id)?.archived).toBe(true);
      const without = (s: AssessmentState) =>
        content({
          ...s,
          scenarios: s.scenarios.filter((x) => x.id !== added.id),
          indicators: s.indicators.map((i) => {
            const { [added.id]: _gone, ...expectations } = i.expectations;
            return { ...i, expectations };
          }),
        });
      expect(without(now)).toEqual(without(before));
    } else {
      expect(content(await tableState(f.id))).toEqual(content(before));
    }

    const again = await snapshot(f.id);
    const redone = await world.analyst.caller.workspace.redo(await at(f));
    await expectCommitted(again, redone, "change.redo", world.analyst, null);
    expect(await lastChange(f.id)).toMatchObject({ type: "change.redo", seq: undone.seq, summary });
    expect(content(await tableState(f.id))).toEqual(content(after));

    // Replaying the events, reverts included, rebuilds the tables.
    expect(comparable(replayEvents(await eventsOf(f.id)).state)).toEqual(comparable(await tableState(f.id)));
    expect(KIND[name]).toBe((await eventsOf(f.id)).at(-3)?.kind);
  });
});

describe("whose change, and in what order", () => {
  it("undoes the caller's own changes newest first, then redoes them oldest-undone last", async () => {
    const f = await createFixture("Undo order");
    const w0 = await tableState(f.id);
    const a = await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    const b = await change(f, "setExpectation", {
      indicatorId: f.i.artillery,
      scenarioId: f.s.holds,
      expectation: "likely",
    });
    const afterB = await tableState(f.id);
    // The owner's change in between is not the analyst's to undo.
    await change(f, "updateScenario", { scenarioId: f.s.stalemate, prior: 0.4 }, world.owner);
    const withOwner = await tableState(f.id);

    expect(await world.analyst.caller.workspace.undoStatus({ assessmentId: f.id })).toEqual({
      undo: { seq: b.seq, summary: "Rated 'Artillery duels reported' under 'Ceasefire holds' as likely" },
      redo: null,
      undoBlocked: null,
    });
    const u1 = await world.analyst.caller.workspace.undo(await at(f));
    expect(await lastChange(f.id)).toMatchObject({ type: "change.undo", seq: b.seq });
    const u2 = await world.analyst.caller.workspace.undo(await at(f));
    expect(await lastChange(f.id)).toMatchObject({ type: "change.undo", seq: a.seq });
    const undone = await tableState(f.id);
    expect(undone.indicators.find((i) => i.id === f.i.withdrawal)?.weight).toBe(
      w0.indicators.find((i) => i.id === f.i.withdrawal)?.weight,
    );
    // The owner's prior stays.
    expect(undone.scenarios.find((s) => s.id === f.s.stalemate)?.prior).toBe(0.4);
    // Next would be the fixture's own last change (the analyst built it).
    expect(await world.analyst.caller.workspace.undoStatus({ assessmentId: f.id })).toMatchObject({
      undo: { seq: a.seq - 1, summary: "Added evidence 'Ceasefire monitors report quiet nights' (C3)" },
      redo: { seq: u2.seq, summary: "Set the weight of 'Heavy weapons withdrawn from the line' to 60 %" },
    });
    await world.analyst.caller.workspace.redo(await at(f));
    expect(await lastChange(f.id)).toMatchObject({ type: "change.redo", seq: u2.seq });
    await world.analyst.caller.workspace.redo(await at(f));
    expect(await lastChange(f.id)).toMatchObject({ type: "change.redo", seq: u1.seq });
    expect(content(await tableState(f.id))).toEqual(content({ ...afterB, scenarios: withOwner.scenarios }));
    const refused = await expectRefusal(world.analyst.caller.workspace.redo(await at(f)), "BAD_REQUEST");
    expect(refused.message).toMatch(/^Nothing to redo/);

    // Undo of a redo undoes it again; the owner's undo reverts only the owner's change.
    await world.analyst.caller.workspace.undo(await at(f));
    expect((await tableState(f.id)).indicators.find((i) => i.id === f.i.artillery)?.expectations[f.s.holds]).toBe(
      "unlikely",
    );
    await world.owner.caller.workspace.undo(await at(f));
    expect((await tableState(f.id)).scenarios.find((s) => s.id === f.s.stalemate)?.prior).toBe(0.2);
    expect((await tableState(f.id)).indicators.find((i) => i.id === f.i.withdrawal)?.weight).toBe(0.6);
  });

  it("a new change ends the chance to redo", async () => {
    const f = await createFixture("Redo ends");
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    await world.analyst.caller.workspace.undo(await at(f));
    await change(f, "updateIndicator", { indicatorId: f.i.artillery, weight: 0.9 });
    const before = await snapshot(f.id);
    const error = await expectRefusal(world.analyst.caller.workspace.redo(await at(f)), "BAD_REQUEST");
    expect(error.message).toBe("Nothing to redo: redo brings back what you last undid, until you make another change");
    await expectUnchanged(f.id, before);
  });

  it("refuses a viewer, another team and a caller with nothing of their own to undo; writes nothing", async () => {
    const f = await createFixture("Undo refusals");
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    const before = await snapshot(f.id);
    const viewer = await expectRefusal(world.viewer.caller.workspace.undo(await at(f)), "FORBIDDEN");
    expect(viewer.message).toMatch(/^Your role in this team is viewer/);
    await expectRefusal(world.viewer.caller.workspace.undoStatus({ assessmentId: f.id }), "FORBIDDEN");
    await expectRefusal(world.ownerB.caller.workspace.undo(await at(f)), "NOT_FOUND");
    // The owner made none of this fixture's changes (the analyst made them all).
    const owner = await expectRefusal(world.owner.caller.workspace.undo(await at(f)), "BAD_REQUEST");
    expect(owner.message).toBe(
      "Nothing of yours to undo in this assessment: undo reverts your own changes, newest first",
    );
    await expectUnchanged(f.id, before);
  });

  it("checks the version like any edit", async () => {
    const f = await createFixture("Undo version");
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    const before = await snapshot(f.id);
    await expectRefusal(
      world.analyst.caller.workspace.undo({ assessmentId: f.id, version: before.state.version - 1 }),
      "CONFLICT",
    );
    await expectUnchanged(f.id, before);
  });

  it("refuses on an archived assessment, saying how to change it", async () => {
    const f = await createFixture("Undo archived");
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    await world.analyst.caller.assessments.setArchived({ ...(await at(f)), archived: true });
    const error = await expectRefusal(world.analyst.caller.workspace.undo(await at(f)), "BAD_REQUEST");
    expect(error.message).toBe("This assessment is archived: restore it before changing it");
  });
});

describe("a change someone has built on", () => {
  it("is refused with CONFLICT naming who changed the same thing, and nothing is written", async () => {
    const f = await createFixture("Undo conflict");
    const mine = await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.3 }, world.owner);
    const before = await snapshot(f.id);
    const error = await expectRefusal(world.analyst.caller.workspace.undo(await at(f)), "CONFLICT");
    expect(error.message).toBe(
      `Cannot undo #${mine.seq} (Set the weight of 'Heavy weapons withdrawn from the line' to 60 %): the weight of indicator 'Heavy weapons withdrawn from the line' is no longer as it left it: ${world.owner.name} changed it since (Set the weight of 'Heavy weapons withdrawn from the line' to 30 %). Undo reverts only changes nobody has built on since; make the change by hand instead.`,
    );
    expect(error.details?.changes).toEqual([
      expect.objectContaining({
        actor: world.owner.name,
        summary: "Set the weight of 'Heavy weapons withdrawn from the line' to 30 %",
      }),
    ]);
    await expectUnchanged(f.id, before);
  });

  it("is not refused for a change of something else, and a change put back as it was", async () => {
    const f = await createFixture("Undo no conflict");
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, name: "Heavy weapons pulled back" }, world.owner);
    await change(f, "updateIndicator", { indicatorId: f.i.artillery, weight: 0.9 }, world.owner);
    await world.analyst.caller.workspace.undo(await at(f));
    const now = (await tableState(f.id)).indicators.find((i) => i.id === f.i.withdrawal);
    expect(now).toMatchObject({ weight: 1, name: "Heavy weapons pulled back" });
  });

  it("refuses to undo the deletion of evidence whose indicator is gone since", async () => {
    const f = await createFixture("Undo deleted evidence");
    await change(f, "deleteEvidence", { evidenceId: f.e.monitors });
    await change(f, "deleteIndicator", { indicatorId: f.i.artillery }, world.owner);
    const error = await expectRefusal(world.analyst.caller.workspace.undo(await at(f)), "CONFLICT");
    expect(error.message).toContain("indicator 'Artillery duels reported'");
    expect(error.message).toContain(
      `${world.owner.name} changed it since (Deleted indicator 'Artillery duels reported')`,
    );
  });

  it("refuses to undo an added scenario that would leave fewer than two active, saying why", async () => {
    const f = await createFixture("Undo scenario");
    await change(f, "addScenario", { name: "Negotiated settlement", prior: 0.1 });
    await change(f, "setScenarioArchived", { scenarioId: f.s.collapses, archived: true }, world.owner);
    await change(f, "setScenarioArchived", { scenarioId: f.s.stalemate, archived: true }, world.owner);
    const error = await expectRefusal(world.analyst.caller.workspace.undo(await at(f)), "CONFLICT");
    expect(error.message).toMatch(
      /^Cannot undo #\d+ \(Added scenario 'Negotiated settlement'\): An assessment needs at least two active scenarios/,
    );
  });
});

describe("the deleted indicator comes back whole", () => {
  it("in its place, with its ratings, override and evidence links", async () => {
    const f = await createFixture("Undo delete indicator");
    await change(f, "setPresence", { indicatorId: f.i.withdrawal, presence: 0.7, overrideRationale: "Liaison report" });
    await change(f, "linkEvidence", { evidenceId: f.e.monitors, indicatorId: f.i.withdrawal, direction: -1 });
    const before = await tableState(f.id);
    await change(f, "deleteIndicator", { indicatorId: f.i.withdrawal });
    expect((await tableState(f.id)).indicators.map((i) => i.id)).toEqual([f.i.artillery]);
    await world.analyst.caller.workspace.undo(await at(f));
    const now = await tableState(f.id);
    expect(now.indicators.map((i) => i.id)).toEqual([f.i.withdrawal, f.i.artillery]);
    expect(content(now)).toEqual(content(before));
    expect(now.evidence.find((e) => e.id === f.e.monitors)?.links).toEqual({
      [f.i.artillery]: -1,
      [f.i.withdrawal]: -1,
    });
  });
});

describe("history, replay and import", () => {
  it("lists both events in the history, and an export with undos and redos imports to the same assessment", async () => {
    const f = await createFixture("Undo export");
    await change(f, "updateIndicator", { indicatorId: f.i.withdrawal, weight: 0.6 });
    await change(f, "deleteIndicator", { indicatorId: f.i.artillery });
    await world.analyst.caller.workspace.undo(await at(f));
    await world.analyst.caller.workspace.undo(await at(f));
    await world.analyst.caller.workspace.redo(await at(f));

    const page = await world.analyst.caller.history.changes({ assessmentId: f.id, limit: 5 });
    expect(page.items.slice(0, 3).map((c) => [c.kind, c.summary])).toEqual([
      ["change.redo", expect.stringMatching(/^Redo, reverting the undo #\d+: Set the weight of/)],
      ["change.undo", expect.stringMatching(/^Undo of #\d+: Set the weight of/)],
      ["change.undo", expect.stringMatching(/^Undo of #\d+: Deleted indicator 'Artillery duels reported'$/)],
    ]);

    const doc = await exportAssessment(getDb(), world.analyst.id, f.id);
    const imported = await importAssessment(getDb(), world.analyst, world.teamA.id, JSON.parse(JSON.stringify(doc)));
    const copy = await tableState(imported.id);
    const original = await tableState(f.id);
    // Ids are renewed on import: compare by names, ratings and figures.
    const shape = (s: AssessmentState) => ({
      scenarios: s.scenarios.map((x) => [x.name, x.prior, x.archived]),
      indicators: s.indicators.map((i) => [
        i.name,
        i.weight,
        i.presenceOverride,
        s.scenarios.map((x) => i.expectations[x.id]),
      ]),
      evidence: s.evidence.map((e) => [e.title, Object.values(e.links)]),
      version: s.version,
    });
    expect(shape(copy)).toEqual(shape(original));
    expect((await eventsOf(imported.id)).map((e) => e.kind)).toEqual((await eventsOf(f.id)).map((e) => e.kind));
    expect(comparable(replayEvents(await eventsOf(imported.id)).state)).toEqual(comparable(copy));
  });

  it("refuses an imported undo that names a later event or carries no edit", async () => {
    const f = shared();
    const doc = await exportAssessment(getDb(), world.analyst.id, f);
    const last = must(doc.events.at(-1), "last event");
    const bad = (change: unknown) => {
      const copy = JSON.parse(JSON.stringify(doc));
      copy.events.push({ ...last, seq: last.seq + 1, kind: "change.undo", payload: { ...last.payload, change } });
      return importAssessment(getDb(), world.analyst, world.teamA.id, copy);
    };
    const step = { type: "indicator.review", indicatorId: (await tableState(f)).indicators[0]?.id };
    await expect(bad({ type: "change.undo", seq: last.seq + 5, summary: "x", steps: [step] })).rejects.toThrow(
      /events\[\d+\]\.payload\.change\.seq: names event \d+, which is not an earlier change of the state/,
    );
    await expect(bad({ type: "change.undo", seq: 2, summary: "x", steps: [] })).rejects.toThrow(DomainError);
    await expect(
      bad({ type: "change.undo", seq: 2, summary: "x", steps: [{ type: "assessment.archive" }] }),
    ).rejects.toThrow(/An undo or a redo carries edits only/);
  });
});

function shared(): string {
  return world.teamA.demoAssessmentId;
}
