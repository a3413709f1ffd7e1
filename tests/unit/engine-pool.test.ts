// Team rounds (DESIGN §2.9) worked by hand: two and three participants on a slice of the Syria assessment,
// the case where the log pool leaves the participants' range, and the named errors for bad rounds.
// The three-participant example, step by step, is in shared/engine/README.md §5.
import { describe, expect, it } from "vitest";
import {
  assess,
  type EngineModel,
  InvalidModelError,
  poolRound,
  type RoundInput,
  type RoundResult,
} from "@/shared/engine";

const sqrt = Math.sqrt;

/** [exit, consolidate, retain] of a probability record. */
const triple = (p: Record<string, number> | undefined) => [p?.exit, p?.consolidate, p?.retain] as number[];

function expectTriple(actual: Record<string, number> | undefined, expected: number[], digits = 12): void {
  const got = triple(actual);
  for (const [k, x] of expected.entries()) expect(got[k]).toBeCloseTo(x, digits);
}

const scenarios = [
  { id: "exit", prior: 1 },
  { id: "consolidate", prior: 2 },
  { id: "retain", prior: 1 },
];

// ---------------------------------------------------------------------------------------------
// Two participants, one indicator in scope. Priors 0.25 / 0.5 / 0.25. airlift (w = 1) is observed
// present for certain (presence override q = 1), so f(airlift, s) = L(s): P(s) ∝ prior(s)·L(s).
// Shared ratings: exit highly_likely 0.9, consolidate likely 0.7, retain unlikely 0.3.
//   A rates retain "could" (0.5) and leaves the rest blank: L_A = (0.9, 0.7, 0.5), w_A = 1.
//   B rates exit 0.8 (exact), consolidate "could": L_B = (0.8, 0.5, 0.3), w_B = 1.

const twoModel: EngineModel = {
  scenarios,
  indicators: [
    {
      id: "airlift",
      weight: 1,
      presence: 1,
      expectations: { exit: "highly_likely", consolidate: "likely", retain: "unlikely" },
      evidence: [],
    },
  ],
};

const twoRound: RoundInput = {
  model: twoModel,
  scope: ["airlift"],
  participants: [
    { id: "A", expectations: { airlift: { retain: "could" } }, weights: {} },
    { id: "B", expectations: { airlift: { exit: 0.8, consolidate: "could" } }, weights: { airlift: 1 } },
  ],
};

describe("poolRound with two participants, by hand", () => {
  const r = poolRound(twoRound);

  it("computes each participant's probabilities on the shared model with their ratings", () => {
    // A: prior × L = 0.25·0.9 = 0.225; 0.5·0.7 = 0.35; 0.25·0.5 = 0.125; sum 0.7
    //    p_A = (0.321429, 0.5, 0.178571)
    // B: 0.25·0.8 = 0.2; 0.5·0.5 = 0.25; 0.25·0.3 = 0.075; sum 0.525
    //    p_B = (0.380952, 0.476190, 0.142857)
    expectTriple(r.perParticipant.A, [0.225 / 0.7, 0.35 / 0.7, 0.125 / 0.7]);
    expectTriple(r.perParticipant.B, [0.2 / 0.525, 0.25 / 0.525, 0.075 / 0.525]);
    expect(Object.keys(r.perParticipant)).toEqual(["A", "B"]);
  });

  it("pools them logarithmically: the normalised geometric mean, with the range of the two", () => {
    // √(p_A·p_B): exit √(0.321429·0.380952) = 0.349927; consolidate √(0.5·0.476190) = 0.487950;
    // retain √(0.178571·0.142857) = 0.159719; sum 0.997596 → pooled (0.350770, 0.489126, 0.160104)
    const g = [
      sqrt((0.225 / 0.7) * (0.2 / 0.525)),
      sqrt((0.35 / 0.7) * (0.25 / 0.525)),
      sqrt((0.125 / 0.7) * (0.075 / 0.525)),
    ];
    const sum = g.reduce((a, x) => a + x, 0);
    expectTriple(
      r.pooled,
      g.map((x) => x / sum),
    );
    expectTriple(r.pooled, [0.3507703, 0.4891258, 0.160104], 6);
    expect(r.range.exit?.[0]).toBeCloseTo(0.225 / 0.7, 12);
    expect(r.range.exit?.[1]).toBeCloseTo(0.2 / 0.525, 12);
    expect(r.range.consolidate?.[0]).toBeCloseTo(0.25 / 0.525, 12);
    expect(r.range.consolidate?.[1]).toBe(0.5);
    expect(r.range.retain?.[0]).toBeCloseTo(0.075 / 0.525, 12);
    expect(r.range.retain?.[1]).toBeCloseTo(0.125 / 0.7, 12);
  });

  it("takes the mean of the two values as the median of each cell, kept as a number", () => {
    // exit (0.9, 0.8) → 0.85; consolidate (0.7, 0.5) → 0.6; retain (0.5, 0.3) → 0.4; weight (1, 1) → 1.
    // No participant gave 0.85, 0.6 or 0.4, so no rating key is kept.
    // p_c ∝ 0.25·0.85 = 0.2125; 0.5·0.6 = 0.3; 0.25·0.4 = 0.1; sum 0.6125 → (0.346939, 0.489796, 0.163265)
    expect(r.consensus.expectations).toEqual({
      airlift: { exit: (0.9 + 0.8) / 2, consolidate: (0.7 + 0.5) / 2, retain: (0.5 + 0.3) / 2 },
    });
    expect(r.consensus.weights).toEqual({ airlift: 1 });
    expectTriple(r.consensus.probabilities, [0.2125 / 0.6125, 0.3 / 0.6125, 0.1 / 0.6125]);
  });

  it("ranks the disputes by impact, which breaks the tie in spread between consolidate and retain", () => {
    // Spread: exit logit 0.9 − logit 0.8 = ln 9 − ln 4 = 0.810930;
    //   consolidate logit 0.7 − logit 0.5 = ln(7/3) = 0.847298; retain logit 0.5 − logit 0.3 = ln(7/3) too.
    // Impact: set one cell of M_c to a participant's value, renormalise 0.2125 : 0.3 : 0.1, take the largest change.
    //   exit ← 0.9: (0.225, 0.3, 0.1)/0.625 = (0.36, 0.48, 0.16), largest change 0.013061 (exit)
    //   exit ← 0.8: (0.2, 0.3, 0.1)/0.6 = (0.333333, 0.5, 0.166667), largest 0.013605 (exit)   → 0.013605
    //   consolidate ← 0.7: (0.2125, 0.35, 0.1)/0.6625 → consolidate 0.528302, change 0.038506
    //   consolidate ← 0.5: (0.2125, 0.25, 0.1)/0.5625 → consolidate 0.444444, change 0.045351 → 0.045351
    //   retain ← 0.5: (0.2125, 0.3, 0.125)/0.6375 → retain 0.196078, change 0.032813
    //   retain ← 0.3: (0.2125, 0.3, 0.075)/0.5875 → retain 0.127660, change 0.035606   → 0.035606
    expect(r.cells.map((c) => c.scenarioId)).toEqual(["consolidate", "retain", "exit"]);
    const [consolidate, retain, exit] = r.cells;
    expect(consolidate?.spread).toBeCloseTo(Math.log(7 / 3), 12);
    expect(retain?.spread).toBeCloseTo(Math.log(7 / 3), 12);
    expect(exit?.spread).toBeCloseTo(Math.log(9 / 4), 12);
    expect(consolidate?.impact).toBeCloseTo(0.3 / 0.6125 - 0.25 / 0.5625, 12);
    expect(retain?.impact).toBeCloseTo(0.1 / 0.6125 - 0.075 / 0.5875, 12);
    expect(exit?.impact).toBeCloseTo(0.2125 / 0.6125 - 0.2 / 0.6, 12);
    expect(r.cells.every((c) => c.indicatorId === "airlift")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Three participants; airlift (w = 1, q = 1) is out of scope and stays as shared; tartus is in scope.
// tartus: naval activity at Tartus wound down, observed NOT wound down (override q = 0), so
// f(tartus, s) = 1 − L(s); shared w = 1, ratings exit likely 0.7, consolidate could 0.5, retain highly_unlikely 0.1.
//   A: exit "highly_likely" (0.9); the rest blank → L_A = (0.9, 0.5, 0.1), w_A = 1 (shared)
//   B: consolidate and retain "unlikely" (0.3), weight 0.5 → L_B = (0.7, 0.5→0.3, 0.3), w_B = 0.5
//   C: exit "could" (0.5), retain "highly_unlikely" (the shared value, typed again), weight 0 → L_C = (0.5, 0.5, 0.1)
// prior × f(airlift) = (0.25·0.9, 0.5·0.7, 0.25·0.3) = (0.225, 0.35, 0.075) for everyone.

const threeModel: EngineModel = {
  scenarios,
  indicators: [
    {
      id: "airlift",
      weight: 1,
      presence: 1,
      expectations: { exit: "highly_likely", consolidate: "likely", retain: "unlikely" },
      evidence: [],
    },
    {
      id: "tartus",
      weight: 1,
      presence: 0,
      expectations: { exit: "likely", consolidate: "could", retain: "highly_unlikely" },
      evidence: [],
    },
  ],
};

const threeRound: RoundInput = {
  model: threeModel,
  scope: ["tartus"],
  participants: [
    { id: "A", expectations: { tartus: { exit: "highly_likely" } }, weights: {} },
    { id: "B", expectations: { tartus: { consolidate: "unlikely", retain: "unlikely" } }, weights: { tartus: 0.5 } },
    {
      id: "C",
      expectations: { tartus: { exit: "could", consolidate: null, retain: "highly_unlikely" } },
      weights: { tartus: 0 },
    },
  ],
};

describe("poolRound with three participants, by hand", () => {
  const r = poolRound(threeRound);
  // u_B = (0.225·√0.3, 0.35·√0.7, 0.075·√0.7) = (0.123238, 0.292831, 0.062750), sum 0.478818
  const uB = [0.225 * sqrt(0.3), 0.35 * sqrt(0.7), 0.075 * sqrt(0.7)];
  // u_c = (0.225·√0.3, 0.35·√0.5, 0.075·√0.9) = (0.123238, 0.247487, 0.071151), sum 0.441876
  const uc = [0.225 * sqrt(0.3), 0.35 * sqrt(0.5), 0.075 * sqrt(0.9)];
  const sumC = uc.reduce((a, x) => a + x, 0);
  const pc = uc.map((x) => x / sumC);

  it("gives each participant their own call; a blank keeps the shared rating and weight", () => {
    // A: f = 1 − L = (0.1, 0.5, 0.9), w 1: (0.0225, 0.175, 0.0675), sum 0.265 → (0.084906, 0.660377, 0.254717)
    // B: f = (0.3, 0.7, 0.7), w 0.5: u_B above → (0.257379, 0.611570, 0.131051)
    // C: w 0 removes tartus: (0.225, 0.35, 0.075)/0.65 → (0.346154, 0.538462, 0.115385)
    expectTriple(r.perParticipant.A, [0.0225 / 0.265, 0.175 / 0.265, 0.0675 / 0.265]);
    const sumB = uB.reduce((a, x) => a + x, 0);
    expectTriple(
      r.perParticipant.B,
      uB.map((x) => x / sumB),
    );
    expectTriple(r.perParticipant.B, [0.2573787, 0.6115705, 0.1310508], 6);
    expectTriple(r.perParticipant.C, [0.225 / 0.65, 0.35 / 0.65, 0.075 / 0.65]);
  });

  it("pools the three by the cube root of their product, inside their range", () => {
    // ∛(p_A·p_B·p_C): exit ∛(0.084906·0.257379·0.346154) = 0.196303; consolidate 0.601355; retain 0.156753;
    // sum 0.954411 → pooled (0.205679, 0.630080, 0.164240)
    expectTriple(r.pooled, [0.2056794, 0.6300802, 0.1642404], 6);
    // range: exit [A 0.084906, C 0.346154]; consolidate [C 0.538462, A 0.660377]; retain [C 0.115385, A 0.254717]
    expect(r.range.exit?.[0]).toBeCloseTo(0.0225 / 0.265, 12);
    expect(r.range.exit?.[1]).toBeCloseTo(0.225 / 0.65, 12);
    expect(r.range.consolidate?.[0]).toBeCloseTo(0.35 / 0.65, 12);
    expect(r.range.consolidate?.[1]).toBeCloseTo(0.175 / 0.265, 12);
    expect(r.range.retain?.[0]).toBeCloseTo(0.075 / 0.65, 12);
    expect(r.range.retain?.[1]).toBeCloseTo(0.0675 / 0.265, 12);
  });

  it("takes the middle value of each cell, keeping the rating it was given as, and the median weight", () => {
    // exit (0.9, 0.7, 0.5) → 0.7, B's blank = the shared "likely"; consolidate (0.5, 0.3, 0.5) → 0.5 "could";
    // retain (0.1, 0.3, 0.1) → 0.1 "highly_unlikely"; weight (1, 0.5, 0) → 0.5.
    // p_c: f = (0.3, 0.5, 0.9) at w 0.5: u_c above → (0.278896, 0.560083, 0.161021)
    expect(r.consensus.expectations).toEqual({
      tartus: { exit: "likely", consolidate: "could", retain: "highly_unlikely" },
    });
    expect(r.consensus.weights).toEqual({ tartus: 0.5 });
    expectTriple(r.consensus.probabilities, pc);
    expectTriple(r.consensus.probabilities, [0.2788962, 0.5600831, 0.1610208], 6);
  });

  it("lists the dispute that moves the call first: consolidate before the wider retain", () => {
    // Spread: exit logit 0.9 − logit 0.5 = ln 9 = 2.197225; consolidate logit 0.5 − logit 0.3 = ln(7/3) = 0.847298;
    //   retain logit 0.3 − logit 0.1 = ln(27/7) = 1.349927.
    // Impact, with q = 0 and w_c = 0.5: setting the cell to l multiplies u_c(s) by √((1 − l)/(1 − L_c)).
    //   exit ← 0.9 (A): u = (0.071151, 0.247487, 0.071151)/0.389790 → (0.182537, 0.634925, 0.182537):
    //     exit changes by 0.096359; ← 0.5 (C): (0.159099, …)/0.477738 → exit 0.333026, change 0.054130.
    //   consolidate ← 0.3 (B): (…, 0.292831, …)/0.487220 → consolidate 0.601024, change 0.040941.
    //   retain ← 0.3 (B): (…, 0.062750)/0.433474 → retain 0.144759 (−0.016261), consolidate 0.570939 (+0.010856).
    expect(r.cells.map((c) => c.scenarioId)).toEqual(["exit", "consolidate", "retain"]);
    const [exit, consolidate, retain] = r.cells;
    expect(exit?.spread).toBeCloseTo(Math.log(9), 12);
    expect(consolidate?.spread).toBeCloseTo(Math.log(7 / 3), 12);
    expect(retain?.spread).toBeCloseTo(Math.log(27 / 7), 12);
    const [u0, u1, u2] = uc as [number, number, number];
    const [p0, p1, p2] = pc as [number, number, number];
    // exit ← 0.9 lowers exit most; consolidate ← 0.3 raises consolidate; retain ← 0.3 lowers retain.
    const exit9 = 0.225 * sqrt(0.1);
    expect(exit?.impact).toBeCloseTo(p0 - exit9 / (exit9 + u1 + u2), 12);
    const cons3 = 0.35 * sqrt(0.7);
    expect(consolidate?.impact).toBeCloseTo(cons3 / (u0 + cons3 + u2) - p1, 12);
    const ret3 = 0.075 * sqrt(0.7);
    expect(retain?.impact).toBeCloseTo(p2 - ret3 / (u0 + u1 + ret3), 12);
    expect(exit?.impact).toBeCloseTo(0.0963587, 6);
    expect(consolidate?.impact).toBeCloseTo(0.0409413, 6);
    expect(retain?.impact).toBeCloseTo(0.0162614, 6);
  });

  it("adopting the consensus gives p_c exactly, and the shared model is untouched", () => {
    const adopted: EngineModel = {
      scenarios,
      indicators: threeModel.indicators.map((ind) =>
        ind.id === "tartus"
          ? { ...ind, expectations: r.consensus.expectations.tartus ?? {}, weight: r.consensus.weights.tartus ?? 0 }
          : ind,
      ),
    };
    expect(assess(adopted).probabilities).toEqual(r.consensus.probabilities);
    expect(threeModel.indicators[1]?.weight).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe("the logarithmic pool and the range", () => {
  it("can lie above every participant with three scenarios: both say 45 % exit, the pool says 53 %", () => {
    // One indicator seen present (q = 1), equal priors. A: (could, could, highly_unlikely) = (0.5, 0.5, 0.1),
    // B: (could, highly_unlikely, could). p_A = (5, 5, 1)/11, p_B = (5, 1, 5)/11.
    // √(p_A·p_B) = (5, √5, √5)/11 → pooled exit = 5/(5 + 2√5) = 0.527864, above both analysts' 5/11 = 0.454545:
    // they agree on exit and each rules out a different alternative, and the pool counts both exclusions.
    // DESIGN §2.9 defines the range as [min_j, max_j] of the participants only, so the pool is outside it.
    const r = poolRound({
      model: {
        scenarios: [
          { id: "exit", prior: 1 },
          { id: "consolidate", prior: 1 },
          { id: "retain", prior: 1 },
        ],
        indicators: [
          {
            id: "x",
            weight: 1,
            presence: 1,
            expectations: { exit: "could", consolidate: "could", retain: "could" },
            evidence: [],
          },
        ],
      },
      scope: ["x"],
      participants: [
        { id: "A", expectations: { x: { retain: "highly_unlikely" } }, weights: {} },
        { id: "B", expectations: { x: { consolidate: "highly_unlikely" } }, weights: {} },
      ],
    });
    expect(r.range.exit?.[0]).toBeCloseTo(5 / 11, 12);
    expect(r.range.exit?.[1]).toBeCloseTo(5 / 11, 12);
    expect(r.pooled.exit).toBeCloseTo(5 / (5 + 2 * sqrt(5)), 12);
    expect(r.pooled.exit as number).toBeGreaterThan(r.range.exit?.[1] as number);
  });
});

// ---------------------------------------------------------------------------------------------
// Bad rounds: InvalidModelError, whose `field` is the path of the offending value in poolRound's input.

type Mutate = (r: { model: unknown; scope: unknown; participants: Record<string, unknown>[] }) => unknown;

function refusal(mutate: Mutate): InvalidModelError {
  const draft = structuredClone(threeRound) as unknown as Parameters<Mutate>[0];
  try {
    poolRound(mutate(draft) as RoundInput);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidModelError);
    return err as InvalidModelError;
  }
  throw new Error("expected the round to be refused");
}

const participant = (r: Parameters<Mutate>[0], j: number) => r.participants[j] as Record<string, unknown>;

const badRounds: [string, Mutate, string, string][] = [
  ["a round that is not an object", () => null, "round", "must be an object"],
  ["no model", (r) => ({ ...r, model: undefined }), "model", "must be an object"],
  [
    "a bad model, named by its path inside the round",
    (r) => {
      (r.model as { indicators: { weight: unknown }[] }).indicators[1] = {
        ...(r.model as { indicators: object[] }).indicators[1],
        weight: 2,
      };
      return r;
    },
    "model.indicators[1].weight",
    "in [0, 1]",
  ],
  ["a scope that is not an array", (r) => ({ ...r, scope: "tartus" }), "scope", "must be an array"],
  ["an empty scope", (r) => ({ ...r, scope: [] }), "scope", "at least one indicator"],
  [
    "an unknown indicator in scope",
    (r) => ({ ...r, scope: ["tartus", "nope"] }),
    "scope[1]",
    'unknown indicator "nope"',
  ],
  ["an indicator twice in scope", (r) => ({ ...r, scope: ["tartus", "tartus"] }), "scope[1]", "listed twice"],
  ["participants not an array", (r) => ({ ...r, participants: {} }), "participants", "must be an array"],
  [
    "one participant",
    (r) => ({ ...r, participants: r.participants.slice(0, 1) }),
    "participants",
    "at least 2 submitted judgements, got 1",
  ],
  ["no participants", (r) => ({ ...r, participants: [] }), "participants", "got 0"],
  [
    "a participant that is not an object",
    (r) => ({ ...r, participants: [r.participants[0], "B"] }),
    "participants[1]",
    "must be an object",
  ],
  [
    "a participant without an id",
    (r) => {
      participant(r, 2).id = "";
      return r;
    },
    "participants[2].id",
    "non-empty string",
  ],
  [
    "two participants with one id",
    (r) => {
      participant(r, 2).id = "A";
      return r;
    },
    "participants[2].id",
    'duplicate participant id "A"',
  ],
  [
    "expectations that are not an object",
    (r) => {
      participant(r, 0).expectations = undefined;
      return r;
    },
    "participants[0].expectations",
    "must be an object",
  ],
  [
    "a rating of an unknown indicator",
    (r) => {
      participant(r, 1).expectations = { nope: { exit: "likely" } };
      return r;
    },
    "participants[1].expectations.nope",
    'unknown indicator "nope"',
  ],
  [
    "a rating of an indicator outside the scope",
    (r) => {
      participant(r, 1).expectations = { airlift: { exit: "likely" } };
      return r;
    },
    "participants[1].expectations.airlift",
    "outside the round's scope",
  ],
  [
    "a row that is not an object",
    (r) => {
      participant(r, 1).expectations = { tartus: "likely" };
      return r;
    },
    "participants[1].expectations.tartus",
    "keyed by scenario id",
  ],
  [
    "a rating of an unknown scenario",
    (r) => {
      participant(r, 0).expectations = { tartus: { gone: "likely" } };
      return r;
    },
    "participants[0].expectations.tartus.gone",
    'unknown scenario "gone"',
  ],
  [
    "an unknown rating",
    (r) => {
      participant(r, 0).expectations = { tartus: { exit: "probably" } };
      return r;
    },
    "participants[0].expectations.tartus.exit",
    'unknown rating "probably"',
  ],
  [
    "a likelihood above 0.99",
    (r) => {
      participant(r, 0).expectations = { tartus: { exit: 0.995 } };
      return r;
    },
    "participants[0].expectations.tartus.exit",
    "outside [0.01, 0.99]",
  ],
  [
    "a likelihood that is not a number",
    (r) => {
      participant(r, 0).expectations = { tartus: { exit: Number.NaN } };
      return r;
    },
    "participants[0].expectations.tartus.exit",
    "outside [0.01, 0.99]",
  ],
  [
    "weights that are not an object",
    (r) => {
      participant(r, 1).weights = [0.5];
      return r;
    },
    "participants[1].weights",
    "must be an object",
  ],
  [
    "a weight of an indicator outside the scope",
    (r) => {
      participant(r, 1).weights = { airlift: 0.5 };
      return r;
    },
    "participants[1].weights.airlift",
    "outside the round's scope",
  ],
  [
    "a weight above 1",
    (r) => {
      participant(r, 1).weights = { tartus: 1.5 };
      return r;
    },
    "participants[1].weights.tartus",
    "in [0, 1], got 1.5",
  ],
  [
    "a negative weight",
    (r) => {
      participant(r, 1).weights = { tartus: -0.1 };
      return r;
    },
    "participants[1].weights.tartus",
    "in [0, 1], got -0.1",
  ],
  [
    "a weight given as a string",
    (r) => {
      participant(r, 1).weights = { tartus: "0.5" };
      return r;
    },
    "participants[1].weights.tartus",
    'in [0, 1], got "0.5"',
  ],
];

describe("bad rounds", () => {
  it.each(badRounds)("refuses %s, naming the field", (_, mutate, field, problem) => {
    const error = refusal(mutate);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field}: `);
    expect(error.message).toContain(problem);
  });

  it("accepts a judgement that leaves everything blank: it is the shared model", () => {
    const r: RoundResult = poolRound({
      ...threeRound,
      participants: [
        { id: "A", expectations: {}, weights: {} },
        { id: "B", expectations: { tartus: {} }, weights: { tartus: null } },
      ],
    });
    expect(r.perParticipant.A).toEqual(assess(threeModel).probabilities);
    expect(r.consensus.probabilities).toEqual(assess(threeModel).probabilities);
    expect(r.consensus.expectations.tartus).toEqual(threeModel.indicators[1]?.expectations);
    expect(r.cells.every((c) => c.spread === 0 && c.impact === 0)).toBe(true);
  });
});
