// The rows of a team round, read and written for server/rounds only: the round, its scope, its
// participants and their judgements. What a caller may SEE of them is decided in ./privacy.ts;
// nothing here answers a procedure directly.

import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/connection";
import { lockAssessment } from "@/db/dialect";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import type { Expectation } from "@/shared/assessment/state";
import { DomainError } from "@/shared/errors";
import { emptyJudgement, type JudgementValues } from "@/shared/rounds";

export type RoundRow = typeof t.rounds.$inferSelect;
export type ParticipantRow = typeof t.roundParticipants.$inferSelect;
export interface ScopeRow {
  indicatorId: string;
  indicatorName: string;
  position: number;
}

/**
 * Closes, in the tables, the open rounds whose closing time has passed (all assessments when none is
 * named). Writes call it first; reads (which may run on a read-only connection, server/offload) see the
 * same through `effective` without writing.
 */
export async function settleRounds(db: DbOrTx, assessmentId?: string, now = Date.now()): Promise<void> {
  const due = and(eq(t.rounds.status, "open"), isNotNull(t.rounds.closesAt), lte(t.rounds.closesAt, new Date(now)));
  await db
    .update(t.rounds)
    .set({ status: "closed", closedAt: sql`${t.rounds.closesAt}` })
    .where(assessmentId ? and(due, eq(t.rounds.assessmentId, assessmentId)) : due);
}

/** The round as it stands at `now`: an open round whose closing time has passed is closed, then. */
export function effective(row: RoundRow, now = Date.now()): RoundRow {
  if (row.status !== "open" || row.closesAt === null || row.closesAt.getTime() > now) return row;
  return { ...row, status: "closed", closedAt: row.closesAt };
}

/** A round of this assessment (another assessment's round is NOT_FOUND), as it stands now. */
export async function findRound(
  db: DbOrTx,
  assessmentId: string,
  roundId: string,
  now = Date.now(),
): Promise<RoundRow> {
  const row = first(
    await db
      .select()
      .from(t.rounds)
      .where(and(eq(t.rounds.id, roundId), eq(t.rounds.assessmentId, assessmentId))),
  );
  if (!row) throw new DomainError("NOT_FOUND", `No round with id '${roundId}' in this assessment`, "roundId");
  return effective(row, now);
}

/** findRound for a write: the tables first catch up with closing times that have passed. */
export async function findRoundForWrite(
  tx: DbOrTx,
  assessmentId: string,
  roundId: string,
  now = Date.now(),
): Promise<RoundRow> {
  // The assessment's row lock first, before any row that refers to it is written: on PostgreSQL a
  // writer that took a foreign-key share lock and then asked for the row lock could deadlock
  // with another doing the same.
  await lockAssessment(tx, assessmentId);
  await settleRounds(tx, assessmentId, now);
  return await findRound(tx, assessmentId, roundId, now);
}

export async function roundsOf(db: DbOrTx, assessmentId: string, now = Date.now()): Promise<RoundRow[]> {
  return (
    await db.select().from(t.rounds).where(eq(t.rounds.assessmentId, assessmentId)).orderBy(asc(t.rounds.number))
  ).map((r) => effective(r, now));
}

export async function scopeOf(db: DbOrTx, roundId: string): Promise<ScopeRow[]> {
  return await db
    .select({
      indicatorId: t.roundScope.indicatorId,
      indicatorName: t.roundScope.indicatorName,
      position: t.roundScope.position,
    })
    .from(t.roundScope)
    .where(eq(t.roundScope.roundId, roundId))
    .orderBy(asc(t.roundScope.position));
}

export async function participantsOf(db: DbOrTx, roundIds: string | string[]): Promise<ParticipantRow[]> {
  const ids = Array.isArray(roundIds) ? roundIds : [roundIds];
  if (ids.length === 0) return [];
  return await db
    .select()
    .from(t.roundParticipants)
    .where(inArray(t.roundParticipants.roundId, ids))
    .orderBy(asc(t.roundParticipants.label));
}

/** A judgement counts when it was submitted, and before its author left the team (DESIGN §2.9, the rule). */
export function counts(p: ParticipantRow): boolean {
  return p.submittedAt !== null && (p.leftAt === null || p.submittedAt.getTime() <= p.leftAt.getTime());
}

/** Whether the participant may still judge: they have not left the round. */
export const active = (p: ParticipantRow) => p.leftAt === null;

/** The judgements of the given participants, blanks absent. */
export async function judgementsOf(db: DbOrTx, participantIds: string[]): Promise<Map<string, JudgementValues>> {
  const out = new Map<string, JudgementValues>(participantIds.map((id) => [id, emptyJudgement()]));
  if (participantIds.length === 0) return out;
  const cells = await db.select().from(t.judgementCells).where(inArray(t.judgementCells.participantId, participantIds));
  for (const c of cells) {
    const j = out.get(c.participantId);
    if (!j) continue;
    const value: Expectation | null = c.rating ?? c.likelihood;
    if (value === null) continue;
    const row = j.expectations[c.indicatorId] ?? {};
    row[c.scenarioId] = value;
    j.expectations[c.indicatorId] = row;
  }
  const rows = await db.select().from(t.judgementRows).where(inArray(t.judgementRows.participantId, participantIds));
  for (const r of rows) {
    const j = out.get(r.participantId);
    if (!j) continue;
    if (r.weight !== null) j.weights[r.indicatorId] = r.weight;
    if (r.reason !== null) j.reasons[r.indicatorId] = r.reason;
  }
  return out;
}

/** The current assessment version, for the live notices of rounds (which change no version). */
export async function assessmentVersion(db: DbOrTx, assessmentId: string): Promise<number> {
  return (
    first(await db.select({ v: t.assessments.version }).from(t.assessments).where(eq(t.assessments.id, assessmentId)))
      ?.v ?? 0
  );
}

/** Rows per INSERT: SQLite binds at most 32,766 values, a cell takes 5. */
const CELL_BATCH = 1000;

/** Writes judgement cells many to a statement (a participant may set thousands at once). */
export async function insertCells(tx: DbOrTx, rows: (typeof t.judgementCells.$inferInsert)[]): Promise<void> {
  for (let k = 0; k < rows.length; k += CELL_BATCH) {
    await tx.insert(t.judgementCells).values(rows.slice(k, k + CELL_BATCH));
  }
}
