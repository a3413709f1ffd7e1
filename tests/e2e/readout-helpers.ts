// Shared by readout.spec.ts and what-if.spec.ts: a rating that visibly moves the call, the engine's
// figures for a state as the readout shows them, and watching a page for tRPC mutations.
import type { Page } from "@playwright/test";
import { applyChange, type Change } from "@/shared/assessment/changes";
import type { AssessmentState } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS } from "@/shared/engine";
import { expectedProbabilities } from "./helpers";

export interface RatingMove {
  row: number;
  col: number;
  /** The digit that sets it (1 highly likely … 5 highly unlikely). */
  digit: string;
  change: Extract<Change, { type: "indicator.setExpectation" }>;
  /** The cell's accessible name after the change. */
  label: string;
  next: AssessmentState;
}

/** In `row` (from column `minCol`), a rating that moves some shown probability, with the state it makes. */
export function ratingThatMoves(state: AssessmentState, row: number, minCol = 0): RatingMove {
  const active = state.scenarios.filter((s) => !s.archived);
  const now = expectedProbabilities(state);
  const indicator = state.indicators[row];
  if (!indicator) throw new Error(`no row ${row}`);
  for (const [col, scenario] of active.entries()) {
    if (col < minCol) continue;
    for (const [i, to] of RATING_KEYS.entries()) {
      if (indicator.expectations[scenario.id] === to) continue;
      const change = {
        type: "indicator.setExpectation" as const,
        indicatorId: indicator.id,
        scenarioId: scenario.id,
        expectation: to,
      };
      const next = applyChange(state, change, { at: Date.now() });
      const then = expectedProbabilities(next);
      if (Object.keys(now).some((id) => now[id] !== then[id])) {
        const label = `${indicator.name} under ${scenario.name}: ${RATINGS[to].label}`;
        return { row, col, digit: String(i + 1), change, label, next };
      }
    }
  }
  throw new Error(`no rating in row ${row} moves a probability`);
}

/** Every tRPC mutation the page sends from now on (queries are GETs, the live stream a GET too). */
export function watchMutations(page: Page): string[] {
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/api/trpc/")) sent.push(new URL(r.url()).pathname);
  });
  return sent;
}
