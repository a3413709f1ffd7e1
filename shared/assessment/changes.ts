// Every change an assessment can undergo, and the pure function that applies one to a state.
// The same `applyChange` projects a change onto the current-state tables (through
// server/assessments/commit.ts) and replays the event log (server/assessments/replay.ts),
// so the two cannot drift apart.
import { badInput, DomainError } from "@/shared/errors";
import { formatWholePercent } from "@/shared/format";
import { MAX_ACTIVE_SCENARIOS, MIN_ACTIVE_SCENARIOS } from "@/shared/limits";
import { canonicalOrigin } from "./origins";
import {
  type AssessmentState,
  activeScenarios,
  type Confidence,
  type Direction,
  type EvidenceFields,
  type EvidenceState,
  type Expectation,
  type IndicatorState,
  type ScenarioState,
} from "./state";

/**
 * An evidence item as a change adds it: histories written before origins (DESIGN §2.3) carry none, and
 * the reducer reads a missing origin as null.
 */
export type NewEvidence = Omit<EvidenceState, "origin"> & { origin?: string | null };

type AssessmentFields = Pick<
  AssessmentState,
  "id" | "teamId" | "title" | "keyQuestion" | "horizon" | "confidence" | "handling"
>;

export type Change =
  | {
      type: "assessment.create";
      assessment: AssessmentFields;
      scenarios: ScenarioState[];
      indicators: IndicatorState[];
      evidence: NewEvidence[];
    }
  | { type: "assessment.archive" }
  | { type: "assessment.restore" }
  | { type: "assessment.resolve"; scenarioId: string; resolvedAt: string; note: string }
  | { type: "assessment.reopen" }
  | {
      /**
       * A team round's consensus (or the facilitator's edit of it) written into the shared model as one
       * change (DESIGN §2.9): per indicator of the round's scope the ratings and weight it sets. Not an
       * edit an undo reverts: a round is undone by another round or by edits.
       */
      type: "round.adopt";
      roundId: string;
      roundNumber: number;
      expectations: Record<string, Record<string, Expectation>>;
      weights: Record<string, number>;
    }
  | {
      /**
       * A Signpost workbook applied to the assessment it was exported from (issue 16 §3): the edits
       * that take the assessment to the workbook's ratings, weights and evidence, made as one change
       * with one rationale. Replayed step by step like an undo; not itself undone by one.
       */
      type: "workbook.apply";
      fileName: string;
      steps: EditChange[];
    }
  | EditChange
  | RevertChange;

/** The edits of the workspace: what an analyst changes while the assessment is active, and may undo. */
export type EditChange =
  | {
      type: "assessment.update";
      title?: string;
      keyQuestion?: string;
      horizon?: string;
      confidence?: Confidence;
      handling?: string;
    }
  | { type: "scenario.add"; scenario: ScenarioState; defaultExpectation: Expectation }
  | {
      type: "scenario.update";
      scenarioId: string;
      name?: string;
      description?: string;
      prior?: number;
      color?: string;
    }
  | { type: "scenario.move"; scenarioId: string; toIndex: number }
  | { type: "scenario.archive"; scenarioId: string }
  | { type: "scenario.restore"; scenarioId: string }
  | { type: "indicator.add"; indicator: IndicatorState }
  | { type: "indicator.update"; indicatorId: string; name?: string; description?: string; weight?: number }
  | { type: "indicator.setExpectation"; indicatorId: string; scenarioId: string; expectation: Expectation }
  | { type: "indicator.setPresence"; indicatorId: string; presence: number | null; rationale: string | null }
  | { type: "indicator.move"; indicatorId: string; toIndex: number }
  | { type: "indicator.review"; indicatorId: string }
  | { type: "indicator.delete"; indicatorId: string }
  | { type: "evidence.add"; evidence: NewEvidence }
  | {
      type: "evidence.update";
      evidenceId: string;
      fields: Partial<EvidenceFields>;
    }
  | { type: "evidence.link"; evidenceId: string; indicatorId: string; direction: Direction }
  | { type: "evidence.unlink"; evidenceId: string; indicatorId: string }
  | { type: "evidence.delete"; evidenceId: string }
  /** Names the original report an item repeats (DESIGN §2.3), or clears it (null). */
  | { type: "evidence.setOrigin"; evidenceId: string; origin: string | null };

/**
 * An undo reverts event `seq` (one of the analyst's own changes); a redo reverts event `seq`, an
 * undo. Either carries the edits that do it (shared/assessment/revert.ts computes them from the
 * state before `seq`), so replay applies it like any other change, and `summary`, the sentence of
 * the change undone or redone, so the history can say which.
 */
export interface RevertChange {
  type: "change.undo" | "change.redo";
  seq: number;
  summary: string;
  steps: EditChange[];
}

/** The kinds an undo or a redo may carry as steps: the edits, never a lifecycle change or another revert. */
export const EDIT_CHANGE_TYPES: ReadonlySet<string> = new Set<EditChange["type"]>([
  "assessment.update",
  "scenario.add",
  "scenario.update",
  "scenario.move",
  "scenario.archive",
  "scenario.restore",
  "indicator.add",
  "indicator.update",
  "indicator.setExpectation",
  "indicator.setPresence",
  "indicator.move",
  "indicator.review",
  "indicator.delete",
  "evidence.add",
  "evidence.update",
  "evidence.link",
  "evidence.unlink",
  "evidence.delete",
  "evidence.setOrigin",
]);

/** Who and when, supplied by the caller so replay is deterministic. */
export interface ChangeContext {
  at: number;
}

function findScenario(state: AssessmentState, id: string, field = "scenarioId"): ScenarioState {
  const scenario = state.scenarios.find((s) => s.id === id);
  if (!scenario) throw new DomainError("NOT_FOUND", `No scenario with id '${id}' in this assessment`, field);
  return scenario;
}

function findIndicator(state: AssessmentState, id: string, field = "indicatorId"): IndicatorState {
  const indicator = state.indicators.find((i) => i.id === id);
  if (!indicator) throw new DomainError("NOT_FOUND", `No indicator with id '${id}' in this assessment`, field);
  return indicator;
}

function findEvidence(state: AssessmentState, id: string, field = "evidenceId"): EvidenceState {
  const item = state.evidence.find((e) => e.id === id);
  if (!item) throw new DomainError("NOT_FOUND", `No evidence item with id '${id}' in this assessment`, field);
  return item;
}

function moveItem<T>(items: T[], from: number, to: number): T[] {
  const next = items.slice();
  const [item] = next.splice(from, 1);
  if (item === undefined) return items;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

function requireEditable(state: AssessmentState): void {
  if (state.status !== "active") {
    throw new DomainError(
      "BAD_REQUEST",
      `This assessment is ${state.status}: ${state.status === "resolved" ? "reopen" : "restore"} it before changing it`,
      "assessmentId",
    );
  }
}

function checkIndicatorExpectations(state: AssessmentState, indicator: IndicatorState, field: string): void {
  const known = new Set(state.scenarios.map((s) => s.id));
  for (const scenarioId of Object.keys(indicator.expectations)) {
    if (!known.has(scenarioId)) {
      throw badInput(`${field}.expectations.${scenarioId}`, `No scenario with id '${scenarioId}' in this assessment`);
    }
  }
  for (const s of state.scenarios) {
    if (indicator.expectations[s.id] === undefined) {
      throw badInput(`${field}.expectations.${s.id}`, `Rate the indicator against scenario '${s.name}'`);
    }
  }
}

function checkLinks(state: AssessmentState, item: NewEvidence, field: string): void {
  for (const indicatorId of Object.keys(item.links)) findIndicator(state, indicatorId, `${field}.links.${indicatorId}`);
}

/** Scenario names are told apart without regard to case or surrounding spaces, archived ones included. */
function scenarioNameTaken(scenarios: readonly ScenarioState[], name: string, exceptId?: string): boolean {
  const key = name.trim().toLowerCase();
  return scenarios.some((s) => s.id !== exceptId && s.name.trim().toLowerCase() === key);
}

function activeCount(scenarios: readonly ScenarioState[]): number {
  return activeScenarios(scenarios).length;
}

/** Ids are unique within an assessment: two parts sharing one could not be told apart in its history. */
function checkDistinctIds(created: AssessmentState): void {
  const seen = new Set<string>([created.id]);
  const parts = [
    ["scenarios", created.scenarios],
    ["indicators", created.indicators],
    ["evidence", created.evidence],
  ] as const;
  for (const [field, items] of parts) {
    items.forEach((item, i) => {
      if (seen.has(item.id)) throw badInput(`${field}.${i}.id`, `The id '${item.id}' is used twice in this assessment`);
      seen.add(item.id);
    });
  }
}

/** The state of an assessment before its first event. */
export function emptyState(): AssessmentState {
  return {
    id: "",
    teamId: "",
    title: "",
    keyQuestion: "",
    horizon: "",
    confidence: "moderate",
    handling: "",
    status: "active",
    resolvedScenarioId: null,
    resolvedAt: null,
    resolutionNote: null,
    version: 0,
    createdAt: 0,
    updatedAt: 0,
    scenarios: [],
    indicators: [],
    evidence: [],
  };
}

/**
 * Applies one change and returns the next state; never mutates `state`. Throws DomainError
 * naming the field when the change does not fit the state (unknown id, last active scenario…).
 */
export function applyChange(state: AssessmentState, change: Change, ctx: ChangeContext): AssessmentState {
  const next = applyChangeBody(state, change, ctx);
  return { ...next, version: state.version + 1, updatedAt: ctx.at };
}

function applyChangeBody(state: AssessmentState, change: Change, ctx: ChangeContext): AssessmentState {
  if (change.type === "assessment.create") {
    if (state.version !== 0) throw badInput("assessmentId", "This assessment already exists");
    const created: AssessmentState = {
      ...emptyState(),
      ...change.assessment,
      createdAt: ctx.at,
      scenarios: change.scenarios,
      indicators: change.indicators,
      evidence: [],
    };
    // Origins as the live path keeps them (a file from before origins has none), each in the spelling
    // of the first item that names it.
    for (const item of change.evidence) {
      created.evidence.push({ ...item, origin: canonicalOrigin(created.evidence, item.origin ?? null) });
    }
    if (activeCount(created.scenarios) < MIN_ACTIVE_SCENARIOS) {
      throw badInput("scenarios", "Define at least two scenarios");
    }
    if (activeCount(created.scenarios) > MAX_ACTIVE_SCENARIOS) {
      throw badInput("scenarios", `At most ${MAX_ACTIVE_SCENARIOS} active scenarios`);
    }
    checkDistinctIds(created);
    created.scenarios.forEach((s, i) => {
      if (scenarioNameTaken(created.scenarios.slice(0, i), s.name)) {
        throw badInput(`scenarios.${i}.name`, `Two scenarios are named '${s.name}': give each a distinct name`);
      }
    });
    created.indicators.forEach((indicator, i) => {
      checkIndicatorExpectations(created, indicator, `indicators[${i}]`);
    });
    created.evidence.forEach((item, i) => {
      checkLinks(created, item, `evidence[${i}]`);
    });
    return created;
  }

  switch (change.type) {
    case "assessment.restore":
      if (state.status !== "archived") throw badInput("assessmentId", "Only an archived assessment can be restored");
      return { ...state, status: "active" };
    case "assessment.reopen":
      if (state.status !== "resolved") throw badInput("assessmentId", "Only a resolved assessment can be reopened");
      return { ...state, status: "active", resolvedScenarioId: null, resolvedAt: null, resolutionNote: null };
    case "assessment.archive":
      if (state.status === "archived") throw badInput("assessmentId", "This assessment is already archived");
      return { ...state, status: "archived" };
    default:
      break;
  }

  requireEditable(state);

  switch (change.type) {
    case "assessment.update": {
      const { type: _type, ...fields } = change;
      return { ...state, ...fields };
    }
    case "assessment.resolve": {
      const scenario = findScenario(state, change.scenarioId);
      if (scenario.archived) throw badInput("scenarioId", `Scenario '${scenario.name}' is archived: restore it first`);
      return {
        ...state,
        status: "resolved",
        resolvedScenarioId: change.scenarioId,
        resolvedAt: change.resolvedAt,
        resolutionNote: change.note,
      };
    }
    case "scenario.add": {
      if (state.scenarios.some((s) => s.id === change.scenario.id)) {
        throw badInput("scenario.id", `A scenario with id '${change.scenario.id}' already exists`);
      }
      if (scenarioNameTaken(state.scenarios, change.scenario.name)) {
        throw badInput("name", `A scenario named '${change.scenario.name.trim()}' already exists`);
      }
      if (!change.scenario.archived && activeCount(state.scenarios) >= MAX_ACTIVE_SCENARIOS) {
        throw badInput("name", `At most ${MAX_ACTIVE_SCENARIOS} active scenarios`);
      }
      return {
        ...state,
        scenarios: [...state.scenarios, change.scenario],
        indicators: state.indicators.map((i) => ({
          ...i,
          expectations: { ...i.expectations, [change.scenario.id]: change.defaultExpectation },
        })),
      };
    }
    case "scenario.update": {
      findScenario(state, change.scenarioId);
      if (change.name !== undefined && scenarioNameTaken(state.scenarios, change.name, change.scenarioId)) {
        throw badInput("name", `A scenario named '${change.name.trim()}' already exists`);
      }
      const { type: _type, scenarioId, ...fields } = change;
      return { ...state, scenarios: state.scenarios.map((s) => (s.id === scenarioId ? { ...s, ...fields } : s)) };
    }
    case "scenario.move": {
      findScenario(state, change.scenarioId);
      const from = state.scenarios.findIndex((s) => s.id === change.scenarioId);
      return { ...state, scenarios: moveItem(state.scenarios, from, change.toIndex) };
    }
    case "scenario.archive": {
      const scenario = findScenario(state, change.scenarioId);
      if (scenario.archived) throw badInput("scenarioId", `Scenario '${scenario.name}' is already archived`);
      if (activeCount(state.scenarios) <= MIN_ACTIVE_SCENARIOS) {
        throw badInput(
          "scenarioId",
          "An assessment needs at least two active scenarios: add one before archiving this",
        );
      }
      return {
        ...state,
        scenarios: state.scenarios.map((s) => (s.id === change.scenarioId ? { ...s, archived: true } : s)),
      };
    }
    case "scenario.restore": {
      const scenario = findScenario(state, change.scenarioId);
      if (!scenario.archived) throw badInput("scenarioId", `Scenario '${scenario.name}' is not archived`);
      if (activeCount(state.scenarios) >= MAX_ACTIVE_SCENARIOS) {
        throw badInput(
          "scenarioId",
          `At most ${MAX_ACTIVE_SCENARIOS} active scenarios: archive one before restoring this`,
        );
      }
      return {
        ...state,
        scenarios: state.scenarios.map((s) => (s.id === change.scenarioId ? { ...s, archived: false } : s)),
      };
    }
    case "indicator.add": {
      if (state.indicators.some((i) => i.id === change.indicator.id)) {
        throw badInput("indicator.id", `An indicator with id '${change.indicator.id}' already exists`);
      }
      checkIndicatorExpectations(state, change.indicator, "indicator");
      return { ...state, indicators: [...state.indicators, change.indicator] };
    }
    case "indicator.update": {
      findIndicator(state, change.indicatorId);
      const { type: _type, indicatorId, ...fields } = change;
      return {
        ...state,
        indicators: state.indicators.map((i) =>
          i.id === indicatorId ? { ...i, ...fields, lastReviewedAt: ctx.at } : i,
        ),
      };
    }
    case "indicator.setExpectation": {
      findIndicator(state, change.indicatorId);
      findScenario(state, change.scenarioId);
      return {
        ...state,
        indicators: state.indicators.map((i) =>
          i.id === change.indicatorId
            ? {
                ...i,
                expectations: { ...i.expectations, [change.scenarioId]: change.expectation },
                lastReviewedAt: ctx.at,
              }
            : i,
        ),
      };
    }
    case "indicator.setPresence": {
      findIndicator(state, change.indicatorId);
      if (change.presence !== null && !change.rationale?.trim()) {
        throw badInput("rationale", "Give a rationale for overriding the presence derived from evidence");
      }
      return {
        ...state,
        indicators: state.indicators.map((i) =>
          i.id === change.indicatorId
            ? {
                ...i,
                presenceOverride: change.presence,
                overrideRationale: change.presence === null ? null : change.rationale,
                lastReviewedAt: ctx.at,
              }
            : i,
        ),
      };
    }
    case "indicator.move": {
      findIndicator(state, change.indicatorId);
      const from = state.indicators.findIndex((i) => i.id === change.indicatorId);
      return { ...state, indicators: moveItem(state.indicators, from, change.toIndex) };
    }
    case "indicator.review": {
      findIndicator(state, change.indicatorId);
      return {
        ...state,
        indicators: state.indicators.map((i) => (i.id === change.indicatorId ? { ...i, lastReviewedAt: ctx.at } : i)),
      };
    }
    case "indicator.delete": {
      findIndicator(state, change.indicatorId);
      // The indicator's evidence links go with it; the evidence items themselves stay.
      return {
        ...state,
        indicators: state.indicators.filter((i) => i.id !== change.indicatorId),
        evidence: state.evidence.map((e) => {
          if (!(change.indicatorId in e.links)) return e;
          const { [change.indicatorId]: _gone, ...links } = e.links;
          return { ...e, links };
        }),
      };
    }
    case "evidence.add": {
      if (state.evidence.some((e) => e.id === change.evidence.id)) {
        throw badInput("evidence.id", `An evidence item with id '${change.evidence.id}' already exists`);
      }
      checkLinks(state, change.evidence, "evidence");
      const origin = canonicalOrigin(state.evidence, change.evidence.origin ?? null);
      return { ...state, evidence: [...state.evidence, { ...change.evidence, origin }] };
    }
    case "evidence.update": {
      findEvidence(state, change.evidenceId);
      const fields = { ...change.fields };
      if (fields.origin !== undefined) {
        fields.origin = canonicalOrigin(
          state.evidence.filter((e) => e.id !== change.evidenceId),
          fields.origin,
        );
      }
      return {
        ...state,
        evidence: state.evidence.map((e) =>
          e.id === change.evidenceId ? { ...e, ...fields, lastReviewedAt: ctx.at } : e,
        ),
      };
    }
    case "evidence.link": {
      const item = findEvidence(state, change.evidenceId);
      findIndicator(state, change.indicatorId);
      // Relinking the other way replaces the direction; the same link again would be an empty change.
      if (item.links[change.indicatorId] === change.direction) {
        const as = change.direction === 1 ? "indicates present" : "indicates absent";
        throw badInput("indicatorId", `This evidence item is already linked to that indicator as '${as}'`);
      }
      return {
        ...state,
        evidence: state.evidence.map((e) =>
          e.id === change.evidenceId ? { ...e, links: { ...e.links, [change.indicatorId]: change.direction } } : e,
        ),
      };
    }
    case "evidence.unlink": {
      const item = findEvidence(state, change.evidenceId);
      if (!(change.indicatorId in item.links)) {
        throw badInput("indicatorId", "This evidence item is not linked to that indicator");
      }
      const { [change.indicatorId]: _gone, ...links } = item.links;
      return { ...state, evidence: state.evidence.map((e) => (e.id === change.evidenceId ? { ...e, links } : e)) };
    }
    case "evidence.delete": {
      findEvidence(state, change.evidenceId);
      return { ...state, evidence: state.evidence.filter((e) => e.id !== change.evidenceId) };
    }
    case "evidence.setOrigin": {
      const item = findEvidence(state, change.evidenceId);
      const others = state.evidence.filter((e) => e.id !== change.evidenceId);
      const origin = canonicalOrigin(others, change.origin);
      if (origin === item.origin) {
        throw badInput(
          "origin",
          origin === null
            ? "This evidence item names no origin: nothing to clear"
            : `This evidence item's origin is already '${origin}'`,
        );
      }
      return {
        ...state,
        evidence: state.evidence.map((e) =>
          e.id === change.evidenceId ? { ...e, origin, lastReviewedAt: ctx.at } : e,
        ),
      };
    }
    case "change.undo":
    case "change.redo": {
      if (change.steps.length === 0) throw badInput("steps", "An undo or a redo carries at least one edit");
      // Each step under the same invariants as on its own; together they make one event and one version.
      return change.steps.reduce((next, step, i) => {
        if (!EDIT_CHANGE_TYPES.has(step.type)) {
          throw badInput(`steps.${i}.type`, `An undo or a redo cannot carry a '${step.type}' change`);
        }
        return applyChangeBody(next, step, ctx);
      }, state);
    }
    case "round.adopt":
      return adoptRound(state, change, ctx);
    case "workbook.apply": {
      if (change.steps.length === 0) throw badInput("steps", "A workbook applied carries at least one edit");
      return change.steps.reduce((next, step, i) => {
        if (!EDIT_CHANGE_TYPES.has(step.type)) {
          throw badInput(`steps.${i}.type`, `A workbook applied cannot carry a '${step.type}' change`);
        }
        return applyChangeBody(next, step, ctx);
      }, state);
    }
  }
}

/** Writes an adopted round's ratings and weights; every indicator and scenario it names must exist. */
function adoptRound(
  state: AssessmentState,
  change: Extract<Change, { type: "round.adopt" }>,
  ctx: ChangeContext,
): AssessmentState {
  const touched = new Set([...Object.keys(change.expectations), ...Object.keys(change.weights)]);
  if (touched.size === 0) throw badInput("expectations", "An adopted round sets at least one rating or weight");
  for (const [indicatorId, row] of Object.entries(change.expectations)) {
    findIndicator(state, indicatorId, `expectations.${indicatorId}`);
    for (const scenarioId of Object.keys(row))
      findScenario(state, scenarioId, `expectations.${indicatorId}.${scenarioId}`);
  }
  for (const indicatorId of Object.keys(change.weights)) findIndicator(state, indicatorId, `weights.${indicatorId}`);
  return {
    ...state,
    indicators: state.indicators.map((i) => {
      if (!touched.has(i.id)) return i;
      const row = change.expectations[i.id];
      const weight = change.weights[i.id];
      return {
        ...i,
        expectations: row ? { ...i.expectations, ...row } : i.expectations,
        weight: weight ?? i.weight,
        lastReviewedAt: ctx.at,
      };
    }),
  };
}

/** How many of the ratings and weights a round's adoption sets differ from the state's. */
function adoptedDifferences(state: AssessmentState, change: Extract<Change, { type: "round.adopt" }>) {
  let ratings = 0;
  let weights = 0;
  for (const [indicatorId, row] of Object.entries(change.expectations)) {
    const indicator = state.indicators.find((i) => i.id === indicatorId);
    for (const [scenarioId, value] of Object.entries(row)) if (indicator?.expectations[scenarioId] !== value) ratings++;
  }
  for (const [indicatorId, w] of Object.entries(change.weights)) {
    if (state.indicators.find((i) => i.id === indicatorId)?.weight !== w) weights++;
  }
  const indicators = new Set([...Object.keys(change.expectations), ...Object.keys(change.weights)]).size;
  return { ratings, weights, indicators };
}

/** "3 ratings, 1 weight, 2 evidence items": what a workbook's edits touch, by kind. */
function workbookTally(steps: readonly EditChange[]): string {
  let ratings = 0;
  let weights = 0;
  let evidence = 0;
  let other = 0;
  for (const step of steps) {
    if (step.type === "indicator.setExpectation") ratings++;
    else if (step.type === "indicator.update" && step.weight !== undefined) weights++;
    else if (step.type.startsWith("evidence.")) evidence++;
    else other++;
  }
  const parts = [
    [ratings, "rating"],
    [weights, "weight"],
    [evidence, "evidence edit"],
    [other, "other edit"],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} ${word}${n === 1 ? "" : "s"}`)
    .join(", ");
}

/** A short human sentence for the history list: "Set weight of 'Heavy airlift' to 60 %". */
export function describeChange(state: AssessmentState, change: Change): string {
  const scenarioName = (id: string) => state.scenarios.find((s) => s.id === id)?.name ?? id;
  const indicatorName = (id: string) => state.indicators.find((i) => i.id === id)?.name ?? id;
  const evidenceTitle = (id: string) => state.evidence.find((e) => e.id === id)?.title ?? id;
  switch (change.type) {
    case "assessment.create":
      return `Created the assessment '${change.assessment.title}'`;
    case "assessment.update":
      // Moving the horizon is a decision of its own (issue 13): the history names both dates.
      if (change.horizon !== undefined && Object.keys(change).length === 2) {
        return `Moved the horizon from ${state.horizon} to ${change.horizon}`;
      }
      return `Edited the assessment (${Object.keys(change)
        .filter((k) => k !== "type")
        .join(", ")})`;
    case "assessment.archive":
      return "Archived the assessment";
    case "assessment.restore":
      return "Restored the assessment";
    case "assessment.resolve":
      return `Resolved: '${scenarioName(change.scenarioId)}' happened (${change.resolvedAt})`;
    case "assessment.reopen":
      return "Reopened the assessment";
    case "scenario.add":
      return `Added scenario '${change.scenario.name}'`;
    case "scenario.update":
      return change.prior !== undefined
        ? `Set the prior of '${scenarioName(change.scenarioId)}' to ${change.prior}`
        : `Edited scenario '${scenarioName(change.scenarioId)}'`;
    case "scenario.move":
      return `Moved scenario '${scenarioName(change.scenarioId)}'`;
    case "scenario.archive":
      return `Archived scenario '${scenarioName(change.scenarioId)}'`;
    case "scenario.restore":
      return `Restored scenario '${scenarioName(change.scenarioId)}'`;
    case "indicator.add":
      return `Added indicator '${change.indicator.name}'`;
    case "indicator.update":
      return change.weight !== undefined
        ? `Set the weight of '${indicatorName(change.indicatorId)}' to ${formatWholePercent(change.weight)}`
        : `Edited indicator '${indicatorName(change.indicatorId)}'`;
    case "indicator.setExpectation":
      return `Rated '${indicatorName(change.indicatorId)}' under '${scenarioName(change.scenarioId)}' as ${
        typeof change.expectation === "number"
          ? formatWholePercent(change.expectation)
          : change.expectation.replace("_", " ")
      }`;
    case "indicator.setPresence":
      return change.presence === null
        ? `Cleared the presence override of '${indicatorName(change.indicatorId)}'`
        : `Set the presence of '${indicatorName(change.indicatorId)}' to ${formatWholePercent(change.presence)}`;
    case "indicator.move":
      return `Moved indicator '${indicatorName(change.indicatorId)}'`;
    case "indicator.review":
      return `Reviewed indicator '${indicatorName(change.indicatorId)}'`;
    case "indicator.delete":
      return `Deleted indicator '${indicatorName(change.indicatorId)}'`;
    case "evidence.add":
      return `Added evidence '${change.evidence.title}' (${change.evidence.reliability}${change.evidence.credibility})`;
    case "evidence.update":
      return `Edited evidence '${evidenceTitle(change.evidenceId)}'`;
    case "evidence.link":
      return `Linked '${evidenceTitle(change.evidenceId)}' to '${indicatorName(change.indicatorId)}' as ${
        change.direction === 1 ? "present" : "absent"
      }`;
    case "evidence.unlink":
      return `Unlinked '${evidenceTitle(change.evidenceId)}' from '${indicatorName(change.indicatorId)}'`;
    case "evidence.delete":
      return `Deleted evidence '${evidenceTitle(change.evidenceId)}'`;
    case "evidence.setOrigin":
      return change.origin === null
        ? `Cleared the origin of '${evidenceTitle(change.evidenceId)}': it counts as its own report`
        : `Set the origin of '${evidenceTitle(change.evidenceId)}' to '${change.origin}'`;
    case "change.undo":
      return `Undo of #${change.seq}: ${change.summary}`;
    case "change.redo":
      return `Redo, reverting the undo #${change.seq}: ${change.summary}`;
    case "workbook.apply":
      return `Applied the workbook '${change.fileName}' (${change.steps.length} ${change.steps.length === 1 ? "edit" : "edits"}: ${workbookTally(change.steps)})`;
    case "round.adopt": {
      const d = adoptedDifferences(state, change);
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
      return `Adopted the team's judgement from round ${change.roundNumber} on ${plural(d.indicators, "indicator")} (${plural(d.ratings, "rating")} and ${plural(d.weights, "weight")} changed)`;
    }
  }
}
