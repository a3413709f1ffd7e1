"use client";
// The heat map: the round's matrix with each cell shaded by how far the analysts are apart (its
// spread), showing each analyst's likelihood and the consensus. White: all agree.
import { useId, useMemo, useState } from "react";
import { formatWholePercent } from "@/shared/format";
import { ROUND_FIRST_ROWS } from "@/shared/limits";
import { likelihoodOf, spreadShade, spreadWords, valueLabel } from "../rounds-data";
import { useJudgementRows } from "./judgement-rows";
import { cellKey, type GroupView, type RoundData, type SharedMatrix, scenarioColumns, scopeRows } from "./round-shared";

/** Up to this many analysts a cell lists each one's likelihood; more, and it shows their range. */
const COMPACT_OVER = 6;

export function HeatMap(props: { assessmentId: string; state: SharedMatrix; view: RoundData; group: GroupView }) {
  const { state, view, group } = props;
  const uid = useId();
  const scenarios = scenarioColumns(state);
  const rows = useMemo(() => scopeRows(state, view), [state, view]);
  const cells = new Map(group.cells.map((c) => [cellKey(c.indicatorId, c.scenarioId), c]));
  const focus = new Set(view.round.focus.map((c) => cellKey(c.indicatorId, c.scenarioId)));
  const letter = (label: string) => label.replace(/^Analyst /, "");
  // A large scope opens with its first rows (the dispute list ranks what matters across all of them).
  const [all, setAll] = useState(false);
  const wanted = useMemo(() => (all ? rows : rows.slice(0, ROUND_FIRST_ROWS)), [all, rows]);
  // The analysts' values of rows past the first come with "Show all" (rounds.judgements); a row shows once they have.
  const detail = useJudgementRows({
    assessmentId: props.assessmentId,
    view,
    roundId: view.round.id,
    base: view.judgements,
    wanted: useMemo(() => wanted.map((r) => r.indicatorId), [wanted]),
  });
  const shown = wanted.filter((r) => detail.has(r.indicatorId));
  // Past a handful of analysts a cell says the range of their values (each one on hover and to screen readers).
  const compact = view.judgements.length > COMPACT_OVER;

  return (
    <section aria-labelledby={`${uid}-title`} className="card p-4">
      <h2 id={`${uid}-title`} className="text-base font-semibold">
        Where the analysts differ
      </h2>
      <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
        Each cell shows every analyst&apos;s likelihood (a blank is the shared rating) and the consensus (the median).
        The deeper the shade, the wider the spread.
      </p>
      <div className="mt-2 flex items-center gap-2 text-xs text-slate-600" aria-hidden>
        <span>all agree</span>
        {[0, 0.65, 1.3, 1.95, 2.6].map((s) => (
          <span
            key={s}
            className="inline-block h-3 w-6 border border-slate-200"
            style={{ background: spreadShade(s) }}
          />
        ))}
        <span>three rating steps or more</span>
      </div>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="text-left">
              <th scope="col" className="py-1.5 pr-3 font-medium">
                Indicator
              </th>
              {scenarios.map((s) => (
                <th key={s.id} scope="col" className="px-1 py-1.5 font-medium">
                  <span className="flex items-center gap-1.5">
                    <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
                    {s.name}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const name = row.indicator?.name ?? row.indicatorName;
              return (
                <tr key={row.indicatorId} className="align-top">
                  <th scope="row" className="border-t border-slate-100 py-1.5 pr-3 text-left font-normal">
                    {name}
                  </th>
                  {scenarios.map((s) => {
                    const cell = cells.get(cellKey(row.indicatorId, s.id));
                    const spread = cell?.spread ?? 0;
                    const shared = row.indicator?.expectations[s.id];
                    const values = detail.judgements.map((j) => {
                      const v = j.values.expectations[row.indicatorId]?.[s.id] ?? shared;
                      return { who: letter(j.label), mine: j.mine, pct: v === undefined ? null : likelihoodOf(v) };
                    });
                    const consensus = group.consensus.expectations[row.indicatorId]?.[s.id];
                    const said = values.map((v) => `${v.who} ${v.pct === null ? "—" : formatWholePercent(v.pct)}`);
                    return (
                      <td
                        key={s.id}
                        className={`border border-white px-2 py-1.5 ${focus.has(cellKey(row.indicatorId, s.id)) ? "outline-2 -outline-offset-2 outline-amber-500" : ""}`}
                        style={{ background: spreadShade(spread) }}
                        title={compact ? said.join(" · ") : undefined}
                      >
                        <span className="sr-only">
                          {name} under {s.name}: {spreadWords(spread)}. {compact ? `${said.join(", ")}. ` : ""}
                        </span>
                        {compact ? (
                          <CompactValues values={values} />
                        ) : (
                          <span className="flex flex-wrap gap-x-2 tabular-nums text-slate-900">
                            {values.map((v) => (
                              <span key={v.who} className={v.mine ? "font-semibold" : ""}>
                                {v.who} {v.pct === null ? "—" : formatWholePercent(v.pct)}
                              </span>
                            ))}
                          </span>
                        )}
                        <span className="mt-0.5 block text-xs text-slate-700">
                          consensus {consensus === undefined ? "—" : valueLabel(consensus)}
                          {spread > 0 ? ` · spread ${spread.toFixed(2)}` : ""}
                        </span>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        {detail.loading ? (
          <p role="status" className="mt-2 text-xs text-slate-600">
            Loading the analysts&apos; values of the other {wanted.length - shown.length} indicators…
          </p>
        ) : null}
        {detail.error ? (
          <p role="alert" className="field-error mt-2 text-xs">
            {detail.error}
          </p>
        ) : null}
        {!all && wanted.length < rows.length ? (
          <button type="button" className="btn-secondary mt-2 px-2 py-1 text-xs" onClick={() => setAll(true)}>
            Show all {rows.length} indicators ({rows.length - wanted.length} more)
          </button>
        ) : null}
      </div>
    </section>
  );
}

/** "30–90 % · yours 70 %": the analysts' range in a cell, the caller's own value beside it. */
function CompactValues({ values }: { values: { who: string; mine: boolean; pct: number | null }[] }) {
  const known = values.map((v) => v.pct).filter((p): p is number => p !== null);
  const mine = values.find((v) => v.mine);
  if (known.length === 0) return <span className="text-slate-500">—</span>;
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return (
    <span aria-hidden className="block tabular-nums text-slate-900">
      {lo === hi
        ? `all ${formatWholePercent(lo)}`
        : `${formatWholePercent(lo).replace(/\s?%$/, "")}–${formatWholePercent(hi)}`}
      {mine && mine.pct !== null ? (
        <span className="font-semibold"> · yours {formatWholePercent(mine.pct)}</span>
      ) : null}
    </span>
  );
}
