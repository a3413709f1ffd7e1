// The brief's "Team rounds" section: each round opened by the brief's moment, newest last, with
// its pooled call and range, convergence, the disputes that matter and the judgements, as the
// server let the reader see them (server/rounds/brief-rounds.ts). Nothing is hidden here: what
// the reader may not see never reaches the page.
import type { BriefRound } from "@/server/export/brief";
import { formatProbability, formatProbabilityRange, formatUtc } from "@/shared/format";
import { convergenceWords, impactWords, roundCounts, roundTimeline, spreadWords } from "@/shared/rounds-words";

const th = "px-2 py-1 text-left font-medium text-slate-600 print:px-1.5 print:py-0.5";
const td = "px-2 py-1 align-top print:px-1.5 print:py-0.5";

export function TeamRounds({ rounds }: { rounds: BriefRound[] }) {
  return (
    <div className="space-y-5 print:space-y-3">
      {rounds.map((r) => (
        <RoundBlock key={r.id} round={r} />
      ))}
    </div>
  );
}

function RoundBlock({ round }: { round: BriefRound }) {
  return (
    <article aria-labelledby={`brief-round-${round.id}`} className="break-inside-avoid-page">
      <h3 id={`brief-round-${round.id}`} className="font-semibold text-slate-900">
        Round {round.number}: <span className="font-normal">“{round.question}”</span>
      </h3>
      <p className="text-xs text-slate-600 print:text-[7.5pt]">
        {roundTimeline(round)} · facilitated by {round.facilitator} · {roundCounts(round)}
        {round.anonymous ? " · anonymous" : " · named"}
      </p>
      {round.hiddenBecause ? (
        <p className="mt-1 text-slate-600">{round.hiddenBecause}</p>
      ) : round.groupReason ? (
        <p className="mt-1 text-slate-600">{round.groupReason}</p>
      ) : null}
      {round.scenarios.length ? (
        <table className="mt-1.5 w-full border-collapse">
          <thead className="border-b border-slate-300">
            <tr>
              <th scope="col" className={th}>
                Scenario
              </th>
              <th scope="col" className={`${th} text-right`}>
                Pooled call
              </th>
              <th scope="col" className={`${th} text-right`}>
                Team range
              </th>
            </tr>
          </thead>
          <tbody>
            {round.scenarios.map((s) => (
              <tr key={s.id} className="border-b border-slate-100">
                <th scope="row" className={`${td} text-left font-normal`}>
                  {s.name}
                </th>
                <td className={`${td} text-right tabular-nums`}>{formatProbability(s.pooled)}</td>
                <td className={`${td} text-right tabular-nums`}>
                  {formatProbabilityRange(s.low, s.high)}
                  {s.outside ? <span className="block text-xs text-amber-800">the pool lies outside it</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {round.convergence ? <p className="mt-1 text-xs text-slate-600">{convergenceWords(round.convergence)}.</p> : null}
      {round.disputes.length ? (
        <>
          <h4 className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-600">Disputes that matter</h4>
          <ol className="mt-0.5 list-decimal space-y-1 pl-5">
            {round.disputes.map((d) => (
              <li key={`${d.indicatorId}/${d.scenarioId}`}>
                <span className="font-medium">{d.indicator}</span> under {d.scenario}: {impactWords(d.impact)}, spread{" "}
                {spreadWords(d.spread)}.{" "}
                <span className="text-slate-600">{d.values.map((v) => `${v.who}: ${v.value}`).join("; ")}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {round.judgements.length ? (
        <>
          <h4 className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-600">Judgements</h4>
          <ul className="mt-0.5 space-y-1.5">
            {round.judgements.map((j) => (
              <li key={j.who}>
                <span className="font-medium">{j.who}</span>{" "}
                <span className="text-xs text-slate-500">submitted {formatUtc(j.submittedAt)}</span>
                {j.rows.length ? (
                  <ul className="ml-4 list-disc pl-4 text-slate-700">
                    {j.rows.map((row) => (
                      <li key={row.indicatorId}>
                        {row.indicator}
                        {row.ratings ? `: ${row.ratings}` : ""}
                        {row.weight ? ` · weight ${row.weight}` : ""}
                        {row.reason ? <span className="text-slate-600"> · “{row.reason}”</span> : null}
                      </li>
                    ))}
                    {j.more ? (
                      <li className="text-slate-500">and {j.more} more indicators (in the JSON export)</li>
                    ) : null}
                  </ul>
                ) : (
                  <span className="text-slate-600"> · kept every shared value</span>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
