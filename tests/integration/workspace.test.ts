// The workspace API (issue 4): every edit's effect on the state and on the probabilities, the one
// event it appends and the answer a page follows it by, who may make it, and every bad input
// refused by name with nothing written.
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import * as schema from "@/db/schema";
import { todayIso } from "@/server/assessments/assessments";
import { type EditAnswer, followAnswer } from "@/shared/assessment/answer";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess } from "@/shared/engine";
import {
  buildWorld,
  type ClientError,
  expectRefusal,
  newAssessmentInput,
  rowCounts,
  type TestUser,
  type World,
} from "./harness";
import {
  changeOf,
  comparable,
  type EditName,
  edit,
  editAt,
  eventsOf,
  expectSameProbabilities,
  expectUnchanged,
  follow,
  type Snapshot,
  snapshot,
  tableState,
  type View,
} from "./workspace-helpers";

let world: World;

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`Missing ${what}`);
  return value;
}

// ── Fixtures ────────────────────────────────────────────────────────────────

/**
 * Three scenarios (priors 0.5 / 0.3 / 0.2) and two indicators, each with one evidence item, both
 * pointing toward "Ceasefire holds":
 * - withdrawal: holds highly_likely, collapses highly_unlikely, stalemate could; imagery B2 says present;
 * - artillery (weight 0.5): holds unlikely, collapses 0.65, stalemate could; monitors C3 say absent.
 */
interface Fixture {
  id: string;
  s: { holds: string; collapses: string; stalemate: string };
  i: { withdrawal: string; artillery: string };
  e: { imagery: string; monitors: string };
}

const EVIDENCE = {
  title: "Commercial imagery shows emptied artillery parks",
  summary: "Three parks near the line stand empty in imagery from two providers.",
  sourceName: "Maxar",
  sourceUrl: "https://example.org/imagery/parks",
  sourceKind: "imagery",
  reliability: "B",
  credibility: 2,
  observedAt: "2024-12-10",
} as const;

async function createFixture(title = "Will the ceasefire hold through the winter?"): Promise<Fixture> {
  const analyst = world.analyst.caller;
  const { id } = await analyst.assessments.create({
    ...newAssessmentInput(world.teamA.id, title),
    scenarios: [
      { name: "Ceasefire holds", prior: 0.5 },
      { name: "Ceasefire collapses", prior: 0.3 },
      { name: "Frozen stalemate", prior: 0.2 },
    ],
  });
  let view: View = await analyst.assessments.get({ assessmentId: id });
  const [holds, collapses, stalemate] = view.state.scenarios.map((s) => s.id);
  const s = {
    holds: must(holds, "holds"),
    collapses: must(collapses, "collapses"),
    stalemate: must(stalemate, "stalemate"),
  };
  view = await editAt(analyst, view, "addIndicator", {
    name: "Heavy weapons withdrawn from the line",
    expectations: { [s.holds]: "highly_likely", [s.collapses]: "highly_unlikely", [s.stalemate]: "could" },
  });
  const withdrawal = must(view.state.indicators.at(-1), "withdrawal").id;
  view = await editAt(analyst, view, "addIndicator", {
    name: "Artillery duels reported",
    weight: 0.5,
    expectations: { [s.holds]: "unlikely", [s.collapses]: 0.65, [s.stalemate]: "could" },
  });
  const artillery = must(view.state.indicators.at(-1), "artillery").id;
  view = await editAt(analyst, view, "addEvidence", {
    ...EVIDENCE,
    links: [{ indicatorId: withdrawal, direction: 1 }],
  });
  const imagery = must(view.state.evidence.at(-1), "imagery").id;
  view = await editAt(analyst, view, "addEvidence", {
    title: "Ceasefire monitors report quiet nights",
    sourceName: "OSCE monitoring mission",
    sourceKind: "report",
    reliability: "C",
    credibility: 3,
    observedAt: "2024-12-11",
    links: [{ indicatorId: artillery, direction: -1 }],
  });
  const monitors = must(view.state.evidence.at(-1), "monitors").id;
  return { id, s, i: { withdrawal, artillery }, e: { imagery, monitors } };
}

/** Team B's assessment, with an indicator and an evidence item of its own. */
interface Foreign {
  id: string;
  scenario: string;
  indicator: string;
  evidence: string;
}

async function createTeamBParts(): Promise<Foreign> {
  const b = world.ownerB.caller;
  const id = world.teamB.assessmentId;
  let view: View = await b.assessments.get({ assessmentId: id });
  const scenarioIds = view.state.scenarios.map((s) => s.id);
  view = await editAt(b, view, "addIndicator", {
    name: "Team B's indicator",
    expectations: Object.fromEntries(scenarioIds.map((sid) => [sid, "likely"])),
  });
  const indicator = must(view.state.indicators.at(-1), "team B indicator").id;
  view = await editAt(b, view, "addEvidence", {
    ...EVIDENCE,
    links: [{ indicatorId: indicator, direction: 1 }],
  });
  return {
    id,
    scenario: must(scenarioIds[0], "team B scenario"),
    indicator,
    evidence: must(view.state.evidence.at(-1), "team B evidence").id,
  };
}

// ── Checks ──────────────────────────────────────────────────────────────────

const RATIONALE = "Per the 12 Dec imagery review";

function probabilitiesOf(state: AssessmentState): Record<string, number> {
  return assess(engineModel(state)).probabilities;
}

function p(probabilities: Record<string, number>, scenarioId: string): number {
  return must(probabilities[scenarioId], `probability of ${scenarioId}`);
}

/** An edit's answer followed as a page follows it: the state it leads to and the engine's result on it. */
type Followed = Pick<View, "state" | "result">;

/**
 * A committed edit: version + 1, exactly one new event of `kind` with the actor, the rationale and
 * the probabilities. The answer is that event (its seq, change, time and probabilities); followed
 * from the state the edit was based on it gives what the tables hold, and its probabilities are the
 * engine's on that state. Returns the followed state with the engine's result on it.
 */
function expectCommitted(
  before: Snapshot,
  answer: EditAnswer,
  kind: string,
  who: TestUser = world.analyst,
  rationale: string | null = RATIONALE,
): Followed {
  const id = before.state.id;
  expect(answer.assessmentId).toBe(id);
  expect(answer.version).toBe(before.state.version + 1);
  const events = eventsOf(id);
  expect(events).toHaveLength(before.events + 1);
  const event = must(events.at(-1), "event");
  expect(event.kind).toBe(kind);
  expect(changeOf(event)?.type).toBe(kind);
  expect(event.actorId).toBe(who.id);
  expect(event.actorName).toBe(who.name);
  expect(event.rationale).toBe(rationale);
  expect((event.payload as { version: number }).version).toBe(answer.version);
  expect(event.probabilities).toEqual(answer.probabilities);
  expect(answer.seq).toBe(event.seq);
  expect(answer.change).toEqual(changeOf(event));
  expect(answer.at).toBe(event.at.getTime());
  expect(rowCounts().events).toBe(before.counts.events + 1);

  const state = must(followAnswer(before.state, answer), `a state that follows version ${before.state.version}`);
  expect(state.version).toBe(answer.version);
  expect(comparable(state)).toEqual(comparable(tableState(id)));
  const result = assess(engineModel(state));
  expectSameProbabilities(result.probabilities, answer.probabilities);
  expectSameProbabilities(probabilitiesOf(tableState(id)), answer.probabilities);
  const total = Object.values(answer.probabilities).reduce((a, b) => a + b, 0);
  expect(Math.abs(total - 1)).toBeLessThan(1e-12);
  return { state, result };
}

/** Calls `name` as `who` at the current version (unless `input` says otherwise); must be refused. */
async function refuse(
  assessmentId: string,
  name: EditName,
  input: Record<string, unknown>,
  code: ClientError["code"],
  field: string | null,
  who: TestUser = world.analyst,
): Promise<ClientError> {
  const before = snapshot(assessmentId);
  const error = await expectRefusal(
    edit(who.caller, name, { assessmentId, version: before.state.version, ...input }),
    code,
  );
  if (field !== null) {
    // The field is named for the form, and the message shown is the one beside that field.
    expect(Object.keys(error.fieldErrors ?? {}), error.message).toEqual([field]);
    const beside = must(error.fieldErrors?.[field]?.[0], "field message");
    expect(error.message).toContain(beside);
  }
  expectUnchanged(assessmentId, before);
  return error;
}

// ── A valid input for every edit, used by the role and "every edit" tests ────

const VALID: Record<EditName, (f: Fixture) => Record<string, unknown>> = {
  updateAssessment: () => ({ title: "Will the ceasefire hold until spring?" }),
  addScenario: () => ({ name: "Negotiated settlement", prior: 0.1 }),
  updateScenario: (f) => ({ scenarioId: f.s.collapses, prior: 0.35 }),
  moveScenario: (f) => ({ scenarioId: f.s.stalemate, toIndex: 0 }),
  setScenarioArchived: (f) => ({ scenarioId: f.s.stalemate, archived: true }),
  addIndicator: (f) => ({
    name: "Prisoner exchanges resume",
    weight: 0.8,
    expectations: { [f.s.holds]: "likely", [f.s.collapses]: 0.2, [f.s.stalemate]: "could" },
  }),
  updateIndicator: (f) => ({ indicatorId: f.i.withdrawal, weight: 0.4 }),
  setExpectation: (f) => ({ indicatorId: f.i.withdrawal, scenarioId: f.s.stalemate, expectation: "likely" }),
  setPresence: (f) => ({
    indicatorId: f.i.artillery,
    presence: 0.1,
    overrideRationale: "Monitors cover every sector",
  }),
  moveIndicator: (f) => ({ indicatorId: f.i.artillery, toIndex: 0 }),
  reviewIndicator: (f) => ({ indicatorId: f.i.artillery }),
  deleteIndicator: (f) => ({ indicatorId: f.i.artillery }),
  addEvidence: (f) => ({
    ...EVIDENCE,
    title: "Second imagery pass",
    links: [{ indicatorId: f.i.withdrawal, direction: 1 }],
  }),
  updateEvidence: (f) => ({ evidenceId: f.e.imagery, credibility: 3 }),
  linkEvidence: (f) => ({ evidenceId: f.e.imagery, indicatorId: f.i.artillery, direction: -1 }),
  unlinkEvidence: (f) => ({ evidenceId: f.e.monitors, indicatorId: f.i.artillery }),
  deleteEvidence: (f) => ({ evidenceId: f.e.monitors }),
};

const KIND: Record<EditName, string> = {
  updateAssessment: "assessment.update",
  addScenario: "scenario.add",
  updateScenario: "scenario.update",
  moveScenario: "scenario.move",
  setScenarioArchived: "scenario.archive",
  addIndicator: "indicator.add",
  updateIndicator: "indicator.update",
  setExpectation: "indicator.setExpectation",
  setPresence: "indicator.setPresence",
  moveIndicator: "indicator.move",
  reviewIndicator: "indicator.review",
  deleteIndicator: "indicator.delete",
  addEvidence: "evidence.add",
  updateEvidence: "evidence.update",
  linkEvidence: "evidence.link",
  unlinkEvidence: "evidence.unlink",
  deleteEvidence: "evidence.delete",
};

const EDITS = Object.keys(VALID) as EditName[];

// ── Shared world ────────────────────────────────────────────────────────────

/** Refused calls use it; the stale-version tests only re-save a weight it already has. */
let shared: Fixture;
/** A second assessment of team A. */
let other: Fixture;
let teamB: Foreign;

beforeAll(async () => {
  world = await buildWorld();
  shared = await createFixture("Shared fixture");
  other = await createFixture("Another assessment of the same team");
  teamB = await createTeamBParts();
});
afterAll(() => world?.db.cleanup());

// ── Happy paths ─────────────────────────────────────────────────────────────

describe("each edit, made by an analyst", () => {
  it("updateAssessment changes the fields given and leaves the probabilities alone", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const view = expectCommitted(
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

  it("addScenario appends a scenario every indicator rates 'could', taking probability from the others", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = expectCommitted(
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
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = expectCommitted(
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
    const before = snapshot(f.id);
    const view = expectCommitted(
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
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const archived = expectCommitted(
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

    const middle = snapshot(f.id);
    const restored = expectCommitted(
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

  it("addIndicator appends a row whose presence is 0.5 until evidence arrives, so nothing moves yet", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const view = expectCommitted(
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
      version: snapshot(f.id).state.version,
      scenarioId: f.s.stalemate,
      archived: true,
    });
    const before = snapshot(f.id);
    const view = expectCommitted(
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
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = expectCommitted(
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
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    // Holds leads: both evidence items point to it.
    expect(p(old, f.s.holds)).toBe(Math.max(...Object.values(old)));
    const view = expectCommitted(
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
    const middle = snapshot(f.id);
    const exact = expectCommitted(
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
    const before = snapshot(f.id);
    const old = assess(engineModel(before.state));
    expect(old.presence[f.i.withdrawal]).toBeCloseTo(0.82, 12); // one B2 item says present
    const view = expectCommitted(
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

    const middle = snapshot(f.id);
    const cleared = expectCommitted(
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
    const before = snapshot(f.id);
    const view = expectCommitted(
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
    expect(tableState(f.id).indicators.map((i) => i.id)).toEqual([f.i.artillery, f.i.withdrawal]);
    expectSameProbabilities(view.result.probabilities, probabilitiesOf(before.state));
  });

  it("reviewIndicator stamps the review time and changes nothing else", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const old = must(
      before.state.indicators.find((i) => i.id === f.i.artillery),
      "artillery",
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const start = Date.now();
    const view = expectCommitted(
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
      version: snapshot(f.id).state.version,
      evidenceId: f.e.monitors,
      indicatorId: f.i.withdrawal,
      direction: 1,
    });
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = expectCommitted(
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
    const rows = (table: typeof schema.expectations | typeof schema.evidenceLinks) =>
      db.select({ n: count() }).from(table).where(eq(table.indicatorId, f.i.withdrawal)).get()?.n;
    expect(rows(schema.expectations)).toBe(0);
    expect(rows(schema.evidenceLinks)).toBe(0);
    expect(rowCounts().evidence).toBe(before.counts.evidence);
    expect(rowCounts().indicators).toBe(before.counts.indicators - 1);
    // The indicator pointed to "holds": without it, holds falls.
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
    expect(view.result.presence[f.i.withdrawal]).toBeUndefined();
  });

  it("addEvidence records a graded item with its author; an A1 'present' link raises the scenario expecting it", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const old = assess(engineModel(before.state));
    const start = Date.now();
    const view = expectCommitted(
      before,
      await world.analyst.caller.workspace.addEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        title: "  Defence ministry confirms withdrawal ",
        summary: "Official statement with unit list",
        sourceName: "Ministry of Defence",
        sourceUrl: "https://example.org/statement",
        sourceKind: "official_statement",
        reliability: "A",
        credibility: 1,
        observedAt: todayIso(),
        links: [
          { indicatorId: f.i.withdrawal, direction: 1 },
          { indicatorId: f.i.artillery, direction: -1 },
        ],
      }),
      "evidence.add",
    );
    const added = must(view.state.evidence.at(-1), "added evidence");
    expect(added).toMatchObject({
      title: "Defence ministry confirms withdrawal",
      summary: "Official statement with unit list",
      sourceName: "Ministry of Defence",
      sourceUrl: "https://example.org/statement",
      sourceKind: "official_statement",
      reliability: "A",
      credibility: 1,
      observedAt: todayIso(),
      authorId: world.analyst.id,
      authorName: world.analyst.name,
      links: { [f.i.withdrawal]: 1, [f.i.artillery]: -1 },
    });
    expect(added.recordedAt).toBeGreaterThanOrEqual(start);
    expect(must(view.result.presence[f.i.withdrawal], "q")).toBeGreaterThan(must(old.presence[f.i.withdrawal], "q"));
    expect(must(view.result.presence[f.i.artillery], "q")).toBeLessThan(must(old.presence[f.i.artillery], "q"));
    expect(p(view.result.probabilities, f.s.holds)).toBeGreaterThan(p(old.probabilities, f.s.holds));
  });

  it("updateEvidence downgrading the grade weakens the presence and lowers the scenario it supported", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const old = assess(engineModel(before.state));
    const view = expectCommitted(
      before,
      await world.analyst.caller.workspace.updateEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
        title: "Imagery (single provider)",
        reliability: "E",
        credibility: 5,
        sourceUrl: null,
      }),
      "evidence.update",
    );
    expect(view.state.evidence.find((e) => e.id === f.e.imagery)).toMatchObject({
      title: "Imagery (single provider)",
      reliability: "E",
      credibility: 5,
      sourceUrl: null,
      sourceName: EVIDENCE.sourceName,
      links: { [f.i.withdrawal]: 1 },
    });
    // E5: a = 0.5 + 0.5·0.2·0.2 = 0.52.
    expect(view.result.presence[f.i.withdrawal]).toBeCloseTo(0.52, 12);
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old.probabilities, f.s.holds));
  });

  it("linkEvidence adds a link, and relinking the other way replaces its direction", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const old = assess(engineModel(before.state));
    const view = expectCommitted(
      before,
      await world.analyst.caller.workspace.linkEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
        indicatorId: f.i.artillery,
        direction: -1,
      }),
      "evidence.link",
    );
    expect(view.state.evidence.find((e) => e.id === f.e.imagery)?.links).toEqual({
      [f.i.withdrawal]: 1,
      [f.i.artillery]: -1,
    });
    // A second "absent" item on artillery duels, which holds rates unlikely: holds rises.
    expect(must(view.result.presence[f.i.artillery], "q")).toBeLessThan(must(old.presence[f.i.artillery], "q"));
    expect(p(view.result.probabilities, f.s.holds)).toBeGreaterThan(p(old.probabilities, f.s.holds));

    const middle = snapshot(f.id);
    const flipped = expectCommitted(
      middle,
      await world.analyst.caller.workspace.linkEvidence({
        assessmentId: f.id,
        version: middle.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
        indicatorId: f.i.artillery,
        direction: 1,
      }),
      "evidence.link",
    );
    expect(flipped.state.evidence.find((e) => e.id === f.e.imagery)?.links[f.i.artillery]).toBe(1);
    expect(p(flipped.result.probabilities, f.s.holds)).toBeLessThan(p(view.result.probabilities, f.s.holds));
  });

  it("unlinkEvidence removes the link and its pull: presence returns to 0.5", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = expectCommitted(
      before,
      await world.analyst.caller.workspace.unlinkEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.monitors,
        indicatorId: f.i.artillery,
      }),
      "evidence.unlink",
    );
    expect(view.state.evidence.find((e) => e.id === f.e.monitors)?.links).toEqual({});
    expect(view.result.presence[f.i.artillery]).toBe(0.5);
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
  });

  it("deleteEvidence removes the item and its links; the indicator it fed goes back to 0.5", async () => {
    const f = await createFixture();
    const before = snapshot(f.id);
    const old = probabilitiesOf(before.state);
    const view = expectCommitted(
      before,
      await world.analyst.caller.workspace.deleteEvidence({
        assessmentId: f.id,
        version: before.state.version,
        rationale: RATIONALE,
        evidenceId: f.e.imagery,
      }),
      "evidence.delete",
    );
    expect(view.state.evidence.map((e) => e.id)).toEqual([f.e.monitors]);
    expect(rowCounts().evidence).toBe(before.counts.evidence - 1);
    const links = getDb()
      .select({ n: count() })
      .from(schema.evidenceLinks)
      .where(eq(schema.evidenceLinks.evidenceId, f.e.imagery))
      .get()?.n;
    expect(links).toBe(0);
    expect(view.result.presence[f.i.withdrawal]).toBe(0.5);
    expect(p(view.result.probabilities, f.s.holds)).toBeLessThan(p(old, f.s.holds));
  });

  it("stores no rationale when none is given, and trims the one given", async () => {
    const f = await createFixture();
    let before = snapshot(f.id);
    expectCommitted(
      before,
      await world.analyst.caller.workspace.reviewIndicator({
        assessmentId: f.id,
        version: before.state.version,
        indicatorId: f.i.withdrawal,
      }),
      "indicator.review",
      world.analyst,
      null,
    );
    before = snapshot(f.id);
    expectCommitted(
      before,
      await world.analyst.caller.workspace.reviewIndicator({
        assessmentId: f.id,
        version: before.state.version,
        rationale: "   Checked against today's reporting  ",
        indicatorId: f.i.withdrawal,
      }),
      "indicator.review",
      world.analyst,
      "Checked against today's reporting",
    );
  });
});

// ── Roles ───────────────────────────────────────────────────────────────────

describe("who may edit", () => {
  it.each(EDITS)(
    "%s: analyst and owner may; viewer FORBIDDEN; another team NOT_FOUND; signed-out UNAUTHORIZED",
    async (name) => {
      const f = await createFixture(`Roles: ${name}`);
      const input = VALID[name](f);
      const viewer = await refuse(f.id, name, input, "FORBIDDEN", null, world.viewer);
      expect(viewer.message).toBe(
        "Your role in this team is viewer, which reads, comments and exports: only an analyst or owner can change assessments.",
      );
      const stranger = await refuse(f.id, name, input, "NOT_FOUND", "assessmentId", world.ownerB);
      expect(stranger.message).toBe(`No assessment with id '${f.id}'`);
      const before = snapshot(f.id);
      await expectRefusal(
        edit(world.anonymous, name, { assessmentId: f.id, version: before.state.version, ...input }),
        "UNAUTHORIZED",
      );
      expectUnchanged(f.id, before);

      for (const who of [world.analyst, world.owner]) {
        const g = who === world.analyst ? f : await createFixture(`Roles: ${name} by the owner`);
        const start = snapshot(g.id);
        const answer = await edit(who.caller, name, {
          assessmentId: g.id,
          version: start.state.version,
          rationale: RATIONALE,
          ...VALID[name](g),
        });
        expectCommitted(start, answer, KIND[name], who);
      }
    },
  );

  it("team A's analyst cannot edit team B's assessment, even with its real ids", async () => {
    const before = snapshot(teamB.id);
    const error = await expectRefusal(
      world.analyst.caller.workspace.updateIndicator({
        assessmentId: teamB.id,
        version: before.state.version,
        indicatorId: teamB.indicator,
        weight: 0,
      }),
      "NOT_FOUND",
    );
    expect(error.message).toBe(`No assessment with id '${teamB.id}'`);
    expectUnchanged(teamB.id, before);
  });
});

// ── Following an edit's answer ──────────────────────────────────────────────

describe("following an edit's answer", () => {
  it("an edit answers with the change, which a page at the base version follows to the server's state", async () => {
    const f = await createFixture("Followed by a page");
    const analyst = world.analyst.caller;
    const at = (version: number) => ({ assessmentId: f.id, version });
    const edits: [what: string, send: (version: number) => Promise<EditAnswer>][] = [
      [
        "a rating",
        (version) =>
          analyst.workspace.setExpectation({
            ...at(version),
            indicatorId: f.i.withdrawal,
            scenarioId: f.s.stalemate,
            expectation: "highly_unlikely",
          }),
      ],
      [
        "a weight",
        (version) => analyst.workspace.updateIndicator({ ...at(version), indicatorId: f.i.artillery, weight: 0.3 }),
      ],
      [
        "evidence with links",
        (version) =>
          analyst.workspace.addEvidence({
            ...at(version),
            ...EVIDENCE,
            title: "Liaison officers confirm the pull-back",
            links: [
              { indicatorId: f.i.withdrawal, direction: 1 },
              { indicatorId: f.i.artillery, direction: -1 },
            ],
          }),
      ],
      [
        "deleting an indicator",
        (version) => analyst.workspace.deleteIndicator({ ...at(version), indicatorId: f.i.withdrawal }),
      ],
    ];

    let page: View = await analyst.assessments.get({ assessmentId: f.id });
    for (const [what, send] of edits) {
      const before = page.state;
      const answer = await send(before.version);
      // The change and what it led to, not the whole state.
      expect(Object.keys(answer).sort(), what).toEqual([
        "assessmentId",
        "at",
        "change",
        "probabilities",
        "seq",
        "version",
      ]);
      expect(answer.version, what).toBe(before.version + 1);

      page = follow(page, answer);
      const server = await analyst.assessments.get({ assessmentId: f.id });
      expect(comparable(page.state), what).toEqual(comparable(server.state));
      expectSameProbabilities(page.result.probabilities, server.result.probabilities, what);
      expectSameProbabilities(answer.probabilities, server.result.probabilities, what);

      // A state at any other version, or of another assessment, does not follow: the page reloads.
      expect(followAnswer(server.state, answer), `${what}: applied twice`).toBeNull();
      expect(followAnswer({ ...before, version: before.version - 1 }, answer), `${what}: a version behind`).toBeNull();
      expect(followAnswer({ ...before, id: other.id }, answer), `${what}: another assessment`).toBeNull();
    }
    // The page followed every edit to where the server is, and each one changed what it said.
    expect(page.state.indicators.map((i) => i.id)).toEqual([f.i.artillery]);
    expect(page.state.indicators[0]?.weight).toBe(0.3);
    expect(page.state.evidence.at(-1)?.links).toEqual({ [f.i.artillery]: -1 });
  });
});

// ── Refusals every edit shares ──────────────────────────────────────────────

describe("every edit refuses", () => {
  it.each(EDITS)("%s: a stale version, with a CONFLICT naming who changed what", async (name) => {
    const f = shared;
    // The owner changes the assessment first: the analyst's version is now one behind.
    const seen = snapshot(f.id).state.version;
    await world.owner.caller.workspace.updateIndicator({
      assessmentId: f.id,
      version: seen,
      indicatorId: f.i.artillery,
      weight: 0.5,
    });
    const error = await refuse(f.id, name, { ...VALID[name](f), version: seen }, "CONFLICT", "version");
    expect(error.message).toBe(
      `Olive Owner changed this assessment since you loaded it (Set the weight of 'Artillery duels reported' to 50 %; now version ${seen + 1}, yours was ${seen}). Reload their change, then apply yours again.`,
    );
    expect(error.details).toMatchObject({
      currentVersion: seen + 1,
      changes: [{ actor: "Olive Owner", summary: "Set the weight of 'Artillery duels reported' to 50 %" }],
    });
  });

  it("a version ahead of the assessment's, with a CONFLICT that asks for a reload and names no one", async () => {
    const current = snapshot(shared.id).state.version;
    const error = await refuse(
      shared.id,
      "reviewIndicator",
      { indicatorId: shared.i.withdrawal, version: current + 1 },
      "CONFLICT",
      "version",
    );
    expect(error.message).toBe(
      `This assessment is at version ${current}, not ${current + 1}: reload it, then apply your change again.`,
    );
    expect(error.details).toEqual({ currentVersion: current, changes: [] });
  });

  it.each(EDITS)("%s: a version that is not a positive whole number, or missing", async (name) => {
    for (const version of [0, -1, 1.5, "6", undefined]) {
      const error = await refuse(shared.id, name, { ...VALID[name](shared), version }, "BAD_REQUEST", "version");
      expect(error.fieldErrors?.version).toEqual(["Send the assessment version your change is based on"]);
    }
  });

  it.each(EDITS)("%s: an unknown, empty or over-long assessment id", async (name) => {
    const unknown = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), assessmentId: "no-such-assessment" },
      "NOT_FOUND",
      "assessmentId",
    );
    expect(unknown.message).toBe("No assessment with id 'no-such-assessment'");
    const empty = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), assessmentId: " " },
      "BAD_REQUEST",
      "assessmentId",
    );
    expect(empty.fieldErrors?.assessmentId).toEqual(["Give an id"]);
    const long = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), assessmentId: "a".repeat(65) },
      "BAD_REQUEST",
      "assessmentId",
    );
    expect(long.fieldErrors?.assessmentId).toEqual(["An id is at most 64 characters"]);
  });

  it.each(EDITS)("%s: a rationale over 500 characters", async (name) => {
    const error = await refuse(
      shared.id,
      name,
      { ...VALID[name](shared), rationale: "r".repeat(501) },
      "BAD_REQUEST",
      "rationale",
    );
    expect(error.fieldErrors?.rationale).toEqual(["Keep the rationale to one line (at most 500 characters)"]);
  });

  describe("on an archived assessment", () => {
    let archived: Fixture;
    beforeAll(async () => {
      archived = await createFixture("Archived");
      await world.analyst.caller.assessments.setArchived({
        assessmentId: archived.id,
        version: snapshot(archived.id).state.version,
        archived: true,
      });
    });

    it.each(EDITS)("%s", async (name) => {
      const error = await refuse(archived.id, name, VALID[name](archived), "BAD_REQUEST", "assessmentId");
      expect(error.message).toBe("This assessment is archived: restore it before changing it");
    });
  });
});

// ── Bad input, procedure by procedure ───────────────────────────────────────

const TOMORROW = () => todayIso(new Date(Date.now() + 86_400_000));

interface BadCase {
  label: string;
  input: (f: Fixture) => Record<string, unknown>;
  field: string | ((f: Fixture) => string);
  code?: ClientError["code"];
  /** The message beside the field. */
  message?: string | ((f: Fixture) => string);
}

/** Unknown ids, ids of the other assessment of team A and ids of team B: NOT_FOUND naming the field. */
function foreignIds(
  kind: "scenario" | "indicator" | "evidence",
  field: string,
  valid: (f: Fixture) => Record<string, unknown>,
): BadCase[] {
  const noun = { scenario: "scenario", indicator: "indicator", evidence: "evidence item" }[kind];
  const pick = {
    scenario: [() => other.s.holds, () => teamB.scenario],
    indicator: [() => other.i.withdrawal, () => teamB.indicator],
    evidence: [() => other.e.imagery, () => teamB.evidence],
  }[kind];
  const sources: [string, () => string][] = [
    ["an unknown", () => `no-such-${kind}`],
    ["another assessment's", must(pick[0], "pick")],
    ["another team's", must(pick[1], "pick")],
  ];
  return sources.map(([label, id]) => ({
    label: `${label} ${kind} id`,
    input: (f) => ({ ...valid(f), [field]: id() }),
    field,
    code: "NOT_FOUND",
    message: () => `No ${noun} with id '${id()}' in this assessment`,
  }));
}

const long = (n: number) => "x".repeat(n);
const RATE =
  "Rate as highly_likely, likely, could, unlikely or highly_unlikely, or give a likelihood from 0.01 to 0.99";

const BAD: Record<EditName, BadCase[]> = {
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
  addEvidence: [
    ...(
      [
        ["title", "", "Give the evidence a title"],
        ["title", "  ", "Give the evidence a title"],
        ["title", long(301), "A title is at most 300 characters"],
        ["sourceName", "", "Name the source"],
        ["sourceName", long(301), "A source name is at most 300 characters"],
        ["summary", long(5001), "A summary is at most 5,000 characters"],
        ["sourceUrl", "javascript:alert(1)", "Give a web address starting with http:// or https://"],
        ["sourceUrl", "ftp://x", "Give a web address starting with http:// or https://"],
        ["sourceUrl", "https://", "Give a web address starting with http:// or https://"],
        ["sourceUrl", `https://example.org/${long(2000)}`, "A URL is at most 2,000 characters"],
        ["sourceKind", "rumour", "Source kind is imagery, official_statement, media, expert, report or other"],
        ["reliability", "G", "Source reliability is a letter from A to F"],
        ["reliability", "b", "Source reliability is a letter from A to F"],
        ["credibility", 7, "Information credibility is a number from 1 to 6"],
        ["credibility", 0, "Information credibility is a number from 1 to 6"],
        ["credibility", 2.5, "Information credibility is a whole number from 1 to 6"],
        ["credibility", "2", "Information credibility is a number from 1 to 6"],
        ["observedAt", "2099-01-01", "The observed-at date is in the future: use the date it happened or was reported"],
        ["observedAt", "2024-02-30", "That date does not exist"],
        ["observedAt", "10/12/2024", "Give a date as YYYY-MM-DD"],
      ] as const
    ).map(
      ([field, value, message]): BadCase => ({
        label: `${field} ${JSON.stringify(value).slice(0, 30)}`,
        input: (f) => ({ ...VALID.addEvidence(f), [field]: value }),
        field,
        message,
      }),
    ),
    {
      label: "observedAt tomorrow",
      input: (f) => ({ ...VALID.addEvidence(f), observedAt: TOMORROW() }),
      field: "observedAt",
      message: "The observed-at date is in the future: use the date it happened or was reported",
    },
    {
      label: "the same indicator linked twice",
      input: (f) => ({
        ...VALID.addEvidence(f),
        links: [
          { indicatorId: f.i.withdrawal, direction: 1 },
          { indicatorId: f.i.withdrawal, direction: -1 },
        ],
      }),
      field: "links.1.indicatorId",
      message: "The same indicator is linked twice",
    },
    ...(
      [
        ["an unknown", () => "no-such-indicator"],
        ["another assessment's", () => other.i.withdrawal],
        ["another team's", () => teamB.indicator],
      ] as const
    ).map(
      ([label, id]): BadCase => ({
        label: `a link to ${label} indicator`,
        input: (f) => ({
          ...VALID.addEvidence(f),
          links: [
            { indicatorId: f.i.artillery, direction: 1 },
            { indicatorId: id(), direction: 1 },
          ],
        }),
        field: "links.1.indicatorId",
        message: () => `No indicator with id '${id()}' in this assessment`,
      }),
    ),
    {
      label: "a link direction of 0",
      input: (f) => ({ ...VALID.addEvidence(f), links: [{ indicatorId: f.i.withdrawal, direction: 0 }] }),
      field: "links.0.direction",
      message: "Direction is 1 (indicates present) or -1 (indicates absent)",
    },
  ],
  updateEvidence: [
    ...foreignIds("evidence", "evidenceId", VALID.updateEvidence),
    ...(
      [
        ["title", "", "Give the evidence a title"],
        ["sourceName", " ", "Name the source"],
        ["sourceUrl", "javascript:alert(1)", "Give a web address starting with http:// or https://"],
        ["reliability", "G", "Source reliability is a letter from A to F"],
        ["credibility", 7, "Information credibility is a number from 1 to 6"],
        ["observedAt", "2099-01-01", "The observed-at date is in the future: use the date it happened or was reported"],
      ] as const
    ).map(
      ([field, value, message]): BadCase => ({
        label: `${field} ${JSON.stringify(value)}`,
        input: (f) => ({ evidenceId: f.e.imagery, [field]: value }),
        field,
        message,
      }),
    ),
    {
      label: "nothing to change",
      input: (f) => ({ evidenceId: f.e.imagery }),
      field: "input",
      message: "Nothing to change: give at least one field",
    },
  ],
  linkEvidence: [
    ...foreignIds("evidence", "evidenceId", VALID.linkEvidence),
    ...foreignIds("indicator", "indicatorId", VALID.linkEvidence),
    ...[0, 2, "1"].map(
      (direction): BadCase => ({
        label: `a direction of ${JSON.stringify(direction)}`,
        input: (f) => ({ ...VALID.linkEvidence(f), direction }),
        field: "direction",
        message: "Direction is 1 (indicates present) or -1 (indicates absent)",
      }),
    ),
    {
      label: "a link that already exists in that direction",
      input: (f) => ({ evidenceId: f.e.imagery, indicatorId: f.i.withdrawal, direction: 1 }),
      field: "indicatorId",
      message: "This evidence item is already linked to that indicator as 'indicates present'",
    },
  ],
  unlinkEvidence: [
    ...foreignIds("evidence", "evidenceId", VALID.unlinkEvidence),
    {
      label: "a pair that is not linked",
      input: (f) => ({ evidenceId: f.e.imagery, indicatorId: f.i.artillery }),
      field: "indicatorId",
      message: "This evidence item is not linked to that indicator",
    },
    {
      label: "another assessment's indicator",
      input: (f) => ({ evidenceId: f.e.imagery, indicatorId: other.i.withdrawal }),
      field: "indicatorId",
      message: "This evidence item is not linked to that indicator",
    },
  ],
  deleteEvidence: [...foreignIds("evidence", "evidenceId", VALID.deleteEvidence)],
};

describe("bad input, procedure by procedure", () => {
  for (const name of EDITS) {
    describe(name, () => {
      it.each(BAD[name].map((c) => [c.label, c] as const))("refuses %s, naming the field", async (_label, c) => {
        const field = typeof c.field === "string" ? c.field : c.field(shared);
        const error = await refuse(shared.id, name, c.input(shared), c.code ?? "BAD_REQUEST", field);
        if (c.message !== undefined) {
          const message = typeof c.message === "string" ? c.message : c.message(shared);
          expect(error.fieldErrors?.[field]).toEqual([message]);
        }
      });
    });
  }
});

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
    expect(Object.keys(must(tableState(id).indicators[0], "indicator").expectations).sort()).toEqual(
      Object.keys(ratings).sort(),
    );
  });

  it("archiving is refused when it would leave fewer than two active scenarios", async () => {
    const f = await createFixture();
    await world.analyst.caller.workspace.setScenarioArchived({
      assessmentId: f.id,
      version: snapshot(f.id).state.version,
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
      version: snapshot(f.id).state.version,
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
        version: snapshot(f.id).state.version,
        name: `Scenario ${n}`,
        prior: 0.1,
      });
    }
    expect(tableState(f.id).scenarios).toHaveLength(12);
    const error = await refuse(f.id, "addScenario", { name: "Scenario 13", prior: 0.1 }, "BAD_REQUEST", "name");
    expect(error.message).toBe("At most 12 active scenarios");
  });

  it("unlinking a pair twice: the second is refused", async () => {
    const f = await createFixture();
    const input = { evidenceId: f.e.imagery, indicatorId: f.i.withdrawal };
    await world.analyst.caller.workspace.unlinkEvidence({
      assessmentId: f.id,
      version: snapshot(f.id).state.version,
      ...input,
    });
    const error = await refuse(f.id, "unlinkEvidence", input, "BAD_REQUEST", "indicatorId");
    expect(error.message).toBe("This evidence item is not linked to that indicator");
  });

  it("an evidence link to a deleted indicator is refused", async () => {
    const f = await createFixture();
    await world.analyst.caller.workspace.deleteIndicator({
      assessmentId: f.id,
      version: snapshot(f.id).state.version,
      indicatorId: f.i.artillery,
    });
    const error = await refuse(
      f.id,
      "linkEvidence",
      { evidenceId: f.e.monitors, indicatorId: f.i.artillery, direction: 1 },
      "NOT_FOUND",
      "indicatorId",
    );
    expect(error.message).toBe(`No indicator with id '${f.i.artillery}' in this assessment`);
    const links = getDb()
      .select({ n: count() })
      .from(schema.evidenceLinks)
      .where(
        and(eq(schema.evidenceLinks.evidenceId, f.e.monitors), eq(schema.evidenceLinks.indicatorId, f.i.artillery)),
      )
      .get()?.n;
    expect(links).toBe(0);
  });
});
