// Times assess() at the demo's size and at 12 scenarios × 300 indicators × 3000 evidence links (with and
// without origins grouping copies of one report), against the
// straightforward reference of tests/reference/engine.ts, which recomputes the whole model for every
// leave-one-out; and poolRound() for a team round of 20 analysts on that model.
import { assess, poolRound } from "@/shared/engine";
import { largestDifference, referenceAssess } from "../reference/engine";
import { syntheticModel, syntheticRound, withOrigins } from "../reference/synthetic-model";
import type { BenchRow } from "./types";

// ---------------------------------------------------------------------------------------------
// Timing.

function medianMs(run: () => void, warmUp: number, runs: number): number {
  for (let k = 0; k < warmUp; k++) run();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? (times[mid] as number) : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export async function engineBench(): Promise<BenchRow[]> {
  const small = syntheticModel(3, 10, 12, 7);
  const large = syntheticModel(12, 300, 3000, 11);

  const smallMs = medianMs(() => assess(small), 200, 1001);
  const largeMs = medianMs(() => assess(large), 30, 201);
  // 60 % of the items name an origin, copies of one report three to a group (DESIGN §2.3).
  const withCopies = withOrigins(large, 5);
  const originsMs = medianMs(() => assess(withCopies), 30, 201);
  const referenceMs = medianMs(() => referenceAssess(large), 1, 5);
  const teamRound = syntheticRound(large, 20, 13);
  const roundMs = medianMs(() => poolRound(teamRound), 5, 31);
  const ratio = referenceMs / largeMs;
  const difference = largestDifference(assess(large), referenceAssess(large));

  return [
    { stage: "engine", name: "assess() median, 3×10×12", value: round(smallMs, 4), unit: "ms" },
    {
      stage: "engine",
      name: "assess() median, 12×300×3000",
      value: round(largeMs, 3),
      unit: "ms",
      target: "<= 5 ms",
      met: largeMs <= 5,
    },
    {
      stage: "engine",
      name: "assess() median, 12×300×3000 with origins",
      value: round(originsMs, 3),
      unit: "ms",
      target: "<= 5 ms",
      met: originsMs <= 5,
    },
    {
      stage: "engine",
      name: "straightforward recompute median, 12×300×3000",
      value: round(referenceMs, 1),
      unit: "ms",
    },
    {
      stage: "engine",
      name: "speed-up over straightforward recompute",
      value: round(ratio, 1),
      unit: "x",
      target: ">= 10x",
      met: ratio >= 10,
    },
    {
      stage: "engine",
      name: "largest difference from the reference, 12×300×3000",
      value: difference,
      unit: "",
      target: "<= 1e-9",
      met: difference <= 1e-9,
    },
    {
      stage: "engine",
      name: "poolRound() median, 20 participants on 12×300×3000",
      value: round(roundMs, 2),
      unit: "ms",
      target: "<= 50 ms",
      met: roundMs <= 50,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void engineBench().then((rows) => console.table(rows));
}
