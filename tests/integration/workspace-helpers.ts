// Shared by the workspace tests: calling any edit by name, reading an assessment's tables and
// events straight from the database, and replaying the event log the way DESIGN §1 defines it.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/db/connection";
import * as schema from "@/db/schema";
import { applyChange, type Change, emptyState } from "@/server/assessments/changes";
import type { AssessmentState } from "@/server/assessments/state";
import { loadAssessmentState } from "@/server/assessments/store";
import { type Caller, type RowCounts, rowCounts } from "./harness";

/** Every workspace procedure that edits an assessment (all but the `onChange` subscription). */
export type EditName = Exclude<keyof Caller["workspace"], "onChange">;
export type View = Awaited<ReturnType<Caller["workspace"]["addScenario"]>>;

/** Calls `workspace.<name>` with an input the test builds freely (bad inputs included). */
export function edit(who: Caller, name: EditName, input: Record<string, unknown>): Promise<View> {
  const procedure = who.workspace[name] as unknown as (input: unknown) => Promise<View>;
  return procedure(input);
}

/** The assessment as its current-state tables hold it, read without the state cache. */
export function tableState(assessmentId: string): AssessmentState {
  const state = loadAssessmentState(getDb(), assessmentId);
  if (!state) throw new Error(`No assessment ${assessmentId} in the tables`);
  return state;
}

/**
 * A copy with evidence in (recordedAt, id) order, the order the tables are read in; the reducer
 * keeps the order items were added, which differs when two arrive within one millisecond.
 */
export function comparable(state: AssessmentState): AssessmentState {
  const evidence = [...state.evidence].sort((a, b) =>
    a.recordedAt !== b.recordedAt ? a.recordedAt - b.recordedAt : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return { ...state, evidence };
}

export type EventRow = typeof schema.events.$inferSelect;

export function eventsOf(assessmentId: string): EventRow[] {
  return getDb()
    .select()
    .from(schema.events)
    .where(eq(schema.events.assessmentId, assessmentId))
    .orderBy(schema.events.seq)
    .all();
}

export interface Snapshot {
  state: AssessmentState;
  events: number;
  counts: RowCounts;
}

export function snapshot(assessmentId: string): Snapshot {
  return { state: comparable(tableState(assessmentId)), events: eventsOf(assessmentId).length, counts: rowCounts() };
}

/** Nothing was written: the tables, the assessment's events and every table's row count are as before. */
export function expectUnchanged(assessmentId: string, before: Snapshot): void {
  expect(snapshot(assessmentId)).toEqual(before);
}

/** The change an event replays, or undefined for events that record no state change (baselines, comments). */
export function changeOf(event: EventRow): Change | undefined {
  return (event.payload as { change?: Change }).change;
}

export interface ReplayStep {
  event: EventRow;
  /** The state right after the event. */
  state: AssessmentState;
}

/** Folds `applyChange` from the empty state over the events in sequence order. */
export function replayEvents(events: EventRow[]): { state: AssessmentState; steps: ReplayStep[] } {
  let state = emptyState();
  const steps: ReplayStep[] = [];
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const change = changeOf(event);
    if (!change) continue;
    state = applyChange(state, change, { at: event.at.getTime() });
    steps.push({ event, state });
  }
  return { state, steps };
}
