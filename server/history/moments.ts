// Finding a named moment of an assessment's history (a change number, a date-time or a baseline;
// none means now: `MomentRef`, shared/moment.ts). Every reader of the past goes through `resolveMoment`.
import { type AssessmentAccess, dbOf } from "@/server/access";
import type { AssessmentView } from "@/server/assessments/assessments";
import { lastSeq, momentAt } from "@/server/assessments/replay";
import { DomainError } from "@/shared/errors";
import type { MomentRef } from "@/shared/moment";
import { baselineSeq, listBaselines } from "./baselines";
import { type Comparison, compareMoments, type MomentView, momentView } from "./compare";

export async function resolveMoment(access: AssessmentAccess, ref: MomentRef | undefined): Promise<number> {
  const db = dbOf(access);
  const { assessmentId } = access;
  const latest = await lastSeq(db, assessmentId);
  if (!ref || (ref.seq === undefined && ref.at === undefined && ref.baselineId === undefined)) return latest;
  if (ref.baselineId !== undefined) return await baselineSeq(access, ref.baselineId);
  if (ref.seq !== undefined) {
    if (ref.seq < 1 || ref.seq > latest) {
      throw new DomainError(
        "BAD_REQUEST",
        `There is no change number ${ref.seq}: this assessment has ${latest}`,
        "seq",
      );
    }
    return ref.seq;
  }
  const at = Date.parse(ref.at ?? "");
  if (Number.isNaN(at))
    throw new DomainError("BAD_REQUEST", "Give the moment as an ISO date-time such as 2024-12-12T08:00:00Z", "asOf");
  return (await momentAt(db, assessmentId, at)).seq;
}

/** The workspace view as of a moment, read-only: the state then, the engine on it, the caller's role. */
export async function viewAsOf(
  access: AssessmentAccess,
  ref: MomentRef | undefined,
): Promise<AssessmentView & { moment: { seq: number; at: number; latest: number } }> {
  const seq = await resolveMoment(access, ref);
  const view: MomentView = await momentView(access, seq);
  return {
    state: view.state,
    result: view.result,
    role: access.role,
    staleAfterDays: access.staleAfterDays,
    moment: { seq, at: view.at, latest: await lastSeq(dbOf(access), access.assessmentId) },
  };
}

/** Compares two named moments; `from` defaults to the latest baseline (else the first change), `to` to now. */
export async function compareAsOf(
  access: AssessmentAccess,
  from: MomentRef | undefined,
  to: MomentRef | undefined,
): Promise<Comparison> {
  const latestBaseline = (await listBaselines(access)).at(-1);
  const fromRef = from ?? (latestBaseline ? { baselineId: latestBaseline.id } : { seq: 1 });
  return await compareMoments(access, await resolveMoment(access, fromRef), await resolveMoment(access, to));
}
