// Team rounds (issue 14) through the routers on a real database: privacy per procedure and role,
// before and after submitting, anonymous letters, viewers and another team; the live stream; the
// group view against poolRound; the next round; adoption as one replayable change; and the rule
// for participants who leave the team.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/connection";
import { loadAssessmentState } from "@/server/assessments/store";
import { exportAssessment } from "@/server/export/json/export";
import type { ExportDocument } from "@/server/export/json/format";
import { importAssessment } from "@/server/export/json/write-import";
import { engineModel } from "@/shared/assessment/engine-model";
import { assess, poolRound } from "@/shared/engine";
import { type CellTable, unpackCells } from "@/shared/rounds-cells";
import {
  buildWorld,
  type Caller,
  createAccount,
  expectRefusal,
  joinTeam,
  newAssessmentInput,
  rowCounts,
  type TestUser,
  type World,
} from "./harness";
import { comparable, editAt, eventsOf, replayEvents, tableState } from "./workspace-helpers";

/** The group's cells as a list (rounds.get sends them as a table). */
const cellsOf = (group: { cells: CellTable } | null | undefined) => (group ? unpackCells(group.cells) : []);

let world: World;
/** A second and third analyst of team A. */
let bea: TestUser;
let cal: TestUser;

beforeAll(async () => {
  world = await buildWorld();
  bea = await createAccount("bea@example.org", "Bea Analyst");
  cal = await createAccount("cal@example.org", "Cal Analyst");
  await joinTeam(world.owner, world.teamA.id, bea, "analyst");
  await joinTeam(world.owner, world.teamA.id, cal, "analyst");
}, 60_000);
afterAll(() => world?.db.cleanup());

interface Fixture {
  id: string;
  scenarios: string[];
  indicators: string[];
}

/** An assessment of team A: three scenarios, three indicators, one with evidence. */
async function fixture(title = "Round fixture"): Promise<Fixture> {
  const owner = world.owner.caller;
  const { id } = await owner.assessments.create({
    ...newAssessmentInput(world.teamA.id, title),
    scenarios: [
      { name: "Full exit", prior: 0.3 },
      { name: "Partial consolidation", prior: 0.4 },
      { name: "Negotiated retention", prior: 0.3 },
    ],
  });
  let view = await owner.assessments.get({ assessmentId: id });
  const scenarios = view.state.scenarios.map((s) => s.id);
  for (const [k, name] of ["S-400 moved", "An-124 airlift", "Tartus unchanged"].entries()) {
    view = await editAt(owner, view, "addIndicator", {
      name,
      expectations: Object.fromEntries(scenarios.map((s, i) => [s, i === k ? "likely" : "could"])),
    });
  }
  const indicators = view.state.indicators.map((i) => i.id);
  view = await editAt(owner, view, "addEvidence", {
    title: "Imagery of 13 Dec",
    sourceName: "Maxar",
    sourceKind: "imagery",
    reliability: "B",
    credibility: 2,
    observedAt: "2024-12-13",
    links: [{ indicatorId: indicators[0] as string, direction: 1 }],
  });
  return { id, scenarios, indicators };
}

const at = <T>(list: readonly T[], k: number): T => {
  const v = list[k];
  if (v === undefined) throw new Error(`No item ${k}`);
  return v;
};

async function openOn(f: Fixture, by: Caller, participants: TestUser[], extra: Record<string, unknown> = {}) {
  return by.rounds.open({
    assessmentId: f.id,
    participantIds: participants.map((p) => p.id),
    question: "Rate the S-400 and airlift rows again after Thursday's imagery",
    ...extra,
  });
}

const text = (value: unknown) => JSON.stringify(value);

describe("opening a round", () => {
  it("defaults to every indicator, anonymous, and names its refusals", async () => {
    const f = await fixture();
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea, cal]);
    expect(round.number).toBe(1);
    expect(round.anonymous).toBe(true);
    const view = await world.analyst.caller.rounds.get({ assessmentId: f.id, roundId: round.id });
    expect(view.round.scope.map((s) => s.indicatorId)).toEqual(f.indicators);
    expect(view.own?.label).toMatch(/^Analyst [ABC]$/);
    // One open round at a time.
    const again = await expectRefusal(openOn(f, world.owner.caller, [bea, cal]), "BAD_REQUEST");
    expect(again.message).toContain("Round 1 is still open");
  });

  it("refuses viewers as participants, viewers as openers, other teams, past closing times", async () => {
    const f = await fixture();
    const before = await rowCounts();
    const viewer = await expectRefusal(openOn(f, world.analyst.caller, [bea, world.viewer]), "BAD_REQUEST");
    expect(viewer.message).toContain("viewers never take part");
    expect(viewer.fieldErrors).toHaveProperty("participantIds.1");
    await expectRefusal(openOn(f, world.viewer.caller, [bea, cal]), "FORBIDDEN");
    await expectRefusal(openOn(f, world.ownerB.caller, [bea, cal]), "NOT_FOUND");
    const past = await expectRefusal(
      openOn(f, world.analyst.caller, [bea, cal], { closesAt: Date.now() - 60_000 }),
      "BAD_REQUEST",
    );
    expect(past.fieldErrors).toHaveProperty("closesAt");
    const one = await expectRefusal(openOn(f, world.analyst.caller, [bea]), "BAD_REQUEST");
    expect(one.message).toContain("at least 2 participants");
    const stranger = await expectRefusal(openOn(f, world.analyst.caller, [bea, world.ownerB]), "BAD_REQUEST");
    expect(stranger.message).toContain("No member");
    expect(await rowCounts()).toEqual(before);
  });
});

describe("a closing time", () => {
  it("closes the round when it passes: judging stops and the team sees the submitted judgements", async () => {
    const f = await fixture();
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea], { closesAt: Date.now() + 60_000 });
    const ids = { assessmentId: f.id, roundId: round.id };
    await world.analyst.caller.rounds.submit({ ...ids, reasons: { [at(f.indicators, 0)]: "BEFORE-CLOSING" } });
    const waiting = async () => (await bea.caller.rounds.mine()).filter((r) => r.assessmentId === f.id);
    expect(await waiting()).toEqual([expect.objectContaining({ roundId: round.id, submitted: false })]);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(await waiting()).toEqual([]);
      const seen = await world.viewer.caller.rounds.get(ids);
      expect(seen.round.status).toBe("closed");
      expect(text(seen)).toContain("BEFORE-CLOSING");
      await expectRefusal(bea.caller.rounds.submit(ids), "BAD_REQUEST");
      // A new round may open: the first one is closed.
      await openOn(f, world.analyst.caller, [world.analyst, bea]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("privacy (DESIGN §2.9)", () => {
  it("shows nobody's values before they submit, the submitted ones after, and the team's only once closed", async () => {
    const f = await fixture();
    const [s0, s1, s2] = [at(f.scenarios, 0), at(f.scenarios, 1), at(f.scenarios, 2)];
    const i0 = at(f.indicators, 0);
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea, cal]);
    const ids = { assessmentId: f.id, roundId: round.id };
    const get = (who: Caller) => who.rounds.get(ids);

    await world.analyst.caller.rounds.saveDraft({
      ...ids,
      expectations: { [i0]: { [s0]: 0.37, [s1]: "highly_unlikely" } },
      weights: { [i0]: 0.41 },
      reasons: { [i0]: "SECRET-ANA reason" },
    });
    await bea.caller.rounds.saveDraft({
      ...ids,
      expectations: { [i0]: { [s0]: 0.83, [s2]: 0.12 } },
      reasons: { [i0]: "SECRET-BEA reason" },
    });
    await cal.caller.rounds.saveDraft({
      ...ids,
      expectations: { [i0]: { [s0]: 0.66 } },
      reasons: { [i0]: "SECRET-CAL draft" },
    });

    // Before anyone submits: each sees only their own; the owner (not taking part) and the viewer see none.
    const ana0 = await get(world.analyst.caller);
    expect(ana0.own?.values.expectations[i0]?.[s0]).toBe(0.37);
    expect(ana0.seesGroup).toBe(false);
    expect(ana0.hiddenBecause).toContain("Submit your judgement");
    expect(text(ana0)).not.toContain("SECRET-BEA");
    expect(text(ana0)).not.toContain("0.83");
    const bea0 = await get(bea.caller);
    expect(text(bea0)).not.toContain("SECRET-ANA");
    expect(text(bea0)).not.toContain("0.37");
    for (const outsider of [world.owner.caller, world.viewer.caller]) {
      const seen = await get(outsider);
      expect(seen.own).toBeNull();
      expect(seen.seesGroup).toBe(false);
      expect(seen.judgements).toEqual([]);
      expect(seen.group).toBeNull();
      for (const secret of ["SECRET-ANA", "SECRET-BEA", "SECRET-CAL", "0.37", "0.83", "0.41"]) {
        expect(text(seen)).not.toContain(secret);
      }
    }
    await expectRefusal(world.ownerB.caller.rounds.get(ids), "NOT_FOUND");
    // Nobody writes into another's judgement, and the viewer cannot judge at all.
    await expectRefusal(world.owner.caller.rounds.saveDraft({ ...ids, weights: { [i0]: 0.5 } }), "FORBIDDEN");
    await expectRefusal(world.viewer.caller.rounds.saveDraft({ ...ids, weights: { [i0]: 0.5 } }), "FORBIDDEN");

    // Ana submits: she sees the submitted judgements (only hers so far), never the drafts.
    await world.analyst.caller.rounds.submit(ids);
    const ana1 = await get(world.analyst.caller);
    expect(ana1.seesGroup).toBe(true);
    expect(ana1.judgements.map((j) => j.mine)).toEqual([true]);
    expect(ana1.group).toBeNull();
    expect(ana1.groupReason).toContain("1 is in");
    expect(text(ana1)).not.toContain("SECRET-BEA");
    const bea1 = await get(bea.caller);
    expect(text(bea1)).not.toContain("SECRET-ANA");
    expect(text(bea1)).not.toContain("0.37");

    // Bea submits: both see both, with letters only, and the group view; Cal (draft) sees none of it.
    await bea.caller.rounds.submit(ids);
    const bea2 = await get(bea.caller);
    expect(bea2.judgements).toHaveLength(2);
    expect(bea2.judgements.every((j) => /^Analyst [A-Z]$/.test(j.label) && j.name === null)).toBe(true);
    expect(text(bea2)).toContain("SECRET-ANA");
    expect(text(bea2)).not.toContain("SECRET-CAL");
    expect(cellsOf(bea2.group)).toHaveLength(f.indicators.length * f.scenarios.length);
    const cal2 = await get(cal.caller);
    expect(cal2.seesGroup).toBe(false);
    expect(text(cal2)).not.toContain("SECRET-ANA");
    expect(text(cal2)).not.toContain("SECRET-BEA");
    for (const outsider of [world.owner.caller, world.viewer.caller]) {
      expect(text(await get(outsider))).not.toContain("SECRET-ANA");
    }
    // In an anonymous round nobody learns who has submitted, only how many.
    const list = (await world.owner.caller.rounds.list({ assessmentId: f.id }))[0];
    expect(list?.submittedCount).toBe(2);
    expect(bea2.participants.filter((p) => !p.mine).every((p) => p.label === null && p.submitted === null)).toBe(true);

    // Closed: the whole team sees the submitted judgements, viewers included; Cal's draft stays hers.
    await expectRefusal(bea.caller.rounds.close(ids), "FORBIDDEN");
    await world.analyst.caller.rounds.close(ids);
    const viewer3 = await get(world.viewer.caller);
    expect(viewer3.seesGroup).toBe(true);
    expect(viewer3.judgements).toHaveLength(2);
    expect(text(viewer3)).not.toContain("SECRET-CAL");
    expect((await get(cal.caller)).own?.values.reasons[i0]).toBe("SECRET-CAL draft");
    await expectRefusal(cal.caller.rounds.submit(ids), "BAD_REQUEST");
    await expectRefusal(world.ownerB.caller.rounds.get(ids), "NOT_FOUND");
  });

  it("names participants beside their values in a named round", async () => {
    const f = await fixture();
    const round = await openOn(f, world.owner.caller, [world.analyst, bea], { anonymous: false });
    const ids = { assessmentId: f.id, roundId: round.id };
    await world.analyst.caller.rounds.submit({ ...ids, reasons: { [at(f.indicators, 1)]: "Airlift is routine" } });
    await bea.caller.rounds.submit(ids);
    const seen = await bea.caller.rounds.get(ids);
    expect(seen.judgements.map((j) => j.name).sort()).toEqual(["Ana Analyst", "Bea Analyst"]);
    expect(seen.participants.every((p) => p.submitted === true && p.label !== null)).toBe(true);
  });

  it("signs comments with the letter in an anonymous round and keeps them from those who may not see", async () => {
    const f = await fixture();
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea, cal]);
    const ids = { assessmentId: f.id, roundId: round.id };
    const cell = { indicatorId: at(f.indicators, 0), scenarioId: at(f.scenarios, 0) };
    await expectRefusal(bea.caller.rounds.addComment({ ...ids, ...cell, body: "Too early" }), "FORBIDDEN");
    await world.analyst.caller.rounds.submit(ids);
    await bea.caller.rounds.submit(ids);
    const thread = await bea.caller.rounds.addComment({ ...ids, ...cell, body: "The S-400 left: COMMENT-SECRET" });
    expect(thread[0]?.author).toMatch(/^Analyst [A-Z]$/);
    expect(text(thread)).not.toContain("Bea Analyst");
    expect(text(await cal.caller.rounds.get(ids))).not.toContain("COMMENT-SECRET");
    expect(text(await world.viewer.caller.rounds.get(ids))).not.toContain("COMMENT-SECRET");
    await expectRefusal(world.viewer.caller.rounds.addComment({ ...ids, ...cell, body: "Viewer" }), "FORBIDDEN");
  });
});

describe("the live stream", () => {
  it("tells members a round moved, never with a value, and not who submitted in an anonymous round", async () => {
    const f = await fixture();
    const [i0, s0] = [at(f.indicators, 0), at(f.scenarios, 0)];
    const stream = (await world.viewer.caller.workspace.onChange({ assessmentId: f.id }))[Symbol.asyncIterator]();
    const next = async () => {
      const item = await stream.next();
      return JSON.parse(text(item.value)) as {
        data?: { round?: { event: string }; actorName: string; edit?: unknown };
      } & Record<string, unknown>;
    };
    const opened = next();
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea]);
    const ids = { assessmentId: f.id, roundId: round.id };
    expect(text(await opened)).toContain('"event":"opened"');
    // A draft tells nobody; the next notice is the submission, without its values or its author.
    const submitted = next();
    await bea.caller.rounds.saveDraft({
      ...ids,
      expectations: { [i0]: { [s0]: 0.43 } },
      reasons: { [i0]: "STREAM-SECRET" },
    });
    await bea.caller.rounds.submit(ids);
    const notice = text(await submitted);
    expect(notice).toContain('"event":"submitted"');
    expect(notice).toContain("A participant");
    for (const secret of ["STREAM-SECRET", "0.43", "Bea Analyst", i0]) expect(notice).not.toContain(secret);
    const closed = next();
    await world.analyst.caller.rounds.submit({ ...ids, reasons: { [i0]: "STREAM-ANA" } });
    await world.analyst.caller.rounds.close(ids);
    await closed; // the second submission
    const closing = text(await next());
    expect(closing).toContain('"event":"closed"');
    expect(closing).not.toContain("STREAM-ANA");
    // A comment's notice does not tie its time to its author either (the thread signs it "Analyst X").
    const commented = next();
    await bea.caller.rounds.addComment({ ...ids, indicatorId: i0, scenarioId: s0, body: "STREAM-COMMENT" });
    const comment = text(await commented);
    expect(comment).toContain('"event":"commented"');
    expect(comment).toContain("A participant");
    for (const secret of ["STREAM-COMMENT", "Bea Analyst"]) expect(comment).not.toContain(secret);
    await stream.return?.();
  });
});

describe("the group view", () => {
  it("is poolRound on the current shared model, with the range and the disputes ranked", async () => {
    const f = await fixture();
    const [i0, i1] = [at(f.indicators, 0), at(f.indicators, 1)];
    const [s0, s1, s2] = [at(f.scenarios, 0), at(f.scenarios, 1), at(f.scenarios, 2)];
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea, cal], { indicatorIds: [i0, i1] });
    const ids = { assessmentId: f.id, roundId: round.id };
    const judged = {
      ana: {
        expectations: { [i0]: { [s0]: "highly_likely" as const, [s2]: "unlikely" as const } },
        weights: { [i0]: 0.8 },
      },
      bea: { expectations: { [i0]: { [s0]: "unlikely" as const }, [i1]: { [s1]: 0.2 } }, weights: {} },
      cal: { expectations: { [i0]: { [s0]: "likely" as const } }, weights: { [i1]: 0.5 } },
    };
    await world.analyst.caller.rounds.submit({ ...ids, ...judged.ana });
    await bea.caller.rounds.submit({ ...ids, ...judged.bea });
    await cal.caller.rounds.submit({ ...ids, ...judged.cal });
    // The shared model changes while the round is open: the group view uses the current one.
    let view = await world.owner.caller.assessments.get({ assessmentId: f.id });
    view = await editAt(world.owner.caller, view, "setExpectation", {
      indicatorId: i1,
      scenarioId: s0,
      expectation: "highly_likely",
    });

    // What the round page shows beside the judgements: the current shared names and ratings, no evidence.
    const matrix = await cal.caller.rounds.sharedMatrix({ assessmentId: f.id });
    expect(matrix).toEqual({
      id: f.id,
      title: view.state.title,
      version: view.state.version,
      scenarios: view.state.scenarios,
      indicators: view.state.indicators.map((i) => ({ id: i.id, name: i.name, expectations: i.expectations })),
    });
    expect(matrix.indicators.find((i) => i.id === i1)?.expectations[s0]).toBe("highly_likely");
    const seen = await cal.caller.rounds.get(ids);
    expect(seen.sharedSinceOpen.changes).toEqual([
      { indicatorId: i1, scenarioId: s0, was: "could", now: "highly_likely" },
    ]);
    const letters: Record<string, string> = {};
    for (const [who, caller] of [
      ["ana", world.analyst.caller],
      ["bea", bea.caller],
      ["cal", cal.caller],
    ] as const) {
      letters[who] = ((await caller.rounds.get(ids)).own?.label ?? "").replace("Analyst ", "");
    }
    const letter = (who: keyof typeof judged) => letters[who] ?? "";
    const expected = poolRound({
      model: engineModel(view.state),
      scope: [i0, i1],
      participants: (["ana", "bea", "cal"] as const).map((who) => ({ id: letter(who), ...judged[who] })),
    });
    expect(seen.group?.pooled).toEqual(expected.pooled);
    expect(seen.group?.range).toEqual(expected.range);
    expect(cellsOf(seen.group)).toEqual(expected.cells);
    expect(seen.group?.consensus).toEqual(expected.consensus);
    expect(cellsOf(seen.group)[0]).toMatchObject({ indicatorId: i0, scenarioId: s0 });
    expect(seen.group?.convergence.meanSpread).toBeCloseTo(
      expected.cells.reduce((a, c) => a + c.spread, 0) / expected.cells.length,
      12,
    );
  });
});

describe("the next round, convergence and adoption", () => {
  it("starts each participant from their previous judgement, narrows, and adopts as one replayable change", async () => {
    const f = await fixture();
    const [i0, i1] = [at(f.indicators, 0), at(f.indicators, 1)];
    const [s0, s1] = [at(f.scenarios, 0), at(f.scenarios, 1)];
    const first = await openOn(f, world.analyst.caller, [world.analyst, bea, cal]);
    const r1 = { assessmentId: f.id, roundId: first.id };
    await world.analyst.caller.rounds.submit({
      ...r1,
      expectations: { [i0]: { [s0]: "highly_likely" } },
      reasons: { [i0]: "It moved" },
    });
    await bea.caller.rounds.submit({
      ...r1,
      expectations: { [i0]: { [s0]: "highly_unlikely" }, [i1]: { [s1]: "unlikely" } },
    });
    await cal.caller.rounds.submit({ ...r1, expectations: { [i0]: { [s0]: "could" } } });
    const round1 = await bea.caller.rounds.get(r1);
    const disputed = cellsOf(round1.group)
      .slice(0, 2)
      .map(({ indicatorId, scenarioId }) => ({ indicatorId, scenarioId }));
    expect(disputed[0]).toEqual({ indicatorId: i0, scenarioId: s0 });

    await expectRefusal(bea.caller.rounds.openNext({ ...r1, cells: disputed, question: "Again" }), "FORBIDDEN");
    const second = await world.analyst.caller.rounds.openNext({
      ...r1,
      cells: disputed,
      question: "Look at the S-400 row again",
    });
    expect(second.number).toBe(2);
    expect(second.previousRoundId).toBe(first.id);
    const r2 = { assessmentId: f.id, roundId: second.id };
    const ana2 = await world.analyst.caller.rounds.get(r2);
    // Starts from her round-1 judgement (restricted to the new scope), keeps her letter, sees round 1.
    expect(ana2.own?.values.expectations[i0]?.[s0]).toBe("highly_likely");
    expect(ana2.own?.values.reasons[i0]).toBe("It moved");
    expect(ana2.own?.submittedAt).toBeNull();
    expect(ana2.own?.label).toBe(round1.judgements.find((j) => text(j.values.reasons).includes("It moved"))?.label);
    expect(ana2.previous?.judgements).toHaveLength(3);
    expect(ana2.round.focus).toEqual(disputed);

    await world.analyst.caller.rounds.submit({ ...r2, expectations: { [i0]: { [s0]: "likely" } } });
    await bea.caller.rounds.submit({ ...r2, expectations: { [i0]: { [s0]: "could" } } });
    await cal.caller.rounds.submit(r2);
    const done = await cal.caller.rounds.get(r2);
    const before = done.previous?.convergenceHere;
    const now = done.group?.convergence;
    expect(before?.focusMeanSpread).toBeGreaterThan(now?.focusMeanSpread ?? Number.POSITIVE_INFINITY);
    expect(now?.meanSpread).toBeLessThan(before?.meanSpread ?? 0);

    // Adopt with one cell edited: exactly one event, the state it gives is p_c (with the edit), replay agrees.
    const eventsBefore = (await eventsOf(f.id)).length;
    let view = await world.owner.caller.assessments.get({ assessmentId: f.id });
    await expectRefusal(
      world.analyst.caller.rounds.adopt({ ...r2, version: view.state.version, rationale: "" }),
      "BAD_REQUEST",
    );
    await expectRefusal(
      bea.caller.rounds.adopt({ ...r2, version: view.state.version, rationale: "Consensus" }),
      "FORBIDDEN",
    );
    const answer = await world.analyst.caller.rounds.adopt({
      ...r2,
      version: view.state.version,
      rationale: "The team converged on the S-400 row",
      weights: { [i0]: 0.9 },
    });
    expect(answer.change.type).toBe("round.adopt");
    const events = await eventsOf(f.id);
    expect(events).toHaveLength(eventsBefore + 1);
    const last = events.at(-1);
    expect(last?.kind).toBe("round.adopt");
    expect(last?.rationale).toBe("The team converged on the S-400 row");
    expect(last?.payload).toMatchObject({ summary: expect.stringContaining("round 2") });
    view = await world.owner.caller.assessments.get({ assessmentId: f.id });
    const consensus = done.group?.consensus;
    expect(view.state.indicators.find((i) => i.id === i0)?.expectations[s0]).toBe(consensus?.expectations[i0]?.[s0]);
    expect(view.state.indicators.find((i) => i.id === i0)?.weight).toBe(0.9);
    expect(assess(engineModel(view.state)).probabilities).toEqual(answer.probabilities);
    expect(comparable(replayEvents(events).state)).toEqual(comparable(await tableState(f.id)));
    const adopted = await world.viewer.caller.rounds.get(r2);
    expect(adopted.round.status).toBe("adopted");
    expect(adopted.round.adoptedSeq).toBe(last?.seq);
    const history = await world.viewer.caller.history.changes({ assessmentId: f.id, limit: 1 });
    expect(history.items[0]?.kind).toBe("round.adopt");
    await expectRefusal(
      world.analyst.caller.rounds.adopt({ ...r2, version: view.state.version, rationale: "Again" }),
      "BAD_REQUEST",
    );
  });

  it("adopting without edits gives exactly p_c, and a stale version is a CONFLICT that writes nothing", async () => {
    const f = await fixture();
    const [i0, s0] = [at(f.indicators, 0), at(f.scenarios, 0)];
    const round = await openOn(f, world.owner.caller, [world.analyst, bea]);
    const ids = { assessmentId: f.id, roundId: round.id };
    await world.analyst.caller.rounds.submit({ ...ids, expectations: { [i0]: { [s0]: 0.9 } } });
    await bea.caller.rounds.submit({ ...ids, expectations: { [i0]: { [s0]: 0.5 } } });
    // The facilitator takes no part: they see the values once the round is closed.
    expect((await world.owner.caller.rounds.get(ids)).group).toBeNull();
    await world.owner.caller.rounds.close(ids);
    const seen = await world.owner.caller.rounds.get(ids);
    let view = await world.owner.caller.assessments.get({ assessmentId: f.id });
    const stale = view.state.version;
    view = await editAt(world.owner.caller, view, "updateAssessment", { handling: "UNCLASSIFIED" });
    const before = await rowCounts();
    await expectRefusal(
      world.owner.caller.rounds.adopt({ ...ids, version: stale, rationale: "Consensus" }),
      "CONFLICT",
    );
    expect(await rowCounts()).toEqual(before);
    expect((await world.owner.caller.rounds.get(ids)).round.status).toBe("closed");
    const answer = await world.owner.caller.rounds.adopt({
      ...ids,
      version: view.state.version,
      rationale: "Consensus",
    });
    const consensus = seen.group?.consensus;
    expect(consensus?.expectations[i0]?.[s0]).toBeCloseTo(0.7, 12);
    for (const [sid, p] of Object.entries(consensus?.probabilities ?? {})) {
      expect(answer.probabilities[sid]).toBeCloseTo(p, 12);
    }
    expect((await loadAssessmentState(getDb(), f.id))?.version).toBe(answer.version);
  });

  it("abandoning changes nothing of the assessment", async () => {
    const f = await fixture();
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea]);
    const ids = { assessmentId: f.id, roundId: round.id };
    await world.analyst.caller.rounds.submit(ids);
    const events = (await eventsOf(f.id)).length;
    const abandoned = await world.owner.caller.rounds.abandon(ids);
    expect(abandoned.status).toBe("abandoned");
    expect(await eventsOf(f.id)).toHaveLength(events);
    await expectRefusal(world.owner.caller.rounds.adopt({ ...ids, version: 1, rationale: "x" }), "BAD_REQUEST");
  });
});

describe("a participant who leaves the team", () => {
  it("leaves the round; their judgement counts only if submitted before", async () => {
    const f = await fixture();
    const dee = await createAccount("dee@example.org", "Dee Departing");
    const eve = await createAccount("eve@example.org", "Eve Early");
    await joinTeam(world.owner, world.teamA.id, dee, "analyst");
    await joinTeam(world.owner, world.teamA.id, eve, "analyst");
    const round = await openOn(f, world.owner.caller, [world.analyst, bea, dee, eve], { anonymous: false });
    const ids = { assessmentId: f.id, roundId: round.id };
    const i0 = at(f.indicators, 0);
    await eve.caller.rounds.submit({ ...ids, reasons: { [i0]: "EVE counted" } });
    await dee.caller.rounds.saveDraft({ ...ids, reasons: { [i0]: "DEE never submitted" } });
    await world.owner.caller.teams.removeMember({ teamId: world.teamA.id, userId: eve.id });
    await world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: dee.id, role: "viewer" });
    await world.analyst.caller.rounds.submit(ids);

    const seen = await world.analyst.caller.rounds.get(ids);
    expect(seen.judgements.map((j) => j.name).sort()).toEqual(["Ana Analyst", "Eve Early"]);
    expect(text(seen)).not.toContain("DEE never submitted");
    const byName = Object.fromEntries(seen.participants.map((p) => [p.name, p.left]));
    expect(byName["Eve Early"]).toMatchObject({ counted: true });
    expect(byName["Dee Departing"]).toMatchObject({ counted: false });
    expect(byName["Bea Analyst"]).toBeNull();
    // Dee, now a viewer, cannot judge any more, and does not see the round's values while it is open.
    await expectRefusal(dee.caller.rounds.submit(ids), "FORBIDDEN");
    expect(text(await dee.caller.rounds.get(ids))).not.toContain("EVE counted");
    // Eve is gone from the team: the round is not found for her.
    await expectRefusal(eve.caller.rounds.get(ids), "NOT_FOUND");
    // Made an analyst again, Dee is still out of this round.
    await world.owner.caller.teams.changeRole({ teamId: world.teamA.id, userId: dee.id, role: "analyst" });
    const refused = await expectRefusal(dee.caller.rounds.saveDraft({ ...ids, weights: { [i0]: 1 } }), "FORBIDDEN");
    expect(refused.message).toContain("You left round 1");
    expect((await dee.caller.rounds.mine()).filter((r) => r.assessmentId === f.id)).toEqual([]);
  });
});

describe("the JSON export and import", () => {
  /** Every id of the document's rounds replaced by a name that does not depend on the installation. */
  function canonicalRounds(doc: ExportDocument): unknown {
    const names = new Map<string, string>();
    doc.assessment.indicators.forEach((i, k) => {
      names.set(i.id, `indicator ${k}`);
    });
    doc.assessment.scenarios.forEach((s, k) => {
      names.set(s.id, `scenario ${k}`);
    });
    for (const r of doc.rounds ?? []) {
      names.set(r.id, `round ${r.number}`);
      r.comments.forEach((c, k) => {
        names.set(c.id, `comment ${r.number}.${k}`);
      });
    }
    const rename = (value: unknown): unknown => {
      if (typeof value === "string") return names.get(value) ?? value;
      if (Array.isArray(value)) return value.map(rename);
      if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [names.get(k) ?? k, rename(v)]));
      }
      return value;
    };
    return rename(doc.rounds);
  }

  it("carries closed and adopted rounds with the judgements that count, and the import restores them", async () => {
    const f = await fixture("Round trip");
    const [i0, i1, s0, s1] = [at(f.indicators, 0), at(f.indicators, 1), at(f.scenarios, 0), at(f.scenarios, 1)];
    const first = await openOn(f, world.analyst.caller, [world.analyst, bea, cal]);
    const r1 = { assessmentId: f.id, roundId: first.id };
    await world.analyst.caller.rounds.submit({
      ...r1,
      expectations: { [i0]: { [s0]: 0.85 } },
      reasons: { [i0]: "Moved on the 13th" },
    });
    await bea.caller.rounds.submit({
      ...r1,
      expectations: { [i0]: { [s0]: "unlikely" }, [i1]: { [s1]: 0.25 } },
      weights: { [i1]: 0.6 },
    });
    await cal.caller.rounds.saveDraft({ ...r1, reasons: { [i0]: "CAL-DRAFT never submitted" } });
    await bea.caller.rounds.addComment({ ...r1, indicatorId: i0, scenarioId: s0, body: "Why so sure?" });
    const second = await world.analyst.caller.rounds.openNext({
      ...r1,
      cells: [{ indicatorId: i0, scenarioId: s0 }],
      question: "Again",
    });
    const r2 = { assessmentId: f.id, roundId: second.id };
    await world.analyst.caller.rounds.submit({ ...r2, expectations: { [i0]: { [s0]: "likely" } } });
    await bea.caller.rounds.submit({ ...r2, expectations: { [i0]: { [s0]: "could" } } });
    const { state } = await world.owner.caller.assessments.get({ assessmentId: f.id });
    await world.analyst.caller.rounds.adopt({ ...r2, version: state.version, rationale: "Converged" });
    // A third round, still open, is never exported.
    await world.analyst.caller.rounds.openNext({
      ...r2,
      cells: [{ indicatorId: i0, scenarioId: s0 }],
      question: "Once more",
    });
    await world.analyst.caller.rounds.saveDraft({
      assessmentId: f.id,
      roundId: (await world.analyst.caller.rounds.list({ assessmentId: f.id }))[0]?.id ?? "",
      reasons: { [i0]: "OPEN-ROUND draft" },
    });

    const doc = await exportAssessment(getDb(), world.viewer.id, f.id);
    expect(doc.rounds?.map((r) => [r.number, r.status])).toEqual([
      [1, "closed"],
      [2, "adopted"],
    ]);
    const exported = text(doc);
    // No drafts, no open round, and (anonymous rounds) no participant's name: Bea only took part.
    for (const secret of ["CAL-DRAFT", "OPEN-ROUND", "Bea Analyst"]) expect(exported).not.toContain(secret);
    expect(doc.rounds?.[0]?.participants.every((p) => p.name === null)).toBe(true);
    expect(doc.rounds?.[0]?.comments[0]?.authorName).toMatch(/^Analyst [A-Z]$/);

    const imported = await importAssessment(getDb(), world.analyst, world.teamA.id, JSON.parse(text(doc)));
    const again = await exportAssessment(getDb(), world.analyst.id, imported.id);
    expect(canonicalRounds(again)).toEqual(canonicalRounds(doc));
    // The imported rounds read like the originals: the group view of round 2 is the same.
    const original = await world.viewer.caller.rounds.get(r2);
    const restoredId =
      (await world.viewer.caller.rounds.list({ assessmentId: imported.id })).find((r) => r.number === 2)?.id ?? "";
    const restored = await world.viewer.caller.rounds.get({ assessmentId: imported.id, roundId: restoredId });
    expect(restored.round.status).toBe("adopted");
    expect(restored.group?.pooled ? Object.values(restored.group.pooled) : null).toEqual(
      original.group?.pooled ? Object.values(original.group.pooled) : null,
    );
    expect(restored.previous?.judgements).toHaveLength(2);
  });

  it("refuses a file whose adopted round points at no adoption, and an open round", async () => {
    const f = await fixture("Bad round file");
    const round = await openOn(f, world.analyst.caller, [world.analyst, bea]);
    const ids = { assessmentId: f.id, roundId: round.id };
    await world.analyst.caller.rounds.submit(ids);
    await bea.caller.rounds.submit(ids);
    await world.analyst.caller.rounds.close(ids);
    const doc = await exportAssessment(getDb(), world.owner.id, f.id);
    const before = await rowCounts();
    const badSeq = JSON.parse(text(doc));
    badSeq.rounds[0].status = "adopted";
    badSeq.rounds[0].adoptedAt = badSeq.rounds[0].closedAt;
    badSeq.rounds[0].adoptedSeq = 1;
    await expect(importAssessment(getDb(), world.analyst, world.teamA.id, badSeq)).rejects.toThrow(
      /rounds\[0\]\.adoptedSeq/,
    );
    const open = JSON.parse(text(doc));
    open.rounds[0].status = "open";
    await expect(importAssessment(getDb(), world.analyst, world.teamA.id, open)).rejects.toThrow(/rounds\.0\.status/);
    const foreign = JSON.parse(text(doc));
    foreign.rounds[0].scope[0].indicatorId = "not-in-this-file";
    await expect(importAssessment(getDb(), world.analyst, world.teamA.id, foreign)).rejects.toThrow(
      /scope\[0\]\.indicatorId/,
    );
    expect(await rowCounts()).toEqual(before);
  });
});
