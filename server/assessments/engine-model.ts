// Turns an assessment's state into the engine's plain model (DESIGN §2.8). Pure: the browser
// uses it for live previews, the server for the truth.
import type { EngineEvidenceLink, EngineModel } from "@/server/engine";
import type { AssessmentState } from "./state";

export function engineModel(state: AssessmentState): EngineModel {
  const active = state.scenarios.filter((s) => !s.archived);
  const activeIds = new Set(active.map((s) => s.id));
  const evidenceByIndicator = new Map<string, EngineEvidenceLink[]>();
  for (const item of state.evidence) {
    for (const [indicatorId, direction] of Object.entries(item.links)) {
      const list = evidenceByIndicator.get(indicatorId) ?? [];
      evidenceByIndicator.set(indicatorId, list);
      list.push({ id: item.id, direction, reliability: item.reliability, credibility: item.credibility });
    }
  }
  return {
    scenarios: active.map((s) => ({ id: s.id, prior: s.prior })),
    indicators: state.indicators.map((i) => ({
      id: i.id,
      weight: i.weight,
      ...(i.presenceOverride === null ? {} : { presence: i.presenceOverride }),
      expectations: Object.fromEntries(Object.entries(i.expectations).filter(([sid]) => activeIds.has(sid))),
      evidence: evidenceByIndicator.get(i.id) ?? [],
    })),
  };
}
