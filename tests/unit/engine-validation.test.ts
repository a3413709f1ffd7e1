// Bad models are refused with InvalidModelError, whose message and `field` name the offending field.
import { describe, expect, it } from "vitest";
import { assess, type EngineModel, InvalidModelError, validateModel } from "@/shared/engine";

type Draft = Record<string, unknown>;
interface IndicatorDraft {
  id: unknown;
  weight: unknown;
  presence?: unknown;
  expectations: Draft;
  evidence: Draft[];
}
interface ModelDraft {
  scenarios: Draft[];
  indicators: IndicatorDraft[];
}

/** A valid model to break one field at a time, typed loosely so a test can put anything anywhere. */
function base(): ModelDraft {
  return {
    scenarios: [
      { id: "s1", prior: 1 },
      { id: "s2", prior: 2 },
    ],
    indicators: [
      {
        id: "i0",
        weight: 1,
        expectations: { s1: "likely", s2: "unlikely" },
        evidence: [{ id: "e1", direction: 1, reliability: "B", credibility: 2 }],
      },
      { id: "i1", weight: 0.5, expectations: { s1: 0.2, s2: 0.6 }, evidence: [] },
    ],
  };
}

type Mutable = ModelDraft;

function indicator(m: Mutable, i: number): IndicatorDraft {
  return m.indicators[i] as IndicatorDraft;
}

function refusal(model: unknown): InvalidModelError {
  try {
    assess(model as EngineModel);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidModelError);
    return err as InvalidModelError;
  }
  throw new Error("expected the model to be refused");
}

const cases: [string, (m: Mutable) => unknown, string, string][] = [
  [
    "fewer than 2 scenarios",
    (m) => ({ ...m, scenarios: m.scenarios.slice(0, 1) }),
    "scenarios",
    "at least 2 scenarios",
  ],
  ["no scenarios array", (m) => ({ ...m, scenarios: undefined }), "scenarios", "must be an array"],
  [
    "a duplicate scenario id",
    (m) => {
      (m.scenarios[1] as Draft).id = "s1";
      return m;
    },
    "scenarios[1].id",
    'duplicate scenario id "s1"',
  ],
  [
    "an empty scenario id",
    (m) => {
      (m.scenarios[0] as Draft).id = "";
      return m;
    },
    "scenarios[0].id",
    "non-empty string",
  ],
  [
    "a zero prior",
    (m) => {
      (m.scenarios[1] as Draft).prior = 0;
      return m;
    },
    "scenarios[1].prior",
    "finite number > 0, got 0",
  ],
  [
    "a negative prior",
    (m) => {
      (m.scenarios[0] as Draft).prior = -1;
      return m;
    },
    "scenarios[0].prior",
    "got -1",
  ],
  [
    "an infinite prior",
    (m) => {
      (m.scenarios[0] as Draft).prior = Number.POSITIVE_INFINITY;
      return m;
    },
    "scenarios[0].prior",
    "Infinity",
  ],
  [
    "a NaN prior",
    (m) => {
      (m.scenarios[0] as Draft).prior = Number.NaN;
      return m;
    },
    "scenarios[0].prior",
    "NaN",
  ],
  [
    "a prior given as a string",
    (m) => {
      (m.scenarios[0] as Draft).prior = "1";
      return m;
    },
    "scenarios[0].prior",
    'got "1"',
  ],
  ["no indicators array", (m) => ({ ...m, indicators: null }), "indicators", "must be an array"],
  [
    "a duplicate indicator id",
    (m) => {
      indicator(m, 1).id = "i0";
      return m;
    },
    "indicators[1].id",
    'duplicate indicator id "i0"',
  ],
  [
    "a weight above 1",
    (m) => {
      indicator(m, 1).weight = 1.5;
      return m;
    },
    "indicators[1].weight",
    "[0, 1], got 1.5",
  ],
  [
    "a negative weight",
    (m) => {
      indicator(m, 0).weight = -0.1;
      return m;
    },
    "indicators[0].weight",
    "got -0.1",
  ],
  [
    "a NaN weight",
    (m) => {
      indicator(m, 0).weight = Number.NaN;
      return m;
    },
    "indicators[0].weight",
    "got NaN",
  ],
  [
    "a missing weight",
    (m) => {
      indicator(m, 0).weight = undefined;
      return m;
    },
    "indicators[0].weight",
    "got undefined",
  ],
  [
    "presence above 1",
    (m) => {
      indicator(m, 0).presence = 1.2;
      return m;
    },
    "indicators[0].presence",
    "got 1.2",
  ],
  [
    "presence below 0",
    (m) => {
      indicator(m, 1).presence = -0.5;
      return m;
    },
    "indicators[1].presence",
    "got -0.5",
  ],
  [
    "an unknown rating",
    (m) => {
      indicator(m, 1).expectations.s2 = "maybe";
      return m;
    },
    "indicators[1].expectations.s2",
    'unknown rating "maybe"',
  ],
  [
    "a likelihood above 0.99",
    (m) => {
      indicator(m, 1).expectations.s1 = 0.995;
      return m;
    },
    "indicators[1].expectations.s1",
    "likelihood 0.995 is outside [0.01, 0.99]",
  ],
  [
    "a likelihood of 0",
    (m) => {
      indicator(m, 1).expectations.s1 = 0;
      return m;
    },
    "indicators[1].expectations.s1",
    "likelihood 0 is outside",
  ],
  [
    "an expectation missing for a scenario",
    (m) => {
      delete indicator(m, 0).expectations.s2;
      return m;
    },
    "indicators[0].expectations.s2",
    'missing expectation for scenario "s2"',
  ],
  [
    "an expectation for an unknown scenario",
    (m) => {
      indicator(m, 0).expectations.s9 = "likely";
      return m;
    },
    "indicators[0].expectations.s9",
    'unknown scenario "s9"',
  ],
  [
    "no expectations object",
    (m) => {
      (indicator(m, 0) as unknown as Draft).expectations = ["likely", "unlikely"];
      return m;
    },
    "indicators[0].expectations",
    "must be an object",
  ],
  [
    "no evidence array",
    (m) => {
      (indicator(m, 1) as unknown as Draft).evidence = undefined;
      return m;
    },
    "indicators[1].evidence",
    "must be an array",
  ],
  [
    "evidence linked twice to one indicator",
    (m) => {
      indicator(m, 0).evidence.push({ id: "e1", direction: -1, reliability: "C", credibility: 3 });
      return m;
    },
    "indicators[0].evidence[1].id",
    'evidence "e1" is linked to this indicator twice',
  ],
  [
    "a direction of 0",
    (m) => {
      (indicator(m, 0).evidence[0] as Draft).direction = 0;
      return m;
    },
    "indicators[0].evidence[0].direction",
    "must be 1 (present) or -1 (absent), got 0",
  ],
  [
    "a direction given as a string",
    (m) => {
      (indicator(m, 0).evidence[0] as Draft).direction = "+1";
      return m;
    },
    "indicators[0].evidence[0].direction",
    'got "+1"',
  ],
  [
    "a reliability outside A–F",
    (m) => {
      (indicator(m, 0).evidence[0] as Draft).reliability = "G";
      return m;
    },
    "indicators[0].evidence[0].reliability",
    'unknown reliability grade "G"',
  ],
  [
    "a lowercase reliability",
    (m) => {
      (indicator(m, 0).evidence[0] as Draft).reliability = "b";
      return m;
    },
    "indicators[0].evidence[0].reliability",
    'unknown reliability grade "b"',
  ],
  [
    "a credibility of 7",
    (m) => {
      (indicator(m, 0).evidence[0] as Draft).credibility = 7;
      return m;
    },
    "indicators[0].evidence[0].credibility",
    "unknown credibility grade 7",
  ],
  [
    "a credibility of 0",
    (m) => {
      (indicator(m, 0).evidence[0] as Draft).credibility = 0;
      return m;
    },
    "indicators[0].evidence[0].credibility",
    "unknown credibility grade 0",
  ],
  [
    "a fractional credibility",
    (m) => {
      (indicator(m, 0).evidence[0] as Draft).credibility = 2.5;
      return m;
    },
    "indicators[0].evidence[0].credibility",
    "unknown credibility grade 2.5",
  ],
];

describe("invalid models", () => {
  it.each(cases)("refuses %s, naming the field", (_name, breakModel, field, problem) => {
    const err = refusal(breakModel(base()));
    expect(err.name).toBe("InvalidModelError");
    expect(err.field).toBe(field);
    expect(err.message.startsWith(`${field}: `)).toBe(true);
    expect(err.message).toContain(problem);
  });

  it("refuses something that is not a model at all", () => {
    expect(refusal(null).field).toBe("model");
    expect(refusal("model").field).toBe("model");
  });

  it("quotes the example of the issue exactly", () => {
    const m = base();
    m.indicators.push(
      { id: "i2", weight: 1, expectations: { s1: "could", s2: "could" }, evidence: [] },
      { id: "i3", weight: 1, expectations: { s1: "likely", s2: "maybe" }, evidence: [] },
    );
    expect(refusal(m).message).toMatch(/^indicators\[3\]\.expectations\.s2: unknown rating "maybe"/);
  });

  it("accepts the valid base model, credibility as a string, and null presence", () => {
    expect(() => assess(base() as unknown as EngineModel)).not.toThrow();
    const m = base();
    (indicator(m, 0).evidence[0] as Draft).credibility = "2";
    indicator(m, 1).presence = null;
    const asString = assess(m as unknown as EngineModel);
    expect(asString).toEqual(assess(base() as unknown as EngineModel));
    expect(validateModel(m)).toBe(m);
  });

  it("accepts the same evidence id under several indicators", () => {
    const m = base();
    indicator(m, 1).evidence.push({ id: "e1", direction: -1, reliability: "B", credibility: 2 });
    expect(Object.keys(assess(m as unknown as EngineModel).sensitivity.evidence)).toEqual(["e1"]);
  });
});
