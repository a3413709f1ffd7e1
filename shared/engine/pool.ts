// Team rounds (DESIGN §2.9): each participant's probabilities, the pooled call and its range, the consensus
// model, and per cell in scope how far the participants are apart (spread) and what that does to the call (impact).
// Participant and consensus models are the shared packed model with the scope's rows overwritten, computed by
// assess()'s own arithmetic (modelTotals), so p_j and p_c equal assess(M_j) and assess(M_c) to the last bit.
import { factor, type ModelTotals, modelTotals, softmaxInto } from "./assess";
import { describeValue, InvalidModelError } from "./errors";
import { expectationProblem, logit, sigmoid, tryLikelihood } from "./grading";
import type { EngineIndicator, EngineModel, Expectation, RoundCell, RoundInput, RoundResult } from "./types";
import { type PreparedModel, prepareModel } from "./validate";

/** A participant's view of the scope, blanks already filled with the shared values. */
interface Judgement {
  id: string;
  /** L_j(i, s) at k·S + s, k the position of indicator i in the scope (model order). */
  likelihood: Float64Array;
  /** The expression behind each likelihood (a rating key or a number), for the consensus to keep. */
  expression: Expectation[];
  /** w_j(i) at k. */
  weight: Float64Array;
}

interface PreparedRound {
  m: PreparedModel;
  /** Model indices of the indicators in scope, ascending (model order whatever the order of `scope`). */
  rows: number[];
  /** In input order. */
  judgements: Judgement[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isBlank = (value: unknown) => value === undefined || value === null;

/** Checks the round and fills every blank with the shared value. Throws InvalidModelError naming the field. */
function prepareRound(input: unknown): PreparedRound {
  if (!isRecord(input)) throw new InvalidModelError("round", `must be an object, got ${describeValue(input)}`);
  const { model, scope, participants } = input;

  if (!isRecord(model)) throw new InvalidModelError("model", `must be an object, got ${describeValue(model)}`);
  let m: PreparedModel;
  try {
    m = prepareModel(model);
  } catch (error) {
    if (error instanceof InvalidModelError) throw new InvalidModelError(`model.${error.field}`, error.problem);
    throw error;
  }
  const S = m.scenarioIds.length;
  const indicatorIndex = new Map(m.indicatorIds.map((id, i) => [id, i]));
  const scenarioIndex = new Map(m.scenarioIds.map((id, s) => [id, s]));

  if (!Array.isArray(scope)) throw new InvalidModelError("scope", `must be an array, got ${describeValue(scope)}`);
  if (scope.length === 0) throw new InvalidModelError("scope", "needs at least one indicator");
  const inScope = new Set<number>();
  scope.forEach((id: unknown, k) => {
    const i = typeof id === "string" ? indicatorIndex.get(id) : undefined;
    if (i === undefined) throw new InvalidModelError(`scope[${k}]`, `unknown indicator ${describeValue(id)}`);
    if (inScope.has(i)) throw new InvalidModelError(`scope[${k}]`, `indicator ${describeValue(id)} is listed twice`);
    inScope.add(i);
  });
  const rows = [...inScope].sort((a, b) => a - b);
  const K = rows.length;
  const position = new Map(rows.map((i, k) => [i, k]));
  const shared = (model as unknown as EngineModel).indicators;

  if (!Array.isArray(participants)) {
    throw new InvalidModelError("participants", `must be an array, got ${describeValue(participants)}`);
  }
  if (participants.length < 2) {
    throw new InvalidModelError("participants", `need at least 2 submitted judgements, got ${participants.length}`);
  }

  /** The scope position of an indicator a participant names, or an error saying why it cannot be named. */
  const scopePosition = (path: string, id: string): number => {
    const i = indicatorIndex.get(id);
    if (i === undefined) throw new InvalidModelError(path, `unknown indicator ${describeValue(id)}`);
    const k = position.get(i);
    if (k === undefined)
      throw new InvalidModelError(path, `indicator ${describeValue(id)} is outside the round's scope`);
    return k;
  };

  const seen = new Set<string>();
  const judgements = participants.map((participant: unknown, j): Judgement => {
    const path = `participants[${j}]`;
    if (!isRecord(participant))
      throw new InvalidModelError(path, `must be an object, got ${describeValue(participant)}`);
    const { id, expectations, weights } = participant;
    if (typeof id !== "string" || id.length === 0) {
      throw new InvalidModelError(`${path}.id`, `must be a non-empty string, got ${describeValue(id)}`);
    }
    if (seen.has(id)) throw new InvalidModelError(`${path}.id`, `duplicate participant id ${describeValue(id)}`);
    seen.add(id);

    const likelihood = new Float64Array(K * S);
    const expression: Expectation[] = new Array(K * S);
    const weight = new Float64Array(K);
    rows.forEach((i, k) => {
      weight[k] = m.weight[i] as number;
      const sharedRow = (shared[i] as EngineIndicator).expectations;
      for (let s = 0; s < S; s++) {
        likelihood[k * S + s] = m.likelihood[i * S + s] as number;
        expression[k * S + s] = sharedRow[m.scenarioIds[s] as string] as Expectation;
      }
    });

    if (!isRecord(expectations)) {
      throw new InvalidModelError(
        `${path}.expectations`,
        `must be an object keyed by indicator id (empty if none), got ${describeValue(expectations)}`,
      );
    }
    for (const [iid, row] of Object.entries(expectations)) {
      const rpath = `${path}.expectations.${iid}`;
      const k = scopePosition(rpath, iid);
      if (!isRecord(row)) {
        throw new InvalidModelError(rpath, `must be an object keyed by scenario id, got ${describeValue(row)}`);
      }
      for (const [sid, value] of Object.entries(row)) {
        const s = scenarioIndex.get(sid);
        if (s === undefined) throw new InvalidModelError(`${rpath}.${sid}`, `unknown scenario ${describeValue(sid)}`);
        if (isBlank(value)) continue;
        const l = tryLikelihood(value);
        if (l === null) throw new InvalidModelError(`${rpath}.${sid}`, expectationProblem(value));
        likelihood[k * S + s] = l;
        expression[k * S + s] = value as Expectation;
      }
    }

    if (!isRecord(weights)) {
      throw new InvalidModelError(
        `${path}.weights`,
        `must be an object keyed by indicator id (empty if none), got ${describeValue(weights)}`,
      );
    }
    for (const [iid, w] of Object.entries(weights)) {
      const wpath = `${path}.weights.${iid}`;
      const k = scopePosition(wpath, iid);
      if (isBlank(w)) continue;
      if (typeof w !== "number" || !(w >= 0 && w <= 1)) {
        throw new InvalidModelError(wpath, `must be a number in [0, 1], got ${describeValue(w)}`);
      }
      weight[k] = w;
    }
    return { id, likelihood, expression, weight };
  });

  return { m, rows, judgements };
}

/** The shared packed model with the scope's rows set to the given likelihoods and weights. */
function withScope(m: PreparedModel, rows: number[], likelihood: Float64Array, weight: Float64Array): PreparedModel {
  const S = m.scenarioIds.length;
  const L = m.likelihood.slice();
  const w = m.weight.slice();
  rows.forEach((i, k) => {
    L.set(likelihood.subarray(k * S, (k + 1) * S), i * S);
    w[i] = weight[k] as number;
  });
  return { ...m, likelihood: L, weight: w };
}

/** ln Σ exp(x) over the entries of x except `skip`, with the largest taken out first; −∞ for none. */
function logSumExpExcept(x: Float64Array, skip: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < x.length; s++) if (s !== skip) max = Math.max(max, x[s] as number);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let s = 0; s < x.length; s++) if (s !== skip) sum += Math.exp((x[s] as number) - max);
  return max + Math.log(sum);
}

/** The median of sorted values; with an even count the mean of the two middle ones. */
function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function byId(ids: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k < ids.length; k++) out[ids[k] as string] = values[k] as number;
  return out;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A team round of DESIGN §2.9: per participant p_j = assess(M_j).probabilities, the logarithmic pool of
 * them and the range per scenario, the consensus (median likelihoods and weights) with p_c, and every cell
 * in scope with its spread and impact, disputes that matter first. Pure; throws InvalidModelError naming
 * the field for bad input. Every figure is independent of the order of the participants, to the bit.
 */
export function poolRound(input: RoundInput): RoundResult {
  const { m, rows, judgements } = prepareRound(input);
  const S = m.scenarioIds.length;
  const K = rows.length;
  const n = judgements.length;

  // 1. Each participant's model. ln p_j(s) = T_j(s) − LSE(T_j) stays finite where p_j(s) rounds to 0.
  const participant = judgements.map((j) => modelTotals(withScope(m, rows, j.likelihood, j.weight)));
  const lower = new Float64Array(S).fill(Number.POSITIVE_INFINITY);
  const upper = new Float64Array(S).fill(Number.NEGATIVE_INFINITY);
  const meanLogP = new Float64Array(S);
  // Summed in order of participant id, so the pool does not depend on the order they were given in.
  const byParticipantId = judgements.map((_, j) => j);
  byParticipantId.sort((a, b) => compareIds((judgements[a] as Judgement).id, (judgements[b] as Judgement).id));
  for (const j of byParticipantId) {
    const { total, probability } = participant[j] as ModelTotals;
    const lse = logSumExpExcept(total, -1);
    for (let s = 0; s < S; s++) {
      meanLogP[s] = (meanLogP[s] as number) + ((total[s] as number) - lse);
      lower[s] = Math.min(lower[s] as number, probability[s] as number);
      upper[s] = Math.max(upper[s] as number, probability[s] as number);
    }
  }
  for (let s = 0; s < S; s++) meanLogP[s] = (meanLogP[s] as number) / n;
  const pooled = softmaxInto(meanLogP, new Float64Array(S));

  // 2. The consensus: per cell the median likelihood, per indicator the median weight.
  const sorted = new Float64Array(n);
  const lowest = new Float64Array(K * S);
  const highest = new Float64Array(K * S);
  const consensusL = new Float64Array(K * S);
  const consensusExpression: Expectation[] = new Array(K * S);
  for (let c = 0; c < K * S; c++) {
    for (let j = 0; j < n; j++) sorted[j] = (judgements[j] as Judgement).likelihood[c] as number;
    sorted.sort();
    lowest[c] = sorted[0] as number;
    highest[c] = sorted[n - 1] as number;
    const median = medianOfSorted(sorted);
    consensusL[c] = median;
    // Keep the form an input had it in (a rating key over the same number), so a cell nobody moved
    // reads as before; the median of two different middle values is no input's value: the number.
    const key = judgements.find((j) => j.likelihood[c] === median && typeof j.expression[c] === "string");
    consensusExpression[c] = key ? (key.expression[c] as Expectation) : median;
  }
  const consensusW = new Float64Array(K);
  const weights = new Float64Array(n);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < n; j++) weights[j] = (judgements[j] as Judgement).weight[k] as number;
    consensusW[k] = medianOfSorted(weights.sort());
  }
  const consensus = modelTotals(withScope(m, rows, consensusL, consensusW));

  // 3. Cells. Setting cell (i, s) to l changes T_c(s) alone, by δ = w_c(i)·(ln f(q, l) − ln f(q, L_c)) (the
  // other scenarios' contributions shift by one constant, which the normalisation removes), so
  // p'(s) = sigmoid(T_c(s) + δ − R(s)) with R(s) = LSE over s' ≠ s of T_c. Every other scenario moves the
  // other way and their changes add up to that of s, so the largest change is at s. And p'(s) grows with δ,
  // which is monotone in l: over the participants the largest change is at the lowest or highest likelihood.
  const T = consensus.total;
  const P = consensus.probability;
  const rest = new Float64Array(S);
  for (let s = 0; s < S; s++) rest[s] = logSumExpExcept(T, s);
  const cells: RoundCell[] = [];
  for (let k = 0; k < K; k++) {
    const i = rows[k] as number;
    const q = consensus.presence[i] as number;
    const w = consensusW[k] as number;
    for (let s = 0; s < S; s++) {
      const c = k * S + s;
      const lc = consensusL[c] as number;
      let impact = 0;
      for (const l of [lowest[c] as number, highest[c] as number]) {
        const delta = l === lc ? 0 : w * (Math.log(factor(q, l)) - Math.log(factor(q, lc)));
        if (delta === 0) continue; // exactly p_c: the consensus value itself, or weight 0
        const changed = sigmoid((T[s] as number) + delta - (rest[s] as number));
        impact = Math.max(impact, Math.abs(changed - (P[s] as number)));
      }
      cells.push({
        indicatorId: m.indicatorIds[i] as string,
        scenarioId: m.scenarioIds[s] as string,
        spread: logit(highest[c] as number) - logit(lowest[c] as number),
        impact,
      });
    }
  }
  cells.sort(
    (a, b) =>
      b.impact - a.impact ||
      b.spread - a.spread ||
      compareIds(a.indicatorId, b.indicatorId) ||
      compareIds(a.scenarioId, b.scenarioId),
  );

  const perParticipant: RoundResult["perParticipant"] = {};
  judgements.forEach((j, k) => {
    perParticipant[j.id] = byId(m.scenarioIds, (participant[k] as ModelTotals).probability);
  });
  const range: RoundResult["range"] = {};
  for (let s = 0; s < S; s++) range[m.scenarioIds[s] as string] = [lower[s] as number, upper[s] as number];
  const expectations: RoundResult["consensus"]["expectations"] = {};
  const consensusWeights: RoundResult["consensus"]["weights"] = {};
  rows.forEach((i, k) => {
    const id = m.indicatorIds[i] as string;
    const row: Record<string, Expectation> = {};
    for (let s = 0; s < S; s++) row[m.scenarioIds[s] as string] = consensusExpression[k * S + s] as Expectation;
    expectations[id] = row;
    consensusWeights[id] = consensusW[k] as number;
  });

  return {
    perParticipant,
    pooled: byId(m.scenarioIds, pooled),
    range,
    consensus: { expectations, weights: consensusWeights, probabilities: byId(m.scenarioIds, P) },
    cells,
  };
}
