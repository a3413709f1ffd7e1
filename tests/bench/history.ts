// History figures (issue 5): an assessment with 100,000 events; the down-sampled timeline series
// and the as-of state at random moments (from the nearest checkpoint, never from the start).

import * as t from "@/db/schema";
import { transaction } from "@/db/store";
import { checkAssessmentAccess } from "@/server/access";
import { assessState } from "@/server/assessments/commit";
import { maybeWriteCheckpoint, stateAtSeq } from "@/server/assessments/replay";
import { rebuildSeriesBlocks } from "@/server/assessments/series";
import { loadAssessmentState, writeStateDiff } from "@/server/assessments/store";
import { timelineSeries } from "@/server/history/timeline";
import { applyChange, type Change } from "@/shared/assessment/changes";
import type { AssessmentState } from "@/shared/assessment/state";
import { RATING_KEYS } from "@/shared/engine";
import { benchWorld, createLargeAssessment } from "./fixtures";
import { median } from "./stats";
import type { BenchRow } from "./types";

const EVENTS = 100_000;

/** Appends `count` plausible analyst changes to an assessment, event by event, in one transaction. */
export async function growHistory(
  world: ReturnType<typeof benchWorld>,
  assessmentId: string,
  count: number,
): Promise<void> {
  const db = world.conn.db;
  const start = await loadAssessmentState(db, assessmentId);
  if (!start) throw new Error("no assessment");
  let state: AssessmentState = start;
  let at = state.updatedAt;
  await transaction(db, async (tx) => {
    for (let k = 0; k < count; k++) {
      const indicator = state.indicators[k % state.indicators.length];
      const scenario = state.scenarios[k % state.scenarios.length];
      if (!indicator || !scenario) break;
      const change: Change =
        k % 3 === 0
          ? { type: "indicator.update", indicatorId: indicator.id, weight: ((k * 7) % 101) / 100 }
          : {
              type: "indicator.setExpectation",
              indicatorId: indicator.id,
              scenarioId: scenario.id,
              expectation: RATING_KEYS[k % 5] ?? "could",
            };
      at += 60_000;
      state = applyChange(state, change, { at });
      const seq = k + 2;
      tx.insert(t.events).values({
        assessmentId,
        seq,
        at: new Date(at),
        actorId: world.userId,
        actorName: "Bench Analyst",
        kind: change.type,
        rationale: null,
        payload: { change, summary: change.type, version: state.version },
        probabilities: assessState(state).probabilities,
      });
      await maybeWriteCheckpoint(tx, state, seq);
    }
    await writeStateDiff(tx, start, state);
    await rebuildSeriesBlocks(tx, assessmentId, count + 1);
  });
}

export async function historyBench(): Promise<BenchRow[]> {
  const world = benchWorld();
  try {
    const assessmentId = await createLargeAssessment(world, { scenarios: 3, indicators: 10, evidence: 12 });
    const grownAt = performance.now();
    await growHistory(world, assessmentId, EVENTS - 1);
    const grow = performance.now() - grownAt;
    const db = world.conn.db;
    // The first call is the cold one; then the median of the rest.
    const coldStarted = performance.now();
    await timelineSeries(await checkAssessmentAccess(db, world.userId, assessmentId), {});
    const cold = performance.now() - coldStarted;
    const series: number[] = [];
    let points = 0;
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      const result = await timelineSeries(await checkAssessmentAccess(db, world.userId, assessmentId), {});
      series.push(performance.now() - started);
      points = result.points.length;
    }
    const asOf: number[] = [];
    for (let i = 0; i < 50; i++) {
      const seq = 1 + Math.floor(((i * 7919) % 997) * (EVENTS / 997));
      const started = performance.now();
      await stateAtSeq(db, assessmentId, Math.min(EVENTS, seq));
      asOf.push(performance.now() - started);
    }
    // The replay from a checkpoint must equal the projection at the end.
    const replayed = await stateAtSeq(db, assessmentId, EVENTS);
    const current = await loadAssessmentState(db, assessmentId);
    const same = JSON.stringify(replayed.indicators) === JSON.stringify(current?.indicators);
    const seriesMs = median(series);
    const asOfMs = median(asOf);
    return [
      {
        stage: "history",
        name: `generate ${EVENTS.toLocaleString("en")} events (setup)`,
        value: grow / 1000,
        unit: "s",
      },
      {
        stage: "history",
        name: `timeline series over ${EVENTS.toLocaleString("en")} events, median`,
        value: seriesMs,
        unit: "ms",
        target: "<= 100 ms",
        met: seriesMs <= 100,
      },
      { stage: "history", name: "timeline series, first call after start", value: cold, unit: "ms" },
      {
        stage: "history",
        name: "timeline points after down-sampling",
        value: points,
        unit: "points",
        target: "<= 1000",
        met: points <= 1000,
      },
      {
        stage: "history",
        name: "as-of state at a random event, median",
        value: asOfMs,
        unit: "ms",
        target: "<= 50 ms",
        met: asOfMs <= 50,
      },
      {
        stage: "history",
        name: "replay from checkpoint equals the current state",
        value: same ? 1 : 0,
        unit: "bool",
        target: "1",
        met: same,
      },
    ];
  } finally {
    if (process.env.KEEP_BENCH_DB) console.log("kept", world.dir);
    else world.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void historyBench().then((rows) => console.table(rows));
}
