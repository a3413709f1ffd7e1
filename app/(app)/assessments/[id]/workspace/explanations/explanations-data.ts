// Pure helpers behind the explanations panel (DESIGN §2.5): each scenario's drivers, what the call
// leans on (sensitivity, with the grade of each leaned-on evidence item) and collection priorities.

import { independentReports, itemsAndReports } from "@/shared/assessment/origins";
import {
  type AssessmentState,
  activeScenarios,
  type EvidenceState,
  type IndicatorState,
  type ScenarioState,
} from "@/shared/assessment/state";
import type { EngineResult, IndicatorOutlook } from "@/shared/engine";
import { gradeCode, gradeMeaning, isWeakGrade } from "../evidence/evidence-data";

/** Figures this small are rounding noise of the engine, not a push or a lean. */
const NEGLIGIBLE = 1e-9;
/** A weak item that moves some scenario by at least this much (1 point) is said to carry the call. */
export const CARRIES_CALL = 0.01;

export interface Driver {
  indicator: IndicatorState;
  /** c(i, s) in nats: positive pushes toward the scenario, negative against it. */
  nats: number;
}

export interface ScenarioDrivers {
  scenario: ScenarioState;
  probability: number;
  drivers: Driver[];
}

/** For each active scenario, its `limit` indicators with the largest |contribution|, largest first. */
export function scenarioDrivers(state: AssessmentState, result: EngineResult, limit = 3): ScenarioDrivers[] {
  return activeScenarios(state.scenarios).map((scenario) => {
    const drivers = state.indicators
      .map((indicator) => ({ indicator, nats: result.contributions[indicator.id]?.[scenario.id] ?? 0 }))
      .filter((d) => Math.abs(d.nats) > NEGLIGIBLE)
      .sort((a, b) => Math.abs(b.nats) - Math.abs(a.nats))
      .slice(0, limit);
    return { scenario, probability: result.probabilities[scenario.id] ?? 0, drivers };
  });
}

/** The largest |contribution| among the drivers shown: the full length of a driver bar. */
export function largestDriver(groups: readonly ScenarioDrivers[]): number {
  let max = 0;
  for (const g of groups) for (const d of g.drivers) max = Math.max(max, Math.abs(d.nats));
  return max;
}

export interface LeanedOnEvidence {
  evidence: EvidenceState;
  /** Largest change of any scenario's probability (0–1) if this item alone were left out. */
  change: number;
  grade: string;
  gradeMeaning: string;
  /** Reliability D–F or credibility 4–6. */
  weak: boolean;
  /** Weak, and moving some scenario by at least a point: the warning the analyst must not miss. */
  carriesCall: boolean;
}

/** The `limit` evidence items whose removal would move the probabilities most, largest first. */
export function leanedOnEvidence(state: AssessmentState, result: EngineResult, limit = 5): LeanedOnEvidence[] {
  return mostLeanedOn(state.evidence, result.sensitivity.evidence, limit).map(({ item: evidence, change }) => {
    const weak = isWeakGrade(evidence.reliability, evidence.credibility);
    return {
      evidence,
      change,
      grade: gradeCode(evidence.reliability, evidence.credibility),
      gradeMeaning: gradeMeaning(evidence.reliability, evidence.credibility),
      weak,
      carriesCall: weak && change >= CARRIES_CALL,
    };
  });
}

/** The `limit` items whose leaving out moves the probabilities more than negligibly, largest first. */
function mostLeanedOn<T extends { id: string }>(
  items: readonly T[],
  sensitivity: Record<string, number>,
  limit: number,
): { item: T; change: number }[] {
  return items
    .map((item) => ({ item, change: sensitivity[item.id] ?? 0 }))
    .filter((x) => x.change > NEGLIGIBLE)
    .sort((a, b) => b.change - a.change)
    .slice(0, limit);
}

export interface RepeatedReports {
  indicator: IndicatorState;
  items: number;
  reports: number;
  /** "Heavy airlift out of Khmeimim: 4 evidence items, 2 independent reports". */
  sentence: string;
}

/**
 * The indicators whose evidence includes copies of one report (DESIGN §2.3): fewer independent reports
 * than items, so the presence counts the reports, not the items. Most items per report first.
 */
export function repeatedReports(state: AssessmentState): RepeatedReports[] {
  return state.indicators
    .map((indicator) => {
      const linked = state.evidence.filter((e) => e.links[indicator.id] !== undefined);
      const reports = independentReports(linked);
      return {
        indicator,
        items: linked.length,
        reports,
        sentence: `${indicator.name}: ${itemsAndReports(linked.length, reports)}`,
      };
    })
    .filter((x) => x.reports < x.items)
    .sort((a, b) => b.items / b.reports - a.items / a.reports);
}

export interface LeanedOnIndicator {
  indicator: IndicatorState;
  change: number;
}

/** The `limit` indicators whose removal would move the probabilities most, largest first. */
export function leanedOnIndicators(state: AssessmentState, result: EngineResult, limit = 3): LeanedOnIndicator[] {
  return mostLeanedOn(state.indicators, result.sensitivity.indicators, limit).map(({ item, change }) => ({
    indicator: item,
    change,
  }));
}

export interface CollectionPriority {
  indicator: IndicatorState;
  /** V(i) in bits. */
  bits: number;
  /** How likely it is to be seen present, from the probabilities without it. */
  pPresent: number | null;
  favouredIfPresent: ScenarioState[];
  favouredIfAbsent: ScenarioState[];
}

/** The `limit` indicators with the highest value of collection, with the scenarios each would favour if seen. */
export function collectionPriorities(
  state: AssessmentState,
  result: EngineResult,
  outlook: Readonly<Record<string, IndicatorOutlook>> | null,
  limit = 5,
): CollectionPriority[] {
  const scenarioById = new Map(state.scenarios.map((s) => [s.id, s]));
  const scenarios = (ids: readonly string[] | undefined) =>
    (ids ?? []).flatMap((id) => {
      const s = scenarioById.get(id);
      return s ? [s] : [];
    });
  return state.indicators
    .map((indicator) => ({ indicator, bits: result.valueOfCollection[indicator.id] ?? 0 }))
    .filter((x) => x.bits > NEGLIGIBLE)
    .sort((a, b) => b.bits - a.bits)
    .slice(0, limit)
    .map(({ indicator, bits }) => {
      const o = outlook?.[indicator.id];
      return {
        indicator,
        bits,
        pPresent: o ? o.pPresent : null,
        favouredIfPresent: scenarios(o?.favouredIfPresent),
        favouredIfAbsent: scenarios(o?.favouredIfAbsent),
      };
    });
}
