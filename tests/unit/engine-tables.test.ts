// The fixed tables of DESIGN §2.1, §2.2 and §2.6, and the two small formulas built on them.
import { describe, expect, it } from "vitest";
import {
  CREDIBILITY,
  CREDIBILITY_GRADES,
  estimativeTerm,
  evidenceAccuracy,
  ICD203_BANDS,
  InvalidModelError,
  indicatorPresence,
  RATING_KEYS,
  RATINGS,
  RELIABILITY,
  RELIABILITY_GRADES,
  ratingLikelihood,
} from "@/shared/engine";

describe("ratings to likelihoods (§2.1)", () => {
  it("maps the five-step scale to 0.9, 0.7, 0.5, 0.3, 0.1 in order", () => {
    expect(RATING_KEYS).toEqual(["highly_likely", "likely", "could", "unlikely", "highly_unlikely"]);
    expect(RATING_KEYS.map((k) => ratingLikelihood(k))).toEqual([0.9, 0.7, 0.5, 0.3, 0.1]);
    expect(RATINGS.highly_likely.label).toBe("Highly likely");
    expect(RATINGS.highly_unlikely.label).toBe("Highly unlikely");
  });

  it("lets an exact likelihood replace the rating, inside [0.01, 0.99] only", () => {
    expect(ratingLikelihood(0.01)).toBe(0.01);
    expect(ratingLikelihood(0.99)).toBe(0.99);
    expect(ratingLikelihood(0.42)).toBe(0.42);
    expect(() => ratingLikelihood(0.995)).toThrow(InvalidModelError);
    expect(() => ratingLikelihood(0)).toThrow("outside [0.01, 0.99]");
    expect(() => ratingLikelihood("maybe" as never)).toThrow('unknown rating "maybe"');
  });
});

describe("evidence grading (§2.2)", () => {
  it("holds the Admiralty factors and their meanings", () => {
    expect(RELIABILITY_GRADES.map((g) => RELIABILITY[g].value)).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0.5]);
    expect(CREDIBILITY_GRADES.map((g) => CREDIBILITY[g].value)).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0.5]);
    expect(RELIABILITY.A.label).toBe("A — Completely reliable");
    expect(RELIABILITY.F.meaning).toBe("Reliability cannot be judged");
    expect(CREDIBILITY[1].label).toBe("1 — Confirmed by other sources");
    expect(CREDIBILITY[6].meaning).toBe("Truth cannot be judged");
  });

  it("computes a(e) = clamp(0.5 + 0.5·R·C, 0.5, 0.99) for the examples of the design", () => {
    // A1: 0.5 + 0.5·1.0·1.0 = 1.0, clamped to 0.99
    expect(evidenceAccuracy("A", 1)).toBe(0.99);
    // B2: 0.5 + 0.5·0.8·0.8 = 0.5 + 0.32 = 0.82
    expect(evidenceAccuracy("B", 2)).toBeCloseTo(0.82, 12);
    // C3: 0.5 + 0.5·0.6·0.6 = 0.5 + 0.18 = 0.68
    expect(evidenceAccuracy("C", 3)).toBeCloseTo(0.68, 12);
    // F6: 0.5 + 0.5·0.5·0.5 = 0.5 + 0.125 = 0.625
    expect(evidenceAccuracy("F", 6)).toBeCloseTo(0.625, 12);
    // E5: 0.5 + 0.5·0.2·0.2 = 0.52
    expect(evidenceAccuracy("E", 5)).toBeCloseTo(0.52, 12);
    // credibility may come as the string "2" from a form
    expect(evidenceAccuracy("B", "2")).toBe(evidenceAccuracy("B", 2));
  });

  it("keeps every grade pair within [0.5, 0.99]", () => {
    for (const r of RELIABILITY_GRADES) {
      for (const c of CREDIBILITY_GRADES) {
        const a = evidenceAccuracy(r, c);
        expect(a).toBeGreaterThanOrEqual(0.5);
        expect(a).toBeLessThanOrEqual(0.99);
      }
    }
  });

  it("rejects unknown grades by name", () => {
    expect(() => evidenceAccuracy("G" as never, 1)).toThrow('reliability: unknown reliability grade "G"');
    expect(() => evidenceAccuracy("A", 7 as never)).toThrow("credibility: unknown credibility grade 7");
  });
});

describe("indicator presence (§2.3)", () => {
  it("is 0.5 with no evidence and no override", () => {
    expect(indicatorPresence([])).toBe(0.5);
  });

  it("is a(e) itself for one item saying present, 1 − a(e) for one saying absent", () => {
    // logit(0.82) = ln(0.82/0.18) = 1.516347; sigmoid(1.516347) = 0.82
    expect(indicatorPresence([{ direction: 1, reliability: "B", credibility: 2 }])).toBeCloseTo(0.82, 12);
    expect(indicatorPresence([{ direction: -1, reliability: "B", credibility: 2 }])).toBeCloseTo(0.18, 12);
  });

  it("adds log-odds: A1 present and C3 absent", () => {
    // logit(0.99) = ln 99 = 4.595120; logit(0.68) = ln(0.68/0.32) = ln 2.125 = 0.753772
    // sum = 4.595120 − 0.753772 = 3.841348; sigmoid = 1/(1 + e^−3.841348) = 0.978986
    const q = indicatorPresence([
      { direction: 1, reliability: "A", credibility: 1 },
      { direction: -1, reliability: "C", credibility: 3 },
    ]);
    expect(q).toBeCloseTo(0.978986, 6);
  });

  it("adds two B2s: 2·1.516347 = 3.032695 → 0.954030", () => {
    const q = indicatorPresence([
      { direction: 1, reliability: "B", credibility: 2 },
      { direction: 1, reliability: "B", credibility: 2 },
    ]);
    expect(q).toBeCloseTo(0.95403, 5);
  });

  it("clamps the summed log-odds to [logit 0.01, logit 0.99]", () => {
    // two A1s: 2·4.595120 = 9.190240 > 4.595120, so q = 0.99 exactly as one A1
    const q = indicatorPresence([
      { direction: 1, reliability: "A", credibility: 1 },
      { direction: 1, reliability: "A", credibility: 1 },
    ]);
    expect(q).toBeCloseTo(0.99, 12);
    const qAbsent = indicatorPresence([
      { direction: -1, reliability: "A", credibility: 1 },
      { direction: -1, reliability: "A", credibility: 1 },
      { direction: -1, reliability: "B", credibility: 2 },
    ]);
    expect(qAbsent).toBeCloseTo(0.01, 12);
  });

  it("uses the override whatever the evidence says", () => {
    expect(indicatorPresence([{ direction: 1, reliability: "A", credibility: 1 }], 0.2)).toBe(0.2);
    expect(indicatorPresence([{ direction: 1, reliability: "A", credibility: 1 }], 0)).toBe(0);
    expect(indicatorPresence([{ direction: 1, reliability: "A", credibility: 1 }], null)).toBeCloseTo(0.99, 12);
  });
});

describe("ICD 203 terms (§2.6)", () => {
  it.each([
    [0, "almost no chance"],
    [0.049999, "almost no chance"],
    [0.05, "very unlikely"],
    [0.199999, "very unlikely"],
    [0.2, "unlikely"],
    [0.449999, "unlikely"],
    [0.45, "roughly even chance"],
    [0.5, "roughly even chance"],
    [0.55, "roughly even chance"],
    [0.550001, "likely"],
    [0.8, "likely"],
    [0.800001, "very likely"],
    [0.95, "very likely"],
    [0.950001, "almost certain"],
    [1, "almost certain"],
  ])("p = %f is %s", (p, term) => {
    expect(estimativeTerm(p)).toBe(term);
  });

  it("lists the seven bands lowest first, tiling [0, 1]", () => {
    expect(ICD203_BANDS.map((b) => b.term)).toEqual([
      "almost no chance",
      "very unlikely",
      "unlikely",
      "roughly even chance",
      "likely",
      "very likely",
      "almost certain",
    ]);
    for (let k = 1; k < ICD203_BANDS.length; k++) {
      const prev = ICD203_BANDS[k - 1];
      const band = ICD203_BANDS[k];
      expect(band?.lower).toBe(prev?.upper);
      // each edge belongs to exactly one side
      expect(band?.lowerInclusive).toBe(!prev?.upperInclusive);
    }
  });

  it("refuses a number that is not a probability", () => {
    expect(() => estimativeTerm(Number.NaN)).toThrow(RangeError);
    expect(() => estimativeTerm(1.01)).toThrow(RangeError);
    expect(() => estimativeTerm(-0.01)).toThrow(RangeError);
  });
});
