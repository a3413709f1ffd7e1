"use client";
// The team's track record: its resolved assessments with their scores, and a calibration chart of
// the probabilities it gave (bucketed by tenths) against how often those scenarios happened.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId } from "react";
import {
  CartesianGrid,
  ComposedChart,
  LabelList,
  ReferenceLine,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";
import {
  type CalibrationRow,
  calibrationRows,
  meanScores,
} from "@/app/(app)/assessments/[id]/resolution/resolution-data";
import { useTRPC } from "@/app/trpc/client";
import { formatBits, formatBrier, formatDay, formatPercentValue, formatProbability } from "@/shared/format";

const H2 = "text-xs font-semibold uppercase tracking-wide text-slate-500";
const TICKS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

export function TeamCalibration({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const uid = useId();
  const calibration = useQuery(trpc.history.calibration.queryOptions({ teamId }));
  const data = calibration.data;
  const rows = data ? calibrationRows(data.calibration) : [];
  const means = data ? meanScores(data.assessments) : null;
  return (
    <section className="card mt-6 p-5" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className="text-lg font-semibold">
        Track record and calibration
      </h2>
      <p className="text-sm text-slate-600">
        The team&apos;s resolved assessments with their scores, and how often the scenarios it gave a probability to
        actually happened.
      </p>
      {calibration.isError ? (
        <p role="alert" className="field-error mt-3">
          {calibration.error.message}
        </p>
      ) : !data ? (
        <p className="mt-3 text-sm text-slate-500">Loading…</p>
      ) : data.assessments.length === 0 ? (
        <div className="mt-4 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          <p className="font-medium text-slate-800">No resolved assessments yet</p>
          <p className="mt-1">
            When a question settles, resolve its assessment from its Resolution tab with the scenario that happened. Its
            Brier and log scores appear here, and the calibration chart fills in as more are resolved.
          </p>
        </div>
      ) : (
        <div className="mt-4 grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="min-w-0 overflow-x-auto">
            <h3 className={H2}>Resolved assessments ({data.assessments.length})</h3>
            <table className="mt-2 w-full text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Assessment
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    What happened
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    Given
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    <abbr title="Final Brier score: 0 is perfect, 2 the worst" className="no-underline">
                      Brier
                    </abbr>
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    <abbr title="−log₂ of the probability given to what happened" className="no-underline">
                      Log score
                    </abbr>
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    <abbr
                      title="Mean Brier score from the first change to the resolution date, weighted by time"
                      className="no-underline"
                    >
                      Time-weighted
                    </abbr>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.assessments.map((a) => (
                  <tr key={a.id} className="border-b border-slate-100 align-top">
                    <th scope="row" className="py-2 pr-3 text-left font-normal">
                      <Link
                        className="font-medium text-blue-800 hover:underline"
                        href={`/assessments/${a.id}/resolution`}
                      >
                        {a.title}
                      </Link>
                      <span className="block text-xs text-slate-500">
                        resolved <time dateTime={a.resolvedAt}>{formatDay(a.resolvedAt)}</time>
                      </span>
                    </th>
                    <td className="py-2 pr-3">{a.resolvedScenarioName}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatProbability(a.finalProbability)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatBrier(a.brier)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums whitespace-nowrap">{formatBits(a.logScore)}</td>
                    <td className="py-2 text-right tabular-nums">{formatBrier(a.timeWeightedBrier)}</td>
                  </tr>
                ))}
              </tbody>
              {means && data.assessments.length > 1 ? (
                <tfoot>
                  <tr className="text-slate-700">
                    <th scope="row" colSpan={3} className="py-2 pr-3 text-left font-medium">
                      Team mean
                    </th>
                    <td className="py-2 pr-3 text-right font-medium tabular-nums">{formatBrier(means.brier)}</td>
                    <td className="py-2 pr-3 text-right font-medium tabular-nums whitespace-nowrap">
                      {formatBits(means.logScore)}
                    </td>
                    <td className="py-2 text-right font-medium tabular-nums">{formatBrier(means.timeWeightedBrier)}</td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
            <p className="mt-2 text-xs text-slate-500">
              Lower is better for every score. Brier runs from 0 (certain and right) to 2 (certain and wrong); the log
              score is in bits (1 bit = a coin toss on what happened).
            </p>
          </div>
          <CalibrationChart rows={rows} />
        </div>
      )}
    </section>
  );
}

function CalibrationChart({ rows }: { rows: CalibrationRow[] }) {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return (
    <figure className="min-w-0">
      <h3 className={H2}>Calibration</h3>
      <div
        role="img"
        aria-label={`Calibration chart: ${rows
          .map((r) => `forecasts of ${r.bucket}: ${formatProbability(r.observed / 100)} happened (${r.count})`)
          .join("; ")}`}
      >
        <ComposedChart
          responsive
          data={rows}
          style={{ width: "100%", height: 300 }}
          margin={{ top: 24, right: 16, bottom: 16, left: 16 }}
        >
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis
            dataKey="forecast"
            type="number"
            domain={[0, 100]}
            ticks={TICKS}
            tickFormatter={formatPercentValue}
            fontSize={11}
            label={{ value: "Probability given", position: "insideBottom", offset: -8, fontSize: 12, fill: "#475569" }}
          />
          <YAxis
            dataKey="observed"
            type="number"
            domain={[0, 100]}
            ticks={TICKS}
            tickFormatter={formatPercentValue}
            fontSize={11}
            width={56}
            label={{ value: "Happened", angle: -90, position: "left", offset: 4, fontSize: 12, fill: "#475569" }}
          />
          <ZAxis
            dataKey="count"
            type="number"
            range={[60, 600]}
            domain={[0, Math.max(1, ...rows.map((r) => r.count))]}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 100, y: 100 },
            ]}
            stroke="#94a3b8"
            strokeDasharray="5 5"
            ifOverflow="extendDomain"
          />
          <Tooltip
            cursor={false}
            content={({ active, payload }) => {
              const row = active ? (payload?.[0]?.payload as CalibrationRow | undefined) : undefined;
              if (!row) return null;
              return (
                <div className="rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-xs shadow-sm">
                  <p className="font-medium">Forecasts of {row.bucket}</p>
                  <p>
                    {row.count} forecast{row.count === 1 ? "" : "s"}, mean {formatProbability(row.forecast / 100)}
                  </p>
                  <p>{formatProbability(row.observed / 100)} happened</p>
                </div>
              );
            }}
          />
          <Scatter dataKey="observed" fill="#1d4ed8" fillOpacity={0.75} isAnimationActive={false}>
            <LabelList dataKey="count" position="top" offset={12} fontSize={11} fill="#0f172a" />
          </Scatter>
        </ComposedChart>
      </div>
      <figcaption className="mt-1 text-xs text-slate-500">
        Each point is one tenth of the probability scale: across {total} scenario forecast{total === 1 ? "" : "s"} at
        resolution, how often the scenarios given that much happened; the number is how many forecasts fell in it and
        sizes the point. A well-calibrated team sits on the dashed diagonal.
      </figcaption>
      <table className="mt-2 w-full text-xs">
        <caption className="sr-only">Calibration by tenth</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th scope="col" className="py-1 pr-2 font-medium">
              Given
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              Forecasts
            </th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">
              Mean given
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Happened
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.bucket} className="border-b border-slate-100">
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {r.bucket}
              </th>
              <td className="py-1 pr-2 text-right tabular-nums">{r.count}</td>
              <td className="py-1 pr-2 text-right tabular-nums">{formatProbability(r.forecast / 100)}</td>
              <td className="py-1 text-right tabular-nums">{formatProbability(r.observed / 100)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
