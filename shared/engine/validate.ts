// Checks a model and packs it into flat typed arrays for assess(). Every problem names its field.
import { describeValue, InvalidModelError } from "./errors";
import { evidenceAccuracy, expectationProblem, isReliability, logit, parseCredibility, tryLikelihood } from "./grading";
import { CREDIBILITY_GRADES, RELIABILITY_GRADES } from "./tables";
import type { EngineModel } from "./types";

/** The model as assess() computes with it: indices instead of ids, one row of S numbers per indicator. */
export interface PreparedModel {
  scenarioIds: string[];
  /** ln prior(s), not normalised: the log-sum-exp does that. */
  logPrior: Float64Array;
  indicatorIds: string[];
  weight: Float64Array;
  /** Presence override per indicator, NaN where there is none. */
  override: Float64Array;
  /** L(i, s) at i·S + s. */
  likelihood: Float64Array;
  /** Links of indicator i are linkStart[i] .. linkStart[i + 1] − 1. */
  linkStart: Int32Array;
  /** d·logit(a(e)) of each link. */
  linkLogit: Float64Array;
  /** Index into evidenceIds of each link. */
  linkEvidence: Int32Array;
  /** Distinct evidence ids, in order of first appearance. */
  evidenceIds: string[];
  /** Index into originIds of each link's origin, −1 where the item names none (it is its own group). */
  linkOrigin: Int32Array;
  /** Distinct origins, in order of first appearance. */
  originIds: string[];
  /** 1 where the indicator has at least one link with an origin: its presence sums groups, not links. */
  grouped: Uint8Array;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/** d·logit(a) for every grade pair, so a large model does not take 3000 logarithms. */
const GRADE_LOGIT = new Map<string, number>();
for (const r of RELIABILITY_GRADES) {
  for (const c of CREDIBILITY_GRADES) GRADE_LOGIT.set(`${r}${c}`, logit(evidenceAccuracy(r, c)));
}

/** Throws InvalidModelError naming the first bad field; otherwise returns the packed model. */
export function prepareModel(model: unknown): PreparedModel {
  if (!isRecord(model)) throw new InvalidModelError("model", `must be an object, got ${describeValue(model)}`);
  const { scenarios, indicators } = model;

  if (!Array.isArray(scenarios)) {
    throw new InvalidModelError("scenarios", `must be an array, got ${describeValue(scenarios)}`);
  }
  if (scenarios.length < 2) {
    throw new InvalidModelError("scenarios", `need at least 2 scenarios, got ${scenarios.length}`);
  }
  const S = scenarios.length;
  const scenarioIds: string[] = [];
  const logPrior = new Float64Array(S);
  const seenScenario = new Set<string>();
  for (let s = 0; s < S; s++) {
    const scenario: unknown = scenarios[s];
    const path = `scenarios[${s}]`;
    if (!isRecord(scenario)) throw new InvalidModelError(path, `must be an object, got ${describeValue(scenario)}`);
    const { id, prior } = scenario;
    if (!isId(id)) throw new InvalidModelError(`${path}.id`, `must be a non-empty string, got ${describeValue(id)}`);
    if (seenScenario.has(id)) throw new InvalidModelError(`${path}.id`, `duplicate scenario id ${describeValue(id)}`);
    seenScenario.add(id);
    if (typeof prior !== "number" || !Number.isFinite(prior) || prior <= 0) {
      throw new InvalidModelError(`${path}.prior`, `must be a finite number > 0, got ${describeValue(prior)}`);
    }
    scenarioIds.push(id);
    logPrior[s] = Math.log(prior);
  }

  if (!Array.isArray(indicators)) {
    throw new InvalidModelError("indicators", `must be an array, got ${describeValue(indicators)}`);
  }
  const N = indicators.length;
  const indicatorIds: string[] = [];
  const weight = new Float64Array(N);
  const override = new Float64Array(N);
  const likelihood = new Float64Array(N * S);
  const linkStart = new Int32Array(N + 1);
  const linkLogits: number[] = [];
  const linkEvidences: number[] = [];
  const evidenceIds: string[] = [];
  const evidenceIndex = new Map<string, number>();
  // lastIndicator[k] = the last indicator that linked evidence k: a repeat within one indicator is a duplicate.
  const lastIndicator: number[] = [];
  const seenIndicator = new Set<string>();
  const linkOrigins: number[] = [];
  const originIds: string[] = [];
  const originIndex = new Map<string, number>();
  // evidenceOrigin[k] = the origin index evidence k was first seen with (−1: none, −2: not seen yet).
  const evidenceOrigin: number[] = [];
  const grouped = new Uint8Array(N);

  for (let i = 0; i < N; i++) {
    const indicator: unknown = indicators[i];
    const path = `indicators[${i}]`;
    if (!isRecord(indicator)) throw new InvalidModelError(path, `must be an object, got ${describeValue(indicator)}`);
    const { id, weight: w, presence, expectations, evidence } = indicator;
    if (!isId(id)) throw new InvalidModelError(`${path}.id`, `must be a non-empty string, got ${describeValue(id)}`);
    if (seenIndicator.has(id)) throw new InvalidModelError(`${path}.id`, `duplicate indicator id ${describeValue(id)}`);
    seenIndicator.add(id);
    indicatorIds.push(id);

    if (typeof w !== "number" || !(w >= 0 && w <= 1)) {
      throw new InvalidModelError(`${path}.weight`, `must be a number in [0, 1], got ${describeValue(w)}`);
    }
    weight[i] = w;

    if (presence === undefined || presence === null) {
      override[i] = Number.NaN;
    } else if (typeof presence !== "number" || !(presence >= 0 && presence <= 1)) {
      throw new InvalidModelError(
        `${path}.presence`,
        `must be a number in [0, 1] or absent, got ${describeValue(presence)}`,
      );
    } else {
      override[i] = presence;
    }

    if (!isRecord(expectations)) {
      throw new InvalidModelError(
        `${path}.expectations`,
        `must be an object keyed by scenario id, got ${describeValue(expectations)}`,
      );
    }
    for (let s = 0; s < S; s++) {
      const sid = scenarioIds[s] as string;
      if (!Object.hasOwn(expectations, sid)) {
        throw new InvalidModelError(
          `${path}.expectations.${sid}`,
          `missing expectation for scenario ${describeValue(sid)}`,
        );
      }
      const value = expectations[sid];
      const l = tryLikelihood(value);
      if (l === null) throw new InvalidModelError(`${path}.expectations.${sid}`, expectationProblem(value));
      likelihood[i * S + s] = l;
    }
    // Every scenario has its entry, so any extra key is for a scenario the model does not have.
    const keys = Object.keys(expectations);
    if (keys.length > S) {
      const unknown = keys.find((k) => !seenScenario.has(k)) as string;
      throw new InvalidModelError(
        `${path}.expectations.${unknown}`,
        `expectation for unknown scenario ${describeValue(unknown)}`,
      );
    }

    if (!Array.isArray(evidence)) {
      throw new InvalidModelError(
        `${path}.evidence`,
        `must be an array (empty if there is none), got ${describeValue(evidence)}`,
      );
    }
    linkStart[i] = linkLogits.length;
    for (let j = 0; j < evidence.length; j++) {
      const link: unknown = evidence[j];
      const lpath = `${path}.evidence[${j}]`;
      if (!isRecord(link)) throw new InvalidModelError(lpath, `must be an object, got ${describeValue(link)}`);
      const { id: eid, direction, reliability, credibility, origin } = link;
      if (!isId(eid))
        throw new InvalidModelError(`${lpath}.id`, `must be a non-empty string, got ${describeValue(eid)}`);
      let k = evidenceIndex.get(eid);
      if (k === undefined) {
        k = evidenceIds.length;
        evidenceIndex.set(eid, k);
        evidenceIds.push(eid);
        lastIndicator.push(-1);
        evidenceOrigin.push(-2);
      }
      if (lastIndicator[k] === i) {
        throw new InvalidModelError(`${lpath}.id`, `evidence ${describeValue(eid)} is linked to this indicator twice`);
      }
      lastIndicator[k] = i;
      if (direction !== 1 && direction !== -1) {
        throw new InvalidModelError(
          `${lpath}.direction`,
          `must be 1 (present) or -1 (absent), got ${describeValue(direction)}`,
        );
      }
      if (!isReliability(reliability)) {
        throw new InvalidModelError(
          `${lpath}.reliability`,
          `unknown reliability grade ${describeValue(reliability)} (expected A–F)`,
        );
      }
      const c = parseCredibility(credibility);
      if (c === null) {
        throw new InvalidModelError(
          `${lpath}.credibility`,
          `unknown credibility grade ${describeValue(credibility)} (expected 1–6)`,
        );
      }
      let o = -1;
      if (origin !== undefined && origin !== null) {
        if (typeof origin !== "string" || origin.length === 0) {
          throw new InvalidModelError(
            `${lpath}.origin`,
            `must be a non-empty string or absent, got ${describeValue(origin)}`,
          );
        }
        let known = originIndex.get(origin);
        if (known === undefined) {
          known = originIds.length;
          originIndex.set(origin, known);
          originIds.push(origin);
        }
        o = known;
        grouped[i] = 1;
      }
      const before = evidenceOrigin[k] as number;
      if (before === -2) evidenceOrigin[k] = o;
      else if (before !== o) {
        const had = before === -1 ? "no origin" : `origin ${describeValue(originIds[before])}`;
        throw new InvalidModelError(
          `${lpath}.origin`,
          `evidence ${describeValue(eid)} has ${had} on an earlier link; an item has one origin on every indicator`,
        );
      }
      linkLogits.push(direction * (GRADE_LOGIT.get(`${reliability}${c}`) as number));
      linkEvidences.push(k);
      linkOrigins.push(o);
    }
  }
  linkStart[N] = linkLogits.length;

  return {
    scenarioIds,
    logPrior,
    indicatorIds,
    weight,
    override,
    likelihood,
    linkStart,
    linkLogit: Float64Array.from(linkLogits),
    linkEvidence: Int32Array.from(linkEvidences),
    evidenceIds,
    linkOrigin: Int32Array.from(linkOrigins),
    originIds,
    grouped,
  };
}

/** Checks a model from outside (a request body, a stored snapshot): returns it typed, or throws InvalidModelError. */
export function validateModel(model: unknown): EngineModel {
  prepareModel(model);
  return model as EngineModel;
}
