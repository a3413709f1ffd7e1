"use client";
// The group's view of a round, for those who may see it: the pooled call per scenario with the
// team's range (and, honestly, where the pool lies outside it), each participant's probabilities,
// the heat map of spreads over the matrix, the disputes ranked by what they do to the call, and how
// far this round converged against the one before.
import { useId } from "react";
import { formatPercent } from "@/shared/format";
import { formatRange, pooledNote } from "../rounds-data";
import { DisputeList } from "./dispute-list";
import { HeatMap } from "./heat-map";
import { type GroupView, type RoundData, type SharedMatrix, scenarioColumns, shortName } from "./round-shared";

export function GroupSection(props: {
  assessmentId: string;
  state: SharedMatrix;
  view: RoundData;
  group: GroupView;
  /** The cells the facilitator picked for the next round, or null when they cannot pick. */
  picked: Set<string> | null;
  onPick: (indicatorId: string, scenarioId: string) => void;
}) {
  const { state, view, group } = props;
  const uid = useId();
  const scenarios = scenarioColumns(state);
  const outsideAny = scenarios.some((s) => group.pooledOutsideRange[s.id]);
  const byLetter = new Map(view.judgements.map((j) => [j.label.replace(/^Analyst /, ""), j]));

  return (
    <div className="space-y-5">
      <section aria-labelledby={`${uid}-call`} className="card p-4">
        <h2 id={`${uid}-call`} className="text-lg font-semibold">
          The team&apos;s call
        </h2>
        <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
          Pooled from the {view.judgements.length} submitted judgements (a logarithmic pool, each analyst counting
          equally), on the shared model as it is now. The range runs from the lowest to the highest analyst.
        </p>
        <ul className="mt-3 grid gap-2 md:grid-cols-2 xl:grid-cols-3">
          {scenarios.map((s) => {
            const pooled = group.pooled[s.id] ?? 0;
            const range = group.range[s.id] ?? [pooled, pooled];
            const outside = group.pooledOutsideRange[s.id] ?? false;
            return (
              <li key={s.id} className="rounded-md border border-slate-200 px-3 py-2">
                <p className="flex items-center gap-2 text-sm font-medium">
                  <span aria-hidden className="inline-block size-3 rounded-sm" style={{ background: s.color }} />
                  {s.name}
                </p>
                <p className="text-base">
                  <span className="text-xl font-semibold tabular-nums">{formatPercent(pooled)}</span>{" "}
                  <span className={outside ? "text-amber-900" : "text-slate-700"}>{pooledNote(range, outside)}</span>
                </p>
                <RangeBar range={range} pooled={pooled} color={s.color} />
                <p className="mt-1 text-xs text-slate-600">
                  Adopting the consensus would give {formatPercent(group.consensus.probabilities[s.id] ?? 0)}
                </p>
              </li>
            );
          })}
        </ul>
        {outsideAny ? (
          <p className="mt-2 max-w-3xl text-sm text-amber-900">
            With three or more scenarios the pooled call can lie outside the analysts&apos; range: when each analyst
            rules out a different alternative, the pool counts both exclusions and gives the remaining scenario more
            than any single analyst did.
          </p>
        ) : null}
      </section>

      <section aria-labelledby={`${uid}-each`} className="card p-4">
        <h2 id={`${uid}-each`} className="text-base font-semibold">
          Each analyst&apos;s probabilities
        </h2>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full border-collapse text-sm tabular-nums">
            <thead>
              <tr className="border-b border-slate-200 text-left">
                <th scope="col" className="py-1 pr-3 font-medium">
                  Analyst
                </th>
                {scenarios.map((s) => (
                  <th key={s.id} scope="col" className="px-2 py-1 font-medium">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Object.entries(group.perParticipant).map(([letter, p]) => {
                const j = byLetter.get(letter);
                return (
                  <tr key={letter} className={`border-b border-slate-100 ${j?.mine ? "bg-blue-50" : ""}`}>
                    <th scope="row" className="py-1 pr-3 text-left font-normal">
                      {j ? shortName(j) : `Analyst ${letter}`}
                    </th>
                    {scenarios.map((s) => (
                      <td key={s.id} className="px-2 py-1">
                        {formatPercent(p[s.id] ?? 0)}
                      </td>
                    ))}
                  </tr>
                );
              })}
              <tr className="font-medium">
                <th scope="row" className="py-1 pr-3 text-left">
                  Pooled
                </th>
                {scenarios.map((s) => (
                  <td key={s.id} className="px-2 py-1">
                    {formatPercent(group.pooled[s.id] ?? 0)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <HeatMap assessmentId={props.assessmentId} state={state} view={view} group={group} />
      <DisputeList
        assessmentId={props.assessmentId}
        state={state}
        view={view}
        group={group}
        picked={props.picked}
        onPick={props.onPick}
      />
      <Convergence state={state} view={view} group={group} />
    </div>
  );
}

/** The range as a bar from 0 to 100 %, the pooled value as a tick (outside the bar when it is). */
function RangeBar({ range, pooled, color }: { range: readonly [number, number]; pooled: number; color: string }) {
  const [lo, hi] = range;
  return (
    <div aria-hidden className="relative mt-1 h-2 rounded bg-slate-100">
      <div
        className="absolute top-0 h-2 rounded opacity-50"
        style={{ left: `${lo * 100}%`, width: `${Math.max(0.5, (hi - lo) * 100)}%`, background: color }}
      />
      <div className="absolute -top-0.5 h-3 w-0.5 bg-slate-900" style={{ left: `${pooled * 100}%` }} />
    </div>
  );
}

function Convergence({ state, view, group }: { state: SharedMatrix; view: RoundData; group: GroupView }) {
  const scenarios = scenarioColumns(state);
  const before = view.previous?.convergenceHere ?? null;
  const rows = [
    ...(before && view.previous ? [{ name: `Round ${view.previous.number} (same cells)`, c: before }] : []),
    { name: `Round ${view.round.number}`, c: group.convergence },
  ];
  const focus = rows.some((r) => r.c.focusMeanSpread !== null);
  return (
    <section aria-labelledby="convergence-title" className="card p-4">
      <h2 id="convergence-title" className="text-base font-semibold">
        Convergence
      </h2>
      <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
        Mean spread of the cells (in logits: one rating step apart is about 0.85) and the width of each scenario&apos;s
        range{before ? ", this round against the one before on the same cells" : ""}. Narrower is closer agreement.
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full border-collapse text-sm tabular-nums">
          <thead>
            <tr className="border-b border-slate-200 text-left">
              <th scope="col" className="py-1 pr-3 font-medium">
                Round
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                Mean spread
              </th>
              {focus ? (
                <th scope="col" className="px-2 py-1 font-medium">
                  On the disputed cells
                </th>
              ) : null}
              {scenarios.map((s) => (
                <th key={s.id} scope="col" className="px-2 py-1 font-medium">
                  {s.name} range
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} className="border-b border-slate-100">
                <th scope="row" className="py-1 pr-3 text-left font-normal">
                  {r.name}
                </th>
                <td className="px-2 py-1">{r.c.meanSpread.toFixed(2)}</td>
                {focus ? <td className="px-2 py-1">{r.c.focusMeanSpread?.toFixed(2) ?? "—"}</td> : null}
                {scenarios.map((s) => (
                  <td key={s.id} className="px-2 py-1">
                    {((r.c.rangeWidths[s.id] ?? 0) * 100).toFixed(1)} pts
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.previous?.group ? (
        <p className="mt-2 text-xs text-slate-600">
          Round {view.previous.number}&apos;s ranges were{" "}
          {scenarios.map((s) => `${s.name} ${formatRange(view.previous?.group?.range[s.id] ?? [0, 0])}`).join("; ")}.
        </p>
      ) : null}
    </section>
  );
}
