// The facilitator's part after a round opens: closing it (the team then sees it), abandoning it
// (nothing changes), and adopting its consensus, optionally edited, as ONE change of the assessment
// through the commit path (`round.adopt`), attributed to the round and replayable like any other.

import { eq } from "drizzle-orm";
import type { Db } from "@/db/connection";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import type { AssessmentAccess } from "@/server/access";
import { type Actor, answerOf, type CommitResult, commitChangeInTx } from "@/server/assessments/commit";
import { forgetState, loadAssessmentStateCached, rememberState } from "@/server/assessments/store";
import { publishAssessmentChange } from "@/server/live";
import type { EditAnswer } from "@/shared/assessment/answer";
import { activeScenarios, type Expectation } from "@/shared/assessment/state";
import { badInput, DomainError } from "@/shared/errors";
import { groupView } from "./group";
import { publishRoundNotice } from "./notices";
import { mayManage } from "./privacy";
import { counts, findRoundForWrite, judgementsOf, participantsOf, type RoundRow, scopeOf } from "./store";

function requireManager(round: RoundRow, access: AssessmentAccess, what: string): void {
  if (!mayManage(round, access.userId, access.role)) {
    throw new DomainError(
      "FORBIDDEN",
      `Only the facilitator of round ${round.number} (${round.facilitatorName}) or an owner can ${what} it`,
    );
  }
}

export async function closeRound(
  access: AssessmentAccess,
  db: Db,
  actor: Actor,
  roundId: string,
  now = Date.now(),
): Promise<RoundRow> {
  const round = await transaction(db, async (tx) => {
    const round = await findRoundForWrite(tx, access.assessmentId, roundId, now);
    requireManager(round, access, "close");
    if (round.status !== "open") throw badInput("roundId", `Round ${round.number} is already ${round.status}`);
    const closed: RoundRow = { ...round, status: "closed", closedAt: new Date(now) };
    await tx.update(t.rounds).set({ status: "closed", closedAt: closed.closedAt }).where(eq(t.rounds.id, round.id));
    return closed;
  });
  await publishRoundNotice(db, round, "closed", actor.name);
  return round;
}

export async function abandonRound(
  access: AssessmentAccess,
  db: Db,
  actor: Actor,
  roundId: string,
  now = Date.now(),
): Promise<RoundRow> {
  const round = await transaction(db, async (tx) => {
    const round = await findRoundForWrite(tx, access.assessmentId, roundId, now);
    requireManager(round, access, "abandon");
    if (round.status === "adopted" || round.status === "abandoned") {
      throw badInput("roundId", `Round ${round.number} is already ${round.status}`);
    }
    const abandoned: RoundRow = { ...round, status: "abandoned", closedAt: round.closedAt ?? new Date(now) };
    await tx
      .update(t.rounds)
      .set({ status: "abandoned", closedAt: abandoned.closedAt })
      .where(eq(t.rounds.id, round.id));
    return abandoned;
  });
  await publishRoundNotice(db, round, "abandoned", actor.name);
  return round;
}

export interface AdoptInput {
  roundId: string;
  /** The assessment version the facilitator saw the consensus at. */
  version: number;
  rationale: string;
  /** The facilitator's edits of the consensus, cell by cell (inside the scope). */
  expectations?: Record<string, Record<string, Expectation>> | undefined;
  weights?: Record<string, number> | undefined;
}

/**
 * Adopts the round's consensus, computed on the current shared model from the judgements that count,
 * with the facilitator's edits laid over it: one `round.adopt` change. Adopting an open round closes it.
 */
export async function adoptRound(
  access: AssessmentAccess,
  db: Db,
  actor: Actor & { id: string },
  input: AdoptInput,
  now = Date.now(),
): Promise<EditAnswer> {
  let committed: CommitResult;
  let round: RoundRow;
  try {
    ({ committed, round } = await transaction(db, async (tx) => {
      const row = await findRoundForWrite(tx, access.assessmentId, input.roundId, now);
      requireManager(row, access, "adopt");
      if (row.status === "adopted" || row.status === "abandoned") {
        throw badInput("roundId", `Round ${row.number} is already ${row.status}`);
      }
      if (!input.rationale.trim())
        throw badInput("rationale", "Say why the team's judgement is adopted: the history keeps it");
      const state = await loadAssessmentStateCached(tx, access.assessmentId);
      if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${access.assessmentId}'`, "assessmentId");
      const participants = (await participantsOf(tx, row.id)).filter(counts);
      const values = await judgementsOf(
        tx,
        participants.map((p) => p.id),
      );
      const pooled = groupView(
        state,
        (await scopeOf(tx, row.id)).map((s) => s.indicatorId),
        participants.map((p) => ({
          key: p.label,
          values: values.get(p.id) ?? { expectations: {}, weights: {}, reasons: {} },
        })),
      );
      if (!pooled.view) throw badInput("roundId", `Round ${row.number} cannot be adopted yet: ${pooled.reason}`);
      const expectations = Object.fromEntries(
        Object.entries(pooled.view.consensus.expectations).map(([id, r]) => [id, { ...r }]),
      );
      const weights = { ...pooled.view.consensus.weights };
      const scenarios = new Set(activeScenarios(state.scenarios).map((s) => s.id));
      for (const [indicatorId, r] of Object.entries(input.expectations ?? {})) {
        const target = expectations[indicatorId];
        if (!target)
          throw badInput(`expectations.${indicatorId}`, `Indicator '${indicatorId}' is not in this round's scope`);
        for (const [scenarioId, value] of Object.entries(r)) {
          if (!scenarios.has(scenarioId)) {
            throw badInput(`expectations.${indicatorId}.${scenarioId}`, `No active scenario with id '${scenarioId}'`);
          }
          target[scenarioId] = value;
        }
      }
      for (const [indicatorId, w] of Object.entries(input.weights ?? {})) {
        if (!(indicatorId in weights))
          throw badInput(`weights.${indicatorId}`, `Indicator '${indicatorId}' is not in this round's scope`);
        weights[indicatorId] = w;
      }
      const committed = await commitChangeInTx(tx, {
        assessmentId: access.assessmentId,
        baseVersion: input.version,
        actor,
        rationale: input.rationale,
        at: now,
        change: { type: "round.adopt", roundId: row.id, roundNumber: row.number, expectations, weights },
      });
      const adopted: RoundRow = {
        ...row,
        status: "adopted",
        closedAt: row.closedAt ?? new Date(now),
        adoptedAt: new Date(now),
        adoptedSeq: committed.seq,
      };
      await tx
        .update(t.rounds)
        .set({ status: "adopted", closedAt: adopted.closedAt, adoptedAt: adopted.adoptedAt, adoptedSeq: committed.seq })
        .where(eq(t.rounds.id, row.id));
      return { committed, round: adopted };
    }));
  } catch (error) {
    // A state cached inside a rolled-back transaction must not outlive it (as commitChange does).
    forgetState(access.assessmentId);
    throw error;
  }
  rememberState(committed.state);
  const answer = answerOf(committed);
  publishAssessmentChange({
    assessmentId: access.assessmentId,
    version: committed.state.version,
    actorName: actor.name,
    seq: committed.seq,
    edit: answer,
    round: { roundId: round.id, number: round.number, status: round.status, event: "adopted" },
  });
  return answer;
}
