// "Not the same origin": the suggestions an analyst dismissed (DESIGN §2.3, issue 17). A dismissal is
// advice remembered, not a change of the assessment: it makes no event and no version (so it cannot
// conflict with a colleague's edit), it replays nothing and travels in no export. Kept per assessment
// and per unordered pair of evidence items, so a suggestion once dismissed is not asked again by anyone.

import { and, eq, inArray } from "drizzle-orm";
import { lockAssessment } from "@/db/dialect";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { badInput, DomainError } from "@/shared/errors";

/** The pairs dismissed on this assessment, each as [a, b] with a < b. */
export async function originDismissals(access: AssessmentAccess): Promise<{ pairs: [string, string][] }> {
  const rows = await dbOf(access)
    .select({ a: t.originDismissals.evidenceA, b: t.originDismissals.evidenceB })
    .from(t.originDismissals)
    .where(eq(t.originDismissals.assessmentId, access.assessmentId))
    .orderBy(t.originDismissals.evidenceA, t.originDismissals.evidenceB);
  return { pairs: rows.map((r) => [r.a, r.b]) };
}

/**
 * Remembers that `evidenceId` and `otherId` are not copies of one report. Both must be evidence items of
 * this assessment; dismissing a pair twice is harmless.
 */
export async function dismissOriginSuggestion(
  access: AssessmentAccess,
  input: { evidenceId: string; otherId: string },
): Promise<{ pairs: [string, string][] }> {
  if (access.role === "viewer") {
    throw new DomainError(
      "FORBIDDEN",
      "Your role in this team is viewer: only an analyst or owner can dismiss a suggestion.",
    );
  }
  if (input.evidenceId === input.otherId) {
    throw badInput("otherId", "An evidence item is always its own origin: name a different item");
  }
  // The check and the write in one transaction, under the assessment's row lock (which an edit that
  // deletes evidence also takes), so neither item can go between them.
  await transaction(dbOf(access), async (db) => {
    await lockAssessment(db, access.assessmentId);
    const found = (
      await db
        .select({ id: t.evidence.id })
        .from(t.evidence)
        .where(
          and(
            eq(t.evidence.assessmentId, access.assessmentId),
            inArray(t.evidence.id, [input.evidenceId, input.otherId]),
          ),
        )
    ).map((r) => r.id);
    for (const field of ["evidenceId", "otherId"] as const) {
      if (!found.includes(input[field])) {
        throw new DomainError("NOT_FOUND", `No evidence item with id '${input[field]}' in this assessment`, field);
      }
    }
    const [a, b] =
      input.evidenceId < input.otherId ? [input.evidenceId, input.otherId] : [input.otherId, input.evidenceId];
    await db
      .insert(t.originDismissals)
      .values({
        assessmentId: access.assessmentId,
        evidenceA: a,
        evidenceB: b,
        dismissedBy: access.userId,
        dismissedAt: new Date(),
      })
      .onConflictDoNothing();
  });
  return await originDismissals(access);
}
