// The incremental replay of probabilities the JSON import runs (engineModelSeries feeding
// probabilitySeries) against the plain engine, on random histories: after every change the model
// equals engineModel(state) and the probabilities equal scenarioProbabilities to the last bit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import { engineModel, engineModelSeries } from "@/shared/assessment/engine-model";
import type { AssessmentState, EvidenceState, IndicatorState } from "@/shared/assessment/state";
import {
  CREDIBILITY_GRADES,
  type Credibility,
  probabilitySeries,
  RATING_KEYS,
  RELIABILITY_GRADES,
  scenarioProbabilities,
} from "@/shared/engine";

const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % Math.max(1, items.length)];

function indicator(id: string, state: AssessmentState, n: number): IndicatorState {
  return {
    id,
    name: id,
    description: "",
    weight: (n % 5) / 4,
    presenceOverride: null,
    overrideRationale: null,
    lastReviewedAt: 0,
    expectations: Object.fromEntries(state.scenarios.map((s, k) => [s.id, RATING_KEYS[(n + k) % 5] ?? "could"])),
  };
}

function evidence(id: string, state: AssessmentState, n: number): EvidenceState {
  const links: Record<string, 1 | -1> = {};
  state.indicators.forEach((i, k) => {
    if ((n + k) % 3 === 0) links[i.id] = (n + k) % 2 === 0 ? 1 : -1;
  });
  return {
    id,
    title: id,
    summary: "",
    sourceName: "s",
    sourceUrl: null,
    sourceKind: "media",
    reliability: pick(RELIABILITY_GRADES, n) ?? "A",
    credibility: (pick(CREDIBILITY_GRADES, n + 1) ?? 1) as Credibility,
    observedAt: "2024-12-01",
    recordedAt: n,
    authorId: null,
    authorName: "a",
    lastReviewedAt: n,
    links,
    origin: null,
  };
}

/** One change of kind `op`, built from the state with the numbers `a` and `b` choosing among its parts. */
function changeOf(state: AssessmentState, op: number, a: number, b: number, serial: number): Change | null {
  const s = pick(state.scenarios, a);
  const i = pick(state.indicators, a);
  const e = pick(state.evidence, a);
  const other = pick(state.indicators, b);
  switch (op) {
    case 0:
      return {
        type: "scenario.add",
        scenario: {
          id: `s${serial}`,
          name: `S${serial}`,
          description: "",
          prior: 1 + (a % 7),
          color: "#000000",
          archived: false,
        },
        defaultExpectation: RATING_KEYS[b % 5] ?? "could",
      };
    case 1:
      return s ? { type: "scenario.update", scenarioId: s.id, prior: 0.5 + (b % 9) } : null;
    case 2:
      return s ? { type: "scenario.move", scenarioId: s.id, toIndex: b % 6 } : null;
    case 3:
      return s ? { type: s.archived ? "scenario.restore" : "scenario.archive", scenarioId: s.id } : null;
    case 4:
      return { type: "indicator.add", indicator: indicator(`i${serial}`, state, b) };
    case 5:
      return i ? { type: "indicator.update", indicatorId: i.id, weight: (b % 11) / 10 } : null;
    case 6:
      return i && s
        ? {
            type: "indicator.setExpectation",
            indicatorId: i.id,
            scenarioId: s.id,
            expectation: b % 2 ? (RATING_KEYS[b % 5] ?? "could") : 0.01 + (b % 98) / 100,
          }
        : null;
    case 7:
      return i
        ? { type: "indicator.setPresence", indicatorId: i.id, presence: b % 3 ? (b % 10) / 10 : null, rationale: "why" }
        : null;
    case 8:
      return i ? { type: "indicator.move", indicatorId: i.id, toIndex: b % 8 } : null;
    case 9:
      return i ? { type: "indicator.delete", indicatorId: i.id } : null;
    case 10:
      return { type: "evidence.add", evidence: evidence(`e${serial}`, state, b) };
    case 11:
      return e
        ? {
            type: "evidence.update",
            evidenceId: e.id,
            fields: {
              reliability: pick(RELIABILITY_GRADES, b) ?? "A",
              credibility: (pick(CREDIBILITY_GRADES, b) ?? 1) as Credibility,
            },
          }
        : null;
    case 12:
      return e ? { type: "evidence.update", evidenceId: e.id, fields: { title: `t${b}` } } : null;
    case 13:
      return e && other
        ? { type: "evidence.link", evidenceId: e.id, indicatorId: other.id, direction: b % 2 ? 1 : -1 }
        : null;
    case 14: {
      const linked = e ? Object.keys(e.links)[b % Math.max(1, Object.keys(e.links).length)] : undefined;
      return e && linked ? { type: "evidence.unlink", evidenceId: e.id, indicatorId: linked } : null;
    }
    case 15:
      return e ? { type: "evidence.delete", evidenceId: e.id } : null;
    default:
      return i ? { type: "indicator.review", indicatorId: i.id } : null;
  }
}

function created(): AssessmentState {
  const start = emptyState();
  const scenarios = [0, 1, 2].map((k) => ({
    id: `s-${k}`,
    name: `Start ${k}`,
    description: "",
    prior: k + 1,
    color: "#000000",
    archived: false,
  }));
  const withScenarios = { ...start, scenarios };
  const indicators = [0, 1, 2, 3].map((k) => indicator(`i-${k}`, withScenarios, k));
  const evidenceItems = [0, 1, 2].map((k) => evidence(`e-${k}`, { ...withScenarios, indicators }, k));
  return applyChange(
    start,
    {
      type: "assessment.create",
      assessment: {
        id: "a",
        teamId: "t",
        title: "T",
        keyQuestion: "Q",
        horizon: "2099-01-01",
        confidence: "moderate",
        handling: "",
      },
      scenarios,
      indicators,
      evidence: evidenceItems,
    },
    { at: 0 },
  );
}

describe("probabilities replayed change by change", () => {
  it("equal the plain engine's exactly after every change of a random history", () => {
    const step = fc.tuple(fc.nat(17), fc.nat(50), fc.nat(50));
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const toModel = engineModelSeries();
        const series = probabilitySeries();
        let state = created();
        expect(series.probabilities(toModel(state))).toEqual(scenarioProbabilities(engineModel(state)));
        steps.forEach(([op, a, b], k) => {
          const change = changeOf(state, op, a, b, k);
          if (!change) return;
          try {
            state = applyChange(state, change, { at: k + 1 });
          } catch {
            return; // A change the reducer refuses leaves the state as it was.
          }
          const model = toModel(state);
          expect(model).toEqual(engineModel(state));
          expect(series.probabilities(model)).toEqual(scenarioProbabilities(engineModel(state)));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("computes only the rows a change touched", () => {
    const toModel = engineModelSeries();
    const series = probabilitySeries();
    let state = created();
    const start = toModel(state);
    series.probabilities(start);
    const links = (k: number) => start.indicators[k]?.evidence.length ?? 0;
    expect(series.work).toBe(4 * 3 + [0, 1, 2, 3].reduce((sum, k) => sum + links(k), 0));
    let done = series.work;
    const target = state.indicators[1] as IndicatorState;
    state = applyChange(state, { type: "indicator.update", indicatorId: target.id, weight: 0.25 }, { at: 1 });
    series.probabilities(toModel(state));
    expect(series.work - done).toBe(3 + links(1));
    done = series.work;
    state = applyChange(state, { type: "assessment.update", title: "Renamed" }, { at: 3 });
    series.probabilities(toModel(state));
    expect(series.work - done).toBe(0);
    const scenario = state.scenarios[0]?.id ?? "";
    state = applyChange(state, { type: "scenario.move", scenarioId: scenario, toIndex: 2 }, { at: 4 });
    series.probabilities(toModel(state));
    expect(series.work - done).toBe(4 * 3 + [0, 1, 2, 3].reduce((sum, k) => sum + links(k), 0));
  });
});
