// Reading baselines, the named moments of an assessment's history, for a checked caller (creating
// and deleting them is in server/assessments/baselines.ts).

import { and, eq } from "drizzle-orm";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { type BaselineRow, baselineRows } from "@/server/assessments/baselines";
import { DomainError } from "@/shared/errors";

export type { BaselineRow } from "@/server/assessments/baselines";

export async function listBaselines(access: AssessmentAccess): Promise<BaselineRow[]> {
  return await baselineRows(dbOf(access), access.assessmentId);
}

/** The event sequence number a baseline points at, or NOT_FOUND. */
export async function baselineSeq(access: AssessmentAccess, baselineId: string): Promise<number> {
  const row = first(
    await dbOf(access)
      .select({ seq: t.baselines.eventSeq })
      .from(t.baselines)
      .where(and(eq(t.baselines.id, baselineId), eq(t.baselines.assessmentId, access.assessmentId))),
  );
  if (!row) throw new DomainError("NOT_FOUND", `No baseline with id '${baselineId}' in this assessment`, "baselineId");
  return row.seq;
}
