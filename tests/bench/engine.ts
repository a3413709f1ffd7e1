// Times assess() at the demo's size and at 12 scenarios × 300 indicators × 3000 evidence links, against a
// straightforward reference that recomputes the whole model for every leave-one-out (kept here, not in the
// engine, so the engine has one implementation and the tests have an independent one to compare with),
// and poolRound() for a team round of 20 analysts on that model.
import {
  assess,
  type EngineIndicator,
  type EngineModel,
  type EngineResult,
  type Expectation,
  estimativeTerm,
  evidenceAccuracy,
  poolRound,
  RATING_KEYS,
  RELIABILITY_GRADES,
  type RoundInput,
  type RoundParticipant,
  ratingLikelihood,
  validateModel,
} from "@/shared/engine";
import type { BenchRow } from "./types";

// ---------------------------------------------------------------------------------------------
// 1. The straightforward reference: every figure from the formulas of DESIGN §2, no reuse.

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function referencePresence(indicator: EngineIndicator): number {
  if (indicator.presence !== undefined && indicator.presence !== null) return indicator.presence;
  const lg = (x: number) => Math.log(x / (1 - x));
  let sum = 0;
  for (const e of indicator.evidence) sum += e.direction * lg(evidenceAccuracy(e.reliability, e.credibility));
  return 1 / (1 + Math.exp(-clamp(sum, lg(0.01), lg(0.99))));
}

function referenceProbabilities(model: EngineModel): number[] {
  const logP = model.scenarios.map((s) => Math.log(s.prior));
  for (const indicator of model.indicators) {
    const q = referencePresence(indicator);
    model.scenarios.forEach((s, k) => {
      const l = ratingLikelihood(indicator.expectations[s.id] as Expectation);
      logP[k] = (logP[k] as number) + indicator.weight * Math.log(q * l + (1 - q) * (1 - l));
    });
  }
  const max = Math.max(...logP);
  const lse = max + Math.log(logP.reduce((a, x) => a + Math.exp(x - max), 0));
  return logP.map((x) => Math.exp(x - lse));
}

function entropyBits(p: readonly number[]): number {
  return -p.reduce((a, x) => a + (x > 0 ? x * Math.log2(x) : 0), 0);
}

function maxAbsChange(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((x, k) => Math.abs(x - (b[k] as number))));
}

/** assess() the slow, obvious way: recompute the whole model for every indicator and evidence item left out. */
export function referenceAssess(model: EngineModel): EngineResult {
  validateModel(model);
  const ids = model.scenarios.map((s) => s.id);
  const P = referenceProbabilities(model);
  const result: EngineResult = {
    probabilities: {},
    presence: {},
    contributions: {},
    diagnosticity: {},
    valueOfCollection: {},
    sensitivity: { indicators: {}, evidence: {} },
    terms: {},
  };
  ids.forEach((id, k) => {
    result.probabilities[id] = P[k] as number;
    result.terms[id] = estimativeTerm(P[k] as number);
  });

  model.indicators.forEach((indicator, i) => {
    const q = referencePresence(indicator);
    const L = ids.map((id) => ratingLikelihood(indicator.expectations[id] as Expectation));
    const lnF = L.map((l) => Math.log(q * l + (1 - q) * (1 - l)));
    const mean = lnF.reduce((a, x) => a + x, 0) / lnF.length;
    result.presence[indicator.id] = q;
    result.contributions[indicator.id] = Object.fromEntries(
      ids.map((id, k) => [id, indicator.weight * ((lnF[k] as number) - mean)]),
    );
    result.diagnosticity[indicator.id] = Math.log2(Math.max(...L) / Math.min(...L));

    const without = referenceProbabilities({ ...model, indicators: model.indicators.filter((_, j) => j !== i) });
    result.sensitivity.indicators[indicator.id] = maxAbsChange(without, P);
    const pPlus = without.reduce((a, p, k) => a + p * (L[k] as number), 0);
    const present = without.map((p, k) => (p * (L[k] as number)) / pPlus);
    const absent = without.map((p, k) => (p * (1 - (L[k] as number))) / (1 - pPlus));
    result.valueOfCollection[indicator.id] =
      entropyBits(without) - pPlus * entropyBits(present) - (1 - pPlus) * entropyBits(absent);
  });

  const evidenceIds = new Set(model.indicators.flatMap((ind) => ind.evidence.map((e) => e.id)));
  for (const eid of evidenceIds) {
    const without = referenceProbabilities({
      ...model,
      indicators: model.indicators.map((ind) => ({ ...ind, evidence: ind.evidence.filter((e) => e.id !== eid) })),
    });
    result.sensitivity.evidence[eid] = maxAbsChange(without, P);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// 2. Synthetic models of a given size, the same every run.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A model with `scenarioCount` scenarios, `indicatorCount` indicators and `linkCount` evidence links spread
 * evenly; half as many evidence items as links, so most items bear on two indicators. One indicator in 20
 * has a presence override; one expectation in 4 is an exact likelihood.
 */
export function syntheticModel(
  scenarioCount: number,
  indicatorCount: number,
  linkCount: number,
  seed = 1,
): EngineModel {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const scenarios = Array.from({ length: scenarioCount }, (_, s) => ({ id: `s${s}`, prior: 0.5 + rnd() * 2 }));
  const evidenceCount = Math.max(1, Math.ceil(linkCount / 2));
  const indicators: EngineIndicator[] = [];
  let link = 0;
  for (let i = 0; i < indicatorCount; i++) {
    const links = Math.floor(linkCount / indicatorCount) + (i < linkCount % indicatorCount ? 1 : 0);
    const expectations: Record<string, Expectation> = {};
    for (const s of scenarios) expectations[s.id] = rnd() < 0.25 ? 0.01 + rnd() * 0.98 : pick(RATING_KEYS);
    const evidence = Array.from({ length: links }, () => {
      // Consecutive link numbers modulo the pool never repeat inside one indicator (links < pool).
      const id = `e${link++ % evidenceCount}`;
      return {
        id,
        direction: rnd() < 0.7 ? (1 as const) : (-1 as const),
        reliability: pick(RELIABILITY_GRADES),
        credibility: pick([1, 2, 3, 4, 5, 6] as const),
      };
    });
    indicators.push({
      id: `i${i}`,
      weight: 0.3 + rnd() * 0.7,
      presence: rnd() < 0.05 ? rnd() : undefined,
      expectations,
      evidence,
    });
  }
  return { scenarios, indicators };
}

/**
 * A round on every indicator of `model` with `participantCount` analysts, the same every run. Each rates
 * about 70 % of the cells (a rating, one time in four an exact likelihood) and leaves the rest blank, and
 * sets about half of the weights: the worst case is a wide scope with most cells disputed.
 */
export function syntheticRound(model: EngineModel, participantCount: number, seed = 1): RoundInput {
  const rnd = mulberry32(seed);
  const scope = model.indicators.map((i) => i.id);
  const participants: RoundParticipant[] = Array.from({ length: participantCount }, (_, j) => {
    const expectations: Record<string, Record<string, Expectation>> = {};
    const weights: Record<string, number> = {};
    for (const id of scope) {
      const row: Record<string, Expectation> = {};
      for (const s of model.scenarios) {
        if (rnd() < 0.7) {
          row[s.id] = rnd() < 0.25 ? 0.01 + rnd() * 0.98 : (RATING_KEYS[Math.floor(rnd() * 5)] as Expectation);
        }
      }
      expectations[id] = row;
      if (rnd() < 0.5) weights[id] = rnd();
    }
    return { id: `analyst-${j}`, expectations, weights };
  });
  return { model, scope, participants };
}

// ---------------------------------------------------------------------------------------------
// 3. Timing.

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

/** Largest absolute difference between two results over every figure they both define. */
export function largestDifference(a: EngineResult, b: EngineResult): number {
  let max = 0;
  const compare = (x: Record<string, number>, y: Record<string, number>) => {
    for (const [k, v] of Object.entries(x)) max = Math.max(max, Math.abs(v - (y[k] ?? Number.NaN)));
  };
  compare(a.probabilities, b.probabilities);
  compare(a.presence, b.presence);
  compare(a.diagnosticity, b.diagnosticity);
  compare(a.valueOfCollection, b.valueOfCollection);
  compare(a.sensitivity.indicators, b.sensitivity.indicators);
  compare(a.sensitivity.evidence, b.sensitivity.evidence);
  for (const [id, row] of Object.entries(a.contributions)) compare(row, b.contributions[id] ?? {});
  return Number.isNaN(max) ? Number.POSITIVE_INFINITY : max;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export async function engineBench(): Promise<BenchRow[]> {
  const small = syntheticModel(3, 10, 12, 7);
  const large = syntheticModel(12, 300, 3000, 11);

  const smallMs = medianMs(() => assess(small), 200, 1001);
  const largeMs = medianMs(() => assess(large), 30, 201);
  const referenceMs = medianMs(() => referenceAssess(large), 1, 5);
  const ratio = referenceMs / largeMs;
  const difference = largestDifference(assess(large), referenceAssess(large));
  const teamRound = syntheticRound(large, 20, 13);
  const roundMs = medianMs(() => poolRound(teamRound), 5, 31);

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
  engineBench().then((rows) => console.table(rows));
}
