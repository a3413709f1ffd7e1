// The workspace API on indicators (issue 4): adding, weighting, rating, overriding presence, moving,
// reviewing and deleting them, each edit's effect on the probabilities, its one event and answer,
// and every bad input refused by name with nothing written.

import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { engineModel } from "@/shared/assessment/engine-model";
import { assess } from "@/shared/engine";
import { newAssessmentInput, rowCounts } from "./harness";
import {
  type BadCase,
  createFixture,
  describeBadInput,
  expectCommitted,
  foreignIds,
  long,
  must,
  other,
  p,
  probabilitiesOf,
  RATE,
  RATIONALE,
  refuse,
  setUpWorkspaceWorld,
  shared,
  teamB,
  VALID,
  world,
} from "./workspace-fixture";
import { editAt, expectSameProbabilities, snapshot, tableState } from "./workspace-helpers";

setUpWorkspaceWorld();

describe("each edit, made by an analyst", () => {
  it("addIndicator appends a row whose presence is 0.5 until evidence arrives, so nothing moves yet", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.addIndicator({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        name: "  Prisoner exchanges resume ",
        description: "Exchanges through the ICRC",
        weight: 0.8,
        expectations: { [f.s.holds]: "likely", [f.s.collapses]: 0.2, [f.s.stalemate]: "could" },
      }),
      "indicator.add",
    );
    const added = must(view.state.indicators.at(-1), "added indicator");
    expect(added).toMatchObject({
      name: "Prisoner exchanges resume",
      description: "Exchanges through the ICRC",
      weight: 0.8,
      presenceOverride: null,
      expectations: { [f.s.holds]: "likely", [f.s.collapses]: 0.2, [f.s.stalemate]: "could" },
    });
    expect(view.result.presence[added.id]).toBe(0.5);
    expect(view.result.diagnosticity[added.id]).toBeCloseTo(Math.log2(0.7 / 0.2), 12);
    expectSameProbabilities(view.result.probabilities, probabilitiesOf(before.state));
  });

  it("addIndicator defaults the weight to 1 and rates archived scenarios 'could'", async () => {
    const f = await createFixture();
    await world.analyst.caller.workspace.setScenarioArchived({
      assessmentId: f.id,
      version: (await snapshot(f.id)).state.version,
      scenarioId: f.s.stalemate,
      archived: true,
    });
    const before = await snapshot(f.id);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.addIndicator({
        assessmentId: f.id,
        version: before.state.version,
        name: "Reserve call-ups",
        expectations: { [f.s.holds]: "unlikely", [f.s.collapses]: "likely" },
      }),
      "indicator.add",
      world.analyst,
      null,
    );
    expect(view.state.indicators.at(-1)).toMatchObject({
      weight: 1,
      expectations: { [f.s.holds]: "unlikely", [f.s.collapses]: "likely", [f.s.stalemate]: "could" },
    });
  });

  it("updateIndicator setting a supporting indicator's weight to 0 lowers the scenario it supported", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.updateIndicator({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.withdrawal,
        name: "Heavy weapons withdrawn 15 km",
        weight: 0,
      }),
      "indicator.update",
    );
    expect(view.state.indicators.find((i) => i.id === f.i.withdrawal)).toMatchObject({
      name: "Heavy weapons withdrawn 15 km",
      weight: 0,
    });
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
    expect(p(view.result.probabilities, f.s.collapses)).toBeGreaterThan(p(old, f.s.collapses));
    expect(view.result.contributions[f.i.withdrawal]?.[f.s.holds]).toBe(0);
  });

  it("setExpectation: rating the leading scenario 'highly unlikely' on present evidence lowers it", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    // Holds leads: both evidence items point to it.
    expect(p(old, f.s.holds)).toBe(Math.max(...Object.values(old)));
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.setExpectation({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.withdrawal,
        scenarioId: f.s.holds,
        expectation: "highly_unlikely",
      }),
      "indicator.setExpectation",
    );
    expect(view.state.indicators.find((i) => i.id === f.i.withdrawal)?.expectations[f.s.holds]).toBe("highly_unlikely");
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));

    // An exact likelihood for a trailing scenario on the same present indicator raises it.
    const middle = await snapshot(f.id);
    const exact = await expectCommitted(
      middle,
      await world.analyst.caller.workspace.setExpectation({
        assessmentId: f.id,
        version: middle.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.withdrawal,
        scenarioId: f.s.collapses,
        expectation: 0.85,
      }),
      "indicator.setExpectation",
    );
    expect(exact.state.indicators.find((i) => i.id === f.i.withdrawal)?.expectations[f.s.collapses]).toBe(0.85);
    expect(p(exact.result.probabilities, f.s.collapses)).toBeGreaterThan(p(view.result.probabilities, f.s.collapses));
  });

  it("setPresence overrides the presence from evidence, with its rationale, and clearing it restores it", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = assess(engineModel(before.state));
    expect(old.presence[f.i.withdrawal]).toBeCloseTo(0.82, 12); // one B2 item says present
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.setPresence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.withdrawal,
        presence: 0.99,
        overrideRationale: "  Confirmed by our own liaison officer ",
      }),
      "indicator.setPresence",
    );
    expect(view.state.indicators.find((i) => i.id === f.i.withdrawal)).toMatchObject({
      presenceOverride: 0.99,
      overrideRationale: "Confirmed by our own liaison officer",
    });
    expect(view.result.presence[f.i.withdrawal]).toBe(0.99);
    expect(p(view.result.probabilities, f.s.holds)).toBeGreaterThan(p(old.probabilities, f.s.holds));

    const middle = await snapshot(f.id);
    const cleared = await expectCommitted(
      middle,
      await world.analyst.caller.workspace.setPresence({
        assessmentId: f.id,
        version: middle.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.withdrawal,
        presence: null,
      }),
      "indicator.setPresence",
    );
    expect(cleared.state.indicators.find((i) => i.id === f.i.withdrawal)).toMatchObject({
      presenceOverride: null,
      overrideRationale: null,
    });
    expect(cleared.result.presence[f.i.withdrawal]).toBeCloseTo(0.82, 12);
    expectSameProbabilities(cleared.result.probabilities, old.probabilities);
  });

  it("moveIndicator reorders the rows and changes no probability", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.moveIndicator({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.artillery,
        toIndex: 0,
      }),
      "indicator.move",
    );
    expect(view.state.indicators.map((i) => i.id)).toEqual([f.i.artillery, f.i.withdrawal]);
    expect((await tableState(f.id)).indicators.map((i) => i.id)).toEqual([f.i.artillery, f.i.withdrawal]);
    expectSameProbabilities(view.result.probabilities, probabilitiesOf(before.state));
  });

  it("reviewIndicator stamps the review time and changes nothing else", async () => {
    const f = await createFixture();
    const before = await snapshot(f.id);
    const old = must(
      before.state.indicators.find((i) => i.id === f.i.artillery),
      "artillery",
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const start = Date.now();
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.reviewIndicator({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.artillery,
      }),
      "indicator.review",
    );
    const reviewed = must(
      view.state.indicators.find((i) => i.id === f.i.artillery),
      "artillery",
    );
    expect(reviewed.lastReviewedAt).toBeGreaterThanOrEqual(start);
    expect(reviewed.lastReviewedAt).toBeGreaterThan(old.lastReviewedAt);
    expect({ ...reviewed, lastReviewedAt: 0 }).toEqual({ ...old, lastReviewedAt: 0 });
    expect(view.result.probabilities).toEqual(probabilitiesOf(before.state));
  });

  it("deleteIndicator removes the row, its ratings and its evidence links, and keeps the evidence", async () => {
    const f = await createFixture();
    // Link the monitors' report to the withdrawal indicator too, so one item loses one of two links.
    await world.analyst.caller.workspace.linkEvidence({
      assessmentId: f.id,
      version: (await snapshot(f.id)).state.version,
      evidenceId: f.e.monitors,
      indicatorId: f.i.withdrawal,
      direction: 1,
    });
    const before = await snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = await expectCommitted(
      before,
      await world.analyst.caller.workspace.deleteIndicator({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        indicatorId: f.i.withdrawal,
      }),
      "indicator.delete",
    );
    expect(view.state.indicators.map((i) => i.id)).toEqual([f.i.artillery]);
    const evidence = Object.fromEntries(view.state.evidence.map((e) => [e.id, e.links]));
    expect(evidence).toEqual({ [f.e.imagery]: {}, [f.e.monitors]: { [f.i.artillery]: -1 } });
    const db = getDb();
    const rows = async (table: typeof schema.expectations | typeof schema.evidenceLinks) =>
      first(await db.select({ n: count() }).from(table).where(eq(table.indicatorId, f.i.withdrawal)))?.n;
    expect(await rows(schema.expectations)).toBe(0);
    expect(await rows(schema.evidenceLinks)).toBe(0);
    expect((await rowCounts()).evidence).toBe(before.counts.evidence);
    expect((await rowCounts()).indicators).toBe(before.counts.indicators - 1);
    // The indicator pointed to "holds": without it, holds falls.
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
    expect(view.result.presence[f.i.withdrawal]).toBeUndefined();
  });
});

const BAD: Record<
  | "addIndicator"
  | "updateIndicator"
  | "setExpectation"
  | "setPresence"
  | "moveIndicator"
  | "reviewIndicator"
  | "deleteIndicator",
  BadCase[]
> = {
  addIndicator: [
    {
      label: "an empty name",
      input: (f) => ({ ...VALID.addIndicator(f), name: "" }),
      field: "name",
      message: "Give the indicator a name",
    },
    {
      label: "a 201-character name",
      input: (f) => ({ ...VALID.addIndicator(f), name: long(201) }),
      field: "name",
      message: "A indicator name is at most 200 characters",
    },
    {
      label: "a 2,001-character description",
      input: (f) => ({ ...VALID.addIndicator(f), description: long(2001) }),
      field: "description",
    },
    {
      label: "a weight of 1.5",
      input: (f) => ({ ...VALID.addIndicator(f), weight: 1.5 }),
      field: "weight",
      message: "The weight must be at most 1 (100 %)",
    },
    {
      label: "a weight of -0.1",
      input: (f) => ({ ...VALID.addIndicator(f), weight: -0.1 }),
      field: "weight",
      message: "The weight must be at least 0",
    },
    {
      label: "a weight of NaN",
      input: (f) => ({ ...VALID.addIndicator(f), weight: Number.NaN }),
      field: "weight",
      message: "The weight must be a number from 0 to 1",
    },
    {
      label: "no rating for an active scenario",
      input: (f) => ({
        ...VALID.addIndicator(f),
        expectations: { [f.s.holds]: "likely", [f.s.collapses]: "unlikely" },
      }),
      field: (f) => `expectations.${f.s.stalemate}`,
      message: "Rate the indicator against scenario 'Frozen stalemate'",
    },
    ...[
      ["maybe", "an unknown rating", RATE] as const,
      [0.995, "a likelihood of 0.995", "An exact likelihood is at most 0.99"] as const,
      [0, "a likelihood of 0", "An exact likelihood is at least 0.01"] as const,
    ].map(
      ([value, label, message]): BadCase => ({
        label,
        input: (f) => ({
          ...VALID.addIndicator(f),
          expectations: { ...(VALID.addIndicator(f).expectations as object), [f.s.holds]: value },
        }),
        field: (f) => `expectations.${f.s.holds}`,
        message,
      }),
    ),
    {
      label: "a rating for another assessment's scenario",
      input: (f) => ({
        ...VALID.addIndicator(f),
        expectations: { ...(VALID.addIndicator(f).expectations as object), [other.s.holds]: "likely" },
      }),
      field: () => `expectations.${other.s.holds}`,
      message: () => `No scenario with id '${other.s.holds}' in this assessment`,
    },
    {
      label: "a rating for another team's scenario",
      input: (f) => ({
        ...VALID.addIndicator(f),
        expectations: { ...(VALID.addIndicator(f).expectations as object), [teamB.scenario]: "likely" },
      }),
      field: () => `expectations.${teamB.scenario}`,
      message: () => `No scenario with id '${teamB.scenario}' in this assessment`,
    },
  ],
  updateIndicator: [
    ...foreignIds("indicator", "indicatorId", VALID.updateIndicator),
    {
      label: "an empty name",
      input: (f) => ({ indicatorId: f.i.withdrawal, name: "" }),
      field: "name",
      message: "Give the indicator a name",
    },
    { label: "a 201-character name", input: (f) => ({ indicatorId: f.i.withdrawal, name: long(201) }), field: "name" },
    {
      label: "a 2,001-character description",
      input: (f) => ({ indicatorId: f.i.withdrawal, description: long(2001) }),
      field: "description",
    },
    ...(
      [
        [1.5, "The weight must be at most 1 (100 %)"],
        [-0.1, "The weight must be at least 0"],
        [Number.NaN, "The weight must be a number from 0 to 1"],
        ["0.5", "The weight must be a number from 0 to 1"],
      ] as const
    ).map(
      ([weight, message]): BadCase => ({
        label: `a weight of ${String(weight)} (${typeof weight})`,
        input: (f) => ({ indicatorId: f.i.withdrawal, weight }),
        field: "weight",
        message,
      }),
    ),
  ],
  setExpectation: [
    ...foreignIds("indicator", "indicatorId", VALID.setExpectation),
    ...foreignIds("scenario", "scenarioId", VALID.setExpectation),
    ...(
      [
        [0.995, "An exact likelihood is at most 0.99"],
        [1, "An exact likelihood is at most 0.99"],
        [0.005, "An exact likelihood is at least 0.01"],
        ["probably", RATE],
        [null, RATE],
      ] as const
    ).map(
      ([expectation, message]): BadCase => ({
        label: `an expectation of ${String(expectation)}`,
        input: (f) => ({ ...VALID.setExpectation(f), expectation }),
        field: "expectation",
        message,
      }),
    ),
  ],
  setPresence: [
    ...foreignIds("indicator", "indicatorId", VALID.setPresence),
    ...(
      [
        [1.2, "Presence is at most 1"],
        [-0.1, "Presence is at least 0"],
      ] as const
    ).map(
      ([presence, message]): BadCase => ({
        label: `a presence of ${presence}`,
        input: (f) => ({ ...VALID.setPresence(f), presence }),
        field: "presence",
        message,
      }),
    ),
    {
      label: "a presence of NaN",
      input: (f) => ({ ...VALID.setPresence(f), presence: Number.NaN }),
      field: "presence",
    },
    {
      label: "an override without a rationale",
      input: (f) => ({ indicatorId: f.i.withdrawal, presence: 0.9 }),
      field: "overrideRationale",
      message: "Say why you override the presence derived from evidence",
    },
    {
      label: "an override with a blank rationale",
      input: (f) => ({ indicatorId: f.i.withdrawal, presence: 0.9, overrideRationale: "   " }),
      field: "overrideRationale",
      message: "Say why you override the presence derived from evidence",
    },
    {
      label: "an override rationale over 500 characters",
      input: (f) => ({ indicatorId: f.i.withdrawal, presence: 0.9, overrideRationale: long(501) }),
      field: "overrideRationale",
    },
  ],
  moveIndicator: [
    ...foreignIds("indicator", "indicatorId", VALID.moveIndicator),
    {
      label: "a negative position",
      input: (f) => ({ indicatorId: f.i.artillery, toIndex: -1 }),
      field: "toIndex",
      message: "A position is at least 0",
    },
    {
      label: "a fractional position",
      input: (f) => ({ indicatorId: f.i.artillery, toIndex: 0.5 }),
      field: "toIndex",
      message: "Give a whole position",
    },
  ],
  reviewIndicator: [
    ...foreignIds("indicator", "indicatorId", VALID.reviewIndicator),
    { label: "an empty id", input: () => ({ indicatorId: "" }), field: "indicatorId", message: "Give an id" },
  ],
  deleteIndicator: [
    ...foreignIds("indicator", "indicatorId", VALID.deleteIndicator),
    {
      label: "an over-long id",
      input: () => ({ indicatorId: long(65) }),
      field: "indicatorId",
      message: "An id is at most 64 characters",
    },
  ],
};

describeBadInput(BAD);

describe("bad input that needs a particular state", () => {
  it("a third scenario's rating for a two-scenario matrix is refused", async () => {
    const { id } = await world.analyst.caller.assessments.create(newAssessmentInput(world.teamA.id, "Two scenarios"));
    const pair = await world.analyst.caller.assessments.get({ assessmentId: id });
    const [holds, collapses] = pair.state.scenarios.map((s) => s.id);
    const ratings: Record<string, "likely" | "unlikely"> = {
      [must(holds, "holds")]: "likely",
      [must(collapses, "collapses")]: "unlikely",
    };
    const third = shared.s.stalemate;

    const adding = await refuse(
      id,
      "addIndicator",
      { name: "Convoys", expectations: { ...ratings, [third]: "likely" } },
      "BAD_REQUEST",
      `expectations.${third}`,
    );
    expect(adding.message).toBe(`No scenario with id '${third}' in this assessment`);

    const added = await editAt(world.analyst.caller, pair, "addIndicator", {
      name: "Convoys",
      expectations: ratings,
    });
    const indicatorId = must(added.state.indicators[0], "indicator").id;
    const setting = await refuse(
      id,
      "setExpectation",
      { indicatorId, scenarioId: third, expectation: "likely" },
      "NOT_FOUND",
      "scenarioId",
    );
    expect(setting.message).toBe(`No scenario with id '${third}' in this assessment`);
    expect(Object.keys(must((await tableState(id)).indicators[0], "indicator").expectations).sort()).toEqual(
      Object.keys(ratings).sort(),
    );
  });
});
