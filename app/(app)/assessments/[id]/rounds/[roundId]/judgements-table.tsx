"use client";
// Submitted judgements indicator by indicator: each participant's ratings, weight and reason. Used
// for a round's distribution (the round before this one, or a round with one judgement in so far).
import { useMemo } from "react";
import { formatWholePercent } from "@/shared/format";
import { valueLabel } from "../rounds-data";
import { useJudgementRows } from "./judgement-rows";
import {
  type JudgementEntry,
  type RoundData,
  type SharedMatrix,
  scenarioColumns,
  scopeRows,
  shortName,
} from "./round-shared";

export function JudgementsTable(props: {
  assessmentId: string;
  state: SharedMatrix;
  view: RoundData;
  /** The round these judgements belong to: this one, or the one before. */
  roundId: string;
  judgements: JudgementEntry[];
}) {
  const scenarios = scenarioColumns(props.state);
  const rows = useMemo(() => scopeRows(props.state, props.view), [props.state, props.view]);
  // Rows past the first come from rounds.judgements, a page at a time.
  const detail = useJudgementRows({
    assessmentId: props.assessmentId,
    view: props.view,
    roundId: props.roundId,
    base: props.judgements,
    wanted: useMemo(() => rows.map((r) => r.indicatorId), [rows]),
  });
  if (props.judgements.length === 0) return <p className="mt-2 text-sm text-slate-600">No judgement was submitted.</p>;
  return (
    <div className="mt-3 space-y-4">
      {detail.loading ? (
        <p role="status" className="text-xs text-slate-600">
          Loading the analysts&apos; values of the other indicators…
        </p>
      ) : null}
      {detail.error ? (
        <p role="alert" className="field-error text-xs">
          {detail.error}
        </p>
      ) : null}
      {rows.map((row) => {
        if (!detail.has(row.indicatorId)) return null;
        const name = row.indicator?.name ?? row.indicatorName;
        return (
          <div key={row.indicatorId} className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="pb-1 text-left font-medium">{name}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Participant
                  </th>
                  {scenarios.map((s) => (
                    <th key={s.id} scope="col" className="px-2 py-1 font-medium">
                      {s.name}
                    </th>
                  ))}
                  <th scope="col" className="px-2 py-1 font-medium">
                    Weight
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.judgements.map((j) => {
                  const weight = j.values.weights[row.indicatorId];
                  return (
                    <tr key={j.label} className="border-b border-slate-100">
                      <th scope="row" className="py-1 pr-3 text-left font-normal">
                        {shortName(j)}
                      </th>
                      {scenarios.map((s) => {
                        const v = j.values.expectations[row.indicatorId]?.[s.id];
                        return (
                          <td key={s.id} className={`px-2 py-1 ${v === undefined ? "text-slate-400" : ""}`}>
                            {v === undefined
                              ? `shared (${valueLabel(row.indicator?.expectations[s.id])})`
                              : valueLabel(v)}
                          </td>
                        );
                      })}
                      <td className={`px-2 py-1 ${weight === undefined ? "text-slate-400" : ""}`}>
                        {weight === undefined ? "shared" : formatWholePercent(weight)}
                      </td>
                      <td className="px-2 py-1 text-slate-700">{j.values.reasons[row.indicatorId] ?? "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}
