// What a page that subscribes to an assessment's changes has missed: the notice of the latest
// state change when the assessment is past the version the page loaded. A page reads its state, then
// opens the stream; a change committed between the two (on this instance or another) would otherwise
// never reach it.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/connection";
import { jsonField } from "@/db/dialect";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import type { AssessmentChangeNotice } from "@/server/live";

/** The notice to send at once to a page that loaded `sinceVersion`, or null when it is current. */
export async function missedSince(
  db: Db,
  assessmentId: string,
  sinceVersion: number,
): Promise<AssessmentChangeNotice | null> {
  const row = first(
    await db.select({ version: t.assessments.version }).from(t.assessments).where(eq(t.assessments.id, assessmentId)),
  );
  if (!row || row.version <= sinceVersion) return null;
  const last = first(
    await db
      .select({ seq: t.events.seq, actorName: t.events.actorName })
      .from(t.events)
      .where(
        and(eq(t.events.assessmentId, assessmentId), sql`${jsonField(db, t.events.payload, "change")} is not null`),
      )
      .orderBy(desc(t.events.seq))
      .limit(1),
  );
  // No edit in it: the page reads the assessment afresh.
  return { assessmentId, version: row.version, actorName: last?.actorName ?? "Someone", seq: last?.seq ?? 0 };
}
