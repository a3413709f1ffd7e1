// Resolving an assessment with the scenario that happened, and reopening it: both are changes
// committed like any other, so they live with the commit path (scores are read in
// server/history/scores.ts).

import { type AssessmentAccess, dbOf, needRole } from "@/server/access";
import { badInput, DomainError } from "@/shared/errors";
import { isoDay } from "@/shared/format";
import type { AssessmentView } from "./assessments";
import { type Actor, commitChange } from "./commit";
import { loadAssessmentStateCached } from "./store";

export async function resolveAssessment(
  access: AssessmentAccess,
  actor: Actor & { id: string },
  input: { assessmentId: string; version: number; scenarioId: string; resolvedAt: string; note: string },
  now = Date.now(),
): Promise<AssessmentView> {
  const db = dbOf(needRole(access, "analyst"));
  const { role, staleAfterDays } = access;
  const current = await loadAssessmentStateCached(db, input.assessmentId);
  if (!current) throw new DomainError("NOT_FOUND", `No assessment with id '${input.assessmentId}'`, "assessmentId");
  const created = isoDay(current.createdAt);
  if (input.resolvedAt < created)
    throw badInput("resolvedAt", `The assessment was created on ${created}: the resolution cannot be earlier`);
  if (input.resolvedAt > isoDay(now)) throw badInput("resolvedAt", "The resolution date is in the future");
  const { state, result } = await commitChange(db, {
    assessmentId: input.assessmentId,
    baseVersion: input.version,
    actor,
    rationale: input.note,
    change: {
      type: "assessment.resolve",
      scenarioId: input.scenarioId,
      resolvedAt: input.resolvedAt,
      note: input.note.trim(),
    },
  });
  return { state, result, role, staleAfterDays };
}

export async function reopenAssessment(
  access: AssessmentAccess,
  actor: Actor & { id: string },
  input: { assessmentId: string; version: number },
): Promise<AssessmentView> {
  const db = dbOf(needRole(access, "analyst"));
  const { role, staleAfterDays } = access;
  const { state, result } = await commitChange(db, {
    assessmentId: input.assessmentId,
    baseVersion: input.version,
    actor,
    change: { type: "assessment.reopen" },
  });
  return { state, result, role, staleAfterDays };
}
