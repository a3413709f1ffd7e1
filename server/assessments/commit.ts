// The one way an assessment changes: in a single SQLite transaction, check the version the
// caller based the change on, apply it, write the projection and append its event.

import { and, desc, eq, max, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { jsonField, jsonNumber, lockAssessment } from "@/db/dialect";
import { first } from "@/db/first";
import { inTransaction, transaction } from "@/db/store";
import * as t from "@/db/tables";
import { maybeWriteCheckpoint } from "@/server/assessments/replay";
import { publishAssessmentChange } from "@/server/live";
import type { EditAnswer } from "@/shared/assessment/answer";
import { applyChange, type Change, describeChange, emptyState } from "@/shared/assessment/changes";
import { engineModel } from "@/shared/assessment/engine-model";
import type { EventPayload, Probabilities, StateEventPayload } from "@/shared/assessment/event-log";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess, type EngineResult, InvalidModelError, scenarioProbabilities } from "@/shared/engine";
import { DomainError } from "@/shared/errors";
import { maybeWriteSeriesBlock } from "./series";
import { forgetState, loadAssessmentStateCached, rememberState, writeStateDiff } from "./store";

export interface Actor {
  id: string | null;
  name: string;
}

export interface CommitInput {
  assessmentId: string;
  /** The assessment version the caller saw; null only when creating. */
  baseVersion: number | null;
  /** The change, or a function that builds it from the current state (inside the transaction). */
  change: Change | ((state: AssessmentState) => Change | Promise<Change>);
  actor: Actor;
  rationale?: string | null;
  /** Epoch ms; defaults to now. The demo seed passes its historical times. */
  at?: number;
}

export interface CommitResult {
  state: AssessmentState;
  result: EngineResult;
  seq: number;
  /** The change as applied (built from the state inside the transaction when given as a function). */
  change: Change;
  at: number;
}

/** Runs the engine, turning a model the engine refuses into a client error. */
export function assessState(state: AssessmentState): EngineResult {
  try {
    return assess(engineModel(state));
  } catch (error) {
    if (error instanceof InvalidModelError) {
      throw new DomainError("BAD_REQUEST", `The assessment cannot be computed: ${error.message}`, error.field);
    }
    throw error;
  }
}

/**
 * The probabilities alone, for events that change no state (baselines, comments): the engine
 * without the explanations' leave-one-out passes. An assessment not yet written has none.
 */
export function probabilitiesOf(state: AssessmentState | undefined): Record<string, number> {
  return state ? scenarioProbabilities(engineModel(state)) : {};
}

export async function nextEventSeq(tx: DbOrTx, assessmentId: string): Promise<number> {
  const row = first(
    await tx
      .select({ last: max(t.events.seq) })
      .from(t.events)
      .where(eq(t.events.assessmentId, assessmentId)),
  );
  return (row?.last ?? 0) + 1;
}

/** Appends one event row; used by every writer (state changes, baselines, comments). */
export async function appendEvent(
  tx: DbOrTx,
  event: {
    assessmentId: string;
    at: number;
    actor: Actor;
    kind: string;
    rationale?: string | null;
    payload: EventPayload;
    probabilities: Probabilities;
  },
): Promise<number> {
  await lockAssessment(tx, event.assessmentId);
  const seq = await nextEventSeq(tx, event.assessmentId);
  await tx.insert(t.events).values({
    assessmentId: event.assessmentId,
    seq,
    at: new Date(event.at),
    actorId: event.actor.id,
    actorName: event.actor.name,
    kind: event.kind,
    rationale: event.rationale?.trim() || null,
    payload: event.payload,
    probabilities: event.probabilities,
  });
  await maybeWriteSeriesBlock(tx, event.assessmentId, seq);
  return seq;
}

async function conflictError(
  tx: DbOrTx,
  assessmentId: string,
  baseVersion: number,
  current: number,
): Promise<DomainError> {
  if (baseVersion > current) {
    // Nobody changed it since: the caller's version never existed, so there is no change to name.
    return new DomainError(
      "CONFLICT",
      `This assessment is at version ${current}, not ${baseVersion}: reload it, then apply your change again.`,
      "version",
      { currentVersion: current, changes: [] },
    );
  }
  // Only state changes bump the version: name those, not baselines or comments.
  const recent = await tx
    .select({ actorName: t.events.actorName, payload: t.events.payload, at: t.events.at })
    .from(t.events)
    .where(
      and(
        eq(t.events.assessmentId, assessmentId),
        sql`${jsonField(tx, t.events.payload, "change")} is not null and ${jsonNumber(tx, t.events.payload, "version")} > ${baseVersion}`,
      ),
    )
    .orderBy(desc(t.events.seq))
    .limit(5);
  const latest = recent[0];
  const summary = latest?.payload.summary ?? "changed it";
  const who = latest?.actorName ?? "Someone";
  return new DomainError(
    "CONFLICT",
    `${who} changed this assessment since you loaded it (${summary}; now version ${current}, yours was ${baseVersion}). Reload their change, then apply yours again.`,
    "version",
    {
      currentVersion: current,
      changes: recent.map((r) => ({
        actor: r.actorName,
        summary: r.payload.summary ?? "",
        at: r.at.getTime(),
      })),
    },
  );
}

/** The part of the state a change replaces, kept in the event as "before". */
function beforeOf(state: AssessmentState, change: Change): unknown {
  if ("scenarioId" in change) return state.scenarios.find((s) => s.id === change.scenarioId) ?? null;
  if ("indicatorId" in change && change.type.startsWith("indicator.")) {
    return state.indicators.find((i) => i.id === change.indicatorId) ?? null;
  }
  if ("evidenceId" in change) return state.evidence.find((e) => e.id === change.evidenceId) ?? null;
  if (change.type === "assessment.update") {
    return Object.fromEntries(
      Object.keys(change)
        .filter((k) => k !== "type")
        .map((k) => [k, state[k as keyof AssessmentState]]),
    );
  }
  if (change.type === "round.adopt") {
    // What the adoption overwrote: the same shape as the change, with the values it replaced.
    const touched = state.indicators.filter((i) => i.id in change.expectations || i.id in change.weights);
    return {
      expectations: Object.fromEntries(
        touched
          .filter((i) => i.id in change.expectations)
          .map((i) => [
            i.id,
            Object.fromEntries(Object.keys(change.expectations[i.id] ?? {}).map((sid) => [sid, i.expectations[sid]])),
          ]),
      ),
      weights: Object.fromEntries(touched.filter((i) => i.id in change.weights).map((i) => [i.id, i.weight])),
    };
  }
  if (change.type.startsWith("assessment.")) {
    return { status: state.status, resolvedScenarioId: state.resolvedScenarioId, resolvedAt: state.resolvedAt };
  }
  return null;
}

/**
 * The payload of the event that records `change` taking `before` to `after`: the change itself
 * (which replays it), the part of the state it replaced, the sentence the history shows, and the
 * version it made. The commit path and the JSON import build it here alike.
 */
export function stateEventPayload(before: AssessmentState, after: AssessmentState, change: Change): StateEventPayload {
  return {
    change,
    before: beforeOf(before, change),
    summary: describeChange(change.type === "assessment.create" ? after : before, change),
    version: after.version,
  };
}

/** Applies `change` inside the caller's transaction. */
export async function commitChangeInTx(tx: DbOrTx, input: CommitInput): Promise<CommitResult> {
  const at = input.at ?? Date.now();
  const creating = typeof input.change !== "function" && input.change.type === "assessment.create";
  // The row lock first (FOR UPDATE on PostgreSQL): the version check below and the event's number
  // are then decided with no other writer of this assessment in between, on any instance.
  if (!creating) await lockAssessment(tx, input.assessmentId);
  const before = creating ? emptyState() : await loadAssessmentStateCached(tx, input.assessmentId);
  if (!before) throw new DomainError("NOT_FOUND", `No assessment with id '${input.assessmentId}'`, "assessmentId");
  if (!creating && input.baseVersion !== before.version) {
    throw await conflictError(tx, input.assessmentId, input.baseVersion ?? 0, before.version);
  }
  const change = typeof input.change === "function" ? await input.change(before) : input.change;
  const after = applyChange(before, change, { at });
  const result = assessState(after);
  await writeStateDiff(tx, before, after);
  const seq = await appendEvent(tx, {
    assessmentId: after.id,
    at,
    actor: input.actor,
    kind: change.type,
    rationale: input.rationale,
    payload: stateEventPayload(before, after, change),
    probabilities: result.probabilities,
  });
  await maybeWriteCheckpoint(tx, after, seq);
  return { state: after, result, seq, change, at };
}

/** What the editor's page and every other open page need to follow a committed change. */
export function answerOf(committed: CommitResult): EditAnswer {
  return {
    assessmentId: committed.state.id,
    version: committed.state.version,
    seq: committed.seq,
    at: committed.at,
    change: committed.change,
    probabilities: committed.result.probabilities,
  };
}

/** Applies `change` in its own transaction and tells live subscribers once it has committed. */
export async function commitChange(db: Db, input: CommitInput): Promise<CommitResult> {
  // Its own transaction: inside another it would cache and announce a state before that one commits.
  if (inTransaction()) throw new Error("commitChange opens its own transaction: inside one, call commitChangeInTx");
  let committed: CommitResult;
  try {
    committed = await transaction(db, async (tx) => await commitChangeInTx(tx, input));
  } catch (error) {
    // A state cached inside a rolled-back transaction must not outlive it.
    forgetState(input.assessmentId);
    throw error;
  }
  rememberState(committed.state);
  publishAssessmentChange({
    assessmentId: committed.state.id,
    version: committed.state.version,
    actorName: input.actor.name,
    seq: committed.seq,
    edit: answerOf(committed),
  });
  return committed;
}
