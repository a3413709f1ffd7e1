// Team-round figures (issue 14): the round page's read for 20 participants who rated most cells of
// a 12 × 300 × 3000 assessment, through the real router (createCaller) on a real SQLite file and
// the wire format the browser gets; and a participant's live preview in the browser (the engine on
// their model after one change of their copy). Warm reads find the submitted judgements and the
// group view kept in memory (server/rounds/cache.ts); the first read shows the cold cost.
import { engineModel } from "@/shared/assessment/engine-model";
import { scenarioProbabilities } from "@/shared/engine";
import { participantModel } from "@/shared/rounds";
import { transformer } from "@/shared/transformer";
import { benchWorld, createLargeAssessment } from "./fixtures";
import { seedBenchRound } from "./round-seed";
import { median } from "./stats";
import type { BenchRow } from "./types";

export async function roundsBench(): Promise<BenchRow[]> {
  const world = benchWorld();
  try {
    const assessmentId = await createLargeAssessment(world);
    const { roundId, state, first } = await seedBenchRound(
      world.conn.db,
      world.teamId,
      { id: world.userId, name: "Bench Analyst" },
      assessmentId,
    );
    const round = { id: roundId };

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
      {
        stage: "rounds",
        name: "round page read, cold (the first after the last submission: judgements and pool not yet kept)",
        value: reads[0] ?? Number.NaN,
        unit: "ms",
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
