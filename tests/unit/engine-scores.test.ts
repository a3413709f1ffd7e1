// Scoring a resolved assessment (DESIGN §2.7).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brierScore, evenSpreadBrier, logScore, timeWeightedBrier } from "@/shared/engine";

describe("Brier score", () => {
  it("sums squared errors against the outcome", () => {
    // resolved a: (0.7 − 1)² + (0.2 − 0)² + (0.1 − 0)² = 0.09 + 0.04 + 0.01 = 0.14
    expect(brierScore({ a: 0.7, b: 0.2, c: 0.1 }, "a")).toBeCloseTo(0.14, 12);
    // resolved c: 0.7² + 0.2² + (0.1 − 1)² = 0.49 + 0.04 + 0.81 = 1.34
    expect(brierScore({ a: 0.7, b: 0.2, c: 0.1 }, "c")).toBeCloseTo(1.34, 12);
  });

  it("is 0 when certain and right, 2 when certain and wrong", () => {
    expect(brierScore({ a: 1, b: 0 }, "a")).toBe(0);
    expect(brierScore({ a: 1, b: 0 }, "b")).toBe(2);
  });

  it("refuses a resolved scenario that is not in the vector", () => {
    expect(() => brierScore({ a: 0.5, b: 0.5 }, "z")).toThrow('resolved scenario "z"');
  });
});

describe("log score", () => {
  it("is −log2 P(resolved)", () => {
    // −log2 0.25 = 2 bits; −log2 0.7 = 0.514573 bits
    expect(logScore({ a: 0.25, b: 0.75 }, "a")).toBe(2);
    expect(logScore({ a: 0.7, b: 0.3 }, "a")).toBeCloseTo(0.514573, 6);
    expect(logScore({ a: 1, b: 0 }, "a")).toBe(0);
  });
});

describe("time-weighted Brier", () => {
  it("weights each vector by how long it stood", () => {
    // t = 0..10: {a .5, b .5}, B = 0.25 + 0.25 = 0.5
    // t = 10..40: {a .8, b .2}, B = 0.04 + 0.04 = 0.08
    // mean = (0.5·10 + 0.08·30) / 40 = (5 + 2.4) / 40 = 0.185
    const history = [
      { at: 0, probabilities: { a: 0.5, b: 0.5 } },
      { at: 10, probabilities: { a: 0.8, b: 0.2 } },
    ];
    expect(timeWeightedBrier(history, "a", 40)).toBeCloseTo(0.185, 12);
    // the order given does not matter
    expect(timeWeightedBrier([...history].reverse(), "a", 40)).toBeCloseTo(0.185, 12);
  });

  it("works in epoch milliseconds over days and ignores snapshots after the end", () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2024, 11, 8);
    // 2 days at B = 0.5, 1 day at B = (0.9−1)² + 0.1² = 0.02; the snapshot on day 5 is after the end
    // (0.5·2 + 0.02·1) / 3 = 1.02 / 3 = 0.34
    const history = [
      { at: t0, probabilities: { a: 0.5, b: 0.5 } },
      { at: t0 + 2 * day, probabilities: { a: 0.9, b: 0.1 } },
      { at: t0 + 5 * day, probabilities: { a: 0, b: 1 } },
    ];
    expect(timeWeightedBrier(history, "a", t0 + 3 * day)).toBeCloseTo(0.34, 12);
  });

  it("scores the single vector when no time elapsed", () => {
    expect(timeWeightedBrier([{ at: 5, probabilities: { a: 0.7, b: 0.3 } }], "a", 5)).toBeCloseTo(0.18, 12);
  });

  it("refuses an empty history", () => {
    expect(() => timeWeightedBrier([], "a", 1)).toThrow("history is empty");
  });
});

describe("even-spread Brier", () => {
  it("is 1 − 1/n", () => {
    expect(evenSpreadBrier(3)).toBeCloseTo(2 / 3, 12);
    expect(evenSpreadBrier(2)).toBe(0.5);
    expect(evenSpreadBrier(1)).toBe(0);
    expect(evenSpreadBrier(0)).toBe(0);
  });

  it("is the Brier score of the even vector, whichever scenario happens", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(11), (n, k) => {
        const even = Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, 1 / n]));
        expect(brierScore(even, `s${k % n}`)).toBeCloseTo(evenSpreadBrier(n), 12);
      }),
    );
  });
});
