// Shared by workspace-readout.spec.ts and what-if.spec.ts: a rating that visibly moves the call, watching a
// page for tRPC mutations, and axe-core's serious and critical findings on a page.
import fs from "node:fs";
import { createRequire } from "node:module";
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

/** The first rating that moves the call, looking from `fromRow` down (and round again). */
export function someRatingThatMoves(state: AssessmentState, fromRow: number): RatingMove {
  const rows = state.indicators.length;
  for (let k = 0; k < rows; k++) {
    try {
      return ratingThatMoves(state, (fromRow + k) % rows);
    } catch {
      // This row cannot move the call (its presence says nothing): try the next.
    }
  }
  throw new Error("no rating in the assessment moves a probability");
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's serious and critical violations on the page as it stands (its script injected, as
 * accessibility.spec.ts does), within `include` (CSS selectors) when given.
 */
export async function seriousViolations(page: Page, include?: string[]): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async (include) => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context?: unknown,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await (include ? axe.run({ include: include.map((s) => [s]) }) : axe.run());
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: JSON.stringify(v.nodes.map((n) => n.target)),
    }));
  }, include);
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ${v.nodes}`);
}

/** What issue 13's readout and what-if add to the workspace (the rest is audited by accessibility.spec.ts). */
export const READOUT_PARTS = [
  '[data-testid="live-readout"]',
  '[data-testid="what-if-panel"]',
  'nav[aria-label="Skip links"]',
  "#indicator-matrix thead",
  "#explanations",
];
