// Baselines: named moments of an assessment's history ("Brief to J2, 13 Dec"), pointing at an
// event sequence number. Creating or deleting one appends its own event so the timeline shows it.
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import * as t from "@/db/schema";
import { type AssessmentAccess, checkAssessmentAccess, dbOf } from "@/server/access";
import { type Actor, appendEvent, probabilitiesOf } from "@/server/assessments/commit";
import { loadAssessmentStateCached } from "@/server/assessments/store";
import { DomainError } from "@/shared/errors";

export function createBaselineInTx(
  tx: DbOrTx,
  input: { assessmentId: string; name: string; actor: Actor; at?: number },
): { id: string; eventSeq: number } {
  const at = input.at ?? Date.now();
  const state = loadAssessmentStateCached(tx, input.assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${input.assessmentId}'`, "assessmentId");
  const id = crypto.randomUUID();
  const eventSeq = appendEvent(tx, {
    assessmentId: input.assessmentId,
    at,
    actor: input.actor,
    kind: "baseline.create",
    payload: { baselineId: id, name: input.name, summary: `Set baseline '${input.name}'`, stateVersion: state.version },
    probabilities: probabilitiesOf(state),
  });
  tx.insert(t.baselines)
    .values({
      id,
      assessmentId: input.assessmentId,
      name: input.name,
      eventSeq,
      createdAt: new Date(at),
      createdBy: input.actor.id,
    })
    .run();
  return { id, eventSeq };
}

export interface BaselineRow {
  id: string;
  name: string;
  eventSeq: number;
  createdAt: Date;
}

export function listBaselines(access: AssessmentAccess): BaselineRow[] {
  return dbOf(access)
    .select({
      id: t.baselines.id,
      name: t.baselines.name,
      eventSeq: t.baselines.eventSeq,
      createdAt: t.baselines.createdAt,
    })
    .from(t.baselines)
    .where(eq(t.baselines.assessmentId, access.assessmentId))
    .orderBy(t.baselines.eventSeq)
    .all();
}

export function createBaseline(
  db: Db,
  actor: Actor & { id: string },
  input: { assessmentId: string; name: string },
): BaselineRow {
  const access = checkAssessmentAccess(db, actor.id, input.assessmentId, "analyst");
  const created = db.transaction((tx) => createBaselineInTx(tx, { ...input, name: input.name.trim(), actor }));
  const row = listBaselines(access).find((b) => b.id === created.id);
  if (!row) throw new DomainError("NOT_FOUND", "The new baseline could not be read back");
  return row;
}

export function deleteBaseline(
  db: Db,
  actor: Actor & { id: string },
  input: { assessmentId: string; baselineId: string },
): BaselineRow[] {
  const access = checkAssessmentAccess(db, actor.id, input.assessmentId, "analyst");
  db.transaction((tx) => {
    const row = tx
      .select()
      .from(t.baselines)
      .where(and(eq(t.baselines.id, input.baselineId), eq(t.baselines.assessmentId, input.assessmentId)))
      .get();
    if (!row)
      throw new DomainError("NOT_FOUND", `No baseline with id '${input.baselineId}' in this assessment`, "baselineId");
    tx.delete(t.baselines).where(eq(t.baselines.id, row.id)).run();
    const state = loadAssessmentStateCached(tx, input.assessmentId);
    appendEvent(tx, {
      assessmentId: input.assessmentId,
      at: Date.now(),
      actor,
      kind: "baseline.delete",
      payload: { baselineId: row.id, name: row.name, summary: `Deleted baseline '${row.name}'` },
      probabilities: probabilitiesOf(state),
    });
  });
  return listBaselines(access);
}

/** The event sequence number a baseline points at, or NOT_FOUND. */
export function baselineSeq(access: AssessmentAccess, baselineId: string): number {
  const row = dbOf(access)
    .select({ seq: t.baselines.eventSeq })
    .from(t.baselines)
    .where(and(eq(t.baselines.id, baselineId), eq(t.baselines.assessmentId, access.assessmentId)))
    .get();
  if (!row) throw new DomainError("NOT_FOUND", `No baseline with id '${baselineId}' in this assessment`, "baselineId");
  return row.seq;
}
