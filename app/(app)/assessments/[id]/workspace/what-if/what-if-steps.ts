// The what-if's pure core: an analyst's hypothetical edits kept as a list of Change objects, applied
// with the shared reducer over the saved state (again whenever the saved state moves), the saved
// call beside the what-if call, and what it takes to turn the list into real saves. No React and no
// requests: the server never sees a what-if until it is applied (tests/unit/what-if.test.ts).
import { applyChange, type Change, describeChange } from "@/shared/assessment/changes";
import { type AssessmentState, activeScenarios, type ScenarioState } from "@/shared/assessment/state";
import type { Credibility } from "@/shared/engine";
import { badInput, DomainError } from "@/shared/errors";
import type { EditInput, EditProcedure } from "../workspace-saves";

/** One edit as the workspace's controls hand it to `save`: the procedure and its input. */
export type WhatIfEdit = { [K in EditProcedure]: { procedure: K; input: EditInput<K> } }[EditProcedure];

/** One hypothetical change, in the order it was made. */
export interface WhatIfStep {
  /** Unique within one what-if. */
  id: number;
  /** When it was made, epoch ms: the reducer stamps reviews with it. */
  at: number;
  /** What the control asked for, replayed through the normal save path when the what-if is applied. */
  edit: WhatIfEdit;
  /** The same edit as the reducer takes it, with local ids for parts it adds. */
  change: Change;
  /** The sentence the history would show for it. */
  summary: string;
}

/** A step that no longer fits the saved state (someone deleted its indicator, say), and why. */
export interface StepFailure {
  stepId: number;
  message: string;
}

/** Parts a what-if adds get ids of their own until they are saved for real. */
export const LOCAL_ID_PREFIX = "what-if-";

export function isLocalId(id: string): boolean {
  return id.startsWith(LOCAL_ID_PREFIX);
}

export interface EditContext {
  at: number;
  /** A fresh local id (LOCAL_ID_PREFIX…). */
  newId: () => string;
  /** The author a hypothetical evidence item shows. */
  authorName: string;
}

/** The override rationale a hypothetical presence carries until it is applied with the what-if's rationale. */
export const WHAT_IF_PRESENCE_RATIONALE = "What-if: hypothetical presence";

const SCENARIO_COLOUR = "#7c3aed";

/**
 * The Change an edit makes, built as the server's edit functions build it
 * (server/assessments/workspace.ts), with local ids for new parts. Throws a DomainError naming the
 * field for an edit a what-if cannot hold.
 */
export function changeOfEdit(state: AssessmentState, edit: WhatIfEdit, ctx: EditContext): Change {
  switch (edit.procedure) {
    case "updateAssessment": {
      const { title, keyQuestion, horizon, confidence, handling } = edit.input;
      const fields = Object.fromEntries(
        Object.entries({ title, keyQuestion, horizon, confidence, handling }).filter(([, v]) => v !== undefined),
      );
      if (Object.keys(fields).length === 0) throw badInput("input", "Nothing to change: give at least one field");
      return { type: "assessment.update", ...fields };
    }
    case "addScenario": {
      const { name, description, prior, color } = edit.input;
      return {
        type: "scenario.add",
        scenario: {
          id: ctx.newId(),
          name: name.trim(),
          description: description?.trim() ?? "",
          prior,
          color: color ?? SCENARIO_COLOUR,
          archived: false,
        },
        defaultExpectation: "could",
      };
    }
    case "updateScenario": {
      const { scenarioId, name, description, prior, color } = edit.input;
      const change: Change = { type: "scenario.update", scenarioId };
      if (name !== undefined) change.name = name.trim();
      if (description !== undefined) change.description = description.trim();
      if (prior !== undefined) change.prior = prior;
      if (color !== undefined) change.color = color;
      return change;
    }
    case "moveScenario":
      return { type: "scenario.move", scenarioId: edit.input.scenarioId, toIndex: edit.input.toIndex };
    case "setScenarioArchived":
      return {
        type: edit.input.archived ? "scenario.archive" : "scenario.restore",
        scenarioId: edit.input.scenarioId,
      };
    case "addIndicator": {
      const { name, description, weight, expectations: given } = edit.input;
      const expectations = { ...given };
      for (const s of state.scenarios) {
        if (expectations[s.id] !== undefined) continue;
        if (!s.archived) throw badInput(`expectations.${s.id}`, `Rate the indicator against scenario '${s.name}'`);
        expectations[s.id] = "could";
      }
      return {
        type: "indicator.add",
        indicator: {
          id: ctx.newId(),
          name: name.trim(),
          description: description?.trim() ?? "",
          weight: weight ?? 1,
          presenceOverride: null,
          overrideRationale: null,
          lastReviewedAt: ctx.at,
          expectations,
        },
      };
    }
    case "updateIndicator": {
      const { indicatorId, name, description, weight } = edit.input;
      const change: Change = { type: "indicator.update", indicatorId };
      if (name !== undefined) change.name = name.trim();
      if (description !== undefined) change.description = description.trim();
      if (weight !== undefined) change.weight = weight;
      return change;
    }
    case "setExpectation":
      return {
        type: "indicator.setExpectation",
        indicatorId: edit.input.indicatorId,
        scenarioId: edit.input.scenarioId,
        expectation: edit.input.expectation,
      };
    case "setPresence": {
      const { indicatorId, presence, overrideRationale } = edit.input;
      return {
        type: "indicator.setPresence",
        indicatorId,
        presence,
        rationale: presence === null ? null : overrideRationale?.trim() || WHAT_IF_PRESENCE_RATIONALE,
      };
    }
    case "moveIndicator":
      return { type: "indicator.move", indicatorId: edit.input.indicatorId, toIndex: edit.input.toIndex };
    case "reviewIndicator":
      // A review says when someone last looked at the real indicator: there is no hypothetical one.
      throw badInput("indicatorId", "Marking reviewed is not a hypothesis: leave the what-if to mark it reviewed");
    case "deleteIndicator":
      return { type: "indicator.delete", indicatorId: edit.input.indicatorId };
    case "addEvidence": {
      const input = edit.input;
      const links: Record<string, 1 | -1> = {};
      input.links.forEach((l, i) => {
        if (links[l.indicatorId] !== undefined) {
          throw badInput(`links.${i}.indicatorId`, "The same indicator is linked twice");
        }
        links[l.indicatorId] = l.direction;
      });
      return {
        type: "evidence.add",
        evidence: {
          id: ctx.newId(),
          title: input.title.trim(),
          summary: input.summary?.trim() ?? "",
          sourceName: input.sourceName.trim(),
          sourceUrl: input.sourceUrl?.trim() || null,
          sourceKind: input.sourceKind,
          reliability: input.reliability,
          // A grade out of range is refused by the engine check when the step is recorded.
          credibility: input.credibility as Credibility,
          observedAt: input.observedAt,
          recordedAt: ctx.at,
          authorId: null,
          authorName: ctx.authorName,
          lastReviewedAt: ctx.at,
          links,
          origin: input.origin ?? null,
        },
      };
    }
    case "updateEvidence": {
      const { evidenceId, ...rest } = edit.input;
      const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      if (typeof fields.sourceUrl === "string") fields.sourceUrl = fields.sourceUrl.trim() || null;
      if (Object.keys(fields).length === 0) throw badInput("input", "Nothing to change: give at least one field");
      return {
        type: "evidence.update",
        evidenceId,
        fields: fields as Extract<Change, { type: "evidence.update" }>["fields"],
      };
    }
    case "linkEvidence":
      return {
        type: "evidence.link",
        evidenceId: edit.input.evidenceId,
        indicatorId: edit.input.indicatorId,
        direction: edit.input.direction,
      };
    case "unlinkEvidence":
      return { type: "evidence.unlink", evidenceId: edit.input.evidenceId, indicatorId: edit.input.indicatorId };
    case "deleteEvidence":
      return { type: "evidence.delete", evidenceId: edit.input.evidenceId };
    case "setEvidenceOrigin":
      return { type: "evidence.setOrigin", evidenceId: edit.input.evidenceId, origin: edit.input.origin };
    default:
      throw badInput("what-if", "This kind of change cannot be part of a what-if: leave the what-if to make it");
  }
}

/**
 * What a step sets, when setting it again replaces it (a rating, a weight, a presence, a prior, the
 * confidence): dragging one weight five times is one change, not five. Null for steps that add to
 * the list (an added indicator, a link, a rename).
 */
export function slotOf(change: Change): string | null {
  switch (change.type) {
    case "indicator.setExpectation":
      return `expectation:${change.indicatorId}:${change.scenarioId}`;
    case "indicator.setPresence":
      return `presence:${change.indicatorId}`;
    case "indicator.update":
      return onlyKey(change, "indicatorId") === "weight" ? `weight:${change.indicatorId}` : null;
    case "scenario.update":
      return onlyKey(change, "scenarioId") === "prior" ? `prior:${change.scenarioId}` : null;
    case "assessment.update":
      return onlyKey(change) === "confidence" ? "confidence" : null;
    default:
      return null;
  }
}

function onlyKey(change: Change, idKey?: string): string | null {
  const keys = Object.keys(change).filter((k) => k !== "type" && k !== idKey);
  return keys.length === 1 ? (keys[0] ?? null) : null;
}

/** Whether a slot step sets what the saved state already holds (then it is no change at all). */
function setsSavedValue(change: Change, saved: AssessmentState): boolean {
  switch (change.type) {
    case "indicator.setExpectation":
      return (
        saved.indicators.find((i) => i.id === change.indicatorId)?.expectations[change.scenarioId] ===
        change.expectation
      );
    case "indicator.setPresence":
      return saved.indicators.find((i) => i.id === change.indicatorId)?.presenceOverride === change.presence;
    case "indicator.update":
      return saved.indicators.find((i) => i.id === change.indicatorId)?.weight === change.weight;
    case "scenario.update":
      return saved.scenarios.find((s) => s.id === change.scenarioId)?.prior === change.prior;
    case "assessment.update":
      return saved.confidence === change.confidence;
    default:
      return false;
  }
}

/**
 * The list after `step`: a step that sets a slot already set replaces the earlier one in its place,
 * and one that sets the saved value back drops it; any other step is appended.
 */
export function recordStep(steps: readonly WhatIfStep[], step: WhatIfStep, saved: AssessmentState): WhatIfStep[] {
  const slot = slotOf(step.change);
  if (slot === null) return [...steps, step];
  const index = steps.findIndex((s) => slotOf(s.change) === slot);
  const back = setsSavedValue(step.change, saved);
  if (index < 0) return back ? [...steps] : [...steps, step];
  return back ? steps.filter((_, i) => i !== index) : steps.map((s, i) => (i === index ? step : s));
}

/**
 * The what-if state: every step applied in order over the saved state with the shared reducer.
 * A step that no longer fits (the saved state moved under it) is left out and reported. The
 * version stays the saved one: nothing here is a version of the assessment.
 */
export function whatIfState(
  saved: AssessmentState,
  steps: readonly WhatIfStep[],
): { state: AssessmentState; failures: StepFailure[] } {
  if (steps.length === 0) return { state: saved, failures: [] };
  let state = saved;
  const failures: StepFailure[] = [];
  for (const step of steps) {
    try {
      state = applyChange(state, step.change, { at: step.at });
    } catch (error) {
      failures.push({ stepId: step.id, message: messageOf(error) });
    }
  }
  return { state: { ...withSavedStamps(state, saved), version: saved.version, updatedAt: saved.updatedAt }, failures };
}

/**
 * The what-if state with the saved review stamps on every part the saved state has: a hypothetical
 * edit is no review, so the matrix and the locker go on saying when someone last really looked.
 */
function withSavedStamps(state: AssessmentState, saved: AssessmentState): AssessmentState {
  const stamped = <T extends { id: string; lastReviewedAt: number }>(items: readonly T[], was: readonly T[]) => {
    const at = new Map(was.map((item) => [item.id, item.lastReviewedAt]));
    return items.map((item) => {
      const stamp = at.get(item.id);
      return stamp === undefined || stamp === item.lastReviewedAt ? item : { ...item, lastReviewedAt: stamp };
    });
  };
  return {
    ...state,
    indicators: stamped(state.indicators, saved.indicators),
    evidence: stamped(state.evidence, saved.evidence),
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The field a refused edit names, for the control that made it. */
export function fieldOf(error: unknown): string | null {
  return error instanceof DomainError && error.field ? error.field : null;
}

/** A new step from an edit on the what-if state as it stands; throws what the reducer refuses. */
export function stepOf(state: AssessmentState, edit: WhatIfEdit, id: number, ctx: EditContext): WhatIfStep {
  const change = changeOfEdit(state, edit, ctx);
  // The reducer refuses what the saved path would refuse (an unknown id, a third archive…).
  applyChange(state, change, { at: ctx.at });
  return { id, at: ctx.at, edit, change, summary: describeChange(state, change) };
}

export interface CallRow {
  scenario: ScenarioState;
  /** The saved call; null for a scenario only the what-if has. */
  saved: number | null;
  whatIf: number;
  /** What-if minus saved, in percentage points; null when the saved call has no such scenario. */
  points: number | null;
}

/** The saved call beside the what-if call, per active scenario of the what-if. */
export function compareCalls(
  scenarios: readonly ScenarioState[],
  saved: Readonly<Record<string, number>>,
  whatIf: Readonly<Record<string, number>>,
): CallRow[] {
  return activeScenarios(scenarios).map((scenario) => {
    const before = saved[scenario.id];
    const after = whatIf[scenario.id] ?? 0;
    return {
      scenario,
      saved: before ?? null,
      whatIf: after,
      points: before === undefined ? null : (after - before) * 100,
    };
  });
}

// ── Applying: local ids become the server's ───────────────────────────────

/** `value` with every string (and object key) that `ids` maps replaced by what it maps to. */
export function remapIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (ids.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return ids.get(v) ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [ids.get(k) ?? k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** The local ids a value still refers to. */
export function localIdsIn(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === "string") {
      if (isLocalId(v)) found.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (isLocalId(k)) found.add(k);
        walk(x);
      }
    }
  };
  walk(value);
  return [...found];
}

/** A step with the ids that have become real put in place of the local ones. */
export function remapStep(step: WhatIfStep, ids: ReadonlyMap<string, string>): WhatIfStep {
  if (ids.size === 0) return step;
  return { ...step, edit: remapIds(step.edit, ids), change: remapIds(step.change, ids) };
}

/** The local id a step adds, if it adds a part. */
export function addedId(change: Change): string | null {
  if (change.type === "scenario.add") return change.scenario.id;
  if (change.type === "indicator.add") return change.indicator.id;
  if (change.type === "evidence.add") return change.evidence.id;
  return null;
}

/**
 * The id the server gave the part a saved add step created: the one part of its kind in `after` and
 * not in `before` with the same name (or title). Null when none or several fit.
 */
export function savedIdOf(change: Change, before: AssessmentState, after: AssessmentState): string | null {
  const pick = <T extends { id: string }>(was: readonly T[], now: readonly T[], same: (x: T) => boolean) => {
    const known = new Set(was.map((x) => x.id));
    const fresh = now.filter((x) => !known.has(x.id) && same(x));
    return fresh.length === 1 ? (fresh[0]?.id ?? null) : null;
  };
  if (change.type === "scenario.add") {
    return pick(before.scenarios, after.scenarios, (s) => s.name === change.scenario.name);
  }
  if (change.type === "indicator.add") {
    return pick(before.indicators, after.indicators, (i) => i.name === change.indicator.name);
  }
  if (change.type === "evidence.add") {
    return pick(before.evidence, after.evidence, (e) => e.title === change.evidence.title);
  }
  return null;
}

/**
 * The edit a step sends when applied: local ids replaced by the server's, and a hypothetical
 * presence given the what-if's rationale (a presence override must say why).
 */
export function editToApply(step: WhatIfStep, ids: ReadonlyMap<string, string>, rationale: string): WhatIfEdit {
  const edit = remapIds(step.edit, ids);
  if (edit.procedure === "setPresence" && edit.input.presence !== null && !edit.input.overrideRationale?.trim()) {
    return { procedure: "setPresence", input: { ...edit.input, overrideRationale: rationale } };
  }
  return edit;
}

/** How applying ended: which steps were saved, the one refused and why, and those not tried. */
export interface ApplyOutcome {
  saved: WhatIfStep[];
  refused: { step: WhatIfStep; message: string } | null;
  notTried: WhatIfStep[];
}

/** The sentence that says what an apply saved and what it did not; nothing goes unmentioned. */
export function describeOutcome(outcome: ApplyOutcome): string {
  const { saved, refused, notTried } = outcome;
  const n = (k: number) => `${k} change${k === 1 ? "" : "s"}`;
  if (!refused) return `Saved ${n(saved.length)} from the what-if, each with your rationale.`;
  const head = saved.length
    ? `Saved ${n(saved.length)}: ${saved.map((s) => s.summary).join("; ")}.`
    : "Nothing was saved.";
  const rest = notTried.length ? ` Not tried after it: ${notTried.map((s) => s.summary).join("; ")}.` : "";
  const why = refused.message.replace(/\.$/, "");
  return `${head} Refused: ${refused.step.summary}: ${why}.${rest} What was not saved stays in the what-if.`;
}
