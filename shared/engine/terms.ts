// Words of estimative probability (ICD 203, DESIGN §2.6).
import { type EstimativeBand, type EstimativeTerm, ICD203_BANDS } from "./tables";

/** The ICD 203 band that holds p. Throws a RangeError for p outside [0, 1] or NaN. */
export function estimativeBand(p: number): EstimativeBand {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability ${p} is outside [0, 1]`);
  for (const band of ICD203_BANDS) {
    const aboveLower = band.lowerInclusive ? p >= band.lower : p > band.lower;
    const belowUpper = band.upperInclusive ? p <= band.upper : p < band.upper;
    if (aboveLower && belowUpper) return band;
  }
  // The bands tile [0, 1], so this is unreachable; keep the type checker and a reader honest.
  throw new RangeError(`no ICD 203 band holds ${p}`);
}

/** The lowercase ICD 203 phrase for a probability, e.g. 0.2 → "unlikely". */
export function estimativeTerm(p: number): EstimativeTerm {
  return estimativeBand(p).term;
}
