// What the brief (server/export/brief.ts) says of an assessment's team rounds at its moment: the
// last round adopted up to then with the team's range per scenario, and a "Team rounds" section of
// every round opened by then, as the person making the brief may see it (./privacy.ts decides):
// values of a round that was open at the moment only to a participant who had submitted, names
// beside values only in a named round, drafts never.
import type { AssessmentAccess } from "@/server/access";
import { dbOf } from "@/server/access";
import { stateAtSeq } from "@/server/assessments/replay";
import type { AssessmentState, Expectation } from "@/shared/assessment/state";
import { RATINGS } from "@/shared/engine";
import { formatWholePercent } from "@/shared/format";
import type { JudgementValues, RoundStatus } from "@/shared/rounds";
import { type GroupView, groupView } from "./group";
import { participantName, roundSight } from "./privacy";
import { counts, judgementsOf, type ParticipantRow, participantsOf, type RoundRow, roundsOf, scopeOf } from "./store";

/** The disputes a brief lists per round, and the indicators it lists per judgement. */
export const BRIEF_DISPUTES = 5;
export const BRIEF_JUDGEMENT_ROWS = 30;

export interface BriefRound {
  id: string;
  number: number;
  /** As it stood at the brief's moment (a round adopted later was closed or open then). */
  status: RoundStatus;
  question: string;
  anonymous: boolean;
  facilitator: string;
  openedAt: number;
  closedAt: number | null;
  adoptedAt: number | null;
  /** Participants asked, and the submitted judgements that count. */
  participants: number;
  submitted: number;
  scopeSize: number;
  /** Why the person making the brief may not see this round's values, or null when they may. */
  hiddenBecause: string | null;
  /** Why there is nothing pooled although the values may be seen (fewer than two judgements), or null. */
  groupReason: string | null;
  /** Per active scenario: the pooled call and the participants' range. Empty when hidden or not pooled. */
  scenarios: { id: string; name: string; pooled: number; low: number; high: number; outside: boolean }[];
  /** Mean spread over the cells in scope (logits), and the round before's on the same cells. */
  convergence: { meanSpread: number; previous: { number: number; meanSpread: number } | null } | null;
  /** The disputes that matter most: by impact on the call, then spread. */
  disputes: {
    indicatorId: string;
    scenarioId: string;
    indicator: string;
    scenario: string;
    spread: number;
    impact: number;
    values: { who: string; value: string }[];
  }[];
  judgements: {
    who: string;
    submittedAt: number;
    rows: { indicatorId: string; indicator: string; ratings: string; weight: string | null; reason: string | null }[];
    /** Indicators judged beyond the ones listed (the JSON export holds them all). */
    more: number;
  }[];
}

export interface BriefTeam {
  /** The last round adopted at or before the moment. */
  team: { roundId: string; roundNumber: number; question: string; adoptedAt: number; participants: number } | null;
  /** That round's range per scenario id (the participants' lowest and highest probability). */
  teamRange: Map<string, { low: number; high: number }>;
  rounds: BriefRound[];
}

/** "Likely", "exactly 37 %". */
function valueWords(e: Expectation | null | undefined): string {
  if (e === null || e === undefined) return "—";
  return typeof e === "number" ? `exactly ${formatWholePercent(e)}` : RATINGS[e].label;
}

/** The round as it stood at `at` (epoch ms) and change `seq`: its later closing or adoption undone. */
function asAt(round: RoundRow, seq: number, at: number): RoundRow {
  if (round.status === "adopted" && round.adoptedSeq !== null && round.adoptedSeq <= seq) return round;
  const closedBy = round.closedAt !== null && round.closedAt.getTime() <= at;
  if (round.status === "open" || !closedBy) return { ...round, status: "open", closedAt: null, adoptedAt: null };
  // Adopted later, closed by then.
  return round.status === "adopted" ? { ...round, status: "closed", adoptedAt: null, adoptedSeq: null } : round;
}

function whoOf(round: RoundRow, p: ParticipantRow): string {
  const { label, name } = participantName(round, p);
  return name ? `${label} (${name})` : label;
}

/**
 * The team part of the brief of change `seq` (the latest when `latest`), whose state is `state`.
 * Adopted rounds are pooled on the model they were adopted from (the state just before their
 * adoption), so the range is the one the team saw; other rounds on the moment's model.
 */
export async function teamForBrief(
  access: AssessmentAccess,
  seq: number,
  at: number,
  latest: boolean,
  state: AssessmentState,
  now = Date.now(),
): Promise<BriefTeam> {
  const db = dbOf(access);
  const moment = latest ? now : at;
  const all = (await roundsOf(db, access.assessmentId, now)).filter((r) => latest || r.openedAt.getTime() <= at);
  if (all.length === 0) return { team: null, teamRange: new Map(), rounds: [] };
  const participants = await participantsOf(
    db,
    all.map((r) => r.id),
  );
  const indicatorName = new Map(state.indicators.map((i) => [i.id, i.name]));
  const scenarioName = new Map(state.scenarios.map((s) => [s.id, s.name]));
  const views = new Map<string, GroupView>();
  const rounds: BriefRound[] = [];
  let team: BriefTeam["team"] = null;
  let teamRange: BriefTeam["teamRange"] = new Map();

  for (const row of all) {
    const round = asAt(row, seq, moment);
    const mine = participants.filter((p) => p.roundId === round.id);
    const countedHere = mine.filter(counts);
    const sight = roundSight(round, mine, access.userId);
    const scope = await scopeOf(db, round.id);
    const base: BriefRound = {
      id: round.id,
      number: round.number,
      status: round.status,
      question: round.question,
      anonymous: round.anonymous,
      facilitator: round.facilitatorName,
      openedAt: round.openedAt.getTime(),
      closedAt: round.closedAt?.getTime() ?? null,
      adoptedAt: round.adoptedAt?.getTime() ?? null,
      participants: mine.length,
      submitted: countedHere.length,
      scopeSize: scope.length,
      hiddenBecause: sight.hiddenBecause,
      groupReason: null,
      scenarios: [],
      convergence: null,
      disputes: [],
      judgements: [],
    };
    rounds.push(base);
    if (!sight.seesGroup) continue;

    // Read only the judgements that count (never a draft), and only now that the caller may see them.
    const values = await judgementsOf(
      db,
      countedHere.map((p) => p.id),
    );
    const adoptedHere = round.status === "adopted" && round.adoptedSeq !== null;
    const on = adoptedHere ? await stateAtSeq(db, access.assessmentId, (round.adoptedSeq as number) - 1) : state;
    const pooled = groupView(
      on,
      scope.map((s) => s.indicatorId),
      countedHere.map((p) => ({ key: p.label, values: values.get(p.id) ?? emptyValues() })),
      round.focus,
    );
    const names = {
      indicator: (id: string) =>
        indicatorName.get(id) ?? scope.find((s) => s.indicatorId === id)?.indicatorName ?? "(deleted indicator)",
      scenario: (id: string) =>
        scenarioName.get(id) ?? on.scenarios.find((s) => s.id === id)?.name ?? "(deleted scenario)",
    };
    base.judgements = countedHere.map((p) => judgementLines(round, p, values.get(p.id) ?? emptyValues(), on, names));
    if (!pooled.view) {
      base.groupReason = pooled.reason;
      continue;
    }
    const view = pooled.view;
    views.set(round.id, view);
    base.scenarios = on.scenarios
      .filter((s) => !s.archived && view.range[s.id])
      .map((s) => {
        const [low, high] = view.range[s.id] as [number, number];
        return {
          id: s.id,
          name: s.name,
          pooled: view.pooled[s.id] ?? 0,
          low,
          high,
          outside: view.pooledOutsideRange[s.id] ?? false,
        };
      });
    const before = round.previousRoundId ? views.get(round.previousRoundId) : undefined;
    const previousNumber = all.find((r) => r.id === round.previousRoundId)?.number;
    const onSame = new Set(view.cells.map((c) => `${c.indicatorId}\u0000${c.scenarioId}`));
    const beforeSpreads = before?.cells.filter((c) => onSame.has(`${c.indicatorId}\u0000${c.scenarioId}`)) ?? [];
    base.convergence = {
      meanSpread: view.convergence.meanSpread,
      previous:
        before && previousNumber !== undefined && beforeSpreads.length > 0
          ? {
              number: previousNumber,
              meanSpread: beforeSpreads.reduce((a, c) => a + c.spread, 0) / beforeSpreads.length,
            }
          : null,
    };
    const shared = new Map(on.indicators.map((i) => [i.id, i]));
    base.disputes = view.cells
      .filter((c) => c.spread > 0)
      .slice(0, BRIEF_DISPUTES)
      .map((c) => ({
        indicatorId: c.indicatorId,
        scenarioId: c.scenarioId,
        indicator: names.indicator(c.indicatorId),
        scenario: names.scenario(c.scenarioId),
        spread: c.spread,
        impact: c.impact,
        values: countedHere.map((p) => {
          const own = values.get(p.id)?.expectations[c.indicatorId]?.[c.scenarioId];
          const fallback = shared.get(c.indicatorId)?.expectations[c.scenarioId];
          return {
            who: whoOf(round, p),
            value: own !== undefined ? valueWords(own) : `shared (${valueWords(fallback)})`,
          };
        }),
      }));
    if (adoptedHere && round.adoptedAt && (!team || round.adoptedAt.getTime() >= team.adoptedAt)) {
      team = {
        roundId: round.id,
        roundNumber: round.number,
        question: round.question,
        adoptedAt: round.adoptedAt.getTime(),
        participants: countedHere.length,
      };
      teamRange = new Map(base.scenarios.map((s) => [s.id, { low: s.low, high: s.high }]));
    }
  }
  return { team, teamRange, rounds };
}

const emptyValues = (): JudgementValues => ({ expectations: {}, weights: {}, reasons: {} });

function judgementLines(
  round: RoundRow,
  p: ParticipantRow,
  values: JudgementValues,
  state: AssessmentState,
  names: { indicator: (id: string) => string; scenario: (id: string) => string },
): BriefRound["judgements"][number] {
  const order = new Map(state.indicators.map((i, k) => [i.id, k]));
  const ids = [
    ...new Set([...Object.keys(values.expectations), ...Object.keys(values.weights), ...Object.keys(values.reasons)]),
  ].sort((a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER));
  const rows = ids.slice(0, BRIEF_JUDGEMENT_ROWS).map((id) => {
    const cells = Object.entries(values.expectations[id] ?? {});
    const weight = values.weights[id];
    return {
      indicatorId: id,
      indicator: names.indicator(id),
      ratings: cells.map(([sid, v]) => `${names.scenario(sid)}: ${valueWords(v).toLowerCase()}`).join("; "),
      weight: weight === undefined ? null : formatWholePercent(weight),
      reason: values.reasons[id] ?? null,
    };
  });
  return {
    who: whoOf(round, p),
    submittedAt: p.submittedAt?.getTime() ?? 0,
    rows,
    more: Math.max(0, ids.length - rows.length),
  };
}
