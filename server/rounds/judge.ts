// A participant's own judgement: saving the draft (cell by cell, as they work) and submitting it.
// Only the participant reads or writes their draft; a submitted judgement is final for the round
// (revising after seeing the others is what the next round is for).

import { and, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import type { AssessmentAccess } from "@/server/access";
import { activeScenarios, type Expectation } from "@/shared/assessment/state";
import { badInput, DomainError } from "@/shared/errors";
import type { JudgementValues } from "@/shared/rounds";
import { publishRoundNotice } from "./notices";
import { editableState } from "./open";
import {
  findRoundForWrite,
  insertCells,
  judgementsOf,
  type ParticipantRow,
  participantsOf,
  type RoundRow,
  scopeOf,
} from "./store";

export interface JudgementPatch {
  expectations?: Record<string, Record<string, Expectation | null>> | undefined;
  weights?: Record<string, number | null> | undefined;
  reasons?: Record<string, string | null> | undefined;
}

/** The caller's place in an open round they may still judge in, or the reason they may not. */
async function ownOpenPlace(tx: DbOrTx, round: RoundRow, userId: string): Promise<ParticipantRow> {
  const me = (await participantsOf(tx, round.id)).find((p) => p.userId === userId);
  if (!me) {
    throw new DomainError(
      "FORBIDDEN",
      `You are not a participant of round ${round.number}: ${round.facilitatorName} chose who takes part`,
    );
  }
  if (me.leftAt !== null) {
    throw new DomainError(
      "FORBIDDEN",
      `You left round ${round.number} when you left the team or stopped being an analyst`,
    );
  }
  if (round.status !== "open") {
    throw badInput("roundId", `Round ${round.number} is ${round.status}: judgements can no longer change`);
  }
  if (me.submittedAt !== null) {
    throw badInput(
      "roundId",
      `You submitted your judgement for round ${round.number}: it is final for this round; revise it in the next one`,
    );
  }
  return me;
}

async function applyPatch(tx: DbOrTx, round: RoundRow, me: ParticipantRow, patch: JudgementPatch): Promise<void> {
  const scope = new Set((await scopeOf(tx, round.id)).map((s) => s.indicatorId));
  const state = await editableState(tx, round.assessmentId);
  const scenarios = new Set(activeScenarios(state.scenarios).map((s) => s.id));
  const inScope = (field: string, indicatorId: string) => {
    if (!scope.has(indicatorId)) {
      throw badInput(`${field}.${indicatorId}`, `Indicator '${indicatorId}' is not in round ${round.number}'s scope`);
    }
  };
  const inserts: (typeof t.judgementCells.$inferInsert)[] = [];
  for (const [indicatorId, row] of Object.entries(patch.expectations ?? {})) {
    inScope("expectations", indicatorId);
    const scenarioIds = Object.keys(row);
    for (const scenarioId of scenarioIds) {
      if (!scenarios.has(scenarioId)) {
        throw badInput(
          `expectations.${indicatorId}.${scenarioId}`,
          `No active scenario with id '${scenarioId}' in this assessment`,
        );
      }
    }
    if (scenarioIds.length === 0) continue;
    // The row's named cells are replaced (or cleared, for null) in one statement, then written together.
    await tx
      .delete(t.judgementCells)
      .where(
        and(
          eq(t.judgementCells.participantId, me.id),
          eq(t.judgementCells.indicatorId, indicatorId),
          inArray(t.judgementCells.scenarioId, scenarioIds),
        ),
      );
    for (const [scenarioId, value] of Object.entries(row)) {
      if (value === null) continue;
      inserts.push({
        participantId: me.id,
        indicatorId,
        scenarioId,
        rating: typeof value === "string" ? value : null,
        likelihood: typeof value === "number" ? value : null,
      });
    }
  }
  await insertCells(tx, inserts);
  const rowIds = new Set([...Object.keys(patch.weights ?? {}), ...Object.keys(patch.reasons ?? {})]);
  for (const indicatorId of rowIds) {
    inScope(patch.weights && indicatorId in patch.weights ? "weights" : "reasons", indicatorId);
    const key = and(eq(t.judgementRows.participantId, me.id), eq(t.judgementRows.indicatorId, indicatorId));
    const current = first(await tx.select().from(t.judgementRows).where(key));
    const weight =
      patch.weights && indicatorId in patch.weights ? (patch.weights[indicatorId] ?? null) : (current?.weight ?? null);
    const given = patch.reasons && indicatorId in patch.reasons ? patch.reasons[indicatorId] : undefined;
    const reason = given === undefined ? (current?.reason ?? null) : given?.trim() || null;
    await tx.delete(t.judgementRows).where(key);
    if (weight !== null || reason !== null) {
      await tx.insert(t.judgementRows).values({ participantId: me.id, indicatorId, weight, reason });
    }
  }
  await tx.update(t.roundParticipants).set({ updatedAt: new Date() }).where(eq(t.roundParticipants.id, me.id));
}

/** Saves part of the caller's draft (null clears a cell, weight or reason); answers with the whole draft. */
export async function saveDraft(
  access: AssessmentAccess,
  db: Db,
  input: JudgementPatch & { roundId: string },
  now = Date.now(),
): Promise<JudgementValues> {
  return await transaction(db, async (tx) => {
    const round = await findRoundForWrite(tx, access.assessmentId, input.roundId, now);
    const me = await ownOpenPlace(tx, round, access.userId);
    await applyPatch(tx, round, me, input);
    return (await judgementsOf(tx, [me.id])).get(me.id) as JudgementValues;
  });
}

/** Saves the last of the draft, if any, and submits it: from now on the caller sees the others' submitted judgements. */
export async function submitJudgement(
  access: AssessmentAccess,
  db: Db,
  actorName: string,
  input: JudgementPatch & { roundId: string },
  now = Date.now(),
): Promise<{ submittedAt: Date; judgement: JudgementValues }> {
  const { round, submittedAt, judgement } = await transaction(db, async (tx) => {
    const round = await findRoundForWrite(tx, access.assessmentId, input.roundId, now);
    const me = await ownOpenPlace(tx, round, access.userId);
    await applyPatch(tx, round, me, input);
    const submittedAt = new Date(now);
    await tx
      .update(t.roundParticipants)
      .set({ submittedAt, updatedAt: submittedAt })
      .where(eq(t.roundParticipants.id, me.id));
    return { round, submittedAt, judgement: (await judgementsOf(tx, [me.id])).get(me.id) as JudgementValues };
  });
  await publishRoundNotice(db, round, "submitted", actorName);
  return { submittedAt, judgement };
}
