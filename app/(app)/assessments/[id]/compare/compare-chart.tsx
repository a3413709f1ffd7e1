"use client";
// The grouped bar chart of each scenario's probability at the two moments.
import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercentValue } from "@/shared/format";
import { type CompareChartRow, compareChartRows } from "./compare-data";
import { H2, type ScenarioComparison } from "./compare-shared";

export function CompareChart({ scenarios, from, to }: { scenarios: ScenarioComparison[]; from: number; to: number }) {
  const rows = compareChartRows(scenarios);
  const uid = useId();
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${uid}-heading`} className={H2}>
          From and to
        </h2>
        <p className="flex items-center gap-3 text-xs text-slate-600">
          <span className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-3 rounded-sm bg-slate-500/40" aria-hidden /> from (#{from})
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-3 rounded-sm bg-slate-600" aria-hidden /> to (#{to})
          </span>
        </p>
      </div>
      <div
        role="img"
        aria-label={`Grouped bars, from and to: ${rows.map((r) => `${r.name} ${r.fromLabel} to ${r.toLabel}`).join("; ")}`}
      >
        <BarChart
          responsive
          data={rows}
          style={{ width: "100%", height: 240 }}
          margin={{ top: 20, right: 8, left: 0, bottom: 0 }}
          barGap={4}
        >
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="name" fontSize={12} interval={0} tickLine={false} />
          <YAxis
            domain={[0, 100]}
            ticks={[0, 20, 40, 60, 80, 100]}
            tickFormatter={formatPercentValue}
            fontSize={12}
            width={52}
          />
          <Tooltip
            formatter={(_v, name, item) => {
              const row = item.payload as CompareChartRow;
              return name === "from" ? [row.fromLabel, `From (#${from})`] : [row.toLabel, `To (#${to})`];
            }}
          />
          <Bar dataKey="from" isAnimationActive={false} radius={[3, 3, 0, 0]}>
            {rows.map((r) => (
              <Cell key={r.id} fill={r.color} fillOpacity={0.35} />
            ))}
            <LabelList dataKey="fromLabel" position="top" fontSize={11} fill="#64748b" />
          </Bar>
          <Bar dataKey="to" isAnimationActive={false} radius={[3, 3, 0, 0]}>
            {rows.map((r) => (
              <Cell key={r.id} fill={r.color} />
            ))}
            <LabelList dataKey="toLabel" position="top" fontSize={11} fill="#0f172a" />
          </Bar>
        </BarChart>
      </div>
    </section>
  );
}
