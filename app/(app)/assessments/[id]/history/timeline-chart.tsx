"use client";
// The probability timeline (Recharts 3): step lines or stacked step areas, to scale in UTC time or
// one step per change, a dot per change, dashed lines at baselines, teal lines at adopted team rounds, a tooltip saying who changed what and why, and a click
// that opens the workspace as it was after that change.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  type DotItemDotProps,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { PersonName } from "@/app/components/person-name";
import { useTRPC } from "@/app/trpc/client";
import type { ChangeRow } from "@/server/history/timeline";
import { formatPercent, formatPercentValue, formatUtc, HOUR_MS } from "@/shared/format";
import { tickLabel, timeTicks } from "@/shared/time-axis";
import {
  type AdoptionMark,
  type ChartRow,
  changeTicks,
  kindLabel,
  plotRows,
  rowAtIndex,
  type Spacing,
  xAtOrBefore,
} from "./history-data";

export type ChartMode = "lines" | "areas";

export interface ChartScenario {
  id: string;
  name: string;
  color: string;
}

/** Beyond this many points a dot per change would be a smear; the tooltip still finds each one. */
const MAX_DOTS = 250;
const HEIGHT = 360;

export function TimelineChart(props: {
  assessmentId: string;
  rows: ChartRow[];
  scenarios: ChartScenario[];
  mode: ChartMode;
  spacing: Spacing;
  changes: Map<number, ChangeRow>;
  baselines: { id: string; name: string; eventSeq: number; createdAt: Date }[];
  /** Team rounds adopted: each is one change of the history, marked where it happened. */
  adoptions: AdoptionMark[];
  onOpen: (seq: number) => void;
}) {
  const { scenarios, mode, spacing } = props;
  const rows = plotRows(props.rows, spacing);
  const first = rows[0];
  const last = rows[rows.length - 1];
  const byTime = spacing === "time";
  // A single change still needs some width around it.
  const pad = first && last && last.x > first.x ? 0 : byTime ? HOUR_MS : 1;
  const domain: [number, number] = [(first?.x ?? 0) - pad, (last?.x ?? 0) + pad];
  const years = new Set(rows.map((r) => new Date(r.at).getUTCFullYear())).size > 1;
  const axis = byTime ? timeTicks(domain[0], domain[1], 7) : changeTicks(rows, 7);
  const tickText = (x: number) => {
    const at = byTime ? x : rows[x]?.at;
    return at === undefined ? "" : tickLabel(at, axis.unit, years && axis.unit === "day");
  };
  const showDots = rows.filter((r) => r.seq !== null).length <= MAX_DOTS;
  const baselines = props.baselines
    .map((b) => ({ ...b, x: byTime ? b.createdAt.getTime() : xAtOrBefore(rows, b.eventSeq) }))
    .filter((b): b is typeof b & { x: number } => b.x !== undefined && b.x >= domain[0] && b.x <= domain[1]);
  const adoptions = props.adoptions
    .map((a) => ({ ...a, x: byTime ? a.at.getTime() : xAtOrBefore(rows, a.seq) }))
    .filter((a): a is typeof a & { x: number } => a.x !== undefined && a.x >= domain[0] && a.x <= domain[1]);

  return (
    <figure
      aria-label={`Timeline of ${scenarios.map((s) => s.name).join(", ")} from ${formatUtc(first?.at ?? 0)} to ${formatUtc(last?.at ?? 0)}; the list of changes beside it holds the same events.`}
    >
      <ComposedChart
        responsive
        data={rows}
        style={{ width: "100%", height: HEIGHT, cursor: "pointer" }}
        margin={{ top: 12, right: 16, bottom: 0, left: 4 }}
        onClick={(state) => {
          const row = rowAtIndex(rows, state.activeTooltipIndex ?? state.activeIndex);
          if (row && row.seq !== null) props.onOpen(row.seq);
        }}
      >
        <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
        <XAxis
          dataKey="x"
          type="number"
          scale={byTime ? "time" : "linear"}
          domain={domain}
          ticks={axis.ticks}
          tickFormatter={tickText}
          fontSize={12}
          stroke="#64748b"
          minTickGap={12}
        />
        <YAxis
          type="number"
          domain={[0, 100]}
          ticks={[0, 25, 50, 75, 100]}
          tickFormatter={formatPercentValue}
          fontSize={12}
          stroke="#64748b"
          width={52}
          allowDataOverflow
        />
        <Tooltip
          isAnimationActive={false}
          allowEscapeViewBox={{ x: false, y: true }}
          wrapperStyle={{ zIndex: 20, outline: "none" }}
          cursor={{ stroke: "#94a3b8", strokeDasharray: "4 3" }}
          content={(p) => (
            <ChangeTooltip
              assessmentId={props.assessmentId}
              active={p.active}
              row={p.payload[0]?.payload as ChartRow | undefined}
              scenarios={scenarios}
              changes={props.changes}
            />
          )}
        />
        {baselines.map((b) => (
          <ReferenceLine
            key={b.id}
            x={b.x}
            stroke="#475569"
            strokeDasharray="6 4"
            label={{ value: `◆ ${b.name}`, position: "insideTopLeft", fontSize: 11, fill: "#334155" }}
          />
        ))}
        {adoptions.map((a) => (
          <ReferenceLine
            key={a.id}
            x={a.x}
            stroke="#0f766e"
            strokeWidth={1.5}
            label={{
              value: `▲ Round ${a.number} adopted`,
              // Beside the line on the side with room: an adoption is often the latest change, at the right edge.
              position: a.x > (domain[0] + domain[1]) / 2 ? "insideBottomRight" : "insideBottomLeft",
              fontSize: 11,
              fill: "#115e59",
            }}
          />
        ))}
        {scenarios.map((s) =>
          mode === "lines" ? (
            <Line
              key={s.id}
              type="stepAfter"
              dataKey={(row: ChartRow) => row.percent[s.id] ?? 0}
              name={s.name}
              stroke={s.color}
              strokeWidth={2}
              dot={(p) => changeDot(p, s, showDots)}
              activeDot={{ r: 5, stroke: "#fff", strokeWidth: 2, fill: s.color }}
              isAnimationActive={false}
            />
          ) : (
            <Area
              key={s.id}
              type="stepAfter"
              stackId="probability"
              dataKey={(row: ChartRow) => row.percent[s.id] ?? 0}
              name={s.name}
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.55}
              strokeWidth={1.5}
              dot={(p) => changeDot(p, s, showDots)}
              activeDot={{ r: 5, stroke: "#fff", strokeWidth: 2, fill: s.color }}
              isAnimationActive={false}
            />
          ),
        )}
      </ComposedChart>
    </figure>
  );
}

/** A hollow dot on each change; none on the row that only carries the last value to the period's end. */
function changeDot(p: DotItemDotProps, scenario: ChartScenario, show: boolean): ReactNode {
  const row = p.payload as ChartRow | undefined;
  const key = `${scenario.id}-${p.index}`;
  if (!show || !row || row.seq === null || p.cx === undefined || p.cy === undefined) return <g key={key} />;
  return <circle key={key} cx={p.cx} cy={p.cy} r={3} fill="#fff" stroke={scenario.color} strokeWidth={1.5} />;
}

/** Who changed what and why at the point under the pointer, with every scenario's probability after it. */
function ChangeTooltip(props: {
  assessmentId: string;
  active: boolean;
  row: ChartRow | undefined;
  scenarios: ChartScenario[];
  changes: Map<number, ChangeRow>;
}) {
  const trpc = useTRPC();
  const seq = props.row?.seq ?? null;
  const joined = seq === null ? undefined : props.changes.get(seq);
  // More changes in the period than the joined page holds: fetch this one on hover.
  const single = useQuery({
    ...trpc.history.changes.queryOptions({ assessmentId: props.assessmentId, before: (seq ?? 0) + 1, limit: 1 }),
    enabled: props.active && seq !== null && !joined,
  });
  if (!props.active || !props.row) return null;
  const row = props.row;
  const change = joined ?? single.data?.items.find((c) => c.seq === seq);
  return (
    <div className="max-w-80 rounded-md border border-slate-200 bg-white p-3 text-xs shadow-lg">
      {row.seq === null ? (
        <p className="font-medium text-slate-900">{formatUtc(row.at)}: no change since the last one</p>
      ) : (
        <>
          <p className="text-slate-500">
            <time dateTime={new Date(row.at).toISOString()}>{formatUtc(row.at)}</time> · change {row.seq}
          </p>
          {change ? (
            <>
              <p className="mt-1 font-medium text-slate-900">
                <PersonName person={change.actor} />{" "}
                <span className="font-normal text-slate-500">· {kindLabel(change.kind)}</span>
              </p>
              <p className="mt-0.5 text-slate-800">{change.summary}</p>
              {change.rationale ? <p className="mt-1 text-slate-600 italic">Why: {change.rationale}</p> : null}
            </>
          ) : (
            <p className="mt-1 text-slate-500">Loading who changed what…</p>
          )}
        </>
      )}
      <ul className="mt-2 space-y-0.5 border-t border-slate-100 pt-2">
        {props.scenarios.map((s) => (
          <li key={s.id} className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />
            <span className="flex-1 truncate text-slate-700">{s.name}</span>
            <span className="tabular-nums text-slate-900">
              {row.labels?.[s.id] ?? formatPercent((row.percent[s.id] ?? 0) / 100)}
            </span>
          </li>
        ))}
      </ul>
      {row.seq === null ? null : <p className="mt-2 text-blue-800">Click to open the workspace as of this change</p>}
    </div>
  );
}
