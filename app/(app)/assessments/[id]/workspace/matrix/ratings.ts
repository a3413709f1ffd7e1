// How a rating looks in the matrix: its colours, and the words a cell and its label say.
import type { Expectation } from "@/shared/assessment/state";
import { RATINGS, type Rating } from "@/shared/engine";
import { formatWholePercent } from "@/shared/format";

export const RATING_STYLE: Record<Rating, string> = {
  highly_likely: "bg-emerald-700 text-white",
  likely: "bg-emerald-100 text-emerald-900",
  could: "bg-slate-100 text-slate-800",
  unlikely: "bg-rose-100 text-rose-900",
  highly_unlikely: "bg-rose-700 text-white",
};

export function expectationLabel(e: Expectation | undefined): string {
  if (e === undefined) return "—";
  return typeof e === "number" ? `exactly ${formatWholePercent(e)}` : RATINGS[e].label;
}
