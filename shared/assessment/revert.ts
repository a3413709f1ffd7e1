// Undo and redo, as pure functions of the state: the edits that take an event's change back
// (inverseSteps), and the parts of the state the change touched (touchedParts, partValue), which
// must be as the change left them for the undo to be safe. The server finds which event to revert
// and commits the result (server/assessments/undo.ts); the reducer applies it (changes.ts).
import { badInput } from "@/shared/errors";
import { applyChange, type Change, EDIT_CHANGE_TYPES, type EditChange, emptyState } from "./changes";
import type { AssessmentState, EvidenceState, IndicatorState } from "./state";

/** The kinds of event an analyst may undo: the edits, except marking an indicator reviewed (it changes nothing). */
export const UNDOABLE_KINDS: readonly EditChange["type"][] = [...EDIT_CHANGE_TYPES].filter(
  (k): k is EditChange["type"] => k !== "indicator.review",
);

/** The edits an event applied: its own change, or an undo's or a redo's steps. */
export function stepsOf(change: Change): EditChange[] {
  if (change.type === "change.undo" || change.type === "change.redo") return change.steps;
  if (!EDIT_CHANGE_TYPES.has(change.type)) {
    throw badInput("seq", `A '${change.type}' change cannot be undone: it is not an edit of the workspace`);
  }
  return [change as EditChange];
}

const pick = <T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> =>
  Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;

function keysOf<T extends object>(fields: T, skip: readonly string[]): (keyof T)[] {
  return (Object.keys(fields) as (keyof T)[]).filter((k) => !skip.includes(k as string));
}

function scenarioIn(state: AssessmentState, id: string) {
  const scenario = state.scenarios.find((s) => s.id === id);
  if (!scenario) throw badInput("seq", `Scenario '${id}' no longer exists`);
  return scenario;
}
function indicatorIn(state: AssessmentState, id: string): IndicatorState {
  const indicator = state.indicators.find((i) => i.id === id);
  if (!indicator) throw badInput("seq", `Indicator '${id}' no longer exists`);
  return indicator;
}
function evidenceIn(state: AssessmentState, id: string): EvidenceState {
  const item = state.evidence.find((e) => e.id === id);
  if (!item) throw badInput("seq", `Evidence item '${id}' no longer exists`);
  return item;
}

/** The edits that undo `step` applied to `s` (the state just before it), in the order to apply them. */
function invertStep(s: AssessmentState, step: EditChange): EditChange[] {
  switch (step.type) {
    case "assessment.update":
      return [{ type: "assessment.update", ...pick(s, keysOf(step, ["type"]) as (keyof AssessmentState)[]) }];
    case "scenario.add":
      // Scenarios are archived, never deleted (their history and scores keep them): undoing an
      // addition archives it, and a redo restores it.
      if (step.scenario.archived) throw badInput("seq", "Adding an archived scenario changes no call: nothing to undo");
      return [{ type: "scenario.archive", scenarioId: step.scenario.id }];
    case "scenario.update": {
      const before = scenarioIn(s, step.scenarioId);
      const keys = keysOf(step, ["type", "scenarioId"]) as ("name" | "description" | "prior" | "color")[];
      return [{ type: "scenario.update", scenarioId: step.scenarioId, ...pick(before, keys) }];
    }
    case "scenario.move":
      return [
        {
          type: "scenario.move",
          scenarioId: step.scenarioId,
          toIndex: s.scenarios.findIndex((x) => x.id === step.scenarioId),
        },
      ];
    case "scenario.archive":
      return [{ type: "scenario.restore", scenarioId: step.scenarioId }];
    case "scenario.restore":
      return [{ type: "scenario.archive", scenarioId: step.scenarioId }];
    case "indicator.add":
      return [{ type: "indicator.delete", indicatorId: step.indicator.id }];
    case "indicator.update": {
      const before = indicatorIn(s, step.indicatorId);
      const keys = keysOf(step, ["type", "indicatorId"]) as ("name" | "description" | "weight")[];
      return [{ type: "indicator.update", indicatorId: step.indicatorId, ...pick(before, keys) }];
    }
    case "indicator.setExpectation": {
      const before = indicatorIn(s, step.indicatorId).expectations[step.scenarioId];
      if (before === undefined) throw badInput("seq", `Indicator '${step.indicatorId}' had no rating to go back to`);
      return [{ ...step, expectation: before }];
    }
    case "indicator.setPresence": {
      const before = indicatorIn(s, step.indicatorId);
      return [
        {
          type: "indicator.setPresence",
          indicatorId: step.indicatorId,
          presence: before.presenceOverride,
          rationale: before.presenceOverride === null ? null : before.overrideRationale,
        },
      ];
    }
    case "indicator.move":
      return [
        {
          type: "indicator.move",
          indicatorId: step.indicatorId,
          toIndex: s.indicators.findIndex((x) => x.id === step.indicatorId),
        },
      ];
    case "indicator.review":
      throw badInput("seq", "Marking an indicator reviewed changes nothing to undo");
    case "indicator.delete": {
      // Back as it was, in its place, with the evidence links its deletion removed.
      const indicator = indicatorIn(s, step.indicatorId);
      const index = s.indicators.indexOf(indicator);
      const steps: EditChange[] = [{ type: "indicator.add", indicator }];
      if (index < s.indicators.length - 1)
        steps.push({ type: "indicator.move", indicatorId: indicator.id, toIndex: index });
      for (const e of s.evidence) {
        const direction = e.links[indicator.id];
        if (direction !== undefined) {
          steps.push({ type: "evidence.link", evidenceId: e.id, indicatorId: indicator.id, direction });
        }
      }
      return steps;
    }
    case "evidence.add":
      return [{ type: "evidence.delete", evidenceId: step.evidence.id }];
    case "evidence.update": {
      const before = evidenceIn(s, step.evidenceId);
      return [
        {
          type: "evidence.update",
          evidenceId: step.evidenceId,
          fields: pick(before, keysOf(step.fields, [])),
        },
      ];
    }
    case "evidence.link": {
      const before = evidenceIn(s, step.evidenceId).links[step.indicatorId];
      return [
        before === undefined
          ? { type: "evidence.unlink", evidenceId: step.evidenceId, indicatorId: step.indicatorId }
          : { type: "evidence.link", evidenceId: step.evidenceId, indicatorId: step.indicatorId, direction: before },
      ];
    }
    case "evidence.unlink": {
      const direction = evidenceIn(s, step.evidenceId).links[step.indicatorId];
      if (direction === undefined) throw badInput("seq", "The evidence item was not linked there: nothing to relink");
      return [{ type: "evidence.link", evidenceId: step.evidenceId, indicatorId: step.indicatorId, direction }];
    }
    case "evidence.delete":
      return [{ type: "evidence.add", evidence: evidenceIn(s, step.evidenceId) }];
    case "evidence.setOrigin":
      return [
        { type: "evidence.setOrigin", evidenceId: step.evidenceId, origin: evidenceIn(s, step.evidenceId).origin },
      ];
  }
}

/**
 * The edits that revert `change`, given the state just before it was applied: each of its steps
 * inverted against the state before that step, last step first.
 */
export function inverseSteps(before: AssessmentState, change: Change): EditChange[] {
  const inverse: EditChange[] = [];
  let state = before;
  for (const step of stepsOf(change)) {
    inverse.unshift(...invertStep(state, step));
    state = applyChange(state, step, { at: state.updatedAt });
  }
  return inverse;
}

// ── What a change touched ──────────────────────────────────────────────────

/**
 * One part of the state: a field of the assessment, of a scenario, an indicator or an evidence
 * item, a whole one (`whole`), whether one exists, or the links that point at an indicator.
 */
export type Part =
  | { of: "assessment"; field: string }
  | { of: "scenario"; id: string; field: string }
  | { of: "indicator"; id: string; field: string; scenarioId?: string }
  | { of: "evidence"; id: string; field: string; indicatorId?: string }
  | { of: "links to"; id: string }
  | { of: "scenario ids" };

function partsOfStep(s: AssessmentState, step: EditChange): Part[] {
  switch (step.type) {
    case "assessment.update":
      return keysOf(step, ["type"]).map((field) => ({ of: "assessment", field }));
    case "scenario.add":
      return [{ of: "scenario", id: step.scenario.id, field: "archived" }];
    case "scenario.update":
      return keysOf(step, ["type", "scenarioId"]).map((field) => ({ of: "scenario", id: step.scenarioId, field }));
    case "scenario.move":
      return [{ of: "scenario", id: step.scenarioId, field: "index" }];
    case "scenario.archive":
    case "scenario.restore":
      return [{ of: "scenario", id: step.scenarioId, field: "archived" }];
    case "indicator.add":
      return [
        { of: "indicator", id: step.indicator.id, field: "whole" },
        { of: "links to", id: step.indicator.id },
      ];
    case "indicator.update":
      return keysOf(step, ["type", "indicatorId"]).map((field) => ({ of: "indicator", id: step.indicatorId, field }));
    case "indicator.setExpectation":
      return [{ of: "indicator", id: step.indicatorId, field: "expectation", scenarioId: step.scenarioId }];
    case "indicator.setPresence":
      return [{ of: "indicator", id: step.indicatorId, field: "presence" }];
    case "indicator.move":
      return [{ of: "indicator", id: step.indicatorId, field: "index" }];
    case "indicator.review":
      return [];
    case "indicator.delete":
      // Restoring it needs a rating under every scenario, and the evidence it was linked from.
      return [
        { of: "indicator", id: step.indicatorId, field: "whole" },
        { of: "scenario ids" },
        ...s.evidence
          .filter((e) => step.indicatorId in e.links)
          .map((e): Part => ({ of: "evidence", id: e.id, field: "exists" })),
      ];
    case "evidence.add":
      return [{ of: "evidence", id: step.evidence.id, field: "whole" }];
    case "evidence.update":
      return keysOf(step.fields, []).map((field) => ({ of: "evidence", id: step.evidenceId, field }));
    case "evidence.link":
    case "evidence.unlink":
      return [{ of: "evidence", id: step.evidenceId, field: "link", indicatorId: step.indicatorId }];
    case "evidence.delete": {
      const item = s.evidence.find((e) => e.id === step.evidenceId);
      return [
        { of: "evidence", id: step.evidenceId, field: "whole" },
        ...Object.keys(item?.links ?? {}).map((id): Part => ({ of: "indicator", id, field: "exists" })),
      ];
    }
    case "evidence.setOrigin":
      return [{ of: "evidence", id: step.evidenceId, field: "origin" }];
  }
}

/** Every part of the state `change` touched, given the state just before it. */
export function touchedParts(before: AssessmentState, change: Change): Part[] {
  const parts = new Map<string, Part>();
  let state = before;
  for (const step of stepsOf(change)) {
    for (const part of partsOfStep(state, step)) parts.set(JSON.stringify(part), part);
    state = applyChange(state, step, { at: state.updatedAt });
  }
  return [...parts.values()];
}

/**
 * The parts a change touched, read from the change alone (the links a deletion removed are left
 * out): enough to tell whose later change concerns the same thing.
 */
export function partsNamedBy(change: Change): Part[] {
  if (!EDIT_CHANGE_TYPES.has(change.type) && change.type !== "change.undo" && change.type !== "change.redo") return [];
  return stepsOf(change).flatMap((step) => partsOfStep(NO_STATE, step));
}

const NO_STATE: AssessmentState = emptyState();

const GONE = "(gone)";

/** An item without the review stamp, which every edit of it (and a review) moves. */
function unstamped<T extends { lastReviewedAt: number }>(item: T): Omit<T, "lastReviewedAt"> {
  const { lastReviewedAt: _stamp, ...rest } = item;
  return rest;
}

/** The value of one part in `state`, comparable as JSON. */
export function partValue(state: AssessmentState, part: Part): unknown {
  switch (part.of) {
    case "assessment":
      return state[part.field as keyof AssessmentState];
    case "scenario ids":
      return state.scenarios.map((s) => s.id).sort();
    case "links to":
      return state.evidence.filter((e) => part.id in e.links).map((e) => [e.id, e.links[part.id]]);
    case "scenario": {
      const index = state.scenarios.findIndex((s) => s.id === part.id);
      const scenario = state.scenarios[index];
      if (!scenario) return GONE;
      return part.field === "index" ? index : scenario[part.field as keyof typeof scenario];
    }
    case "indicator": {
      const index = state.indicators.findIndex((i) => i.id === part.id);
      const indicator = state.indicators[index];
      if (!indicator) return GONE;
      switch (part.field) {
        case "whole":
          return unstamped(indicator);
        case "exists":
          return true;
        case "index":
          return index;
        case "presence":
          return [indicator.presenceOverride, indicator.overrideRationale];
        case "expectation":
          return indicator.expectations[part.scenarioId ?? ""] ?? null;
        default:
          return indicator[part.field as keyof IndicatorState];
      }
    }
    case "evidence": {
      const item = state.evidence.find((e) => e.id === part.id);
      if (!item) return GONE;
      switch (part.field) {
        case "whole":
          return unstamped(item);
        case "exists":
          return true;
        case "link":
          return state.indicators.some((i) => i.id === part.indicatorId)
            ? (item.links[part.indicatorId ?? ""] ?? null)
            : GONE;
        default:
          return item[part.field as keyof EvidenceState];
      }
    }
  }
}

/** JSON with object keys sorted, so two values built in different orders compare equal. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/** The parts that are no longer as `after` left them in `now`. */
export function changedSince(parts: readonly Part[], after: AssessmentState, now: AssessmentState): Part[] {
  return parts.filter((p) => stableJson(partValue(after, p)) !== stableJson(partValue(now, p)));
}

/** Whether two parts concern the same thing (the same item, or the same field of the assessment). */
export function sameThing(a: Part, b: Part): boolean {
  if (a.of === "scenario ids" || b.of === "scenario ids")
    return a.of === b.of || a.of === "scenario" || b.of === "scenario";
  if (a.of === "assessment" || b.of === "assessment") {
    return a.of === "assessment" && b.of === "assessment" && a.field === b.field;
  }
  const idOf = (p: Exclude<Part, { of: "assessment" | "scenario ids" }>) =>
    p.of === "links to" ? ["indicator", p.id] : [p.of, p.id];
  const [ka, ia] = idOf(a);
  const [kb, ib] = idOf(b);
  if (ka === kb && ia === ib) return true;
  // A link concerns its indicator as much as its evidence item.
  const linkTo = (p: Part) => (p.of === "evidence" && p.field === "link" ? p.indicatorId : undefined);
  return (kb === "indicator" && linkTo(a) === ib) || (ka === "indicator" && linkTo(b) === ia);
}

/** A part in words, for the message that refuses an undo: "the weight of indicator 'Heavy airlift'". */
export function describePart(state: AssessmentState, part: Part): string {
  const scenario = (id: string) => `scenario '${state.scenarios.find((s) => s.id === id)?.name ?? id}'`;
  const indicator = (id: string) => `indicator '${state.indicators.find((i) => i.id === id)?.name ?? id}'`;
  const evidence = (id: string) => `evidence '${state.evidence.find((e) => e.id === id)?.title ?? id}'`;
  switch (part.of) {
    case "assessment":
      return `the assessment's ${part.field}`;
    case "scenario ids":
      return "the set of scenarios";
    case "links to":
      return `the evidence linked to ${indicator(part.id)}`;
    case "scenario":
      return part.field === "archived" ? scenario(part.id) : `the ${part.field} of ${scenario(part.id)}`;
    case "indicator":
      if (part.field === "expectation")
        return `the rating of ${indicator(part.id)} under ${scenario(part.scenarioId ?? "")}`;
      return part.field === "whole" || part.field === "exists"
        ? indicator(part.id)
        : `the ${part.field} of ${indicator(part.id)}`;
    case "evidence":
      if (part.field === "link") return `the link of ${evidence(part.id)} to ${indicator(part.indicatorId ?? "")}`;
      return part.field === "whole" || part.field === "exists"
        ? evidence(part.id)
        : `the ${part.field} of ${evidence(part.id)}`;
  }
}
