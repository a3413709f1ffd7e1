"use client";
// Why they moved: each scenario's move shared among the indicators whose contribution changed most.
import { useId } from "react";
import { driverEffect, formatDay, formatNats, formatSignedPoints } from "@/shared/format";
import { pointsTrend } from "./compare-data";
import { H2, type ScenarioComparison, ScenarioDot, TREND_CLASS } from "./compare-shared";

export function Attribution({ scenarios }: { scenarios: ScenarioComparison[] }) {
  const uid = useId();
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Why they moved
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">
        Each scenario&apos;s move shared among the indicators whose contribution changed most: how many times more or
        less likely each change made it against the average scenario (nats beside), the points that share is worth, and
        the evidence recorded on them in between. Shares can exceed the net move when indicators pull in opposite
        directions.
      </p>
      <ul className="mt-3 grid gap-5 md:grid-cols-2 xl:grid-cols-3">
        {scenarios.map((s) => (
          <li key={s.scenarioId} className="min-w-0">
            <h3 className="flex items-baseline gap-2 text-sm">
              <ScenarioDot color={s.color} />
              <span className="font-medium">{s.name}</span>
            </h3>
            <p className="mt-1 border-l-2 border-slate-300 pl-2 text-sm text-slate-800">{s.sentence}</p>
            {s.drivers.length ? (
              <table className="mt-2 w-full text-xs">
                <caption className="sr-only">Top drivers of the move of {s.name}</caption>
                <thead>
                  <tr className="text-left text-slate-500">
                    <th scope="col" className="py-1 pr-2 font-medium">
                      Indicator
                    </th>
                    <th scope="col" className="py-1 pr-2 text-right font-medium">
                      Effect
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Points
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.drivers.map((d) => (
                    <tr key={d.indicatorId} className="border-t border-slate-100 align-top">
                      <td className="py-1 pr-2">
                        <span className="text-slate-800">{d.name}</span>
                        {d.after.length ? (
                          <span className="block text-slate-500">
                            after{" "}
                            {d.after.map((e, k) => (
                              <span key={`${e.title}-${e.observedAt}`}>
                                {k ? "; " : ""}‘{e.title}’ ({formatDay(e.observedAt)})
                              </span>
                            ))}
                          </span>
                        ) : null}
                      </td>
                      <td
                        className={`py-1 pr-2 text-right whitespace-nowrap tabular-nums ${d.deltaNats > 0 ? "text-emerald-800" : "text-rose-800"}`}
                      >
                        {driverEffect(d.deltaNats)}
                        <span className="block text-slate-500">{formatNats(d.deltaNats)}</span>
                      </td>
                      <td
                        className={`py-1 text-right whitespace-nowrap tabular-nums ${TREND_CLASS[pointsTrend(d.points)]}`}
                      >
                        {formatSignedPoints(d.points)}
                      </td>
                    </tr>
                  ))}
                  {Math.abs(s.priorNats) > 0.005 ? (
                    <tr className="border-t border-slate-100">
                      <td className="py-1 pr-2 text-slate-600">Priors changed</td>
                      <td className="py-1 pr-2 text-right tabular-nums text-slate-600">
                        {driverEffect(s.priorNats)}
                        <span className="block text-slate-500">{formatNats(s.priorNats)}</span>
                      </td>
                      <td />
                    </tr>
                  ) : null}
                </tbody>
              </table>
            ) : (
              <p className="mt-2 text-xs text-slate-500">No indicator&apos;s contribution to it changed.</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
