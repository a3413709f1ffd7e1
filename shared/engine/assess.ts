// Scenario probabilities and their explanations (DESIGN §2.3–§2.5, §2.8), computed once in log space.
// The leave-one-out figures reuse the per-scenario totals: leaving out an indicator subtracts its row,
// leaving out an evidence item recomputes only the factors of the indicators it is linked to. Links that
// share an origin count once per direction at their best grade (§2.3, see groupedLogits).
import { clamp, LOGIT_PRESENCE_MAX, LOGIT_PRESENCE_MIN, sigmoid } from "./grading";
import { estimativeTerm } from "./terms";
import type { EngineIndicator, EngineModel, EngineResult, IndicatorOutlook, LiveResult } from "./types";
import { type PreparedModel, prepareModel } from "./validate";

/** Below this a difference of likelihoods is rounding, not a scenario the observation favours. */
const FAVOURED_EPSILON = 1e-12;

interface Core {
  m: PreparedModel;
  S: number;
  N: number;
  presence: Float64Array;
  /** Σ d·logit(a(e)) over the indicator's links (over its origin groups, §2.3), before the clamp. */
  rawLogit: Float64Array;
  /** ln f(i, s) at i·S + s. */
  lnF: Float64Array;
  /** c(i, s) at i·S + s; exactly 0 for an indicator that does not count. */
  contribution: Float64Array;
  /** 1 where the indicator moves the probabilities: weight > 0 and not rated the same everywhere. */
  counts: Uint8Array;
  /** 1 where max L > min L. */
  diagnostic: Uint8Array;
  diagnosticity: Float64Array;
  /** ln prior(s) + Σ_i c(i, s): the unnormalised log-probabilities. */
  total: Float64Array;
  probability: Float64Array;
}

/** out = softmax(logits) through log-sum-exp; safe for any finite logits. */
export function softmaxInto(logits: Float64Array, out: Float64Array): Float64Array {
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < n; s++) max = Math.max(max, logits[s] as number);
  let sum = 0;
  for (let s = 0; s < n; s++) {
    const e = Math.exp((logits[s] as number) - max);
    out[s] = e;
    sum += e;
  }
  for (let s = 0; s < n; s++) out[s] = (out[s] as number) / sum;
  return out;
}

/** f(i, s) = q·L + (1 − q)·(1 − L). */
export function factor(q: number, l: number): number {
  return q * l + (1 - q) * (1 - l);
}

/**
 * Origin groups of one indicator (§2.3): per origin the best and second-best logit saying present and
 * saying absent, so both the group's z and the effect of leaving out any one link are known.
 * Scratch arrays are indexed by origin; `stamp` marks the origins seen for the current indicator, so
 * they are never cleared between indicators.
 */
class OriginGroups {
  readonly stamp: Int32Array;
  /** Second stamp: the group's z has been added to the sum already. */
  readonly added: Int32Array;
  /** Best and second-best (ties: second = best) of the present logits, ≥ 0; 0 when there are none. */
  readonly posBest: Float64Array;
  readonly posSecond: Float64Array;
  /** Most and second-most negative of the absent logits (d·logit, ≤ 0); 0 when there are none. */
  readonly negBest: Float64Array;
  readonly negSecond: Float64Array;

  constructor(origins: number) {
    this.stamp = new Int32Array(origins).fill(-1);
    this.added = new Int32Array(origins).fill(-1);
    this.posBest = new Float64Array(origins);
    this.posSecond = new Float64Array(origins);
    this.negBest = new Float64Array(origins);
    this.negSecond = new Float64Array(origins);
  }

  /**
   * Σ_g z(g) for indicator i, with z(g) = best present logit − best absent logit of the group and a link
   * without origin its own group; summed in order of each group's first link, so an indicator whose
   * origins are all distinct sums exactly as the plain rule does.
   */
  sum(m: PreparedModel, i: number): number {
    const { linkStart, linkLogit, linkOrigin } = m;
    const start = linkStart[i] as number;
    const end = linkStart[i + 1] as number;
    const { stamp, added, posBest, posSecond, negBest, negSecond } = this;
    for (let p = start; p < end; p++) {
      const o = linkOrigin[p] as number;
      if (o < 0) continue;
      if (stamp[o] !== i) {
        stamp[o] = i;
        posBest[o] = 0;
        posSecond[o] = 0;
        negBest[o] = 0;
        negSecond[o] = 0;
      }
      const v = linkLogit[p] as number;
      if (v >= 0) {
        if (v > (posBest[o] as number)) {
          posSecond[o] = posBest[o] as number;
          posBest[o] = v;
        } else if (v > (posSecond[o] as number)) posSecond[o] = v;
      } else if (v < (negBest[o] as number)) {
        negSecond[o] = negBest[o] as number;
        negBest[o] = v;
      } else if (v < (negSecond[o] as number)) negSecond[o] = v;
    }
    let raw = 0;
    for (let p = start; p < end; p++) {
      const o = linkOrigin[p] as number;
      if (o < 0) raw += linkLogit[p] as number;
      else if (added[o] !== i) {
        added[o] = i;
        raw += (posBest[o] as number) + (negBest[o] as number);
      }
    }
    return raw;
  }

  /**
   * The change of indicator i's sum when link p alone is left out, valid right after sum(m, i): a copy
   * that is not its group's best in its direction, or ties with another copy, changes nothing.
   */
  leaveOut(m: PreparedModel, p: number): number {
    const o = m.linkOrigin[p] as number;
    const v = m.linkLogit[p] as number;
    if (o < 0) return -v;
    if (v >= 0) return v === this.posBest[o] ? (this.posSecond[o] as number) - v : 0;
    return v === this.negBest[o] ? (this.negSecond[o] as number) - v : 0;
  }
}

function computeCore(m: PreparedModel): Core {
  const S = m.scenarioIds.length;
  const N = m.indicatorIds.length;
  const { likelihood: L, weight, override, linkStart, linkLogit } = m;
  const presence = new Float64Array(N);
  const rawLogit = new Float64Array(N);
  const lnF = new Float64Array(N * S);
  const contribution = new Float64Array(N * S);
  const counts = new Uint8Array(N);
  const diagnostic = new Uint8Array(N);
  const diagnosticity = new Float64Array(N);
  const total = Float64Array.from(m.logPrior);
  const groups = m.originIds.length > 0 ? new OriginGroups(m.originIds.length) : null;

  for (let i = 0; i < N; i++) {
    let raw = 0;
    if (groups && m.grouped[i] === 1) raw = groups.sum(m, i);
    else {
      for (let p = linkStart[i] as number, end = linkStart[i + 1] as number; p < end; p++)
        raw += linkLogit[p] as number;
    }
    rawLogit[i] = raw;
    const ov = override[i] as number;
    const q = Number.isNaN(ov) ? sigmoid(clamp(raw, LOGIT_PRESENCE_MIN, LOGIT_PRESENCE_MAX)) : ov;
    presence[i] = q;

    const row = i * S;
    let minL = Number.POSITIVE_INFINITY;
    let maxL = Number.NEGATIVE_INFINITY;
    let sumLn = 0;
    for (let s = 0; s < S; s++) {
      const l = L[row + s] as number;
      if (l < minL) minL = l;
      if (l > maxL) maxL = l;
      const ln = Math.log(factor(q, l));
      lnF[row + s] = ln;
      sumLn += ln;
    }
    const isDiagnostic = maxL > minL;
    diagnostic[i] = isDiagnostic ? 1 : 0;
    diagnosticity[i] = isDiagnostic ? Math.log2(maxL / minL) : 0;

    // An indicator rated the same everywhere adds one constant to every scenario: skipping it is exact.
    const w = weight[i] as number;
    if (isDiagnostic && w > 0) {
      counts[i] = 1;
      const mean = sumLn / S;
      for (let s = 0; s < S; s++) {
        const c = w * ((lnF[row + s] as number) - mean);
        contribution[row + s] = c;
        total[s] = (total[s] as number) + c;
      }
    }
  }

  const probability = softmaxInto(total, new Float64Array(S));
  return { m, S, N, presence, rawLogit, lnF, contribution, counts, diagnostic, diagnosticity, total, probability };
}

/** What the probabilities of a packed model are made of; see modelTotals. */
export interface ModelTotals {
  /** q(i) per indicator. */
  presence: Float64Array;
  /** T(s) = ln prior(s) + Σ_i c(i, s): the unnormalised log-probabilities. */
  total: Float64Array;
  /** softmax(T): the probabilities, exactly as assess() reports them. */
  probability: Float64Array;
}

/**
 * The probabilities of a packed model and the totals they come from, by the very arithmetic of assess(),
 * so a caller that packs a variant of a model (poolRound overwrites rows of the shared one with a
 * participant's) gets assess()'s numbers to the last bit without validating the variant again.
 */
export function modelTotals(m: PreparedModel): ModelTotals {
  const { presence, total, probability } = computeCore(m);
  return { presence, total, probability };
}

/** P₋ᵢ into out: the totals without indicator i's row. */
function probabilitiesWithout(core: Core, i: number, scratch: Float64Array, out: Float64Array): Float64Array {
  const { S, total, contribution } = core;
  const row = i * S;
  for (let s = 0; s < S; s++) scratch[s] = (total[s] as number) - (contribution[row + s] as number);
  return softmaxInto(scratch, out);
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let s = 0; s < a.length; s++) max = Math.max(max, Math.abs((a[s] as number) - (b[s] as number)));
  return max;
}

/** x·log2(x / y), with 0·log 0 = 0. */
function klTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log2(x / y) : 0;
}

/**
 * V(i) = H(P₋ᵢ) − p₊·H(P₋ᵢ | present) − (1 − p₊)·H(P₋ᵢ | absent), computed in the equal form
 * Σ_s P₋ᵢ(s)·KL(Bernoulli(L(i, s)) ‖ Bernoulli(p₊)): a sum of non-negative terms, so rounding cannot
 * make it negative by more than an ulp (clamped to 0).
 */
function valueOfCollectionAt(core: Core, i: number, pm: Float64Array): number {
  if (core.diagnostic[i] === 0) return 0;
  const { S } = core;
  const L = core.m.likelihood;
  const row = i * S;
  let pPlus = 0;
  for (let s = 0; s < S; s++) pPlus += (pm[s] as number) * (L[row + s] as number);
  const pMinus = 1 - pPlus;
  let v = 0;
  for (let s = 0; s < S; s++) {
    const l = L[row + s] as number;
    v += (pm[s] as number) * (klTerm(l, pPlus) + klTerm(1 - l, pMinus));
  }
  return Math.max(0, v);
}

/** For each evidence item, the largest change of any P(s) when it leaves every indicator it is linked to. */
function evidenceSensitivity(core: Core): Float64Array {
  const { m, S, presence, rawLogit, lnF, counts, total, probability } = core;
  const { linkEvidence, linkLogit, linkStart, override, weight, likelihood: L } = m;
  const K = m.evidenceIds.length;
  const E = linkEvidence.length;

  // Links grouped by evidence item (a counting sort), each with the indicator it belongs to.
  const linkIndicator = new Int32Array(E);
  for (let i = 0; i < core.N; i++) {
    for (let p = linkStart[i] as number, end = linkStart[i + 1] as number; p < end; p++) linkIndicator[p] = i;
  }
  const start = new Int32Array(K + 1);
  for (let p = 0; p < E; p++)
    start[(linkEvidence[p] as number) + 1] = (start[(linkEvidence[p] as number) + 1] as number) + 1;
  for (let k = 0; k < K; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const fill = Int32Array.from(start.subarray(0, K));
  const byEvidence = new Int32Array(E);
  for (let p = 0; p < E; p++) {
    const k = linkEvidence[p] as number;
    byEvidence[fill[k] as number] = p;
    fill[k] = (fill[k] as number) + 1;
  }

  // Where origins group links, the sum without each link: a copy left out while another stands changes nothing.
  let leaveRaw: Float64Array | null = null;
  if (m.originIds.length > 0) {
    leaveRaw = new Float64Array(E);
    const groups = new OriginGroups(m.originIds.length);
    for (let i = 0; i < core.N; i++) {
      if (m.grouped[i] !== 1) continue;
      groups.sum(m, i);
      for (let p = linkStart[i] as number, end = linkStart[i + 1] as number; p < end; p++) {
        leaveRaw[p] = (rawLogit[i] as number) + groups.leaveOut(m, p);
      }
    }
  }

  const result = new Float64Array(K);
  const logits = new Float64Array(S);
  const out = new Float64Array(S);
  for (let k = 0; k < K; k++) {
    logits.set(total);
    let changed = false;
    for (let x = start[k] as number, end = start[k + 1] as number; x < end; x++) {
      const p = byEvidence[x] as number;
      const i = linkIndicator[p] as number;
      // An override fixes presence whatever the evidence says; an indicator that does not count moves nothing.
      if (counts[i] === 0 || !Number.isNaN(override[i] as number)) continue;
      const without =
        leaveRaw !== null && m.grouped[i] === 1
          ? (leaveRaw[p] as number)
          : (rawLogit[i] as number) - (linkLogit[p] as number);
      const q = sigmoid(clamp(without, LOGIT_PRESENCE_MIN, LOGIT_PRESENCE_MAX));
      if (q === presence[i]) continue;
      const w = weight[i] as number;
      const row = i * S;
      for (let s = 0; s < S; s++) {
        const delta = w * (Math.log(factor(q, L[row + s] as number)) - (lnF[row + s] as number));
        logits[s] = (logits[s] as number) + delta;
      }
      changed = true;
    }
    result[k] = changed ? maxAbsDifference(softmaxInto(logits, out), probability) : 0;
  }
  return result;
}

function byId(ids: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k < ids.length; k++) out[ids[k] as string] = values[k] as number;
  return out;
}

/**
 * The whole assessment of DESIGN §2.8: probabilities, presence, contributions, diagnosticity,
 * value of collection, sensitivity and ICD 203 terms. Pure; does not touch `model`.
 * Throws InvalidModelError naming the field for a bad model.
 */
export function assess(model: EngineModel): EngineResult {
  const core = computeCore(prepareModel(model));
  const { m, S, N, contribution, probability } = core;

  const contributions: Record<string, Record<string, number>> = {};
  const valueOfCollection = new Float64Array(N);
  const indicatorSensitivity = new Float64Array(N);
  const scratch = new Float64Array(S);
  const pm = new Float64Array(S);
  for (let i = 0; i < N; i++) {
    const row: Record<string, number> = {};
    for (let s = 0; s < S; s++) row[m.scenarioIds[s] as string] = contribution[i * S + s] as number;
    contributions[m.indicatorIds[i] as string] = row;

    probabilitiesWithout(core, i, scratch, pm);
    valueOfCollection[i] = valueOfCollectionAt(core, i, pm);
    indicatorSensitivity[i] = core.counts[i] === 1 ? maxAbsDifference(pm, probability) : 0;
  }

  const terms: EngineResult["terms"] = {};
  for (let s = 0; s < S; s++) terms[m.scenarioIds[s] as string] = estimativeTerm(probability[s] as number);

  return {
    probabilities: byId(m.scenarioIds, probability),
    presence: byId(m.indicatorIds, core.presence),
    contributions,
    diagnosticity: byId(m.indicatorIds, core.diagnosticity),
    valueOfCollection: byId(m.indicatorIds, valueOfCollection),
    sensitivity: {
      indicators: byId(m.indicatorIds, indicatorSensitivity),
      evidence: byId(m.evidenceIds, evidenceSensitivity(core)),
    },
    terms,
  };
}

/**
 * What a live preview shows while an analyst drags a control: the same numbers as assess() for
 * probabilities, terms, presence and diagnosticity, without the leave-one-out passes behind the
 * explanations (most of assess()'s time on a large model).
 */
export function assessLive(model: EngineModel): LiveResult {
  const core = computeCore(prepareModel(model));
  const { m, S, probability } = core;
  const terms: EngineResult["terms"] = {};
  for (let s = 0; s < S; s++) terms[m.scenarioIds[s] as string] = estimativeTerm(probability[s] as number);
  return {
    probabilities: byId(m.scenarioIds, probability),
    presence: byId(m.indicatorIds, core.presence),
    diagnosticity: byId(m.indicatorIds, core.diagnosticity),
    terms,
  };
}

/** Only the scenario probabilities, for replaying history where the explanations are not needed. */
export function scenarioProbabilities(model: EngineModel): Record<string, number> {
  const core = computeCore(prepareModel(model));
  return byId(core.m.scenarioIds, core.probability);
}

/** scenarioProbabilities for a run of models, recomputing only what changed (probabilitySeries). */
export interface ProbabilitySeries {
  probabilities(model: EngineModel): Record<string, number>;
  /**
   * The work done so far: for every indicator row computed, its scenarios plus its evidence links.
   * A caller replaying a history from outside bounds it (the JSON import does).
   */
  readonly work: number;
}

/**
 * scenarioProbabilities for a run of models in which most indicators are the very objects of the
 * model before (a history replayed change by change; see engineModelSeries). An indicator's row of
 * contributions depends only on its own entry and on the scenario ids in order, so each row is
 * computed once per entry object and scenario list (the new ones of a call together, as one
 * model), and the totals are summed in model order exactly as computeCore sums them: every answer
 * equals scenarioProbabilities(model) to the last bit. Indicator ids must be distinct, as the
 * reducer keeps them.
 */
export function probabilitySeries(): ProbabilitySeries {
  let scenarioKey = "";
  let priorKey = "";
  let scenarioIds: string[] = [];
  let logPrior: Float64Array = new Float64Array(0);
  let rows = new WeakMap<EngineIndicator, Float64Array | null>();
  let lastIndicators: readonly EngineIndicator[] = [];
  let lastRows: (Float64Array | null)[] = [];
  let lastResult: Record<string, number> = {};
  let work = 0;
  return {
    get work() {
      return work;
    },
    probabilities(model) {
      // The ids in order decide every row; the priors only the starting totals.
      const key = JSON.stringify(model.scenarios.map((s) => s.id));
      const priors = JSON.stringify(model.scenarios.map((s) => s.prior));
      if (key === scenarioKey && priors === priorKey && model.indicators === lastIndicators) return { ...lastResult };
      if (key !== scenarioKey || priors !== priorKey) {
        const m = prepareModel({ scenarios: model.scenarios, indicators: [] });
        if (key !== scenarioKey) {
          rows = new WeakMap();
          lastIndicators = [];
        }
        scenarioKey = key;
        priorKey = priors;
        scenarioIds = m.scenarioIds;
        logPrior = m.logPrior;
      }
      const S = scenarioIds.length;
      const current = model.indicators;
      // An unchanged indicator is usually at the same place as before: compare there first.
      const rowOf: (Float64Array | null | undefined)[] = current.map((indicator, i) =>
        indicator === lastIndicators[i] ? lastRows[i] : rows.get(indicator),
      );
      const missing: number[] = [];
      rowOf.forEach((row, i) => {
        if (row === undefined) missing.push(i);
      });
      if (missing.length > 0) {
        const core = computeCore(
          prepareModel({ scenarios: model.scenarios, indicators: missing.map((i) => current[i] as EngineIndicator) }),
        );
        missing.forEach((i, k) => {
          const row = core.counts[k] === 1 ? core.contribution.subarray(k * S, (k + 1) * S) : null;
          rows.set(current[i] as EngineIndicator, row);
          rowOf[i] = row;
        });
        work += missing.length * S + core.m.linkLogit.length;
      }
      const total = Float64Array.from(logPrior);
      for (const row of rowOf) {
        if (!row) continue;
        for (let s = 0; s < S; s++) total[s] = (total[s] as number) + (row[s] as number);
      }
      lastIndicators = current;
      lastRows = rowOf as (Float64Array | null)[];
      lastResult = byId(scenarioIds, softmaxInto(total, new Float64Array(S)));
      return { ...lastResult };
    },
  };
}

/**
 * For each indicator, what a hard observation would do, starting from P₋ᵢ (the probabilities without
 * it), as in the value of collection: p₊, the probabilities if seen present or absent, and which
 * scenarios each outcome favours (those whose probability would rise). An indicator rated the same
 * everywhere favours none.
 */
export function collectionOutlook(model: EngineModel): Record<string, IndicatorOutlook> {
  const core = computeCore(prepareModel(model));
  const { m, S, N } = core;
  const L = m.likelihood;
  const result: Record<string, IndicatorOutlook> = {};
  const scratch = new Float64Array(S);
  const pm = new Float64Array(S);
  for (let i = 0; i < N; i++) {
    probabilitiesWithout(core, i, scratch, pm);
    const row = i * S;
    let pPlus = 0;
    for (let s = 0; s < S; s++) pPlus += (pm[s] as number) * (L[row + s] as number);
    const ifPresent: Record<string, number> = {};
    const ifAbsent: Record<string, number> = {};
    const favouredIfPresent: string[] = [];
    const favouredIfAbsent: string[] = [];
    for (let s = 0; s < S; s++) {
      const id = m.scenarioIds[s] as string;
      const l = L[row + s] as number;
      ifPresent[id] = ((pm[s] as number) * l) / pPlus;
      ifAbsent[id] = ((pm[s] as number) * (1 - l)) / (1 - pPlus);
      // P(s | present) > P₋ᵢ(s) exactly when L(i, s) > p₊.
      if (core.diagnostic[i] === 1 && (pm[s] as number) > 0) {
        if (l > pPlus + FAVOURED_EPSILON) favouredIfPresent.push(id);
        else if (l < pPlus - FAVOURED_EPSILON) favouredIfAbsent.push(id);
      }
    }
    result[m.indicatorIds[i] as string] = { pPresent: pPlus, ifPresent, ifAbsent, favouredIfPresent, favouredIfAbsent };
  }
  return result;
}
