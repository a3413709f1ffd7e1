// Undo and redo: an analyst reverts their own last change (or their last undo) with a new event
// that says which event it reverts. Which event is found from the caller's own events, newest
// first, as an editor's undo stack would have it; the edits that revert it come from the state
// before it (shared/assessment/revert.ts); it is refused when someone has changed the same thing
// since, and committed like any other change, at the version the caller saw.

import { and, desc, eq, gt, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import type { EditAnswer } from "@/shared/assessment/answer";
import { applyChange, type Change, type RevertChange } from "@/shared/assessment/changes";
import { changeOf, type StateEventPayload } from "@/shared/assessment/event-log";
import {
  changedSince,
  describePart,
  inverseSteps,
  partsNamedBy,
  sameThing,
  touchedParts,
  UNDOABLE_KINDS,
} from "@/shared/assessment/revert";
import type { AssessmentState } from "@/shared/assessment/state";
import { type ConflictingChange, DomainError } from "@/shared/errors";
import { isoDay } from "@/shared/format";
import { COUNTER_MAX } from "@/shared/limits";
import { stateAtSeq } from "./replay";
import { type EditBase, editAssessment } from "./workspace";

type Editor = { id: string; name: string };
type Direction = "undo" | "redo";

const REVERT_KINDS = ["change.undo", "change.redo"] as const;
/** Changes of the caller's that undo cannot take back and stops at: a round's adoption (issue 14). */
const WALL_KINDS = ["round.adopt"] as const;
const PAGE = 200;

/** What undo or redo would act on: an event to revert, or a change it stops at (`wall`). */
type Target = { seq: number; wall: boolean };

/**
 * The caller's event that an undo (or a redo) would revert now, or null. Walking back over the
 * caller's own edits: an undo hides the change it undid, a redo is an edit like any other; a redo
 * finds the last undo not yet redone, and any new edit of the caller's after it ends the chance.
 * A round's adoption is a wall: undo stops there (never reaching past it to an older edit), and
 * it ends a redo's chance like a new edit.
 */
async function targetOf(
  db: DbOrTx,
  actorId: string,
  assessmentId: string,
  direction: Direction,
): Promise<Target | null> {
  let skip = 0;
  let before = COUNTER_MAX;
  for (;;) {
    const rows = await db
      .select({ seq: t.events.seq, kind: t.events.kind })
      .from(t.events)
      .where(
        and(
          eq(t.events.assessmentId, assessmentId),
          eq(t.events.actorId, actorId),
          inArray(t.events.kind, [...UNDOABLE_KINDS, ...REVERT_KINDS, ...WALL_KINDS]),
          lt(t.events.seq, before),
        ),
      )
      .orderBy(desc(t.events.seq))
      .limit(PAGE);
    for (const row of rows) {
      const isUndo = row.kind === "change.undo";
      if ((WALL_KINDS as readonly string[]).includes(row.kind)) {
        return direction === "undo" ? { seq: row.seq, wall: true } : null;
      }
      if (direction === "undo") {
        if (isUndo) skip++;
        else if (skip === 0) return { seq: row.seq, wall: false };
        else skip--;
      } else if (row.kind === "change.redo") skip++;
      else if (!isUndo) return null;
      else if (skip === 0) return { seq: row.seq, wall: false };
      else skip--;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return null;
    before = last.seq;
  }
}

interface StateEvent {
  seq: number;
  at: number;
  change: Change;
  summary: string;
}

async function stateEvent(db: DbOrTx, assessmentId: string, seq: number): Promise<StateEvent> {
  const row = first(
    await db
      .select({ at: t.events.at, payload: t.events.payload })
      .from(t.events)
      .where(and(eq(t.events.assessmentId, assessmentId), eq(t.events.seq, seq))),
  );
  const change = row && changeOf(row.payload);
  if (!row || !change) throw new DomainError("NOT_FOUND", `No change #${seq} in this assessment`, "seq");
  return { seq, at: row.at.getTime(), change, summary: (row.payload as StateEventPayload).summary };
}

/** Why undo stops at the caller's change `event` (a round's adoption), in words that say what to do instead. */
function wallReason(event: StateEvent): string {
  const round = event.change.type === "round.adopt" ? `round ${event.change.roundNumber}` : "a team round";
  return `Your last change is the adoption of ${round} (#${event.seq}); undo cannot take back a round's adoption. Edit the cells by hand, or run another round and adopt it.`;
}

/** What the change of `event` was, in words: an undo or a redo is told by what it reverted. */
function whatItDid(event: StateEvent): string {
  return event.change.type === "change.undo" || event.change.type === "change.redo"
    ? event.change.summary
    : event.summary;
}

/** The later state changes by others that concern what `parts` name, newest first (at most 5). */
async function whoChanged(
  db: DbOrTx,
  assessmentId: string,
  since: number,
  actorId: string,
  parts: ReturnType<typeof touchedParts>,
): Promise<ConflictingChange[]> {
  const rows = await db
    .select({ actorId: t.events.actorId, actorName: t.events.actorName, at: t.events.at, payload: t.events.payload })
    .from(t.events)
    .where(and(eq(t.events.assessmentId, assessmentId), gt(t.events.seq, since)))
    .orderBy(desc(t.events.seq))
    .limit(500);
  const found: ConflictingChange[] = [];
  for (const row of rows) {
    const change = changeOf(row.payload);
    if (!change || row.actorId === actorId) continue;
    if (partsNamedBy(change).some((p) => parts.some((q) => sameThing(p, q)))) {
      found.push({ actor: row.actorName, summary: (row.payload as StateEventPayload).summary, at: row.at.getTime() });
      if (found.length === 5) break;
    }
  }
  return found;
}

/** The undo or redo of event `seq`, checked against the state now (`current`). */
async function revertOf(
  db: DbOrTx,
  actorId: string,
  current: AssessmentState,
  direction: Direction,
  seq: number,
): Promise<RevertChange> {
  const event = await stateEvent(db, current.id, seq);
  const what = direction === "undo" ? `undo #${seq}` : `redo what #${seq} undid`;
  const refuse = (reason: string, changes: ConflictingChange[] = []) =>
    new DomainError(
      "CONFLICT",
      `Cannot ${what} (${whatItDid(event)}): ${reason}. Undo reverts only changes nobody has built on since; make the change by hand instead.`,
      "seq",
      { currentVersion: current.version, changes },
    );
  const before = await stateAtSeq(db, current.id, seq - 1);
  const after = applyChange(before, event.change, { at: event.at });
  const parts = touchedParts(before, event.change);
  const moved = changedSince(parts, after, current);
  if (moved.length > 0) {
    const changes = await whoChanged(db, current.id, seq, actorId, moved);
    const by = changes[0] ? `${changes[0].actor} changed it since (${changes[0].summary})` : "it has changed since";
    throw refuse(
      `${describePart(current, moved[0] ?? parts[0] ?? { of: "scenario ids" })} is no longer as it left it: ${by}`,
      changes,
    );
  }
  const steps = inverseSteps(before, event.change);
  for (const step of steps) {
    if (step.type === "assessment.update" && step.horizon !== undefined && step.horizon < isoDay()) {
      throw refuse(`it would set the horizon back to ${step.horizon}, which has passed`);
    }
  }
  const revert: RevertChange = {
    type: direction === "undo" ? "change.undo" : "change.redo",
    seq,
    summary: whatItDid(event),
    steps,
  };
  // The reducer's own checks (two active scenarios at least, …), said as a refusal of the undo.
  try {
    applyChange(current, revert, { at: Date.now() });
  } catch (error) {
    if (error instanceof DomainError && error.code !== "CONFLICT") throw refuse(error.message.replace(/\.$/, ""));
    throw error;
  }
  return revert;
}

async function revertLast(
  access: AssessmentAccess,
  actor: Editor,
  base: EditBase,
  direction: Direction,
): Promise<EditAnswer> {
  const db = dbOf(access);
  return await editAssessment(access, actor, base, async (state) => {
    if (state.status !== "active") {
      const fix = state.status === "resolved" ? "reopen" : "restore";
      throw new DomainError(
        "BAD_REQUEST",
        `This assessment is ${state.status}: ${fix} it before changing it`,
        "assessmentId",
      );
    }
    const target = await targetOf(db, actor.id, base.assessmentId, direction);
    if (target === null) {
      throw new DomainError(
        "BAD_REQUEST",
        direction === "undo"
          ? "Nothing of yours to undo in this assessment: undo reverts your own changes, newest first"
          : "Nothing to redo: redo brings back what you last undid, until you make another change",
        "assessmentId",
      );
    }
    if (target.wall) {
      throw new DomainError(
        "BAD_REQUEST",
        wallReason(await stateEvent(db, base.assessmentId, target.seq)),
        "assessmentId",
      );
    }
    return await revertOf(db, actor.id, state, direction, target.seq);
  });
}

/** Reverts the caller's own last change still in effect, as a new event "Undo of #N: …". */
export async function undoLastChange(access: AssessmentAccess, actor: Editor, base: EditBase): Promise<EditAnswer> {
  return await revertLast(access, actor, base, "undo");
}

/** Reverts the caller's last undo (what it undid comes back), as a new event. */
export async function redoLastUndo(access: AssessmentAccess, actor: Editor, base: EditBase): Promise<EditAnswer> {
  return await revertLast(access, actor, base, "redo");
}

export interface UndoStatus {
  /** The event an undo would revert now, and what it did; null when there is none. */
  undo: { seq: number; summary: string } | null;
  /** The undo a redo would revert, and what that undid. */
  redo: { seq: number; summary: string } | null;
  /** Why undo is refused although the caller has changes (their last is a round's adoption); then `undo` is null. */
  undoBlocked: { seq: number; reason: string } | null;
}

/** What the caller's undo and redo would revert now (whether someone has changed it since is checked on the act). */
export async function undoStatus(db: DbOrTx, actorId: string, assessmentId: string): Promise<UndoStatus> {
  const undo = await targetOf(db, actorId, assessmentId, "undo");
  const redo = await targetOf(db, actorId, assessmentId, "redo");
  const said = async (seq: number) => ({ seq, summary: whatItDid(await stateEvent(db, assessmentId, seq)) });
  return {
    undo: undo && !undo.wall ? await said(undo.seq) : null,
    redo: redo ? await said(redo.seq) : null,
    undoBlocked: undo?.wall
      ? { seq: undo.seq, reason: wallReason(await stateEvent(db, assessmentId, undo.seq)) }
      : null,
  };
}
