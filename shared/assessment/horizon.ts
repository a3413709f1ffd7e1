// When an assessment's horizon has passed while it is still active: the list, the workspace and
// the brief all say so in the same words and offer to resolve it or move the horizon.
import { daysBetween, formatDaysAgo, isoDay } from "@/shared/format";

export interface HorizonPassed {
  /** The horizon day, "2025-06-30". */
  horizon: string;
  /** Whole days since it, at least 1. */
  days: number;
  /** "17 months ago". */
  ago: string;
  /** "Horizon passed 17 months ago (2025-06-30)". */
  sentence: string;
}

/**
 * Whether the horizon of an active assessment is behind `today` (a UTC day, "YYYY-MM-DD"). The
 * horizon is the last day the question is about, so on the day itself it has not passed yet.
 * A resolved or archived assessment has nothing left to say about its horizon: null.
 */
export function horizonPassed(
  assessment: { horizon: string; status: string },
  today: string = isoDay(),
): HorizonPassed | null {
  if (assessment.status !== "active" || !assessment.horizon) return null;
  const days = daysBetween(assessment.horizon, today);
  if (!(days >= 1)) return null;
  const ago = formatDaysAgo(assessment.horizon, today);
  return { horizon: assessment.horizon, days, ago, sentence: `Horizon passed ${ago} (${assessment.horizon})` };
}
