// Baselines: named moments of an assessment's history ("Brief to J2, 13 Dec"), pointing at an
// event sequence number. Creating one appends its own event so the timeline shows it.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import * as t from "@/db/schema";
import { type Actor, appendEvent, assessState } from "@/server/assessments/commit";
import { loadAssessmentState } from "@/server/assessments/store";
import { DomainError } from "@/server/errors";

export function createBaselineInTx(
  tx: DbOrTx,
  input: { assessmentId: string; name: string; actor: Actor; at?: number },
): { id: string; eventSeq: number } {
  const at = input.at ?? Date.now();
  const state = loadAssessmentState(tx, input.assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${input.assessmentId}'`, "assessmentId");
  const id = crypto.randomUUID();
  const eventSeq = appendEvent(tx, {
    assessmentId: input.assessmentId,
    at,
    actor: input.actor,
    kind: "baseline.create",
    payload: { baselineId: id, name: input.name, summary: `Set baseline '${input.name}'`, version: state.version },
    probabilities: assessState(state).probabilities,
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

export function listBaselines(tx: DbOrTx, assessmentId: string) {
  return tx
    .select({
      id: t.baselines.id,
      name: t.baselines.name,
      eventSeq: t.baselines.eventSeq,
      createdAt: t.baselines.createdAt,
    })
    .from(t.baselines)
    .where(eq(t.baselines.assessmentId, assessmentId))
    .orderBy(t.baselines.eventSeq)
    .all();
}
