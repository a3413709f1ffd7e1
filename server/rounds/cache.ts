// What a round's page reads again and again, kept in memory (issue 14: the round page of 20
// participants on 12 × 300 opens within 1 s). Both are safe to keep because nothing changes them:
// a SUBMITTED judgement is final (saveDraft and submit refuse after it, nothing edits its rows) and
// belongs to one participant row forever; a group view is a pure function of the assessment at one
// version, the round's scope and focus, and the set of judgements that count. Who may SEE either
// is still decided on every read (./privacy.ts) before anything here is asked.
import type { DbOrTx } from "@/db/connection";
import type { AssessmentState } from "@/shared/assessment/state";
import type { JudgementValues } from "@/shared/rounds";
import { type CountedJudgement, type GroupView, groupView } from "./group";
import { judgementsOf, type ParticipantRow } from "./store";

/** Submitted judgements by participant id; a few 20-participant rounds of 12 × 300. */
const SUBMITTED_MAX = 200;
const GROUPS_MAX = 16;

const submitted = new Map<string, JudgementValues>();
const groups = new Map<string, ReturnType<typeof groupView>>();

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

/** judgementsOf for these participants: submitted ones from memory once read, drafts always from the tables. */
export async function judgementsRead(
  db: DbOrTx,
  participants: readonly ParticipantRow[],
): Promise<Map<string, JudgementValues>> {
  const out = new Map<string, JudgementValues>();
  const missing: string[] = [];
  for (const p of participants) {
    const kept = p.submittedAt !== null ? submitted.get(p.id) : undefined;
    if (kept) out.set(p.id, kept);
    else missing.push(p.id);
  }
  if (missing.length === 0) return out;
  const read = await judgementsOf(db, missing);
  const final = new Set(participants.filter((p) => p.submittedAt !== null).map((p) => p.id));
  for (const [id, values] of read) {
    out.set(id, values);
    if (final.has(id)) remember(submitted, id, values, SUBMITTED_MAX);
  }
  return out;
}

/** groupView, kept per (round, assessment version, judgements that count, focus). */
export function groupViewRead(
  roundId: string,
  state: AssessmentState,
  scope: readonly string[],
  judgements: readonly CountedJudgement[],
  focus: readonly { indicatorId: string; scenarioId: string }[] = [],
): ReturnType<typeof groupView> {
  const key = [
    roundId,
    state.id,
    state.version,
    judgements.map((j) => j.key).join(","),
    focus.map((c) => `${c.indicatorId}/${c.scenarioId}`).join(","),
  ].join("|");
  const kept = groups.get(key);
  if (kept) return kept;
  const view = groupView(state, scope, judgements, focus);
  remember(groups, key, view, GROUPS_MAX);
  return view;
}

export type { GroupView };
