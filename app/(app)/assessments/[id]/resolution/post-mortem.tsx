"use client";
// The post-mortem: which indicators pointed toward what happened, by their contribution at the end.
import Link from "next/link";
import { useId } from "react";
import { driverEffect, formatNats, formatWholePercent } from "@/shared/format";
import { formatProbabilityOrDash } from "../compare/compare-data";
import { pointedLabel, postMortemCounts, sortPostMortem } from "./resolution-data";
import { H2, type Scorecard } from "./resolution-shared";

export function PostMortem({ card, assessmentId }: { card: Scorecard; assessmentId: string }) {
  const uid = useId();
  const rows = sortPostMortem(card.postMortem);
  const counts = postMortemCounts(rows);
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.contribution)));
  return (
    <section className="card overflow-x-auto p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Post-mortem: which signposts served us
      </h2>
      <p className="mt-0.5 text-sm text-slate-700">
        {counts.toward} of {rows.length} indicator{rows.length === 1 ? "" : "s"} pointed toward{" "}
        <strong className="font-medium">{card.resolvedScenarioName}</strong>, {counts.away} away
        {counts.neutral ? `, ${counts.neutral} neutral` : ""}.
      </p>
      <p className="mt-0.5 text-xs text-slate-500">
        Effect: how many times each indicator, as it stood at the end, made {card.resolvedScenarioName} more or less
        likely against the average scenario (the nats are beside it). Weight 0 or presence at 50 % has no effect.
      </p>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">The assessment has no indicators.</p>
      ) : (
        <table className="mt-3 w-full text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th scope="col" className="py-2 pr-3 font-medium">
                Indicator
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">
                Weight
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">
                Presence
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">
                Effect on its odds
              </th>
              <th scope="col" className="w-48 py-2 pr-3 font-medium">
                <span className="sr-only">Contribution as a bar</span>
              </th>
              <th scope="col" className="py-2 font-medium">
                Pointed
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const label = pointedLabel(r.pointedToward);
              const tone =
                r.pointedToward === true
                  ? "text-emerald-700"
                  : r.pointedToward === false
                    ? "text-rose-700"
                    : "text-slate-500";
              const width = (Math.abs(r.contribution) / max) * 50;
              return (
                <tr key={r.indicatorId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 text-left font-normal text-slate-900">
                    {r.name}
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatWholePercent(r.weight)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatProbabilityOrDash(r.presence)}</td>
                  <td className={`py-2 pr-3 text-right font-medium tabular-nums ${tone}`}>
                    {driverEffect(r.contribution)}
                    <span className="block text-xs font-normal text-slate-500">{formatNats(r.contribution)}</span>
                  </td>
                  <td className="py-2 pr-3" aria-hidden>
                    <div className="relative h-2 rounded-full bg-slate-100">
                      <div className="absolute top-0 left-1/2 h-2 w-px bg-slate-400" />
                      <div
                        className={`absolute top-0 h-2 ${r.contribution >= 0 ? "left-1/2 rounded-r-full bg-emerald-600" : "right-1/2 rounded-l-full bg-rose-600"}`}
                        style={{ width: `${width}%` }}
                      />
                    </div>
                  </td>
                  <td className={`py-2 font-medium whitespace-nowrap ${tone}`}>
                    <span aria-hidden>{label.mark} </span>
                    {label.text}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="mt-3 text-xs text-slate-500">
        See how the call moved on the way:{" "}
        <Link className="underline" href={`/assessments/${assessmentId}/history`}>
          history
        </Link>{" "}
        ·{" "}
        <Link className="underline" href={`/assessments/${assessmentId}/compare`}>
          compare
        </Link>
        .
      </p>
    </section>
  );
}
