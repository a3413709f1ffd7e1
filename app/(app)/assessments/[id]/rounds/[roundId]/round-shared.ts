// What the parts of a round's page share: the round as `rounds.get` answers it, and how a cell is keyed.
import type { GroupView } from "@/server/rounds/group";
import type { JudgementEntry, RoundView } from "@/server/rounds/view";
import { type AssessmentState, activeScenarios, type ScenarioState } from "@/shared/assessment/state";

export type RoundData = RoundView;
export type { GroupView, JudgementEntry };

export const cellKey = (indicatorId: string, scenarioId: string) => `${indicatorId}|${scenarioId}`;

/** The scope's indicators the assessment still has, in its order, with their current names. */
export function scopeRows(state: AssessmentState, view: RoundData) {
  const byId = new Map(state.indicators.map((i) => [i.id, i]));
  return view.round.scope.filter((s) => !s.deleted).map((s) => ({ ...s, indicator: byId.get(s.indicatorId) }));
}

export function scenarioColumns(state: AssessmentState): ScenarioState[] {
  return activeScenarios(state.scenarios);
}

/** A short name for a participant beside a value: "A" in an anonymous round, "Ana (A)" in a named one. */
export function shortName(j: { label: string; name: string | null; mine: boolean }): string {
  const letter = j.label.replace(/^Analyst /, "");
  const who = j.name ? `${j.name} (${letter})` : j.label;
  return j.mine ? `${who}, you` : who;
}
