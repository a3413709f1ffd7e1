// Opening a team round (analysts and owners), and a next round on the disputed cells of one that
// has run: participants start from their previous judgement and keep their letter. Opening changes
// nothing of the assessment; it writes the round's own tables and tells open pages (no values).

import crypto from "node:crypto";
import { and, eq, inArray, max } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { lockAssessment, lockTeam } from "@/db/dialect";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import type { AssessmentAccess } from "@/server/access";
import { loadAssessmentStateCached } from "@/server/assessments/store";
import { type AssessmentState, activeScenarios } from "@/shared/assessment/state";
import { badInput, DomainError } from "@/shared/errors";
import { formatUtcMinute } from "@/shared/format";
import { type JudgementValues, participantLetter } from "@/shared/rounds";
import { publishRoundNotice } from "./notices";
import { mayManage } from "./privacy";
import {
  active,
  findRoundForWrite,
  insertCells,
  judgementsOf,
  participantsOf,
  type RoundRow,
  roundsOf,
  scopeOf,
  settleRounds,
} from "./store";

export interface Opener {
  id: string;
  name: string;
}

export interface OpenRoundInput {
  /** Default: every indicator of the assessment. */
  indicatorIds?: string[] | undefined;
  participantIds: string[];
  anonymous?: boolean | undefined;
  closesAt?: number | null | undefined;
  question: string;
}

export async function editableState(db: DbOrTx, assessmentId: string): Promise<AssessmentState> {
  const state = await loadAssessmentStateCached(db, assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  if (state.status !== "active") {
    throw badInput(
      "assessmentId",
      `This assessment is ${state.status}: ${state.status === "resolved" ? "reopen" : "restore"} it before running a round on it`,
    );
  }
  return state;
}

function checkClosingTime(closesAt: number | null | undefined, now: number): Date | null {
  if (closesAt === undefined || closesAt === null) return null;
  if (closesAt <= now) {
    throw badInput(
      "closesAt",
      `The closing time ${formatUtcMinute(closesAt)} UTC has passed: pick a later time, or none`,
    );
  }
  return new Date(closesAt);
}

async function refuseSecondOpenRound(db: DbOrTx, assessmentId: string, except?: string): Promise<void> {
  const open = (await roundsOf(db, assessmentId)).find((r) => r.status === "open" && r.id !== except);
  if (open) {
    throw badInput(
      "assessmentId",
      `Round ${open.number} is still open on this assessment: close or abandon it before opening another`,
    );
  }
}

/** The participants, each an analyst or owner of the team, with their current names. */
async function checkParticipants(db: DbOrTx, teamId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw badInput("participantIds", "A participant is listed twice");
  const rows = await db
    .select({ id: t.members.userId, role: t.members.role, name: t.user.name })
    .from(t.members)
    .innerJoin(t.user, eq(t.user.id, t.members.userId))
    .where(and(eq(t.members.teamId, teamId), inArray(t.members.userId, unique)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.map((id, k) => {
    const row = byId.get(id);
    if (!row) throw badInput(`participantIds.${k}`, `No member with id '${id}' in this team`);
    if (row.role === "viewer") {
      throw badInput(
        `participantIds.${k}`,
        `${row.name} is a viewer, and viewers never take part in a round: make them an analyst first, or leave them out`,
      );
    }
    return { id: row.id, name: row.name };
  });
}

/** Letters in a random order, so the order of the participant list says nothing of who is who. */
function shuffledLetters(count: number, taken: Set<string>): string[] {
  const letters: string[] = [];
  for (let k = 0; letters.length < count; k++) {
    const letter = participantLetter(k);
    if (!taken.has(letter)) letters.push(letter);
  }
  for (let i = letters.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [letters[i], letters[j]] = [letters[j] as string, letters[i] as string];
  }
  return letters;
}

function sharedValues(state: AssessmentState, scope: string[]): RoundRow["sharedAtOpen"] {
  const wanted = new Set(scope);
  const expectations: RoundRow["sharedAtOpen"]["expectations"] = {};
  const weights: Record<string, number> = {};
  const active = new Set(activeScenarios(state.scenarios).map((s) => s.id));
  for (const i of state.indicators) {
    if (!wanted.has(i.id)) continue;
    expectations[i.id] = Object.fromEntries(Object.entries(i.expectations).filter(([sid]) => active.has(sid)));
    weights[i.id] = i.weight;
  }
  return { expectations, weights };
}

async function nextNumber(db: DbOrTx, assessmentId: string): Promise<number> {
  const row = first(
    await db
      .select({ n: max(t.rounds.number) })
      .from(t.rounds)
      .where(eq(t.rounds.assessmentId, assessmentId)),
  );
  return (row?.n ?? 0) + 1;
}

async function writeJudgement(
  tx: DbOrTx,
  participantId: string,
  values: JudgementValues,
  scope: Set<string>,
): Promise<void> {
  const cells: (typeof t.judgementCells.$inferInsert)[] = [];
  for (const [indicatorId, row] of Object.entries(values.expectations)) {
    if (!scope.has(indicatorId)) continue;
    for (const [scenarioId, value] of Object.entries(row)) {
      cells.push({
        participantId,
        indicatorId,
        scenarioId,
        rating: typeof value === "string" ? value : null,
        likelihood: typeof value === "number" ? value : null,
      });
    }
  }
  await insertCells(tx, cells);
  const rows = [...scope]
    .map((indicatorId) => ({
      participantId,
      indicatorId,
      weight: values.weights[indicatorId] ?? null,
      reason: values.reasons[indicatorId] ?? null,
    }))
    .filter((r) => r.weight !== null || r.reason !== null);
  if (rows.length) await tx.insert(t.judgementRows).values(rows);
}

interface NewRound {
  assessmentId: string;
  state: AssessmentState;
  scope: string[];
  participants: { id: string; name: string; label: string; start?: JudgementValues | undefined }[];
  anonymous: boolean;
  question: string;
  closesAt: Date | null;
  previousRoundId: string | null;
  focus: RoundRow["focus"];
  opener: Opener;
  at: number;
}

async function insertRound(tx: DbOrTx, r: NewRound): Promise<RoundRow> {
  const id = crypto.randomUUID();
  const names = new Map(r.state.indicators.map((i) => [i.id, i.name]));
  const row: RoundRow = {
    id,
    assessmentId: r.assessmentId,
    number: await nextNumber(tx, r.assessmentId),
    previousRoundId: r.previousRoundId,
    status: "open",
    anonymous: r.anonymous,
    question: r.question,
    facilitatorId: r.opener.id,
    facilitatorName: r.opener.name,
    openedAt: new Date(r.at),
    openedAtVersion: r.state.version,
    sharedAtOpen: sharedValues(r.state, r.scope),
    focus: r.focus,
    closesAt: r.closesAt,
    closedAt: null,
    adoptedAt: null,
    adoptedSeq: null,
  };
  await tx.insert(t.rounds).values(row);
  await tx.insert(t.roundScope).values(
    r.scope.map((indicatorId, position) => ({
      roundId: id,
      indicatorId,
      position,
      indicatorName: names.get(indicatorId) ?? indicatorId,
    })),
  );
  const scope = new Set(r.scope);
  for (const p of r.participants) {
    const participantId = crypto.randomUUID();
    await tx.insert(t.roundParticipants).values({
      id: participantId,
      roundId: id,
      userId: p.id,
      name: p.name,
      label: p.label,
      updatedAt: new Date(r.at),
    });
    if (p.start) await writeJudgement(tx, participantId, p.start, scope);
  }
  return row;
}

export async function openRound(
  access: AssessmentAccess,
  db: Db,
  opener: Opener,
  input: OpenRoundInput,
  now = Date.now(),
): Promise<RoundRow> {
  const round = await transaction(db, async (tx) => {
    // The team's lock, then the assessment's (the order membership changes take them in): a member
    // removed or made a viewer meanwhile is not made a participant of the new round.
    await lockTeam(tx, access.teamId);
    await lockAssessment(tx, access.assessmentId);
    await settleRounds(tx, access.assessmentId, now);
    const state = await editableState(tx, access.assessmentId);
    await refuseSecondOpenRound(tx, access.assessmentId);
    const known = new Set(state.indicators.map((i) => i.id));
    const scope = input.indicatorIds ?? state.indicators.map((i) => i.id);
    if (scope.length === 0) throw badInput("indicatorIds", "Pick at least one indicator for the round to rate");
    if (new Set(scope).size !== scope.length) throw badInput("indicatorIds", "An indicator is listed twice");
    scope.forEach((id, k) => {
      if (!known.has(id)) throw badInput(`indicatorIds.${k}`, `No indicator with id '${id}' in this assessment`);
    });
    const ordered = state.indicators.map((i) => i.id).filter((id) => scope.includes(id));
    const people = await checkParticipants(tx, access.teamId, input.participantIds);
    const letters = shuffledLetters(people.length, new Set());
    return await insertRound(tx, {
      assessmentId: access.assessmentId,
      state,
      scope: ordered,
      participants: people.map((p, k) => ({ ...p, label: letters[k] as string })),
      anonymous: input.anonymous ?? true,
      question: input.question,
      closesAt: checkClosingTime(input.closesAt, now),
      previousRoundId: null,
      focus: [],
      opener,
      at: now,
    });
  });
  await publishRoundNotice(db, round, "opened", opener.name);
  return round;
}

export interface NextRoundInput {
  roundId: string;
  /** The disputed cells to revisit; the next round's scope is their indicators. */
  cells: { indicatorId: string; scenarioId: string }[];
  /** Default: the previous round's participants who are still on the team as analysts or owners. */
  participantIds?: string[] | undefined;
  closesAt?: number | null | undefined;
  question: string;
}

/**
 * Opens the round after `roundId` on its disputed cells, closing that round first if it is still open.
 * Each continuing participant keeps their letter and starts from their previous judgement (submitted,
 * or the draft they left), restricted to the new scope.
 */
export async function openNextRound(
  access: AssessmentAccess,
  db: Db,
  opener: Opener,
  input: NextRoundInput,
  now = Date.now(),
): Promise<{ previous: RoundRow; round: RoundRow }> {
  const result = await transaction(db, async (tx) => {
    await lockTeam(tx, access.teamId);
    const previous = await findRoundForWrite(tx, access.assessmentId, input.roundId, now);
    if (!mayManage(previous, opener.id, access.role)) {
      throw new DomainError(
        "FORBIDDEN",
        `Only the facilitator of round ${previous.number} (${previous.facilitatorName}) or an owner can open the next round`,
      );
    }
    if (previous.status === "abandoned") {
      throw badInput("roundId", `Round ${previous.number} was abandoned: open a new round instead`);
    }
    const state = await editableState(tx, access.assessmentId);
    await refuseSecondOpenRound(tx, access.assessmentId, previous.id);
    const previousScope = new Set((await scopeOf(tx, previous.id)).map((s) => s.indicatorId));
    const activeIds = new Set(activeScenarios(state.scenarios).map((s) => s.id));
    const known = new Set(state.indicators.map((i) => i.id));
    const seen = new Set<string>();
    input.cells.forEach((c, k) => {
      if (!known.has(c.indicatorId) || !previousScope.has(c.indicatorId)) {
        throw badInput(
          `cells.${k}.indicatorId`,
          `Indicator '${c.indicatorId}' was not rated in round ${previous.number}`,
        );
      }
      if (!activeIds.has(c.scenarioId)) {
        throw badInput(`cells.${k}.scenarioId`, `No active scenario with id '${c.scenarioId}' in this assessment`);
      }
      const key = `${c.indicatorId}\u0000${c.scenarioId}`;
      if (seen.has(key)) throw badInput(`cells.${k}`, "This cell is listed twice");
      seen.add(key);
    });
    const wanted = new Set(input.cells.map((c) => c.indicatorId));
    const scope = state.indicators.map((i) => i.id).filter((id) => wanted.has(id));

    const before = await participantsOf(tx, previous.id);
    const continuing = new Map(before.filter(active).map((p) => [p.userId, p]));
    const ids = input.participantIds ?? [...continuing.keys()].filter((id): id is string => id !== null);
    const eligible = await checkParticipants(tx, access.teamId, ids);
    const previousValues = await judgementsOf(
      tx,
      before.map((p) => p.id),
    );
    // A letter stays with its person across rounds; a newcomer never takes a letter someone had before.
    const taken = new Set(before.map((p) => p.label));
    const fresh = shuffledLetters(eligible.filter((p) => !continuing.has(p.id)).length, taken);
    let f = 0;
    const participants = eligible.map((p) => {
      const was = continuing.get(p.id);
      return was
        ? { ...p, label: was.label, start: previousValues.get(was.id) }
        : { ...p, label: fresh[f++] as string };
    });

    let closed = previous;
    if (previous.status === "open") {
      closed = { ...previous, status: "closed", closedAt: new Date(now) };
      await tx
        .update(t.rounds)
        .set({ status: "closed", closedAt: closed.closedAt })
        .where(eq(t.rounds.id, previous.id));
    }
    const round = await insertRound(tx, {
      assessmentId: access.assessmentId,
      state,
      scope,
      participants,
      anonymous: previous.anonymous,
      question: input.question,
      closesAt: checkClosingTime(input.closesAt, now),
      previousRoundId: previous.id,
      focus: input.cells,
      opener,
      at: now,
    });
    return { previous: closed, round, closedNow: previous.status === "open" };
  });
  if (result.closedNow) await publishRoundNotice(db, result.previous, "closed", opener.name);
  await publishRoundNotice(db, result.round, "opened", opener.name);
  return { previous: result.previous, round: result.round };
}
