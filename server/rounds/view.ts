// Reads of team rounds: the list of an assessment's rounds, one round as the caller may see it, and
// the open rounds waiting for the caller (their home page). Every value passes ./privacy.ts first:
// a caller who may not see the group gets the round's frame (question, scope, who takes part, how
// many have submitted) and their own judgement, never anyone else's.

import { and, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { first } from "@/db/first";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { loadAssessmentStateCached } from "@/server/assessments/store";
import type { AssessmentState, Expectation } from "@/shared/assessment/state";
import { DomainError } from "@/shared/errors";
import { analystLabel, type JudgementValues, type RoundStatus } from "@/shared/rounds";
import { type CellTable, packCells } from "@/shared/rounds-cells";
import { groupViewRead, judgementsRead } from "./cache";
import { type RoundCommentView, roundComments } from "./comments";
import { firstRows, type JudgementEntry, judgementEntries, onlyRows } from "./detail";
import { type Convergence, convergenceOf, type GroupView } from "./group";
import { mayManage, roundSight } from "./privacy";
import {
  counts,
  findRound,
  type ParticipantRow,
  participantsOf,
  type RoundRow,
  roundsOf,
  type ScopeRow,
  scopeOf,
} from "./store";

export interface RoundSummary {
  id: string;
  number: number;
  status: RoundStatus;
  anonymous: boolean;
  question: string;
  facilitator: { id: string | null; name: string };
  openedAt: Date;
  closesAt: Date | null;
  closedAt: Date | null;
  adoptedAt: Date | null;
  /** The history event of the adoption. */
  adoptedSeq: number | null;
  previousRoundId: string | null;
  scopeSize: number;
  participantCount: number;
  submittedCount: number;
  /** The caller's place in it: their letter, whether they submitted or left. */
  me: { label: string; submitted: boolean; left: boolean } | null;
  /** The caller may close, abandon, adopt it or open the next round. */
  mayManage: boolean;
}

export interface ParticipantEntry {
  /** Null in an anonymous round (except for the caller's own entry): the letter is never tied to a name there. */
  label: string | null;
  name: string;
  mine: boolean;
  /** Null in an anonymous round for anyone but the caller: who has submitted is not shown there. */
  submitted: boolean | null;
  /** When they left the team (or stopped being an analyst), and whether their judgement still counts. */
  left: { at: Date; counted: boolean } | null;
}

export type { JudgementEntry };

export interface SharedChange {
  indicatorId: string;
  /** Null for the weight. */
  scenarioId: string | null;
  was: Expectation | null;
  now: Expectation | null;
}

/** The group view as the page receives it: its cells as a table (shared/rounds-cells.ts, unpackCells). */
export type GroupWire = Omit<GroupView, "cells"> & { cells: CellTable };

const wire = (view: GroupView | null): GroupWire | null => (view ? { ...view, cells: packCells(view.cells) } : null);

export interface RoundView {
  round: RoundSummary & {
    scope: (ScopeRow & { deleted: boolean })[];
    focus: { indicatorId: string; scenarioId: string }[];
  };
  participants: ParticipantEntry[];
  /** What changed in the shared model of the scope since the round opened. */
  sharedSinceOpen: { versions: number; changes: SharedChange[] };
  /** The caller's own judgement: all of it while they judge, on `detailRows` once they no longer do. */
  own: { label: string; submittedAt: Date | null; left: boolean; values: JudgementValues } | null;
  seesGroup: boolean;
  hiddenBecause: string | null;
  /**
   * The submitted judgements that count (seesGroup only), their values on `detailRows` only; the
   * other rows come from `rounds.judgements` when the page shows them.
   */
  judgements: JudgementEntry[];
  /** The indicators whose values `judgements` and `previous.judgements` carry. */
  detailRows: string[];
  group: GroupWire | null;
  groupReason: string | null;
  comments: RoundCommentView[];
  /** The round this one follows, which is closed, so the team sees it: its judgements and its convergence on this round's cells. */
  previous: {
    id: string;
    number: number;
    judgements: JudgementEntry[];
    group: GroupWire | null;
    convergenceHere: Convergence | null;
  } | null;
}

function summaryOf(
  round: RoundRow,
  participants: readonly ParticipantRow[],
  scopeSize: number,
  access: { userId: string; role: string },
): RoundSummary {
  const me = participants.find((p) => p.userId === access.userId);
  return {
    id: round.id,
    number: round.number,
    status: round.status,
    anonymous: round.anonymous,
    question: round.question,
    facilitator: { id: round.facilitatorId, name: round.facilitatorName },
    openedAt: round.openedAt,
    closesAt: round.closesAt,
    closedAt: round.closedAt,
    adoptedAt: round.adoptedAt,
    adoptedSeq: round.adoptedSeq,
    previousRoundId: round.previousRoundId,
    scopeSize,
    participantCount: participants.length,
    submittedCount: participants.filter(counts).length,
    me: me ? { label: analystLabel(me.label), submitted: me.submittedAt !== null, left: me.leftAt !== null } : null,
    mayManage: mayManage(round, access.userId, access.role),
  };
}

export async function listRounds(access: AssessmentAccess): Promise<RoundSummary[]> {
  const db = dbOf(access);
  const rounds = await roundsOf(db, access.assessmentId);
  const ids = rounds.map((r) => r.id);
  const participants = await participantsOf(db, ids);
  const scopeSizes = new Map<string, number>();
  if (ids.length) {
    for (const s of await db
      .select({ roundId: t.roundScope.roundId })
      .from(t.roundScope)
      .where(inArray(t.roundScope.roundId, ids))) {
      scopeSizes.set(s.roundId, (scopeSizes.get(s.roundId) ?? 0) + 1);
    }
  }
  return rounds
    .map((r) =>
      summaryOf(
        r,
        participants.filter((p) => p.roundId === r.id),
        scopeSizes.get(r.id) ?? 0,
        access,
      ),
    )
    .reverse();
}

function sharedSinceOpen(
  round: RoundRow,
  state: AssessmentState,
  scope: readonly ScopeRow[],
): RoundView["sharedSinceOpen"] {
  const changes: SharedChange[] = [];
  const byId = new Map(state.indicators.map((i) => [i.id, i]));
  for (const { indicatorId } of scope) {
    const now = byId.get(indicatorId);
    const wasRow = round.sharedAtOpen.expectations[indicatorId] ?? {};
    if (!now) continue;
    for (const s of state.scenarios) {
      if (s.archived) continue;
      const was = (wasRow[s.id] as Expectation | undefined) ?? null;
      const current = now.expectations[s.id] ?? null;
      if (was !== current) changes.push({ indicatorId, scenarioId: s.id, was, now: current });
    }
    const w = round.sharedAtOpen.weights[indicatorId] ?? null;
    if (w !== now.weight) changes.push({ indicatorId, scenarioId: null, was: w, now: now.weight });
  }
  return { versions: state.version - round.openedAtVersion, changes };
}

function participantEntries(
  round: RoundRow,
  participants: readonly ParticipantRow[],
  userId: string,
): ParticipantEntry[] {
  const entries = participants.map((p): ParticipantEntry => {
    const mine = p.userId === userId;
    const open = !round.anonymous || mine;
    return {
      label: open ? analystLabel(p.label) : null,
      name: p.name,
      mine,
      submitted: open ? p.submittedAt !== null : null,
      left: p.leftAt ? { at: p.leftAt, counted: counts(p) } : null,
    };
  });
  // In an anonymous round the list is in name order, so its order says nothing of the letters.
  return round.anonymous ? entries.sort((a, b) => a.name.localeCompare(b.name)) : entries;
}

/** The counted judgements of a round, keyed for poolRound by letter. */
function counted(participants: readonly ParticipantRow[], values: Map<string, JudgementValues>) {
  return participants
    .filter(counts)
    .map((p) => ({ key: p.label, values: values.get(p.id) ?? { expectations: {}, weights: {}, reasons: {} } }));
}

function onlyWhenDone(values: JudgementValues, rows: ReadonlySet<string> | null): JudgementValues {
  return rows ? onlyRows(values, rows) : values;
}

export async function getRound(access: AssessmentAccess, roundId: string): Promise<RoundView> {
  const db = dbOf(access);
  const round = await findRound(db, access.assessmentId, roundId);
  const state = await loadAssessmentStateCached(db, access.assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${access.assessmentId}'`, "assessmentId");
  const participants = await participantsOf(db, round.id);
  const scope = await scopeOf(db, round.id);
  const present = new Set(state.indicators.map((i) => i.id));
  const sight = roundSight(round, participants, access.userId);
  const me = sight.me;

  // Read only the judgements the caller may see: their own, and the counted ones when they see the group.
  const visible = participants.filter((p) => p === me || (sight.seesGroup && counts(p)));
  const values = await judgementsRead(db, visible);

  let group: GroupView | null = null;
  let groupReason: string | null = null;
  if (sight.seesGroup) {
    const pooled = groupViewRead(
      round.id,
      state,
      scope.map((s) => s.indicatorId),
      counted(participants, values),
      round.focus,
    );
    group = pooled.view;
    groupReason = pooled.reason;
  }

  const detailRows = firstRows(
    scope.filter((s) => present.has(s.indicatorId)).map((s) => s.indicatorId),
    group,
  );
  const detail = new Set(detailRows);

  let previous: RoundView["previous"] = null;
  if (round.previousRoundId) {
    const before = first(await db.select().from(t.rounds).where(eq(t.rounds.id, round.previousRoundId)));
    // The round before is closed (opening this one closed it), so the whole team may see it.
    if (before && before.status !== "open") {
      const beforeParticipants = await participantsOf(db, before.id);
      const beforeValues = await judgementsRead(db, beforeParticipants.filter(counts));
      const pooled = groupViewRead(
        before.id,
        state,
        (await scopeOf(db, before.id)).map((s) => s.indicatorId),
        counted(beforeParticipants, beforeValues),
      );
      const here = group?.cells ?? null;
      previous = {
        id: before.id,
        number: before.number,
        judgements: judgementEntries(before, beforeParticipants, beforeValues, access.userId, detail),
        group: wire(pooled.view),
        convergenceHere: pooled.view ? convergenceOf(pooled.view, here, round.focus) : null,
      };
    }
  }

  return {
    round: {
      ...summaryOf(round, participants, scope.length, access),
      scope: scope.map((s) => ({ ...s, deleted: !present.has(s.indicatorId) })),
      focus: round.focus,
    },
    participants: participantEntries(round, participants, access.userId),
    sharedSinceOpen: sharedSinceOpen(round, state, scope),
    own: me
      ? {
          label: analystLabel(me.label),
          submittedAt: me.submittedAt,
          left: me.leftAt !== null,
          // Whole while they judge (their private copy); once submitted or out of it, the page shows their values
          // among the judgements, so the first rows are enough here too.
          values: onlyWhenDone(
            values.get(me.id) ?? { expectations: {}, weights: {}, reasons: {} },
            round.status === "open" && me.submittedAt === null && me.leftAt === null ? null : detail,
          ),
        }
      : null,
    seesGroup: sight.seesGroup,
    hiddenBecause: sight.hiddenBecause,
    judgements: sight.seesGroup ? judgementEntries(round, participants, values, access.userId, detail) : [],
    detailRows,
    group: wire(group),
    groupReason,
    comments: sight.seesGroup ? await roundComments(db, round, participants, access.userId) : [],
    previous,
  };
}

export interface RoundJudgements {
  seesGroup: boolean;
  hiddenBecause: string | null;
  /** The counted judgements on the asked indicators; empty unless the caller sees the group. */
  judgements: JudgementEntry[];
}

/**
 * The analysts' values of a round on some of its indicators (a page of the heat map, the disputes or
 * the distribution): the same rule as getRound decides whether the caller sees any (./privacy.ts).
 */
export async function roundJudgements(
  access: AssessmentAccess,
  roundId: string,
  indicatorIds: string[],
): Promise<RoundJudgements> {
  const db = dbOf(access);
  const round = await findRound(db, access.assessmentId, roundId);
  const inScope = new Set((await scopeOf(db, round.id)).map((s) => s.indicatorId));
  const outside = indicatorIds.find((id) => !inScope.has(id));
  if (outside !== undefined) {
    throw new DomainError(
      "BAD_REQUEST",
      `indicatorIds: '${outside}' is not in round ${round.number}'s scope; ask only for the round's indicators`,
      "indicatorIds",
    );
  }
  const participants = await participantsOf(db, round.id);
  const sight = roundSight(round, participants, access.userId);
  if (!sight.seesGroup) return { seesGroup: false, hiddenBecause: sight.hiddenBecause, judgements: [] };
  const values = await judgementsRead(db, participants.filter(counts));
  return {
    seesGroup: true,
    hiddenBecause: null,
    judgements: judgementEntries(round, participants, values, access.userId, new Set(indicatorIds)),
  };
}

export interface WaitingRound {
  roundId: string;
  number: number;
  assessmentId: string;
  assessmentTitle: string;
  question: string;
  closesAt: Date | null;
  submitted: boolean;
}

/** The open rounds the caller takes part in, across their teams, for their home page. */
export async function myOpenRounds(db: Db | DbOrTx, userId: string, now = Date.now()): Promise<WaitingRound[]> {
  return (
    await db
      .select({
        roundId: t.rounds.id,
        number: t.rounds.number,
        assessmentId: t.rounds.assessmentId,
        assessmentTitle: t.assessments.title,
        question: t.rounds.question,
        closesAt: t.rounds.closesAt,
        submittedAt: t.roundParticipants.submittedAt,
      })
      .from(t.roundParticipants)
      .innerJoin(t.rounds, eq(t.rounds.id, t.roundParticipants.roundId))
      .innerJoin(t.assessments, eq(t.assessments.id, t.rounds.assessmentId))
      // Still a member of the assessment's team (leaving the team leaves the round too).
      .innerJoin(t.members, and(eq(t.members.teamId, t.assessments.teamId), eq(t.members.userId, userId)))
      .where(
        and(
          eq(t.roundParticipants.userId, userId),
          isNull(t.roundParticipants.leftAt),
          eq(t.rounds.status, "open"),
          or(isNull(t.rounds.closesAt), gt(t.rounds.closesAt, new Date(now))),
        ),
      )
  ).map(({ submittedAt, ...r }) => ({ ...r, submitted: submittedAt !== null }));
}
