// What the parts of a round's page share: the round as `rounds.get` answers it, and how a cell is keyed.
import type { GroupView } from "@/server/rounds/group";
import type { SharedMatrix } from "@/server/rounds/shared-matrix";
import type { GroupWire, JudgementEntry, RoundView } from "@/server/rounds/view";
import { activeScenarios, type ScenarioState } from "@/shared/assessment/state";
import { unpackCells } from "@/shared/rounds-cells";

/** The round as the page uses it: `rounds.get`'s answer with the group's cells back as a list. */
export type RoundData = Omit<RoundView, "group" | "previous"> & {
  group: GroupView | null;
  previous: (Omit<NonNullable<RoundView["previous"]>, "group"> & { group: GroupView | null }) | null;
};
export type { GroupView, JudgementEntry, SharedMatrix };

const unpack = (group: GroupWire | null): GroupView | null =>
  group ? { ...group, cells: unpackCells(group.cells) } : null;

export function roundData(view: RoundView): RoundData {
  return {
    ...view,
    group: unpack(view.group),
    previous: view.previous ? { ...view.previous, group: unpack(view.previous.group) } : null,
  };
}

/**
 * Whether the caller judges now (their private copy): the one part of the page, with the adopt form
 * (which reads it itself), that needs the whole assessment (assessments.get, evidence included: the
 * engine runs in the browser). Everything else renders from rounds.get and rounds.sharedMatrix.
 */
export function judges(view: Pick<RoundView, "round" | "own">): boolean {
  return view.round.status === "open" && !!view.own && !view.own.submittedAt && !view.own.left;
}

export const cellKey = (indicatorId: string, scenarioId: string) => `${indicatorId}|${scenarioId}`;

/** The scope's indicators the assessment still has, in its order, with their current names. */
export function scopeRows<S extends Pick<SharedMatrix, "indicators">>(state: S, view: Pick<RoundData, "round">) {
  const byId = new Map<string, S["indicators"][number]>(state.indicators.map((i) => [i.id, i]));
  return view.round.scope.filter((s) => !s.deleted).map((s) => ({ ...s, indicator: byId.get(s.indicatorId) }));
}

export function scenarioColumns(state: Pick<SharedMatrix, "scenarios">): ScenarioState[] {
  return activeScenarios(state.scenarios);
}

/** A short name for a participant beside a value: "A" in an anonymous round, "Ana (A)" in a named one. */
export function shortName(j: { label: string; name: string | null; mine: boolean }): string {
  const letter = j.label.replace(/^Analyst /, "");
  const who = j.name ? `${j.name} (${letter})` : j.label;
  return j.mine ? `${who}, you` : who;
}
