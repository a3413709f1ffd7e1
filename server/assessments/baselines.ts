// Baselines: named moments of an assessment's history ("Brief to J2, 13 Dec"), pointing at an
// event sequence number. Creating or deleting one appends its own event so the timeline shows it,
// so they live with the commit path; server/history/baselines.ts reads them for a checked caller.

import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { lockAssessment } from "@/db/dialect";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { checkAssessmentAccess } from "@/server/access";
import { DomainError } from "@/shared/errors";
import { type Actor, appendEvent, probabilitiesOf } from "./commit";
import { loadAssessmentStateCached } from "./store";

export async function createBaselineInTx(
  tx: DbOrTx,
  input: { assessmentId: string; name: string; actor: Actor; at?: number },
): Promise<{ id: string; eventSeq: number }> {
  await lockAssessment(tx, input.assessmentId);
  const at = input.at ?? Date.now();
  const state = await loadAssessmentStateCached(tx, input.assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${input.assessmentId}'`, "assessmentId");
  const id = crypto.randomUUID();
  const eventSeq = await appendEvent(tx, {
    assessmentId: input.assessmentId,
    at,
    actor: input.actor,
    kind: "baseline.create",
    payload: { baselineId: id, name: input.name, summary: `Set baseline '${input.name}'`, stateVersion: state.version },
    probabilities: probabilitiesOf(state),
  });
  await tx.insert(t.baselines).values({
    id,
    assessmentId: input.assessmentId,
    name: input.name,
    eventSeq,
    createdAt: new Date(at),
    createdBy: input.actor.id,
  });
  return { id, eventSeq };
}

export interface BaselineRow {
  id: string;
  name: string;
  eventSeq: number;
  createdAt: Date;
}

/** The baselines of an assessment, oldest first (the caller has checked access). */
export async function baselineRows(db: DbOrTx, assessmentId: string): Promise<BaselineRow[]> {
  return await db
    .select({
      id: t.baselines.id,
      name: t.baselines.name,
      eventSeq: t.baselines.eventSeq,
      createdAt: t.baselines.createdAt,
    })
    .from(t.baselines)
    .where(eq(t.baselines.assessmentId, assessmentId))
    .orderBy(t.baselines.eventSeq);
}

export async function createBaseline(
  db: Db,
  actor: Actor & { id: string },
  input: { assessmentId: string; name: string },
): Promise<BaselineRow> {
  const access = await checkAssessmentAccess(db, actor.id, input.assessmentId, "analyst");
  const created = await transaction(
    db,
    async (tx) => await createBaselineInTx(tx, { ...input, name: input.name.trim(), actor }),
  );
  const row = (await baselineRows(db, access.assessmentId)).find((b) => b.id === created.id);
  if (!row) throw new DomainError("NOT_FOUND", "The new baseline could not be read back");
  return row;
}

export async function deleteBaseline(
  db: Db,
  actor: Actor & { id: string },
  input: { assessmentId: string; baselineId: string },
): Promise<BaselineRow[]> {
  const access = await checkAssessmentAccess(db, actor.id, input.assessmentId, "analyst");
  await transaction(db, async (tx) => {
    await lockAssessment(tx, input.assessmentId);
    const row = first(
      await tx
        .select()
        .from(t.baselines)
        .where(and(eq(t.baselines.id, input.baselineId), eq(t.baselines.assessmentId, input.assessmentId))),
    );
    if (!row)
      throw new DomainError("NOT_FOUND", `No baseline with id '${input.baselineId}' in this assessment`, "baselineId");
    await tx.delete(t.baselines).where(eq(t.baselines.id, row.id));
    const state = await loadAssessmentStateCached(tx, input.assessmentId);
    await appendEvent(tx, {
      assessmentId: input.assessmentId,
      at: Date.now(),
      actor,
      kind: "baseline.delete",
      payload: { baselineId: row.id, name: row.name, summary: `Deleted baseline '${row.name}'` },
      probabilities: probabilitiesOf(state),
    });
  });
  return await baselineRows(db, access.assessmentId);
}
