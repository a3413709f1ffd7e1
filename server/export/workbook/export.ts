// What the workbook export reads: the assessment as it stood at the moment asked for, and its
// history up to that moment (every change with its probabilities). The moment is resolved as the
// brief resolves it, so `asOf`, `seq` and `at` mean the same in every format.
import { and, asc, eq, lte } from "drizzle-orm";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { momentView } from "@/server/history/compare";
import { changeOf } from "@/shared/assessment/event-log";
import { documentName } from "@/shared/display-name";
import { formatUtc } from "@/shared/format";
import { type HistoryRow, renderWorkbook } from "./write";

/** The workbook of the assessment after change `seq` (of `latest`). */
export async function workbookAt(
  access: AssessmentAccess,
  asOf: { seq: number; at: number; latest: number },
): Promise<Buffer> {
  const view = await momentView(access, asOf.seq);
  const rows = await dbOf(access)
    .select({
      seq: t.events.seq,
      at: t.events.at,
      actorName: t.events.actorName,
      rationale: t.events.rationale,
      payload: t.events.payload,
      probabilities: t.events.probabilities,
    })
    .from(t.events)
    .where(and(eq(t.events.assessmentId, access.assessmentId), lte(t.events.seq, asOf.seq)))
    .orderBy(asc(t.events.seq));
  // Changes of the state only: comments and baselines move no probability.
  const history: HistoryRow[] = rows
    .filter((r) => changeOf(r.payload) !== undefined)
    .map((r) => ({
      seq: r.seq,
      at: r.at.getTime(),
      by: documentName(r.actorName),
      change: r.payload.summary ?? "",
      rationale: r.rationale,
      probabilities: r.probabilities ?? {},
    }));
  const moment =
    asOf.seq === asOf.latest
      ? `Latest: change #${asOf.seq}, ${formatUtc(asOf.at)}`
      : `Change #${asOf.seq} of ${asOf.latest}, ${formatUtc(asOf.at)}`;
  return renderWorkbook({ state: view.state, result: view.result, asOf: moment, history });
}
