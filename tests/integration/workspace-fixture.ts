// The world the workspace tests share (tests/integration/workspace-*.test.ts): a fixture assessment
// with scenarios, indicators and evidence to edit, team B's parts to reach for, the checks of a
// committed or refused edit, a valid input for every edit, and the table-driven bad-input tests.
// Each test file calls setUpWorkspaceWorld() once; the bindings below are filled in before its tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  type Snapshot,
  snapshot,
  tableState,
  type View,
} from "./workspace-helpers";

export let world: World;

export function must<T>(value: T | undefined | null, what: string): T {
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
export interface Fixture {
  id: string;
  s: { holds: string; collapses: string; stalemate: string };
  i: { withdrawal: string; artillery: string };
  e: { imagery: string; monitors: string };
}

export const EVIDENCE = {
  title: "Commercial imagery shows emptied artillery parks",
  summary: "Three parks near the line stand empty in imagery from two providers.",
  sourceName: "Maxar",
  sourceUrl: "https://example.org/imagery/parks",
  sourceKind: "imagery",
  reliability: "B",
  credibility: 2,
  observedAt: "2024-12-10",
} as const;

export async function createFixture(title = "Will the ceasefire hold through the winter?"): Promise<Fixture> {
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
export interface Foreign {
  id: string;
  scenario: string;
  indicator: string;
  evidence: string;
}

export async function createTeamBParts(): Promise<Foreign> {
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

export const RATIONALE = "Per the 12 Dec imagery review";

export function probabilitiesOf(state: AssessmentState): Record<string, number> {
  return assess(engineModel(state)).probabilities;
}

export function p(probabilities: Record<string, number>, scenarioId: string): number {
  return must(probabilities[scenarioId], `probability of ${scenarioId}`);
}

/** An edit's answer followed as a page follows it: the state it leads to and the engine's result on it. */
export type Followed = Pick<View, "state" | "result">;

/**
 * A committed edit: version + 1, exactly one new event of `kind` with the actor, the rationale and
 * the probabilities. The answer is that event (its seq, change, time and probabilities); followed
 * from the state the edit was based on it gives what the tables hold, and its probabilities are the
 * engine's on that state. Returns the followed state with the engine's result on it.
 */
export async function expectCommitted(
  before: Snapshot,
  answer: EditAnswer,
  kind: string,
  who: TestUser = world.analyst,
  rationale: string | null = RATIONALE,
): Promise<Followed> {
  const id = before.state.id;
  expect(answer.assessmentId).toBe(id);
  expect(answer.version).toBe(before.state.version + 1);
  const events = await eventsOf(id);
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
  expect((await rowCounts()).events).toBe(before.counts.events + 1);

  const state = must(followAnswer(before.state, answer), `a state that follows version ${before.state.version}`);
  expect(state.version).toBe(answer.version);
  expect(comparable(state)).toEqual(comparable(await tableState(id)));
  const result = assess(engineModel(state));
  expectSameProbabilities(result.probabilities, answer.probabilities);
  expectSameProbabilities(probabilitiesOf(await tableState(id)), answer.probabilities);
  const total = Object.values(answer.probabilities).reduce((a, b) => a + b, 0);
  expect(Math.abs(total - 1)).toBeLessThan(1e-12);
  return { state, result };
}

/** Calls `name` as `who` at the current version (unless `input` says otherwise); must be refused. */
export async function refuse(
  assessmentId: string,
  name: EditName,
  input: Record<string, unknown>,
  code: ClientError["code"],
  field: string | null,
  who: TestUser = world.analyst,
): Promise<ClientError> {
  const before = await snapshot(assessmentId);
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
  await expectUnchanged(assessmentId, before);
  return error;
}

// ── A valid input for every edit, used by the role and "every edit" tests ────

/** The edits that change the assessment directly (undo and redo revert one: tests/integration/undo.test.ts). */
export type DirectEdit = Exclude<EditName, "undo" | "redo">;

export const VALID: Record<DirectEdit, (f: Fixture) => Record<string, unknown>> = {
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
  setEvidenceOrigin: (f) => ({ evidenceId: f.e.imagery, origin: "Maxar release, 13 Dec" }),
};

export const KIND: Record<DirectEdit, string> = {
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
  setEvidenceOrigin: "evidence.setOrigin",
};

export const EDITS = Object.keys(VALID) as DirectEdit[];

// ── Shared world ────────────────────────────────────────────────────────────

/** Refused calls use it; the stale-version tests only re-save a weight it already has. */
export let shared: Fixture;
/** A second assessment of team A. */
export let other: Fixture;
export let teamB: Foreign;

/** A fresh world for the calling test file: its database, accounts and the fixtures above. */
export function setUpWorkspaceWorld(): void {
  beforeAll(async () => {
    world = await buildWorld();
    shared = await createFixture("Shared fixture");
    other = await createFixture("Another assessment of the same team");
    teamB = await createTeamBParts();
  });
  afterAll(() => world?.db.cleanup());
}

// ── Bad input, procedure by procedure ───────────────────────────────────────

export const TOMORROW = () => todayIso(new Date(Date.now() + 86_400_000));

export interface BadCase {
  label: string;
  input: (f: Fixture) => Record<string, unknown>;
  field: string | ((f: Fixture) => string);
  code?: ClientError["code"];
  /** The message beside the field. */
  message?: string | ((f: Fixture) => string);
}

/** Unknown ids, ids of the other assessment of team A and ids of team B: NOT_FOUND naming the field. */
export function foreignIds(
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

export const long = (n: number) => "x".repeat(n);
export const RATE =
  "Rate as highly_likely, likely, could, unlikely or highly_unlikely, or give a likelihood from 0.01 to 0.99";

/** Each file's bad inputs, for the edits of its area: every case is refused on `shared`, naming the field. */
export function describeBadInput(BAD: Partial<Record<EditName, BadCase[]>>): void {
  describe("bad input, procedure by procedure", () => {
    for (const name of EDITS) {
      const cases = BAD[name];
      if (!cases) continue;
      describe(name, () => {
        it.each(cases.map((c) => [c.label, c] as const))("refuses %s, naming the field", async (_label, c) => {
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
}
