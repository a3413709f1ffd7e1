// In-process publish/subscribe for assessment changes, feeding the tRPC subscription that keeps
// other analysts' pages current. Kept on globalThis so Next's module copies share one emitter.
import { EventEmitter } from "node:events";
import type { EditAnswer } from "@/shared/assessment/answer";
import type { RoundEvent, RoundStatus } from "@/shared/rounds";

/** What happened to a team round. Never a value: judgements are private (server/rounds/privacy.ts). */
export interface RoundNotice {
  roundId: string;
  number: number;
  status: RoundStatus;
  event: RoundEvent;
}

export interface AssessmentChangeNotice {
  assessmentId: string;
  version: number;
  actorName: string;
  seq: number;
  /** Set for a change of the assessment's state, so open pages can follow it without a reload. */
  edit?: EditAnswer;
  /** Set when a team round opened, was submitted to, closed, adopted or commented on. */
  round?: RoundNotice;
}

const globalForLive = globalThis as unknown as { signpostLive?: EventEmitter };

function emitter(): EventEmitter {
  if (!globalForLive.signpostLive) {
    globalForLive.signpostLive = new EventEmitter();
    globalForLive.signpostLive.setMaxListeners(0);
  }
  return globalForLive.signpostLive;
}

export function publishAssessmentChange(notice: AssessmentChangeNotice): void {
  emitter().emit(`assessment:${notice.assessmentId}`, notice);
}

/** Calls `listener` for every committed change of the assessment; returns the unsubscribe. */
export function onAssessmentChange(assessmentId: string, listener: (n: AssessmentChangeNotice) => void): () => void {
  const name = `assessment:${assessmentId}`;
  emitter().on(name, listener);
  return () => emitter().off(name, listener);
}
