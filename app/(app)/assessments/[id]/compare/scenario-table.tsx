"use client";
// The scenarios side by side: from, to, the change in points and the ICD 203 term at each end.
import { useId } from "react";
import { LeadingBadge } from "@/app/components/leading-badge";
import { leadingScenarioId } from "@/shared/engine";
import { formatSignedPoints } from "@/shared/format";
import { formatProbabilityOrDash, pointsTrend } from "./compare-data";
import { H2, type ScenarioComparison, ScenarioDot, TREND_CLASS } from "./compare-shared";

export function ScenarioTable({ scenarios, from, to }: { scenarios: ScenarioComparison[]; from: number; to: number }) {
  const uid = useId();
  const changed = scenarios.filter((s) => s.termChanged).length;
  const leader = (end: "from" | "to") =>
    leadingScenarioId(Object.fromEntries(scenarios.flatMap((s) => (s[end] === null ? [] : [[s.scenarioId, s[end]]]))));
  const leadingFrom = leader("from");
  const leadingTo = leader("to");
  return (
    <section className="card overflow-x-auto p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Probabilities side by side
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">
        {changed === 0
          ? "No scenario changed its ICD 203 term."
          : `${changed} scenario${changed === 1 ? "" : "s"} changed ICD 203 term.`}
      </p>
      <table className="mt-3 w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            <th scope="col" className="py-2 pr-3 align-bottom font-medium">
              Scenario
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              From <span className="block font-normal">#{from}</span>
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              To <span className="block font-normal">#{to}</span>
            </th>
            <th scope="col" className="py-2 pr-3 text-right align-bottom font-medium">
              Change
            </th>
            <th scope="col" className="py-2 align-bottom font-medium">
              ICD 203 term
            </th>
          </tr>
        </thead>
        <tbody>
          {scenarios.map((s) => {
            const trend = pointsTrend(s.deltaPoints);
            return (
              <tr key={s.scenarioId} className="border-b border-slate-100 align-top">
                <th scope="row" className="py-2.5 pr-3 text-left font-medium">
                  <span className="flex items-center gap-2 whitespace-nowrap">
                    <ScenarioDot color={s.color} />
                    {s.name}
                  </span>
                </th>
                <td className="py-2.5 pr-3 text-right whitespace-nowrap tabular-nums text-slate-600">
                  {formatProbabilityOrDash(s.from)}
                </td>
                <td className="py-2.5 pr-3 text-right font-semibold whitespace-nowrap tabular-nums">
                  {formatProbabilityOrDash(s.to)}
                </td>
                <td
                  className={`py-2.5 pr-3 text-right font-semibold whitespace-nowrap tabular-nums ${TREND_CLASS[trend]}`}
                  data-testid={`delta-${s.scenarioId}`}
                >
                  <span aria-hidden>{trend === "up" ? "▲ " : trend === "down" ? "▼ " : ""}</span>
                  {formatSignedPoints(s.deltaPoints)}
                </td>
                <td className="py-2.5">
                  {s.termChanged ? (
                    <span className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
                      <span className="text-slate-500">
                        {s.fromTerm ?? "not yet a scenario"}
                        {s.scenarioId === leadingFrom ? " (leading)" : ""}
                      </span>
                      <span aria-hidden>→</span>
                      <span className="sr-only">to</span>
                      <span className="font-medium">
                        {s.toTerm ?? "no longer a scenario"}
                        {s.scenarioId === leadingTo ? <LeadingBadge /> : null}
                      </span>
                      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                        term changed
                      </span>
                    </span>
                  ) : (
                    <span>
                      {s.toTerm}
                      {s.scenarioId === leadingTo ? <LeadingBadge /> : null}{" "}
                      <span className="text-xs text-slate-500">
                        (unchanged{s.scenarioId === leadingFrom && s.scenarioId !== leadingTo ? "; was leading" : ""})
                      </span>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
