// What a committed edit answers, and how a page that holds the state the edit was based on
// follows it. An edit of a large assessment changes a few hundred bytes of a state that can weigh
// megabytes, so the answer is the change as committed (with the ids and time the server gave it)
// plus the probabilities it led to; the page applies it with the same pure reducer the server used
// and checks its engine agrees. Other analysts' pages follow the same answer from the live stream.
import { applyChange, type Change } from "./changes";
import type { AssessmentState } from "./state";

export interface EditAnswer {
  assessmentId: string;
  /** The version the edit produced: the one it was based on, plus one. */
  version: number;
  /** The sequence number of the edit's event. */
  seq: number;
  /** When the edit was committed, epoch ms (the reducer stamps reviews and updates with it). */
  at: number;
  change: Change;
  /** The server engine's probabilities after the edit. */
  probabilities: Record<string, number>;
}

/**
 * The state after `answer`, or null when `state` is not the one it was based on (another version
 * or assessment, or a copy the change no longer fits): then the page must read the whole state.
 */
export function followAnswer(state: AssessmentState, answer: EditAnswer): AssessmentState | null {
  if (state.id !== answer.assessmentId || state.version !== answer.version - 1) return null;
  try {
    return applyChange(state, answer.change, { at: answer.at });
  } catch {
    return null;
  }
}

/** Whether two engines agree on the probabilities, to well within what any display rounds to. */
export function sameProbabilities(a: Record<string, number>, b: Record<string, number>, tolerance = 1e-9): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const other = b[k];
    return other !== undefined && Math.abs((a[k] ?? Number.NaN) - other) <= tolerance;
  });
}
