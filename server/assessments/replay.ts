// Rebuilding an assessment as it was at any event: from the nearest checkpoint at or before it,
// replaying the state changes after it with the same applyChange the commit path uses.

import { and, desc, eq, gt, lte, max } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { applyChange, emptyState } from "@/shared/assessment/changes";
import { changeOf, type EventPayload } from "@/shared/assessment/event-log";
import type { AssessmentState } from "@/shared/assessment/state";
import { DomainError } from "@/shared/errors";

/** A checkpoint is written once this many events have passed since the last one. */
export const CHECKPOINT_EVERY = 250;

/** Called by the commit path after appending event `seq` whose resulting state is `state`. */
export async function maybeWriteCheckpoint(tx: DbOrTx, state: AssessmentState, seq: number): Promise<void> {
  const last =
    first(
      await tx
        .select({ seq: max(t.checkpoints.seq) })
        .from(t.checkpoints)
        .where(eq(t.checkpoints.assessmentId, state.id)),
    )?.seq ?? 0;
  if (seq - last >= CHECKPOINT_EVERY) await tx.insert(t.checkpoints).values({ assessmentId: state.id, seq, state });
}

/** Folds events' changes over a state; events without a change (baselines, comments) leave it as is. */
export function replayEvents(
  start: AssessmentState,
  events: readonly { at: Date; payload: EventPayload }[],
): AssessmentState {
  let state = start;
  for (const event of events) {
    const change = changeOf(event.payload);
    if (change) state = applyChange(state, change, { at: event.at.getTime() });
  }
  return state;
}

/** The state right after event `seq` (inclusive). */
export async function stateAtSeq(db: DbOrTx, assessmentId: string, seq: number): Promise<AssessmentState> {
  const checkpoint = first(
    await db
      .select()
      .from(t.checkpoints)
      .where(and(eq(t.checkpoints.assessmentId, assessmentId), lte(t.checkpoints.seq, seq)))
      .orderBy(desc(t.checkpoints.seq))
      .limit(1),
  );
  const from = checkpoint?.seq ?? 0;
  const events = await db
    .select({ at: t.events.at, payload: t.events.payload })
    .from(t.events)
    .where(and(eq(t.events.assessmentId, assessmentId), gt(t.events.seq, from), lte(t.events.seq, seq)))
    .orderBy(t.events.seq);
  // A checkpoint written before origins (DESIGN §2.3) has none on its items: each is its own report.
  const start = checkpoint
    ? { ...checkpoint.state, evidence: checkpoint.state.evidence.map((e) => ({ ...e, origin: e.origin ?? null })) }
    : emptyState();
  const state = replayEvents(start, events);
  if (state.version === 0) {
    throw new DomainError("BAD_REQUEST", `The assessment did not exist yet at event ${seq}`, "asOf");
  }
  return state;
}

export interface Moment {
  seq: number;
  at: number;
}

/** The last event at or before `at` (epoch ms); refuses times before the assessment or in the future. */
export async function momentAt(db: DbOrTx, assessmentId: string, at: number, now = Date.now()): Promise<Moment> {
  if (!Number.isFinite(at)) throw new DomainError("BAD_REQUEST", "Give the moment as an ISO date-time", "asOf");
  if (at > now) throw new DomainError("BAD_REQUEST", "That moment is in the future: pick a time up to now", "asOf");
  const row = first(
    await db
      .select({ seq: t.events.seq, at: t.events.at })
      .from(t.events)
      .where(and(eq(t.events.assessmentId, assessmentId), lte(t.events.at, new Date(at))))
      .orderBy(desc(t.events.seq))
      .limit(1),
  );
  if (!row) {
    const earliest = first(
      await db
        .select({ at: t.events.at })
        .from(t.events)
        .where(eq(t.events.assessmentId, assessmentId))
        .orderBy(t.events.seq)
        .limit(1),
    );
    throw new DomainError(
      "BAD_REQUEST",
      `The assessment did not exist yet then: it was created ${earliest ? earliest.at.toISOString() : "later"}`,
      "asOf",
    );
  }
  return { seq: row.seq, at: row.at.getTime() };
}

/**
 * The assessment's last event seq. Synchronous for now: a round's notice reads it right after its
 * transaction commits, before any other request can append (docs/postgres.md, step 5's live facade).
 */
export async function lastSeq(db: DbOrTx, assessmentId: string): Promise<number> {
  return (
    first(
      await db
        .select({ seq: max(t.events.seq) })
        .from(t.events)
        .where(eq(t.events.assessmentId, assessmentId)),
    )?.seq ?? 0
  );
}
