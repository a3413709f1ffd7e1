// Live notices of rounds on the assessment's change stream (workspace.onChange). A notice names the
// round and what happened to it, never a value; in an anonymous round not even who submitted or commented.
import type { DbOrTx } from "@/db/connection";
import { lastSeq } from "@/server/assessments/replay";
import { publishAssessmentChange } from "@/server/live";
import type { RoundEvent } from "@/shared/rounds";
import { assessmentVersion, type RoundRow } from "./store";

export async function publishRoundNotice(
  db: DbOrTx,
  round: RoundRow,
  event: RoundEvent,
  actorName: string,
): Promise<void> {
  publishAssessmentChange({
    assessmentId: round.assessmentId,
    // Rounds change no version: a page at this version has nothing of the assessment to reload.
    version: await assessmentVersion(db, round.assessmentId),
    seq: await lastSeq(db, round.assessmentId),
    // In an anonymous round the time of a submission or of a comment must not name its author: the
    // thread shows comments by letter and time, the notice would tie the time to a name.
    actorName: round.anonymous && (event === "submitted" || event === "commented") ? "A participant" : actorName,
    round: { roundId: round.id, number: round.number, status: round.status, event },
  });
}
