// A team round for the benchmarks (issue 14): 20 participants of the bench team who each rated
// about 80 % of the cells of a 12 × 300 assessment, weighed a third of the rows and gave a reason
// for a tenth, submitted through the real router (createCaller) on the given database. Used by the
// rounds stage (the read) and the browser stage (the round page opened in Chromium).
import crypto from "node:crypto";
import type { Db } from "@/db/connection";
import * as t from "@/db/schema";
import { loadAssessmentState } from "@/server/assessments/store";
import { createCaller } from "@/server/root";
import type { AssessmentState, Expectation } from "@/shared/assessment/state";
import { RATING_KEYS } from "@/shared/engine";

export const PARTICIPANTS = 20;

/** Deterministic: the same judgements every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SeededRound {
  roundId: string;
  state: AssessmentState;
  /** The first participant: the given user, who opened the round. */
  first: ReturnType<typeof createCaller>;
}

export async function seedBenchRound(
  db: Db,
  teamId: string,
  firstUser: { id: string; name: string },
  assessmentId: string,
): Promise<SeededRound> {
  const now = new Date();
  const users = [firstUser];
  for (let k = 1; k < PARTICIPANTS; k++) {
    const id = crypto.randomUUID();
    const name = `Bench Analyst ${k}`;
    db.insert(t.user)
      .values({ id, name, email: `bench-${k}@example.org`, createdAt: now, updatedAt: now })
      .run();
    db.insert(t.members).values({ teamId, userId: id, role: "analyst" }).run();
    users.push({ id, name });
  }
  const callerOf = (u: { id: string; name: string }) =>
    createCaller({ db, user: { id: u.id, name: u.name, email: `${u.id}@example.org` } });
  const state = await loadAssessmentState(db, assessmentId);
  if (!state) throw new Error("bench assessment missing");
  const first = callerOf(firstUser);
  const round = await first.rounds.open({
    assessmentId,
    participantIds: users.map((u) => u.id),
    question: "Rate the whole matrix again",
  });
  const random = rng(7);
  for (const u of users) {
    const expectations: Record<string, Record<string, Expectation>> = {};
    const weights: Record<string, number> = {};
    const reasons: Record<string, string> = {};
    for (const indicator of state.indicators) {
      const row: Record<string, Expectation> = {};
      for (const s of state.scenarios) {
        if (random() < 0.8) row[s.id] = RATING_KEYS[Math.floor(random() * 5)] ?? "could";
      }
      expectations[indicator.id] = row;
      if (random() < 0.33) weights[indicator.id] = Math.round(random() * 100) / 100;
      if (random() < 0.1) reasons[indicator.id] = "Generated reason for the benchmark, one line long";
    }
    await callerOf(u).rounds.submit({ assessmentId, roundId: round.id, expectations, weights, reasons });
  }
  return { roundId: round.id, state, first };
}
