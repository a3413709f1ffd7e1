// The straightforward reference for assess(): every figure from the formulas of DESIGN §2, the whole
// model recomputed for every leave-one-out, no reuse. It lives apart from the engine so the engine has
// one implementation and the tests an independent one to compare with (tests/unit/engine-laws.test.ts),
// and apart from the bench, which only times it (tests/bench/engine.ts).
import {
  type EngineIndicator,
  type EngineModel,
  type EngineResult,
  type Expectation,
  estimativeTerm,
  evidenceAccuracy,
  ratingLikelihood,
  validateModel,
} from "@/shared/engine";

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function referencePresence(indicator: EngineIndicator): number {
  if (indicator.presence !== undefined && indicator.presence !== null) return indicator.presence;
  const lg = (x: number) => Math.log(x / (1 - x));
  // §2.3 as written: group the links by origin (a link without origin is its own group), then per group
  // the best logit saying present minus the best saying absent (an empty max is 0).
  const groups = new Map<string, { d: number; x: number }[]>();
  indicator.evidence.forEach((e, j) => {
    const key = e.origin === undefined || e.origin === null ? `\u0000link ${j}` : `origin ${e.origin}`;
    groups.set(key, [
      ...(groups.get(key) ?? []),
      { d: e.direction, x: lg(evidenceAccuracy(e.reliability, e.credibility)) },
    ]);
  });
  let sum = 0;
  for (const links of groups.values()) {
    const best = (d: number) => Math.max(0, ...links.filter((l) => l.d === d).map((l) => l.x));
    sum += best(1) - best(-1);
  }
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
