// Words of estimative probability (ICD 203, DESIGN §2.6), and which scenario leads a call.
import { type EstimativeBand, type EstimativeTerm, ICD203_BANDS } from "./tables";

/** Whether the band holds p, its edges inclusive or not as the table says. */
export function bandHolds(band: EstimativeBand, p: number): boolean {
  const aboveLower = band.lowerInclusive ? p >= band.lower : p > band.lower;
  const belowUpper = band.upperInclusive ? p <= band.upper : p < band.upper;
  return aboveLower && belowUpper;
}

/** The ICD 203 band that holds p. Throws a RangeError for p outside [0, 1] or NaN. */
export function estimativeBand(p: number): EstimativeBand {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability ${p} is outside [0, 1]`);
  for (const band of ICD203_BANDS) if (bandHolds(band, p)) return band;
  // The bands tile [0, 1], so this is unreachable; keep the type checker and a reader honest.
  throw new RangeError(`no ICD 203 band holds ${p}`);
}

/** The lowercase ICD 203 phrase for a probability, e.g. 0.2 → "unlikely". */
export function estimativeTerm(p: number): EstimativeTerm {
  return estimativeBand(p).term;
}

/** Two probabilities closer than this are a tie: no scenario leads by rounding noise. */
export const LEADING_TIE = 1e-9;

/**
 * The scenario with the highest probability, the one a reader should see marked "leading" beside
 * its term (a leader at 43 % still reads "unlikely"). Null when there is none: no scenarios, or two
 * at the top within LEADING_TIE of each other (equal priors and no evidence, say).
 */
export function leadingScenarioId(probabilities: Readonly<Record<string, number>>): string | null {
  let best: string | null = null;
  let top = Number.NEGATIVE_INFINITY;
  let tied = false;
  for (const [id, p] of Object.entries(probabilities)) {
    if (!Number.isFinite(p)) continue;
    if (p > top + LEADING_TIE) {
      best = id;
      top = p;
      tied = false;
    } else if (p >= top - LEADING_TIE) {
      tied = true;
      top = Math.max(top, p);
    }
  }
  return tied ? null : best;
}
