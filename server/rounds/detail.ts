// The analysts' values a round's page needs now, not all of them (issue 14: 20 participants on
// 12 × 300 carry some 72,000 values, 3 MB and more on the wire). `rounds.get` sends the judgements
// restricted to the first rows (the heat map's first indicators and those of the first disputes);
// `rounds.judgements` brings any other rows, a page of indicators at a time, when the page shows
// them. Both decide who may see values with ./privacy.ts first, exactly as before.
import { ROUND_FIRST_DISPUTES, ROUND_FIRST_ROWS } from "@/shared/limits";
import type { JudgementValues } from "@/shared/rounds";
import type { GroupView } from "./group";
import { participantName } from "./privacy";
import { counts, type ParticipantRow, type RoundRow } from "./store";

export interface JudgementEntry {
  label: string;
  name: string | null;
  mine: boolean;
  submittedAt: Date;
  values: JudgementValues;
}

const EMPTY: JudgementValues = { expectations: {}, weights: {}, reasons: {} };

/** One judgement's values on these indicators only. */
export function onlyRows(values: JudgementValues, indicatorIds: ReadonlySet<string>): JudgementValues {
  const out: JudgementValues = { expectations: {}, weights: {}, reasons: {} };
  for (const id of indicatorIds) {
    const row = values.expectations[id];
    if (row) out.expectations[id] = row;
    const weight = values.weights[id];
    if (weight !== undefined) out.weights[id] = weight;
    const reason = values.reasons[id];
    if (reason !== undefined) out.reasons[id] = reason;
  }
  return out;
}

/** The counted judgements of a round, as the caller may see them, on `rows` (all of them when null). */
export function judgementEntries(
  round: RoundRow,
  participants: readonly ParticipantRow[],
  values: Map<string, JudgementValues>,
  userId: string,
  rows: ReadonlySet<string> | null = null,
): JudgementEntry[] {
  return participants.filter(counts).map((p) => {
    const all = values.get(p.id) ?? EMPTY;
    return {
      ...participantName(round, p),
      mine: p.userId === userId,
      submittedAt: p.submittedAt as Date,
      values: rows ? onlyRows(all, rows) : all,
    };
  });
}

/**
 * The indicators whose values the page opens with: the first rows of the scope the assessment still
 * has (in the scope's order, as the heat map lists them) and the indicators of the first disputes.
 */
export function firstRows(liveScope: readonly string[], group: Pick<GroupView, "cells"> | null): string[] {
  const rows = new Set(liveScope.slice(0, ROUND_FIRST_ROWS));
  if (group) {
    let disputes = 0;
    for (const c of group.cells) {
      if (disputes >= ROUND_FIRST_DISPUTES) break;
      if (c.spread <= 0) continue;
      disputes++;
      rows.add(c.indicatorId);
    }
  }
  return [...rows];
}
