// Laws the engine must keep for every valid model, checked with fast-check, plus extreme models
// that must never produce NaN or Infinity, and agreement with the straightforward reference.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assess,
  assessLive,
  CREDIBILITY_GRADES,
  type EngineEvidenceLink,
  type EngineIndicator,
  type EngineModel,
  type EngineResult,
  type Expectation,
  estimativeTerm,
  ICD203_BANDS,
  RATING_KEYS,
  RELIABILITY_GRADES,
  ratingLikelihood,
} from "@/shared/engine";
import { largestDifference, referenceAssess } from "../reference/engine";
import { syntheticModel } from "../reference/synthetic-model";

// ---------------------------------------------------------------------------------------------
// Arbitrary models: 2–5 scenarios, up to 5 indicators, up to 4 links each from a pool of 6 evidence
// items. Small enough that no probability rounds to exactly 0 or 1 (each indicator moves the
// log-odds by at most ln 99), large enough to hit every branch.

const linkArb: fc.Arbitrary<EngineEvidenceLink> = fc.record({
  id: fc.constantFrom("e0", "e1", "e2", "e3", "e4", "e5"),
  direction: fc.constantFrom(1 as const, -1 as const),
  reliability: fc.constantFrom(...RELIABILITY_GRADES),
  credibility: fc.constantFrom(...CREDIBILITY_GRADES),
});

const expectationArb: fc.Arbitrary<Expectation> = fc.oneof(
  fc.constantFrom(...RATING_KEYS),
  fc.double({ min: 0.01, max: 0.99, noNaN: true }),
);

const unit = fc.double({ min: 0, max: 1, noNaN: true });

function indicatorArb(scenarioIds: string[]): fc.Arbitrary<Omit<EngineIndicator, "id">> {
  return fc.record({
    weight: unit,
    presence: fc.option(unit, { nil: undefined, freq: 4 }),
    expectations: fc
      .array(expectationArb, { minLength: scenarioIds.length, maxLength: scenarioIds.length })
      .map((xs) => Object.fromEntries(scenarioIds.map((id, k) => [id, xs[k] as Expectation]))),
    evidence: fc.uniqueArray(linkArb, { selector: (l) => l.id, maxLength: 4 }),
  });
}

const modelArb: fc.Arbitrary<EngineModel> = fc.integer({ min: 2, max: 5 }).chain((S) => {
  const ids = Array.from({ length: S }, (_, k) => `s${k}`);
  return fc
    .record({
      priors: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: S, maxLength: S }),
      indicators: fc.array(indicatorArb(ids), { maxLength: 5 }),
    })
    .map(({ priors, indicators }) => ({
      scenarios: ids.map((id, k) => ({ id, prior: priors[k] as number })),
      indicators: indicators.map((ind, i) => ({ id: `i${i}`, ...ind })),
    }));
});

/** A model and a seed for shuffling or picking within it. */
const modelAndSeed = fc.tuple(modelArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }));

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

function expectClose(a: Record<string, number>, b: Record<string, number>, tolerance: number): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const [k, v] of Object.entries(a)) expect(Math.abs(v - (b[k] as number))).toBeLessThanOrEqual(tolerance);
}

function expectFinite(r: EngineResult): void {
  const all = [
    ...Object.values(r.probabilities),
    ...Object.values(r.presence),
    ...Object.values(r.diagnosticity),
    ...Object.values(r.valueOfCollection),
    ...Object.values(r.sensitivity.indicators),
    ...Object.values(r.sensitivity.evidence),
    ...Object.values(r.contributions).flatMap((row) => Object.values(row)),
  ];
  for (const x of all) expect(Number.isFinite(x)).toBe(true);
  for (const p of Object.values(r.probabilities)) {
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  }
  expect(Object.values(r.probabilities).reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const without = (m: EngineModel, i: number): EngineModel => ({
  ...m,
  indicators: m.indicators.filter((_, j) => j !== i),
});

// ---------------------------------------------------------------------------------------------

describe("laws of the engine", () => {
  it("gives probabilities in (0, 1) that sum to 1 within 1e-12", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const ps = Object.values(assess(m).probabilities);
        for (const p of ps) {
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThan(1);
        }
        expect(Math.abs(ps.reduce((a, x) => a + x, 0) - 1)).toBeLessThanOrEqual(1e-12);
      }),
    );
  });

  it("previews live with exactly the numbers assess() gives", () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const { probabilities, presence, diagnosticity, terms } = assess(model);
        expect(assessLive(model)).toEqual({ probabilities, presence, diagnosticity, terms });
      }),
    );
  });

  it("does not depend on the order of indicators or of evidence", () => {
    fc.assert(
      fc.property(modelAndSeed, ([m, seed]) => {
        const reordered: EngineModel = {
          scenarios: m.scenarios,
          indicators: shuffled(m.indicators, seed).map((ind, k) => ({
            ...ind,
            evidence: shuffled(ind.evidence, seed + k),
          })),
        };
        const a = assess(m);
        const b = assess(reordered);
        expect(largestDifference(a, b)).toBeLessThanOrEqual(1e-12);
        expect(largestDifference(b, a)).toBeLessThanOrEqual(1e-12);
        expect(b.terms).toEqual(a.terms);
      }),
    );
  });

  it("treats weight 0 exactly as removing the indicator", () => {
    fc.assert(
      fc.property(
        modelAndSeed.filter(([m]) => m.indicators.length > 0),
        ([m, seed]) => {
          const i = seed % m.indicators.length;
          const zeroed: EngineModel = {
            ...m,
            indicators: m.indicators.map((ind, j) => (j === i ? { ...ind, weight: 0 } : ind)),
          };
          const a = assess(zeroed);
          const b = assess(without(m, i));
          const id = m.indicators[i]?.id as string;
          expectClose(a.probabilities, b.probabilities, 1e-12);
          expect(Object.values(a.contributions[id] ?? {}).every((c) => c === 0)).toBe(true);
          expect(a.sensitivity.indicators[id]).toBe(0);
          for (const other of Object.keys(b.presence)) {
            expect(a.valueOfCollection[other]).toBeCloseTo(b.valueOfCollection[other] as number, 12);
            expect(a.sensitivity.indicators[other]).toBeCloseTo(b.sensitivity.indicators[other] as number, 12);
          }
          for (const [eid, s] of Object.entries(a.sensitivity.evidence)) {
            expect(s).toBeCloseTo(b.sensitivity.evidence[eid] ?? 0, 12);
          }
        },
      ),
    );
  });

  it("is unmoved by an indicator with presence 0.5 or with no evidence and no override", () => {
    fc.assert(
      fc.property(
        modelAndSeed.filter(([m]) => m.indicators.length > 0),
        ([m, seed]) => {
          const i = seed % m.indicators.length;
          const half: EngineModel = {
            ...m,
            indicators: m.indicators.map((ind, j) => (j === i ? { ...ind, presence: 0.5 } : ind)),
          };
          const silent: EngineModel = {
            ...m,
            indicators: m.indicators.map((ind, j) => (j === i ? { ...ind, presence: undefined, evidence: [] } : ind)),
          };
          const removed = assess(without(m, i)).probabilities;
          expectClose(assess(half).probabilities, removed, 1e-12);
          expectClose(assess(silent).probabilities, removed, 1e-12);
          expect(assess(silent).presence[m.indicators[i]?.id as string]).toBe(0.5);
        },
      ),
    );
  });

  it("gives an indicator rated the same everywhere no effect, diagnosticity 0 and value of collection 0", () => {
    fc.assert(
      fc.property(modelAndSeed, expectationArb, indicatorArb(["x"]), ([m, seed], rating, extra) => {
        const flat: EngineIndicator = {
          ...extra,
          id: "flat",
          expectations: Object.fromEntries(m.scenarios.map((s) => [s.id, rating])),
        };
        const at = seed % (m.indicators.length + 1);
        const withFlat: EngineModel = {
          ...m,
          indicators: [...m.indicators.slice(0, at), flat, ...m.indicators.slice(at)],
        };
        const r = assess(withFlat);
        expect(r.probabilities).toEqual(assess(m).probabilities);
        expect(r.diagnosticity.flat).toBe(0);
        expect(r.valueOfCollection.flat).toBe(0);
        expect(r.sensitivity.indicators.flat).toBe(0);
        expect(Object.values(r.contributions.flat ?? {}).every((c) => c === 0)).toBe(true);
      }),
    );
  });

  it("never lowers the probability of the scenario that expects an indicator most when evidence of it is added", () => {
    fc.assert(
      fc.property(
        modelAndSeed.filter(([m]) => m.indicators.length > 0),
        fc.constantFrom(...RELIABILITY_GRADES),
        fc.constantFrom(...CREDIBILITY_GRADES),
        ([m, seed], reliability, credibility) => {
          const i = seed % m.indicators.length;
          const target = m.indicators[i] as EngineIndicator;
          const before = assess(m);
          // the scenario with the largest L(i, s)
          const best = m.scenarios.reduce((a, b) =>
            ratingLikelihood(target.expectations[b.id] as Expectation) >
            ratingLikelihood(target.expectations[a.id] as Expectation)
              ? b
              : a,
          ).id;
          const more: EngineModel = {
            ...m,
            indicators: m.indicators.map((ind, j) =>
              j === i
                ? {
                    ...ind,
                    evidence: [...ind.evidence, { id: "new", direction: 1 as const, reliability, credibility }],
                  }
                : ind,
            ),
          };
          expect(assess(more).probabilities[best] as number).toBeGreaterThanOrEqual(
            (before.probabilities[best] as number) - 1e-12,
          );
        },
      ),
    );
  });

  it("never gives a negative value of collection", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        for (const v of Object.values(assess(m).valueOfCollection)) expect(v).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("reports every id of the model as a key where its figure is defined", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const r = assess(m);
        const sids = m.scenarios.map((s) => s.id);
        const iids = m.indicators.map((i) => i.id);
        const eids = [...new Set(m.indicators.flatMap((i) => i.evidence.map((e) => e.id)))];
        expect(Object.keys(r.probabilities)).toEqual(sids);
        expect(Object.keys(r.terms)).toEqual(sids);
        for (const f of [r.presence, r.diagnosticity, r.valueOfCollection, r.sensitivity.indicators, r.contributions]) {
          expect(Object.keys(f)).toEqual(iids);
        }
        for (const row of Object.values(r.contributions)) expect(Object.keys(row)).toEqual(sids);
        expect(Object.keys(r.sensitivity.evidence).sort()).toEqual(eids.sort());
      }),
    );
  });

  it("agrees with the straightforward recompute-everything reference", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        expect(largestDifference(assess(m), referenceAssess(m))).toBeLessThanOrEqual(1e-10);
      }),
    );
    const big = syntheticModel(6, 40, 200, 3);
    expect(largestDifference(assess(big), referenceAssess(big))).toBeLessThanOrEqual(1e-10);
  });

  it("does not change its input", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const copy = structuredClone(m);
        const frozen = deepFreeze(m);
        assess(frozen);
        expect(frozen).toEqual(copy);
      }),
    );
  });
});

describe("ICD 203 bands", () => {
  it("put every probability in the band whose written range holds it", () => {
    fc.assert(
      fc.property(unit, (p) => {
        const inBand = ICD203_BANDS.filter(
          (b) => (b.lowerInclusive ? p >= b.lower : p > b.lower) && (b.upperInclusive ? p <= b.upper : p < b.upper),
        );
        expect(inBand).toHaveLength(1);
        expect(estimativeTerm(p)).toBe(inBand[0]?.term);
      }),
    );
  });

  it("is monotone: a higher probability never reads as a weaker term", () => {
    const order = ICD203_BANDS.map((b) => b.term);
    fc.assert(
      fc.property(unit, unit, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(order.indexOf(estimativeTerm(lo))).toBeLessThanOrEqual(order.indexOf(estimativeTerm(hi)));
      }),
    );
  });
});

describe("extreme models stay finite", () => {
  const two = [
    { id: "a", prior: 1e-9 },
    { id: "b", prior: 1e9 },
  ];

  it("handles priors of 1e-9 against 1e9", () => {
    // P(a) = 1e-9 / (1e-9 + 1e9) = 1e-18 (to rounding)
    const r = assess({ scenarios: two, indicators: [] });
    expect(r.probabilities.a).toBeCloseTo(1e-18, 30);
    expect(r.terms).toEqual({ a: "almost no chance", b: "almost certain" });
    expectFinite(r);
  });

  it.each([0, 1])("handles 50 indicators all pointing the same way with presence %i", (presence) => {
    const indicators = Array.from({ length: 50 }, (_, i) => ({
      id: `i${i}`,
      weight: 1,
      presence,
      expectations: { a: 0.99, b: 0.01 },
      evidence: [{ id: `e${i}`, direction: 1 as const, reliability: "A" as const, credibility: 1 as const }],
    }));
    const r = assess({ scenarios: two, indicators });
    expectFinite(r);
    // presence 1: log-odds of a = ln 1e-18 + 50·ln 99 = −41.4 + 229.8 → a is almost certain
    expect(r.terms.a).toBe(presence === 1 ? "almost certain" : "almost no chance");
  });

  it("handles 300 hard observations, where probabilities round to 0 and 1", () => {
    const indicators = Array.from({ length: 300 }, (_, i) => ({
      id: `i${i}`,
      weight: 1,
      presence: 1,
      expectations: { a: 0.01, b: 0.99, c: "could" as const },
      evidence: [{ id: "shared", direction: 1 as const, reliability: "A" as const, credibility: 1 as const }],
    }));
    const r = assess({ scenarios: [...two, { id: "c", prior: 1 }], indicators });
    expectFinite(r);
    expect(r.probabilities.b).toBe(1);
  });

  it("handles weights of 0 everywhere and evidence clamped at both ends", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const extreme: EngineModel = {
          scenarios: m.scenarios.map((s, k) => ({ ...s, prior: k === 0 ? Number.MIN_VALUE : Number.MAX_VALUE / 16 })),
          indicators: m.indicators.map((ind, k) => ({
            ...ind,
            weight: k % 2 === 0 ? 0 : 1,
            presence: k % 3 === 0 ? k % 2 : ind.presence,
          })),
        };
        expectFinite(assess(extreme));
      }),
    );
  });
});
