// Laws poolRound (DESIGN §2.9) must keep for every valid round, checked with fast-check against the plain
// definitions: each participant's and the consensus model built by hand and given to assess(), the impact
// of every cell by re-running assess() with that one cell changed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assess,
  type EngineIndicator,
  type EngineModel,
  type Expectation,
  poolRound,
  RATING_KEYS,
  type RoundInput,
  type RoundParticipant,
  type RoundResult,
  ratingLikelihood,
} from "@/shared/engine";

// ---------------------------------------------------------------------------------------------
// Arbitrary rounds: 2–5 scenarios, 1–5 indicators (with evidence and overrides, so presence takes any
// value), a non-empty scope, 2–5 participants who rate some cells and leave others blank. Ratings are
// drawn more often than exact likelihoods, so participants often agree on a cell.

const unit = fc.double({ min: 0, max: 1, noNaN: true });

const expectationArb: fc.Arbitrary<Expectation> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RATING_KEYS) },
  { weight: 1, arbitrary: fc.double({ min: 0.01, max: 0.99, noNaN: true }) },
);

function indicatorArb(id: string, scenarioIds: string[]): fc.Arbitrary<EngineIndicator> {
  return fc.record({
    id: fc.constant(id),
    weight: unit,
    presence: fc.option(unit, { nil: undefined, freq: 3 }),
    expectations: fc
      .array(expectationArb, { minLength: scenarioIds.length, maxLength: scenarioIds.length })
      .map((xs) => Object.fromEntries(scenarioIds.map((sid, k) => [sid, xs[k] as Expectation]))),
    evidence: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom("e0", "e1", "e2", "e3"),
        direction: fc.constantFrom(1 as const, -1 as const),
        reliability: fc.constantFrom("A" as const, "B" as const, "C" as const, "F" as const),
        credibility: fc.constantFrom(1 as const, 2 as const, 3 as const, 6 as const),
      }),
      { selector: (l) => l.id, maxLength: 3 },
    ),
  });
}

/** A participant's judgement of the whole scope; undefined is a blank. */
function judgementArb(id: string, scope: string[], scenarioIds: string[]): fc.Arbitrary<RoundParticipant> {
  const cell = fc.option(expectationArb, { nil: undefined, freq: 3 });
  return fc
    .record({
      cells: fc.array(fc.array(cell, { minLength: scenarioIds.length, maxLength: scenarioIds.length }), {
        minLength: scope.length,
        maxLength: scope.length,
      }),
      weights: fc.array(fc.option(unit, { nil: undefined, freq: 2 }), {
        minLength: scope.length,
        maxLength: scope.length,
      }),
    })
    .map(({ cells, weights }) => {
      const expectations: Record<string, Record<string, Expectation>> = {};
      const ws: Record<string, number> = {};
      scope.forEach((iid, k) => {
        const row: Record<string, Expectation> = {};
        scenarioIds.forEach((sid, s) => {
          const value = cells[k]?.[s];
          if (value !== undefined) row[sid] = value;
        });
        if (Object.keys(row).length > 0) expectations[iid] = row;
        const w = weights[k];
        if (w !== undefined) ws[iid] = w;
      });
      return { id, expectations, weights: ws };
    });
}

const roundArb: fc.Arbitrary<RoundInput> = fc
  .record({ S: fc.integer({ min: 2, max: 5 }), N: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 2, max: 5 }) })
  .chain(({ S, N, n }) => {
    const sids = Array.from({ length: S }, (_, k) => `s${k}`);
    const iids = Array.from({ length: N }, (_, k) => `i${k}`);
    return fc
      .record({
        priors: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: S, maxLength: S }),
        indicators: fc.tuple(...iids.map((id) => indicatorArb(id, sids))),
        scope: fc.shuffledSubarray(iids, { minLength: 1 }),
      })
      .chain(({ priors, indicators, scope }) =>
        // Ids that do not sort in input order, so order-independence is tested for real.
        fc.tuple(...Array.from({ length: n }, (_, j) => judgementArb(`analyst-${(j * 7) % 10}${j}`, scope, sids))).map(
          (participants): RoundInput => ({
            model: { scenarios: sids.map((id, k) => ({ id, prior: priors[k] as number })), indicators },
            scope,
            participants,
          }),
        ),
      );
  });

const roundAndSeed = fc.tuple(roundArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }));

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let a = seed >>> 0;
  for (let k = out.length - 1; k > 0; k--) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    const j = a % (k + 1);
    [out[k], out[j]] = [out[j] as T, out[k] as T];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The definitions of §2.9, written out plainly.

/** Model `model` with, for the indicators in scope, the given ratings (over the shared ones) and weights. */
function withJudgement(
  model: EngineModel,
  scope: readonly string[],
  expectations: RoundParticipant["expectations"],
  weights: RoundParticipant["weights"],
): EngineModel {
  return {
    scenarios: model.scenarios,
    indicators: model.indicators.map((ind) => {
      if (!scope.includes(ind.id)) return ind;
      const given = Object.entries(expectations[ind.id] ?? {}).filter(([, v]) => v !== undefined && v !== null);
      return {
        ...ind,
        expectations: { ...ind.expectations, ...(Object.fromEntries(given) as Record<string, Expectation>) },
        weight: weights[ind.id] ?? ind.weight,
      };
    }),
  };
}

const participantModel = (round: RoundInput, p: RoundParticipant) =>
  withJudgement(round.model, round.scope, p.expectations, p.weights);

const adoptConsensus = (round: RoundInput, r: RoundResult) =>
  withJudgement(round.model, round.scope, r.consensus.expectations, r.consensus.weights);

/** L_j(i, s), a blank being the shared value. */
function likelihoodOf(round: RoundInput, p: RoundParticipant, iid: string, sid: string): number {
  const shared = round.model.indicators.find((ind) => ind.id === iid) as EngineIndicator;
  return ratingLikelihood(p.expectations[iid]?.[sid] ?? (shared.expectations[sid] as Expectation));
}

function median(values: number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}

const logit = (x: number) => Math.log(x / (1 - x));

function largestChange(a: Record<string, number>, b: Record<string, number>): number {
  return Math.max(...Object.keys(a).map((k) => Math.abs((a[k] as number) - (b[k] as number))));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------

describe("laws of poolRound", () => {
  it("gives each participant exactly assess() of the shared model with their judgement", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const r = poolRound(round);
        expect(Object.keys(r.perParticipant)).toEqual(round.participants.map((p) => p.id));
        for (const p of round.participants) {
          expect(r.perParticipant[p.id]).toEqual(assess(participantModel(round, p)).probabilities);
        }
      }),
    );
  });

  it("adopting the consensus (its ratings and weights into the model) gives exactly p_c", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const r = poolRound(round);
        expect(Object.keys(r.consensus.expectations).sort()).toEqual([...round.scope].sort());
        expect(Object.keys(r.consensus.weights).sort()).toEqual([...round.scope].sort());
        expect(assess(adoptConsensus(round, r)).probabilities).toEqual(r.consensus.probabilities);
      }),
    );
  });

  it("takes the median of the participants' likelihoods and weights, a blank counting as the shared value", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const r = poolRound(round);
        for (const iid of round.scope) {
          const shared = round.model.indicators.find((ind) => ind.id === iid) as EngineIndicator;
          for (const { id: sid } of round.model.scenarios) {
            const values = round.participants.map((p) => likelihoodOf(round, p, iid, sid));
            const consensus = r.consensus.expectations[iid]?.[sid] as Expectation;
            expect(ratingLikelihood(consensus)).toBe(median(values));
            // A rating key only where someone's value is exactly that rating's likelihood.
            if (typeof consensus === "string") expect(values).toContain(ratingLikelihood(consensus));
          }
          const weights = round.participants.map((p) => p.weights[iid] ?? shared.weight);
          expect(r.consensus.weights[iid]).toBe(median(weights));
        }
      }),
    );
  });

  it("pools identical participants into exactly what each of them says", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const first = round.participants[0] as RoundParticipant;
        const same = round.participants.map((p) => ({ ...first, id: p.id }));
        const r = poolRound({ ...round, participants: same });
        const own = assess(participantModel(round, first)).probabilities;
        for (const [sid, p] of Object.entries(own)) {
          expect(Math.abs((r.pooled[sid] as number) - p)).toBeLessThanOrEqual(1e-12);
          expect(r.range[sid]).toEqual([p, p]);
        }
        expect(r.consensus.probabilities).toEqual(own);
        for (const cell of r.cells) {
          expect(cell.spread).toBe(0);
          expect(cell.impact).toBe(0);
        }
      }),
    );
  });

  it("does not depend on the order of the participants, to the bit", () => {
    fc.assert(
      fc.property(roundAndSeed, ([round, seed]) => {
        const a = poolRound(round);
        const b = poolRound({ ...round, participants: shuffled(round.participants, seed) });
        expect(b.pooled).toEqual(a.pooled);
        expect(b.range).toEqual(a.range);
        expect(b.consensus).toEqual(a.consensus);
        expect(b.cells).toEqual(a.cells);
        expect(b.perParticipant).toEqual(a.perParticipant);
      }),
    );
  });

  it("gives a cell all participants agree on spread 0 and impact 0", () => {
    fc.assert(
      fc.property(roundAndSeed, expectationArb, ([round, seed], value) => {
        const iid = round.scope[seed % round.scope.length] as string;
        const sid = round.model.scenarios[seed % round.model.scenarios.length]?.id as string;
        const agreeing = round.participants.map((p) => ({
          ...p,
          expectations: { ...p.expectations, [iid]: { ...p.expectations[iid], [sid]: value } },
        }));
        const r = poolRound({ ...round, participants: agreeing });
        const cell = r.cells.find((c) => c.indicatorId === iid && c.scenarioId === sid);
        expect(cell?.spread).toBe(0);
        expect(cell?.impact).toBe(0);
        // …and so does every other cell whose likelihoods happen to agree. (Not "every cell with spread 0":
        // two likelihoods one ulp apart can have the same logit and still move the call by an ulp.)
        for (const c of r.cells) {
          const values = agreeing.map((p) => likelihoodOf(round, p, c.indicatorId, c.scenarioId));
          if (values.every((v) => v === values[0])) expect([c.spread, c.impact]).toEqual([0, 0]);
        }
      }),
    );
  });

  it("has a range holding every participant's value, and the pool never below it", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const r = poolRound(round);
        for (const { id: sid } of round.model.scenarios) {
          const [lo, hi] = r.range[sid] as [number, number];
          const values = Object.values(r.perParticipant).map((p) => p[sid] as number);
          expect(lo).toBe(Math.min(...values));
          expect(hi).toBe(Math.max(...values));
          // Σ_s Π_j p_j(s)^(1/n) ≤ 1 (AM–GM), so normalising the geometric means only raises them.
          expect(r.pooled[sid] as number).toBeGreaterThanOrEqual(lo - 1e-12);
        }
      }),
    );
  });

  it("keeps the pool inside the range with two scenarios (it is the mean of the participants' log-odds)", () => {
    fc.assert(
      fc.property(
        roundArb.filter((round) => round.model.scenarios.length === 2),
        (round) => {
          const r = poolRound(round);
          for (const [sid, [lo, hi]] of Object.entries(r.range)) {
            expect(r.pooled[sid] as number).toBeGreaterThanOrEqual(lo - 1e-12);
            expect(r.pooled[sid] as number).toBeLessThanOrEqual(hi + 1e-12);
          }
        },
      ),
    );
  });

  it("computes impact incrementally as re-running assess() per cell and participant would, within 1e-12", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const r = poolRound(round);
        const consensusModel = adoptConsensus(round, r);
        const pc = r.consensus.probabilities;
        for (const cell of r.cells) {
          let impact = 0;
          for (const p of round.participants) {
            const l = likelihoodOf(round, p, cell.indicatorId, cell.scenarioId);
            const changed = withJudgement(
              consensusModel,
              [cell.indicatorId],
              { [cell.indicatorId]: { [cell.scenarioId]: l } },
              {},
            );
            impact = Math.max(impact, largestChange(pc, assess(changed).probabilities));
          }
          expect(Math.abs(cell.impact - impact)).toBeLessThanOrEqual(1e-12);
        }
      }),
    );
  });

  it("measures spread as the largest minus the smallest logit of the participants' likelihoods", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const r = poolRound(round);
        for (const cell of r.cells) {
          const logits = round.participants.map((p) =>
            logit(likelihoodOf(round, p, cell.indicatorId, cell.scenarioId)),
          );
          expect(Math.abs(cell.spread - (Math.max(...logits) - Math.min(...logits)))).toBeLessThanOrEqual(1e-12);
        }
      }),
    );
  });

  it("lists one cell per indicator in scope and scenario, by impact, then spread, then ids", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const { cells } = poolRound(round);
        const keys = cells.map((c) => `${c.indicatorId}/${c.scenarioId}`);
        const expected = round.scope.flatMap((iid) => round.model.scenarios.map((s) => `${iid}/${s.id}`));
        expect([...keys].sort()).toEqual(expected.sort());
        for (let k = 1; k < cells.length; k++) {
          const [a, b] = [cells[k - 1], cells[k]] as [RoundResult["cells"][number], RoundResult["cells"][number]];
          const before =
            a.impact > b.impact ||
            (a.impact === b.impact &&
              (a.spread > b.spread ||
                (a.spread === b.spread &&
                  (a.indicatorId < b.indicatorId ||
                    (a.indicatorId === b.indicatorId && a.scenarioId < b.scenarioId)))));
          expect(before).toBe(true);
        }
      }),
    );
  });

  it("does not change its input", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const copy = structuredClone(round);
        poolRound(deepFreeze(round));
        expect(round).toEqual(copy);
      }),
    );
  });
});

describe("extreme rounds stay finite", () => {
  it("pools calls that round to 0 and 1 without NaN: 300 hard observations, priors 1e-9 against 1e9", () => {
    const scenarios = [
      { id: "a", prior: 1e-9 },
      { id: "b", prior: 1e9 },
      { id: "c", prior: 1 },
    ];
    const indicators = Array.from({ length: 300 }, (_, i) => ({
      id: `i${i}`,
      weight: 1,
      presence: 1,
      expectations: { a: 0.01, b: 0.99, c: "could" as const },
      evidence: [],
    }));
    const scope = indicators.map((i) => i.id);
    // Unnormalised log-probabilities (a, b, c). A turns every indicator around: (ln 1e-9 + 300·ln 0.99,
    // ln 1e9 + 300·ln 0.01, 300·ln 0.5) = (−23.7, −1360.8, −207.9), so ln p_A = (0, −1337.1, −184.2): "a" for
    // certain. B keeps the shared ratings: (−1402.3, 17.7, −207.9), ln p_B = (−1420.0, 0, −225.6): "b" for
    // certain. Each gives the other's scenario a probability that rounds to 0; the pool works from the
    // log-probabilities, not from those zeros.
    const flipped = Object.fromEntries(scope.map((id) => [id, { a: 0.99, b: 0.01 }]));
    const r = poolRound({
      model: { scenarios, indicators },
      scope,
      participants: [
        { id: "A", expectations: flipped, weights: {} },
        { id: "B", expectations: {}, weights: {} },
      ],
    });
    expect(r.perParticipant.A?.a).toBe(1);
    expect(r.perParticipant.A?.b).toBe(0);
    expect(r.perParticipant.B?.b).toBe(1);
    expect(r.perParticipant.B?.a).toBe(0);
    // Mean log-probabilities (−710.0, −668.5, −204.9): the pool goes to c, which neither rules out as hard as
    // they rule out each other's scenario.
    expect(r.pooled.c as number).toBeGreaterThan(0.999);
    const all = [
      ...Object.values(r.pooled),
      ...Object.values(r.range).flat(),
      ...Object.values(r.consensus.probabilities),
      ...r.cells.flatMap((c) => [c.spread, c.impact]),
    ];
    for (const x of all) expect(Number.isFinite(x)).toBe(true);
    expect(Object.values(r.pooled).reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    for (const c of r.cells) expect(c.impact).toBeLessThanOrEqual(1);
  });
});
