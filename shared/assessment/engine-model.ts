// Turns an assessment's state into the engine's plain model (DESIGN §2.8). Pure: the browser
// uses it for live previews, the server for the truth.
import type { EngineEvidenceLink, EngineIndicator, EngineModel } from "@/shared/engine";
import { originKey } from "./origins";
import { type AssessmentState, activeScenarios, type EvidenceState, type IndicatorState } from "./state";

/**
 * One evidence link as the engine sees it. The origin goes by its key (case and spacing folded), and only
 * when the item names one, so a model without origins is the very model it was before origins (§2.3).
 */
function engineLink(item: EvidenceState, direction: 1 | -1): EngineEvidenceLink {
  const link = { id: item.id, direction, reliability: item.reliability, credibility: item.credibility };
  return item.origin ? { ...link, origin: originKey(item.origin) } : link;
}

export function engineModel(state: AssessmentState): EngineModel {
  const active = activeScenarios(state.scenarios);
  const activeIds = new Set(active.map((s) => s.id));
  const evidenceByIndicator = new Map<string, EngineEvidenceLink[]>();
  for (const item of state.evidence) {
    for (const [indicatorId, direction] of Object.entries(item.links)) {
      const list = evidenceByIndicator.get(indicatorId) ?? [];
      evidenceByIndicator.set(indicatorId, list);
      list.push(engineLink(item, direction));
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

interface RankedLink {
  rank: number;
  link: EngineEvidenceLink;
}

/** Index of the first entry whose rank is ≥ `rank`. */
function rankIndex(list: RankedLink[], rank: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as RankedLink).rank < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameGrading(a: EvidenceState, b: EvidenceState): boolean {
  if (a.reliability !== b.reliability || a.credibility !== b.credibility) return false;
  if ((a.origin ?? null) !== (b.origin ?? null)) return false;
  const keys = Object.keys(a.links);
  if (keys.length !== Object.keys(b.links).length) return false;
  return keys.every((k) => a.links[k] === b.links[k]);
}

/**
 * engineModel for a run of states each a change away from the one before (a history replayed
 * event by event): an indicator whose state, evidence links and active scenarios did not change
 * keeps the very model object it had, so probabilitySeries reuses its row, and a change costs the
 * part of the matrix it touched rather than the whole. Every model equals engineModel(state).
 *
 * Links are kept per indicator in evidence order. The reducer only appends evidence, and replaces
 * or removes an item in place, so an item's rank (when it joined) orders them as the array does.
 */
export function engineModelSeries(): (state: AssessmentState) => EngineModel {
  let last: AssessmentState | null = null;
  let model: EngineModel | null = null;
  let activeKey = "";
  let activeIds = new Set<string>();
  let scenarios: EngineModel["scenarios"] = [];
  let nextRank = 0;
  const rank = new Map<string, number>();
  const links = new Map<string, RankedLink[]>();
  const entries = new Map<string, { source: IndicatorState; entry: EngineIndicator }>();

  const place = (item: EvidenceState, r: number, dirty: Set<string>) => {
    for (const [indicatorId, direction] of Object.entries(item.links)) {
      const list = links.get(indicatorId) ?? [];
      links.set(indicatorId, list);
      const at = rankIndex(list, r);
      const link = engineLink(item, direction);
      if (list[at]?.rank === r) list[at] = { rank: r, link };
      else list.splice(at, 0, { rank: r, link });
      dirty.add(indicatorId);
    }
  };
  const unplace = (item: EvidenceState, r: number, dirty: Set<string>) => {
    for (const indicatorId of Object.keys(item.links)) {
      const list = links.get(indicatorId);
      if (!list) continue;
      const at = rankIndex(list, r);
      if (list[at]?.rank === r) list.splice(at, 1);
      dirty.add(indicatorId);
    }
  };

  /** Walks the old and new evidence lists side by side; returns the indicators whose links changed. */
  const followEvidence = (before: readonly EvidenceState[], after: readonly EvidenceState[]): Set<string> => {
    const dirty = new Set<string>();
    let i = 0;
    let j = 0;
    while (i < before.length && j < after.length) {
      const old = before[i] as EvidenceState;
      const now = after[j] as EvidenceState;
      if (old === now) {
        i++;
        j++;
      } else if (old.id === now.id) {
        if (!sameGrading(old, now)) {
          const r = rank.get(old.id) as number;
          unplace(old, r, dirty);
          place(now, r, dirty);
        }
        i++;
        j++;
      } else {
        unplace(old, rank.get(old.id) as number, dirty);
        rank.delete(old.id);
        i++;
      }
    }
    for (; i < before.length; i++) {
      const old = before[i] as EvidenceState;
      unplace(old, rank.get(old.id) as number, dirty);
      rank.delete(old.id);
    }
    for (; j < after.length; j++) {
      const now = after[j] as EvidenceState;
      const r = nextRank++;
      rank.set(now.id, r);
      place(now, r, dirty);
    }
    return dirty;
  };

  return (state) => {
    if (state === last && model) return model;
    let dirty: Set<string> = new Set();
    if (!last || state.evidence !== last.evidence) dirty = followEvidence(last?.evidence ?? [], state.evidence);
    let cleared = false;
    if (!last || state.scenarios !== last.scenarios) {
      const active = activeScenarios(state.scenarios);
      const key = JSON.stringify(active.map((s) => [s.id, s.prior]));
      if (key !== activeKey) {
        const ids = JSON.stringify(active.map((s) => s.id));
        // Another set of active scenarios changes every indicator's expectations; new priors change none.
        if (ids !== JSON.stringify([...activeIds])) {
          entries.clear();
          cleared = true;
        }
        activeKey = key;
        activeIds = new Set(active.map((s) => s.id));
        scenarios = active.map((s) => ({ id: s.id, prior: s.prior }));
      }
    }
    // Nothing an indicator's entry reads changed: the same list, so the engine can skip it whole.
    if (model && last && state.indicators === last.indicators && dirty.size === 0 && !cleared) {
      last = state;
      model = model.scenarios === scenarios ? model : { scenarios, indicators: model.indicators };
      return model;
    }
    const previous = last?.indicators ?? [];
    const indicators = state.indicators.map((i, k) => {
      // An unchanged indicator is usually at the same place as before: compare there first.
      if (!cleared && previous[k] === i && model && (dirty.size === 0 || !dirty.has(i.id))) {
        return model.indicators[k] as EngineIndicator;
      }
      const cached = entries.get(i.id);
      if (cached && cached.source === i && !dirty.has(i.id)) return cached.entry;
      const entry: EngineIndicator = {
        id: i.id,
        weight: i.weight,
        ...(i.presenceOverride === null ? {} : { presence: i.presenceOverride }),
        expectations: Object.fromEntries(Object.entries(i.expectations).filter(([sid]) => activeIds.has(sid))),
        evidence: (links.get(i.id) ?? []).map((l) => l.link),
      };
      entries.set(i.id, { source: i, entry });
      return entry;
    });
    last = state;
    model = { scenarios, indicators };
    return model;
  };
}
