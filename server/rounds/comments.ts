// Threads on a round's disputes: a comment on one cell (or a whole indicator) of the round. Only
// those who may see the group view (./privacy.ts) read or write them, since a dispute's discussion
// speaks of the values. In an anonymous round a participant's comment is signed with their letter.

import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import type { AssessmentAccess } from "@/server/access";
import { loadAssessmentStateCached } from "@/server/assessments/store";
import { badInput, DomainError } from "@/shared/errors";
import { analystLabel } from "@/shared/rounds";
import { publishRoundNotice } from "./notices";
import { roundSight } from "./privacy";
import { findRoundForWrite, type ParticipantRow, participantsOf, type RoundRow, scopeOf } from "./store";

export interface RoundCommentView {
  id: string;
  indicatorId: string;
  scenarioId: string | null;
  parentId: string | null;
  /** "Analyst B" for a participant of an anonymous round; the name otherwise. */
  author: string;
  mine: boolean;
  body: string;
  createdAt: Date;
}

/** Every comment of the round, oldest first, signed as the round allows. */
export async function roundComments(
  db: DbOrTx,
  round: RoundRow,
  participants: readonly ParticipantRow[],
  userId: string,
): Promise<RoundCommentView[]> {
  const byUser = new Map(participants.map((p) => [p.userId, p]));
  return (
    await db
      .select()
      .from(t.roundComments)
      .where(eq(t.roundComments.roundId, round.id))
      .orderBy(asc(t.roundComments.createdAt))
  ).map((c) => {
    const p = c.authorId ? byUser.get(c.authorId) : undefined;
    const author = p && round.anonymous ? analystLabel(p.label) : c.authorName;
    return {
      id: c.id,
      indicatorId: c.indicatorId,
      scenarioId: c.scenarioId,
      parentId: c.parentId,
      author,
      mine: c.authorId === userId,
      body: c.body,
      createdAt: c.createdAt,
    };
  });
}

export async function addRoundComment(
  access: AssessmentAccess,
  db: Db,
  actor: { id: string; name: string },
  input: {
    roundId: string;
    indicatorId: string;
    scenarioId?: string | null | undefined;
    parentId?: string | undefined;
    body: string;
  },
): Promise<RoundCommentView[]> {
  const round = await transaction(db, async (tx) => {
    const round = await findRoundForWrite(tx, access.assessmentId, input.roundId);
    const participants = await participantsOf(tx, round.id);
    const sight = roundSight(round, participants, actor.id);
    if (!sight.seesGroup)
      throw new DomainError("FORBIDDEN", sight.hiddenBecause ?? "You cannot see this round's disputes yet");
    const body = input.body.trim();
    if (!body) throw badInput("body", "Write something before posting the comment");
    if (!(await scopeOf(tx, round.id)).some((s) => s.indicatorId === input.indicatorId)) {
      throw badInput("indicatorId", `Indicator '${input.indicatorId}' is not in round ${round.number}'s scope`);
    }
    const scenarioId = input.scenarioId ?? null;
    if (scenarioId !== null) {
      const state = await loadAssessmentStateCached(tx, access.assessmentId);
      if (!state?.scenarios.some((s) => s.id === scenarioId)) {
        throw badInput("scenarioId", `No scenario with id '${scenarioId}' in this assessment`);
      }
    }
    if (input.parentId) {
      const parent = first(
        await tx
          .select()
          .from(t.roundComments)
          .where(and(eq(t.roundComments.id, input.parentId), eq(t.roundComments.roundId, round.id))),
      );
      if (!parent)
        throw new DomainError("NOT_FOUND", `No comment with id '${input.parentId}' in this round`, "parentId");
      if (parent.indicatorId !== input.indicatorId || parent.scenarioId !== scenarioId) {
        throw badInput("parentId", "A reply must be on the same dispute as the comment it answers");
      }
    }
    await tx.insert(t.roundComments).values({
      id: crypto.randomUUID(),
      roundId: round.id,
      indicatorId: input.indicatorId,
      scenarioId,
      parentId: input.parentId ?? null,
      authorId: actor.id,
      authorName: actor.name,
      body,
      createdAt: new Date(),
    });
    return round;
  });
  await publishRoundNotice(db, round, "commented", actor.name);
  return await roundComments(db, round, await participantsOf(db, round.id), actor.id);
}
