// Evidence counted by report (DESIGN §2.3): the items of an assessment grouped by origin, and how far
// the call moves when a whole report (every copy of it) is left out. What the brief's "what the call
// leans on" lists, so ten outlets repeating one story are one line, not ten.
import { type EngineResult, scenarioProbabilities } from "@/shared/engine";
import { engineModel } from "./engine-model";
import { reportKey } from "./origins";
import type { AssessmentState, EvidenceState } from "./state";

export interface EvidenceReport {
  /** The origin's name, or the item's title when it names none. */
  name: string;
  /** The report's items in the order recorded; the first one names an origin-less report. */
  items: EvidenceState[];
  /** Largest change of any scenario's probability when every item of the report is left out. */
  sensitivity: number;
}

/** The assessment's evidence as reports, in order of each report's first item. */
export function evidenceReports(state: AssessmentState, result: EngineResult): EvidenceReport[] {
  const groups = new Map<string, EvidenceState[]>();
  for (const item of state.evidence) {
    const key = reportKey(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()].map((items) => {
    const first = items[0] as EvidenceState;
    // One item: its own sensitivity is the report's. Several: leave them all out and recompute.
    const sensitivity =
      items.length === 1 ? (result.sensitivity.evidence[first.id] ?? 0) : withoutReport(state, result, items);
    return { name: first.origin ?? first.title, items, sensitivity };
  });
}

function withoutReport(state: AssessmentState, result: EngineResult, items: EvidenceState[]): number {
  const gone = new Set(items.map((e) => e.id));
  if (items.every((e) => Object.keys(e.links).length === 0)) return 0;
  const without = scenarioProbabilities(
    engineModel({ ...state, evidence: state.evidence.filter((e) => !gone.has(e.id)) }),
  );
  let max = 0;
  for (const [id, p] of Object.entries(result.probabilities)) max = Math.max(max, Math.abs((without[id] ?? p) - p));
  return max;
}
