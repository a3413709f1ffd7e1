// Hand-worked examples of §2.3–§2.5 and §2.8 on a slice of the Russia-in-Syria assessment.
// The same example, with every step, is in shared/engine/README.md.
import { describe, expect, it } from "vitest";
import { assess, collectionOutlook, type EngineModel, scenarioProbabilities } from "@/shared/engine";

// Priors 1 : 2 : 1, normalised 0.25 / 0.5 / 0.25.
// airlift (w = 1): An-124s loading at Khmeimim; exit highly_likely 0.9, consolidate likely 0.7, retain unlikely 0.3;
//   one imagery item, B2, says present.
// tartus (w = 0.5): naval activity at Tartus wound down; exit likely 0.7, consolidate could 0.5,
//   retain highly_unlikely 0.1; no evidence yet.
const syria: EngineModel = {
  scenarios: [
    { id: "exit", prior: 1 },
    { id: "consolidate", prior: 2 },
    { id: "retain", prior: 1 },
  ],
  indicators: [
    {
      id: "airlift",
      weight: 1,
      expectations: { exit: "highly_likely", consolidate: "likely", retain: "unlikely" },
      evidence: [{ id: "imagery-13dec", direction: 1, reliability: "B", credibility: 2 }],
    },
    {
      id: "tartus",
      weight: 0.5,
      expectations: { exit: "likely", consolidate: "could", retain: "highly_unlikely" },
      evidence: [],
    },
  ],
};

describe("assess() on the worked example", () => {
  const r = assess(syria);

  it("derives presence from the evidence: B2 → a = 0.82 → q = 0.82; none → 0.5", () => {
    expect(r.presence.airlift).toBeCloseTo(0.82, 12);
    expect(r.presence.tartus).toBe(0.5);
  });

  it("updates the priors by f(i, s) = q·L + (1 − q)·(1 − L)", () => {
    // airlift: f(exit) = 0.82·0.9 + 0.18·0.1 = 0.738 + 0.018 = 0.756
    //          f(cons) = 0.82·0.7 + 0.18·0.3 = 0.574 + 0.054 = 0.628
    //          f(ret)  = 0.82·0.3 + 0.18·0.7 = 0.246 + 0.126 = 0.372
    // tartus:  q = 0.5 so f = 0.5 for every scenario: no effect.
    // prior × f: 0.25·0.756 = 0.189; 0.5·0.628 = 0.314; 0.25·0.372 = 0.093; sum 0.596
    // P = 0.189/0.596 = 0.317114; 0.314/0.596 = 0.526846; 0.093/0.596 = 0.156040
    expect(r.probabilities.exit).toBeCloseTo(0.189 / 0.596, 12);
    expect(r.probabilities.consolidate).toBeCloseTo(0.314 / 0.596, 12);
    expect(r.probabilities.retain).toBeCloseTo(0.093 / 0.596, 12);
    expect(r.probabilities.exit).toBeCloseTo(0.317114, 6);
    expect(scenarioProbabilities(syria)).toEqual(r.probabilities);
  });

  it("names each probability in ICD 203 words", () => {
    // 0.317 in [0.20, 0.45); 0.527 in [0.45, 0.55]; 0.156 in [0.05, 0.20)
    expect(r.terms).toEqual({ exit: "unlikely", consolidate: "roughly even chance", retain: "very unlikely" });
  });

  it("explains each indicator's contribution in nats", () => {
    // ln f: ln 0.756 = −0.279714; ln 0.628 = −0.465215; ln 0.372 = −0.988861; mean = −0.577930
    // c = 1·(ln f − mean) = 0.298216, 0.112715, −0.410931
    expect(r.contributions.airlift?.exit).toBeCloseTo(0.298216, 6);
    expect(r.contributions.airlift?.consolidate).toBeCloseTo(0.112715, 6);
    expect(r.contributions.airlift?.retain).toBeCloseTo(-0.410931, 6);
    // tartus: q = 0.5, ln f equal everywhere, so c = 0
    expect(r.contributions.tartus?.exit).toBeCloseTo(0, 15);
    expect(r.contributions.tartus?.retain).toBeCloseTo(0, 15);
  });

  it("measures diagnosticity from the ratings alone", () => {
    // airlift: log2(0.9 / 0.3) = log2 3 = 1.584963; tartus: log2(0.7 / 0.1) = log2 7 = 2.807355
    expect(r.diagnosticity.airlift).toBeCloseTo(Math.log2(3), 12);
    expect(r.diagnosticity.tartus).toBeCloseTo(Math.log2(7), 12);
  });

  it("values collection by the expected information gain, in bits", () => {
    // airlift: P₋ = priors (0.25, 0.5, 0.25), H = 1.5 bits
    //   p₊ = 0.25·0.9 + 0.5·0.7 + 0.25·0.3 = 0.225 + 0.35 + 0.075 = 0.65
    //   present: (0.225, 0.35, 0.075)/0.65 = (0.346154, 0.538462, 0.115385), H = 1.370164
    //   absent:  (0.025, 0.15, 0.175)/0.35 = (0.071429, 0.428571, 0.5),      H = 1.295836
    //   V = 1.5 − 0.65·1.370164 − 0.35·1.295836 = 1.5 − 0.890606 − 0.453543 = 0.155851
    expect(r.valueOfCollection.airlift).toBeCloseTo(0.155851, 6);
    // tartus: P₋ = P = (0.317114, 0.526846, 0.156040), H = 1.430718
    //   p₊ = 0.317114·0.7 + 0.526846·0.5 + 0.156040·0.1 = 0.221980 + 0.263423 + 0.015604 = 0.501007
    //   present: (0.443068, 0.525787, 0.031145), H = 1.163858
    //   absent:  (0.190652, 0.527909, 0.281439), H = 1.457170
    //   V = 1.430718 − 0.501007·1.163858 − 0.498993·1.457170 = 0.120499
    expect(r.valueOfCollection.tartus).toBeCloseTo(0.120499, 6);
  });

  it("finds what the assessment leans on by leaving each item out", () => {
    // without airlift (or its only evidence, which sets q back to 0.5) P returns to the priors:
    //   |0.25 − 0.317114| = 0.067114, |0.5 − 0.526846| = 0.026846, |0.25 − 0.156040| = 0.093960 → 0.093960
    expect(r.sensitivity.indicators.airlift).toBeCloseTo(0.25 - 0.093 / 0.596, 12);
    expect(r.sensitivity.evidence["imagery-13dec"]).toBeCloseTo(0.25 - 0.093 / 0.596, 12);
    // tartus has no effect, so leaving it out changes nothing
    expect(r.sensitivity.indicators.tartus).toBe(0);
  });

  it("reports every id and only the keys of §2.8", () => {
    expect(Object.keys(r).sort()).toEqual(
      [
        "contributions",
        "diagnosticity",
        "presence",
        "probabilities",
        "sensitivity",
        "terms",
        "valueOfCollection",
      ].sort(),
    );
    expect(Object.keys(r.probabilities)).toEqual(["exit", "consolidate", "retain"]);
    for (const figure of [
      r.presence,
      r.contributions,
      r.diagnosticity,
      r.valueOfCollection,
      r.sensitivity.indicators,
    ]) {
      expect(Object.keys(figure)).toEqual(["airlift", "tartus"]);
    }
    expect(Object.keys(r.sensitivity.evidence)).toEqual(["imagery-13dec"]);
  });
});

describe("collectionOutlook()", () => {
  it("says which scenarios each outcome would favour, from P₋ᵢ", () => {
    const o = collectionOutlook(syria);
    // airlift: p₊ = 0.65; L = 0.9, 0.7 > 0.65 favour exit and consolidate if present; 0.3 < 0.65 favours retain if absent
    expect(o.airlift?.pPresent).toBeCloseTo(0.65, 12);
    expect(o.airlift?.favouredIfPresent).toEqual(["exit", "consolidate"]);
    expect(o.airlift?.favouredIfAbsent).toEqual(["retain"]);
    expect(o.airlift?.ifPresent.exit).toBeCloseTo(0.225 / 0.65, 12);
    expect(o.airlift?.ifAbsent.retain).toBeCloseTo(0.175 / 0.35, 12);
    // tartus: p₊ = 0.501007; only exit (0.7) is above it
    expect(o.tartus?.favouredIfPresent).toEqual(["exit"]);
    expect(o.tartus?.favouredIfAbsent).toEqual(["consolidate", "retain"]);
  });

  it("favours nothing for an indicator rated the same everywhere", () => {
    const flat: EngineModel = {
      scenarios: syria.scenarios,
      indicators: [
        { id: "x", weight: 1, expectations: { exit: "likely", consolidate: "likely", retain: "likely" }, evidence: [] },
      ],
    };
    const o = collectionOutlook(flat);
    expect(o.x?.favouredIfPresent).toEqual([]);
    expect(o.x?.favouredIfAbsent).toEqual([]);
  });
});

describe("assess() details", () => {
  const two = [
    { id: "a", prior: 1 },
    { id: "b", prior: 1 },
  ];

  it("applies the weight as a power on f: w = 0.5 halves the log-odds shift", () => {
    // L = (0.9, 0.1), presence override 1: f = (0.9, 0.1)
    // w = 1: odds a:b = 0.9/0.1 = 9 → P(a) = 0.9
    // w = 0.5: odds = (0.9/0.1)^0.5 = 3 → P(a) = 3/4 = 0.75
    const model = (weight: number): EngineModel => ({
      scenarios: two,
      indicators: [{ id: "i", weight, presence: 1, expectations: { a: 0.9, b: 0.1 }, evidence: [] }],
    });
    expect(assess(model(1)).probabilities.a).toBeCloseTo(0.9, 12);
    expect(assess(model(0.5)).probabilities.a).toBeCloseTo(0.75, 12);
    // contributions: 0.5·(ln 0.9 − (ln 0.9 + ln 0.1)/2) = 0.25·ln 9 = 0.549306
    expect(assess(model(0.5)).contributions.i?.a).toBeCloseTo(0.25 * Math.log(9), 12);
  });

  it("treats presence 0 as the hard observation 'absent'", () => {
    // f = 1 − L = (0.1, 0.9) → P(a) = 0.1; the ICD term for 0.1 is "very unlikely"
    const r = assess({
      scenarios: two,
      indicators: [
        { id: "i", weight: 1, presence: 0, expectations: { a: "highly_likely", b: "highly_unlikely" }, evidence: [] },
      ],
    });
    expect(r.probabilities.a).toBeCloseTo(0.1, 12);
    expect(r.terms.a).toBe("very unlikely");
  });

  it("reports a weight-0 indicator's presence and diagnosticity, with contribution and sensitivity 0", () => {
    const r = assess({
      scenarios: two,
      indicators: [
        {
          id: "i",
          weight: 0,
          expectations: { a: "likely", b: "unlikely" },
          evidence: [{ id: "e", direction: 1, reliability: "C", credibility: 3 }],
        },
      ],
    });
    expect(r.probabilities).toEqual({ a: 0.5, b: 0.5 });
    expect(r.presence.i).toBeCloseTo(0.68, 12);
    expect(r.diagnosticity.i).toBeCloseTo(Math.log2(0.7 / 0.3), 12);
    expect(r.contributions.i).toEqual({ a: 0, b: 0 });
    expect(r.sensitivity.indicators.i).toBe(0);
    expect(r.sensitivity.evidence.e).toBe(0);
  });

  it("ignores the evidence of an indicator whose presence is overridden, in presence and in sensitivity", () => {
    const r = assess({
      scenarios: two,
      indicators: [
        {
          id: "i",
          weight: 1,
          presence: 0.2,
          expectations: { a: "likely", b: "unlikely" },
          evidence: [{ id: "e", direction: 1, reliability: "A", credibility: 1 }],
        },
      ],
    });
    // f(a) = 0.2·0.7 + 0.8·0.3 = 0.38, f(b) = 0.2·0.3 + 0.8·0.7 = 0.62 → P(a) = 0.38
    expect(r.presence.i).toBe(0.2);
    expect(r.probabilities.a).toBeCloseTo(0.38, 12);
    expect(r.sensitivity.evidence.e).toBe(0);
  });

  it("leaves one evidence item out of every indicator it is linked to", () => {
    // e1 (A1, present) is linked to i1 and i2, both L = (0.9, 0.1); i2 also has e2 (A1, present).
    // with everything: i1 q = 0.99; i2 q = sigmoid(clamp(2·ln 99)) = 0.99
    //   f(a) = 0.99·0.9 + 0.01·0.1 = 0.892, f(b) = 0.99·0.1 + 0.01·0.9 = 0.108 for each
    //   P(a) = 0.892² / (0.892² + 0.108²) = 0.795664 / (0.795664 + 0.011664) = 0.985553
    // without e1: i1 q = 0.5 (no effect); i2 still has e2, q = 0.99: P(a) = 0.892 / (0.892 + 0.108) = 0.892
    //   sensitivity(e1) = 0.985553 − 0.892 = 0.093553
    // without e2: i2 still has e1, q = 0.99 (the sum was clamped anyway): no change → 0
    const link = (id: string) => ({ id, direction: 1 as const, reliability: "A" as const, credibility: 1 as const });
    const r = assess({
      scenarios: two,
      indicators: [
        { id: "i1", weight: 1, expectations: { a: 0.9, b: 0.1 }, evidence: [link("e1")] },
        { id: "i2", weight: 1, expectations: { a: 0.9, b: 0.1 }, evidence: [link("e1"), link("e2")] },
      ],
    });
    const pa = 0.892 ** 2 / (0.892 ** 2 + 0.108 ** 2);
    expect(r.probabilities.a).toBeCloseTo(pa, 12);
    expect(r.sensitivity.evidence.e1).toBeCloseTo(pa - 0.892, 12);
    expect(r.sensitivity.evidence.e2).toBe(0);
    // leaving i1 out: P(a) = 0.892, the same change
    expect(r.sensitivity.indicators.i1).toBeCloseTo(pa - 0.892, 12);
  });

  it("clamps presence again when an item is left out", () => {
    // three A1s: 3·ln 99 = 13.785 → clamped to ln 99, q = 0.99. Leaving one out leaves 2·ln 99 = 9.190,
    // still clamped to ln 99, so q stays 0.99 and nothing moves (unclamped it would be 0.9999).
    const link = (id: string) => ({ id, direction: 1 as const, reliability: "A" as const, credibility: 1 as const });
    const r = assess({
      scenarios: two,
      indicators: [
        { id: "i", weight: 1, expectations: { a: 0.9, b: 0.1 }, evidence: [link("e1"), link("e2"), link("e3")] },
      ],
    });
    expect(r.presence.i).toBeCloseTo(0.99, 12);
    expect(r.sensitivity.evidence).toEqual({ e1: 0, e2: 0, e3: 0 });
  });

  it("gives an indicator the same sensitivity as recomputing the model without it", () => {
    const without = scenarioProbabilities({ ...syria, indicators: syria.indicators.slice(1) });
    const r = assess(syria);
    const change = Math.max(
      ...Object.keys(without).map((id) => Math.abs((without[id] ?? 0) - (r.probabilities[id] ?? 0))),
    );
    expect(r.sensitivity.indicators.airlift).toBeCloseTo(change, 14);
  });
});
