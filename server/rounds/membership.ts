// A participant removed from the team (or made a viewer) leaves the open rounds of its assessments:
// they can no longer judge, and their judgement counts only if they had submitted it before
// (store.ts `counts`). Called by server/teams inside the transaction that changes the membership.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import * as t from "@/db/tables";
import { settleRounds } from "./store";

export async function leaveOpenRounds(tx: DbOrTx, teamId: string, userId: string, at = new Date()): Promise<void> {
  // A round whose closing time passed before this is closed, and nobody leaves a closed round.
  await settleRounds(tx, undefined, at.getTime());
  const open = (
    await tx
      .select({ id: t.rounds.id })
      .from(t.rounds)
      .innerJoin(t.assessments, eq(t.assessments.id, t.rounds.assessmentId))
      .where(and(eq(t.assessments.teamId, teamId), eq(t.rounds.status, "open")))
  ).map((r) => r.id);
  if (open.length === 0) return;
  await tx
    .update(t.roundParticipants)
    .set({ leftAt: at, updatedAt: at })
    .where(
      and(
        inArray(t.roundParticipants.roundId, open),
        eq(t.roundParticipants.userId, userId),
        isNull(t.roundParticipants.leftAt),
      ),
    );
}
