// What the parts of the compare view share: the shapes of the server's answers, the heading style,
// the colours of a move up or down, and a scenario's colour dot.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";
import type { Trend } from "./compare-data";

type Outputs = inferRouterOutputs<AppRouter>;
export type Comparison = Outputs["history"]["compare"];
export type ScenarioComparison = Comparison["scenarios"][number];
export type Baseline = Outputs["history"]["baselines"][number];
export type ChangeItem = Outputs["history"]["changes"]["items"][number];

export const H2 = "text-xs font-semibold uppercase tracking-wide text-slate-500";
export const TREND_CLASS: Record<Trend, string> = {
  up: "text-emerald-700",
  down: "text-rose-700",
  flat: "text-slate-500",
};

export function ScenarioDot({ color }: { color: string }) {
  return <span className="inline-block h-2.5 w-2.5 shrink-0 rounded-full" style={{ background: color }} aria-hidden />;
}
