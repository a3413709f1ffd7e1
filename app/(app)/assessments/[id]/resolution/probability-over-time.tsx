"use client";
// The resolved scenario's probability as a step chart, zoomed on the changes or up to the resolution.
import { useId, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay, formatPercentValue, formatUtc } from "@/shared/format";
import { tickLabel, timeTicks } from "@/shared/time-axis";
import { changesSpan, type ScorePoint, scoreSeriesRows } from "./resolution-data";
import { H2, type Scorecard } from "./resolution-shared";

export function ProbabilityOverTime({ card, color }: { card: Scorecard; color: string }) {
  const uid = useId();
  const rows = scoreSeriesRows(card.series, card.resolvedAt);
  const span = changesSpan(rows);
  const [zoomed, setZoomed] = useState(span.zoom);
  const last = rows[rows.length - 1];
  const domainEnd = zoomed ? span.lastChange + Math.max(3_600_000, (span.lastChange - span.start) * 0.08) : span.end;
  const shown = zoomed ? rows.filter((r) => r.at <= domainEnd) : rows;
  // Keep the line running to the right edge when zoomed, at the value that stood there.
  const edge = shown[shown.length - 1];
  const data: ScorePoint[] = zoomed && last && edge ? [...shown, { ...edge, at: domainEnd }] : shown;
  const axis = timeTicks(span.start, domainEnd, 9);
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 id={`${uid}-heading`} className={H2}>
            Probability of {card.resolvedScenarioName} over time
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">
            Each step is a change to the assessment; the last value stands until the resolution date.
          </p>
        </div>
        <fieldset className="flex gap-1 text-xs">
          <legend className="sr-only">Period shown</legend>
          <button
            type="button"
            className={`btn-secondary px-2 py-0.5 text-xs ${zoomed ? "bg-slate-100" : ""}`}
            aria-pressed={zoomed}
            onClick={() => setZoomed(true)}
          >
            The changes
          </button>
          <button
            type="button"
            className={`btn-secondary px-2 py-0.5 text-xs ${zoomed ? "" : "bg-slate-100"}`}
            aria-pressed={!zoomed}
            onClick={() => setZoomed(false)}
          >
            Up to the resolution
          </button>
        </fieldset>
      </div>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No probabilities were recorded before the resolution date.</p>
      ) : (
        <div
          className="mt-2"
          role="img"
          aria-label={`Step chart of the probability of ${card.resolvedScenarioName}: from ${rows[0]?.label ?? "—"} to ${last?.label ?? "—"} at the resolution`}
        >
          <LineChart
            responsive
            data={data}
            style={{ width: "100%", height: 260 }}
            margin={{ top: 8, right: 24, left: 0 }}
          >
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={[span.start, domainEnd]}
              allowDataOverflow
              ticks={axis.ticks}
              tickFormatter={(ms: number) => tickLabel(ms, axis.unit)}
              fontSize={12}
            />
            <YAxis
              domain={[0, 100]}
              tickFormatter={formatPercentValue}
              fontSize={12}
              width={52}
              ticks={[0, 20, 40, 60, 80, 100]}
            />
            <Tooltip
              labelFormatter={(v) => formatUtc(Number(v))}
              formatter={(_v, _name, item) => [(item.payload as ScorePoint).label, card.resolvedScenarioName]}
            />
            <ReferenceLine y={50} stroke="#94a3b8" strokeDasharray="4 4" />
            {zoomed ? null : (
              <ReferenceLine
                x={span.end}
                stroke="#0f172a"
                strokeDasharray="3 3"
                label={{ value: "resolved", position: "insideTopRight", fontSize: 11, fill: "#334155" }}
              />
            )}
            <Line
              type="stepAfter"
              dataKey="percent"
              stroke={color}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </div>
      )}
      {zoomed && last ? (
        <p className="mt-1 text-xs text-slate-500">
          Then unchanged at {last.label} until the resolution on {formatDay(card.resolvedAt)}.
        </p>
      ) : null}
    </section>
  );
}
