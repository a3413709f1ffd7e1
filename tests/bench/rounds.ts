// Team-round figures (issue 14): the round page's read for 20 participants who rated most cells of
// a 12 × 300 × 3000 assessment, through the real router (createCaller) on a real SQLite file and
// the wire format the browser gets; and a participant's live preview in the browser (the engine on
// their model after one change of their copy).
import crypto from "node:crypto";
import * as t from "@/db/schema";
import { loadAssessmentState } from "@/server/assessments/store";
import { createCaller } from "@/server/root";
import { engineModel } from "@/shared/assessment/engine-model";
import type { Expectation } from "@/shared/assessment/state";
import { RATING_KEYS, scenarioProbabilities } from "@/shared/engine";
import { participantModel } from "@/shared/rounds";
import { transformer } from "@/shared/transformer";
import { benchWorld, createLargeAssessment } from "./fixtures";
import { median } from "./stats";
import type { BenchRow } from "./types";

const PARTICIPANTS = 20;

/** Deterministic: the same judgements every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function roundsBench(): Promise<BenchRow[]> {
  const world = benchWorld();
  try {
    const assessmentId = createLargeAssessment(world);
    const now = new Date();
    const users = [{ id: world.userId, name: "Bench Analyst" }];
    for (let k = 1; k < PARTICIPANTS; k++) {
      const id = crypto.randomUUID();
      const name = `Bench Analyst ${k}`;
      world.conn.db
        .insert(t.user)
        .values({ id, name, email: `bench-${k}@example.org`, createdAt: now, updatedAt: now })
        .run();
      world.conn.db.insert(t.members).values({ teamId: world.teamId, userId: id, role: "analyst" }).run();
      users.push({ id, name });
    }
    const callerOf = (u: { id: string; name: string }) =>
      createCaller({ db: world.conn.db, user: { id: u.id, name: u.name, email: `${u.id}@example.org` } });
    const state = loadAssessmentState(world.conn.db, assessmentId);
    if (!state) throw new Error("bench assessment missing");
    const first = callerOf(users[0] as { id: string; name: string });
    const round = await first.rounds.open({
      assessmentId,
      participantIds: users.map((u) => u.id),
      question: "Rate the whole matrix again",
    });

    // Each participant rates about 80 % of the 3,600 cells, weighs a third of the rows and gives a reason for a tenth.
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

    // The page's read, as the browser receives it: the procedure, then the wire format.
    const reads: number[] = [];
    const wires: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 11; i++) {
      let started = performance.now();
      const view = await first.rounds.get({ assessmentId, roundId: round.id });
      reads.push(performance.now() - started);
      started = performance.now();
      const text = JSON.stringify(transformer.serialize(view));
      wires.push(performance.now() - started);
      bytes = Buffer.byteLength(text);
    }

    // The participant's live preview: their model after one change, and the engine on it.
    const view = await first.rounds.get({ assessmentId, roundId: round.id });
    const scope = state.indicators.map((i) => i.id);
    const shared = engineModel(state);
    const own = view.own?.values ?? { expectations: {}, weights: {}, reasons: {} };
    const previews: number[] = [];
    for (let i = 0; i < 41; i++) {
      const indicator = state.indicators[i % state.indicators.length];
      const scenario = state.scenarios[i % state.scenarios.length];
      if (!indicator || !scenario) break;
      const started = performance.now();
      const next = {
        ...own,
        expectations: {
          ...own.expectations,
          [indicator.id]: { ...own.expectations[indicator.id], [scenario.id]: i % 2 ? "likely" : "unlikely" },
        },
      } as typeof own;
      scenarioProbabilities(participantModel(shared, scope, next));
      previews.push(performance.now() - started);
    }

    const read = median(reads);
    const wire = median(wires);
    const preview = median(previews);
    return [
      {
        stage: "rounds",
        name: "round page read, 20 participants on 12×300×3000 (rounds.get, warm), median",
        value: read,
        unit: "ms",
      },
      {
        stage: "rounds",
        name: "round page read + wire format (superjson + JSON), median",
        value: read + wire,
        unit: "ms",
        target: "<= 1000 ms",
        met: read + wire <= 1000,
      },
      { stage: "rounds", name: "round page answer size", value: bytes / 1024, unit: "KB" },
      {
        stage: "rounds",
        name: "participant's live preview per change, 12×300×3000, median",
        value: preview,
        unit: "ms",
        target: "<= 16 ms",
        met: preview <= 16,
      },
    ];
  } finally {
    world.cleanup();
  }
}
