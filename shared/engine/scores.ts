// Scoring a resolved assessment (DESIGN §2.7): Brier, log score, and Brier weighted by time over the history.

/** One point of the history: the probabilities that stood from `at` (epoch ms) until the next point. */
export interface ProbabilitySnapshot {
  at: number;
  probabilities: Readonly<Record<string, number>>;
}

function requireResolved(probabilities: Readonly<Record<string, number>>, resolvedScenarioId: string): void {
  if (!Object.hasOwn(probabilities, resolvedScenarioId)) {
    throw new RangeError(`resolved scenario "${resolvedScenarioId}" has no probability in this vector`);
  }
}

/** B = Σ_s (P(s) − o(s))², o = 1 for the resolved scenario: 0 is perfect, 2 is certain and wrong. */
export function brierScore(probabilities: Readonly<Record<string, number>>, resolvedScenarioId: string): number {
  requireResolved(probabilities, resolvedScenarioId);
  let b = 0;
  for (const [id, p] of Object.entries(probabilities)) {
    const d = p - (id === resolvedScenarioId ? 1 : 0);
    b += d * d;
  }
  return b;
}

/** −log2 P(resolved scenario), in bits: 0 is perfect; Infinity if the resolved scenario had probability 0. */
export function logScore(probabilities: Readonly<Record<string, number>>, resolvedScenarioId: string): number {
  requireResolved(probabilities, resolvedScenarioId);
  const p = probabilities[resolvedScenarioId] as number;
  return p >= 1 ? 0 : -Math.log2(p);
}

/**
 * What spreading the probability evenly over n scenarios would score, whichever happens:
 * (1 − 1/n)² + (n − 1)·(1/n)² = 1 − 1/n. The yardstick a forecast has to beat; 0 for no scenarios.
 */
export function evenSpreadBrier(scenarioCount: number): number {
  return scenarioCount > 0 ? 1 - 1 / scenarioCount : 0;
}

/**
 * The time-weighted mean Brier score from the first snapshot to `endAt` (the resolution date): each
 * vector counts for as long as it stood. Snapshots may come in any order; those at or after `endAt`
 * are ignored except that, if no time elapsed at all, the score of the vector standing at `endAt` is
 * returned. Throws a RangeError for an empty history or a time that is not finite.
 */
export function timeWeightedBrier(
  history: readonly ProbabilitySnapshot[],
  resolvedScenarioId: string,
  endAt: number,
): number {
  if (history.length === 0) throw new RangeError("history is empty: nothing to score");
  if (!Number.isFinite(endAt)) throw new RangeError(`endAt must be a finite time, got ${endAt}`);
  history.forEach((h, k) => {
    if (!Number.isFinite(h.at)) throw new RangeError(`history[${k}].at must be a finite time, got ${h.at}`);
  });
  const sorted = [...history].sort((a, b) => a.at - b.at);
  let weighted = 0;
  let duration = 0;
  for (let k = 0; k < sorted.length; k++) {
    const from = (sorted[k] as ProbabilitySnapshot).at;
    const next = sorted[k + 1];
    const to = Math.min(next === undefined ? endAt : next.at, endAt);
    if (to <= from) continue;
    weighted += (to - from) * brierScore((sorted[k] as ProbabilitySnapshot).probabilities, resolvedScenarioId);
    duration += to - from;
  }
  if (duration > 0) return weighted / duration;
  // No time elapsed: score the vector standing at endAt (the last one not after it, else the first).
  let standing = sorted[0] as ProbabilitySnapshot;
  for (const h of sorted) if (h.at <= endAt) standing = h;
  return brierScore(standing.probabilities, resolvedScenarioId);
}
