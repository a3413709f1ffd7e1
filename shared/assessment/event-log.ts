// What the append-only event log and its summaries keep as JSON (db/schema.ts types its columns
// with these): each event's payload by kind, the probabilities right after it, and the points of the
// pre-summarised probability series. Types only.
import type { Change } from "./changes";
import type { CommentTarget } from "./state";

/** Scenario id → probability right after an event. */
export type Probabilities = Record<string, number>;

/**
 * An event that changed the state: the change (which replays it), the part of the state it replaced,
 * the sentence the history shows, and the version it made (server/assessments/commit.ts).
 */
export type StateEventPayload = { change: Change; before?: unknown; summary: string; version: number };

// Events beside the state: comments and baselines. `summary` may be missing from an imported one.
export type CommentAddPayload = {
  commentId: string;
  targetKind: CommentTarget;
  targetId: string;
  body: string;
  summary?: string | undefined;
};
export type CommentEditPayload = { commentId: string; before: string; after: string; summary?: string | undefined };
export type BaselineCreatePayload = {
  baselineId: string;
  name: string;
  /** The assessment's version the baseline keeps. */
  stateVersion: number;
  summary?: string | undefined;
};
export type BaselineDeletePayload = { baselineId: string; name: string; summary?: string | undefined };

export type EventPayload =
  | StateEventPayload
  | CommentAddPayload
  | CommentEditPayload
  | BaselineCreatePayload
  | BaselineDeletePayload;

/** The change an event replays, or undefined for a comment or a baseline. */
export function changeOf(payload: EventPayload): Change | undefined {
  return "change" in payload ? payload.change : undefined;
}

/** One point of an assessment's probability series: an event's number, time (epoch ms) and probabilities. */
export interface SeriesPoint {
  seq: number;
  at: number;
  probabilities: Probabilities;
}
