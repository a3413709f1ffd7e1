// Synthetic engine models and team rounds of a given size, the same every run: what the reference
// comparison and the engine bench run on.
import {
  type EngineIndicator,
  type EngineModel,
  type Expectation,
  RATING_KEYS,
  RELIABILITY_GRADES,
  type RoundInput,
  type RoundParticipant,
} from "@/shared/engine";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A model with `scenarioCount` scenarios, `indicatorCount` indicators and `linkCount` evidence links spread
 * evenly; half as many evidence items as links, so most items bear on two indicators. One indicator in 20
 * has a presence override; one expectation in 4 is an exact likelihood.
 */
export function syntheticModel(
  scenarioCount: number,
  indicatorCount: number,
  linkCount: number,
  seed = 1,
): EngineModel {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const scenarios = Array.from({ length: scenarioCount }, (_, s) => ({ id: `s${s}`, prior: 0.5 + rnd() * 2 }));
  const evidenceCount = Math.max(1, Math.ceil(linkCount / 2));
  const indicators: EngineIndicator[] = [];
  let link = 0;
  for (let i = 0; i < indicatorCount; i++) {
    const links = Math.floor(linkCount / indicatorCount) + (i < linkCount % indicatorCount ? 1 : 0);
    const expectations: Record<string, Expectation> = {};
    for (const s of scenarios) expectations[s.id] = rnd() < 0.25 ? 0.01 + rnd() * 0.98 : pick(RATING_KEYS);
    const evidence = Array.from({ length: links }, () => {
      // Consecutive link numbers modulo the pool never repeat inside one indicator (links < pool).
      const id = `e${link++ % evidenceCount}`;
      return {
        id,
        direction: rnd() < 0.7 ? (1 as const) : (-1 as const),
        reliability: pick(RELIABILITY_GRADES),
        credibility: pick([1, 2, 3, 4, 5, 6] as const),
      };
    });
    indicators.push({
      id: `i${i}`,
      weight: 0.3 + rnd() * 0.7,
      presence: rnd() < 0.05 ? rnd() : undefined,
      expectations,
      evidence,
    });
  }
  return { scenarios, indicators };
}

/**
 * A round on every indicator of `model` with `participantCount` analysts, the same every run. Each rates
 * about 70 % of the cells (a rating, one time in four an exact likelihood) and leaves the rest blank, and
 * sets about half of the weights: the worst case is a wide scope with most cells disputed.
 */
export function syntheticRound(model: EngineModel, participantCount: number, seed = 1): RoundInput {
  const rnd = mulberry32(seed);
  const scope = model.indicators.map((i) => i.id);
  const participants: RoundParticipant[] = Array.from({ length: participantCount }, (_, j) => {
    const expectations: Record<string, Record<string, Expectation>> = {};
    const weights: Record<string, number> = {};
    for (const id of scope) {
      const row: Record<string, Expectation> = {};
      for (const s of model.scenarios) {
        if (rnd() < 0.7) {
          row[s.id] = rnd() < 0.25 ? 0.01 + rnd() * 0.98 : (RATING_KEYS[Math.floor(rnd() * 5)] as Expectation);
        }
      }
      expectations[id] = row;
      if (rnd() < 0.5) weights[id] = rnd();
    }
    return { id: `analyst-${j}`, expectations, weights };
  });
  return { model, scope, participants };
}

/**
 * `model` with origins (DESIGN §2.3): about `share` of the evidence items name one, and items whose numbers
 * differ by less than `copies` share it (e0–e2 one report, e3–e5 the next, …), so an indicator, whose links
 * are consecutive items, sees groups of up to `copies` copies. An item keeps its origin on every link.
 */
export function withOrigins(model: EngineModel, seed = 1, share = 0.6, copies = 3): EngineModel {
  const rnd = mulberry32(seed);
  const origin = new Map<string, string | undefined>();
  const originOf = (id: string): string | undefined => {
    if (!origin.has(id)) {
      const k = Number(id.replace(/\D/g, ""));
      origin.set(id, rnd() < share ? `report ${Math.floor(k / copies)}` : undefined);
    }
    return origin.get(id);
  };
  return {
    scenarios: model.scenarios,
    indicators: model.indicators.map((ind) => ({
      ...ind,
      evidence: ind.evidence.map((e) => {
        const o = originOf(e.id);
        return o === undefined ? e : { ...e, origin: o };
      }),
    })),
  };
}
