// Shared by the workspace tests: calling any edit by name, reading an assessment's tables and
// events straight from the database, and replaying the event log the way DESIGN §1 defines it.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/db/connection";
import * as schema from "@/db/tables";
import type { AssessmentView } from "@/server/assessments/assessments";
import { loadAssessmentState } from "@/server/assessments/store";
import { type EditAnswer, followAnswer } from "@/shared/assessment/answer";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess } from "@/shared/engine";
import { type Caller, type RowCounts, rowCounts } from "./harness";

/** Every workspace procedure that edits an assessment (all but the `onChange` subscription and the undo status). */
export type EditName = Exclude<keyof Caller["workspace"], "onChange" | "undoStatus">;
/** What `assessments.get` reads: the state, the engine's result on it and the caller's role. */
export type View = AssessmentView;

/** Calls `workspace.<name>` with an input the test builds freely (bad inputs included). */
export function edit(who: Caller, name: EditName, input: Record<string, unknown>): Promise<EditAnswer> {
  const procedure = who.workspace[name] as unknown as (input: unknown) => Promise<EditAnswer>;
  return procedure(input);
}

type EditInput<K extends EditName> = Omit<Parameters<Caller["workspace"][K]>[0], "assessmentId" | "version">;

/** Makes one edit as `who` at `view`'s version of its assessment; the view after it (see follow). */
export async function editAt<K extends EditName>(who: Caller, view: View, name: K, input: EditInput<K>): Promise<View> {
  const procedure = who.workspace[name] as unknown as (input: unknown) => Promise<EditAnswer>;
  return follow(view, await procedure({ ...input, assessmentId: view.state.id, version: view.state.version }));
}

/**
 * The view after an edit, built as the browser builds it: the edit's answer applied by the reducer
 * to the view the edit was based on, and the engine run on the result. Fails the test when the
 * answer does not follow that view or the server's probabilities differ from the engine's here.
 */
export function follow(before: View, answer: EditAnswer): View {
  const state = followAnswer(before.state, answer);
  if (!state) {
    throw new Error(`The answer (version ${answer.version}) does not follow version ${before.state.version}`);
  }
  const result = assess(engineModel(state));
  // Within 1e-12, not exactly: a server that re-read its tables may sum evidence in another order.
  expectSameProbabilities(result.probabilities, answer.probabilities, "followed answer");
  return { ...before, state, result };
}

/**
 * Same scenarios, same figures to 1e-12: the engine may sum evidence in another order when one
 * state lists it as the tables read it and the other as the reducer added it.
 */
export function expectSameProbabilities(
  actual: Record<string, number>,
  expected: Record<string, number>,
  context = "probabilities",
): void {
  expect(Object.keys(actual).sort(), context).toEqual(Object.keys(expected).sort());
  for (const [id, value] of Object.entries(expected)) {
    expect(Math.abs((actual[id] ?? Number.NaN) - value), `${context}: ${id}`).toBeLessThan(1e-12);
  }
}

/** The assessment as its current-state tables hold it, read without the state cache. */
export async function tableState(assessmentId: string): Promise<AssessmentState> {
  const state = await loadAssessmentState(getDb(), assessmentId);
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

export async function eventsOf(assessmentId: string): Promise<EventRow[]> {
  return await getDb()
    .select()
    .from(schema.events)
    .where(eq(schema.events.assessmentId, assessmentId))
    .orderBy(schema.events.seq);
}

export interface Snapshot {
  state: AssessmentState;
  events: number;
  counts: RowCounts;
}

export async function snapshot(assessmentId: string): Promise<Snapshot> {
  return {
    state: comparable(await tableState(assessmentId)),
    events: (await eventsOf(assessmentId)).length,
    counts: await rowCounts(),
  };
}

/** Nothing was written: the tables, the assessment's events and every table's row count are as before. */
export async function expectUnchanged(assessmentId: string, before: Snapshot): Promise<void> {
  expect(await snapshot(assessmentId)).toEqual(before);
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
