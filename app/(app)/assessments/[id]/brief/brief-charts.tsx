"use client";
// The brief's two charts (Recharts 3): scenario probabilities as bars and their course since the
// baseline as step lines. Fixed sizes and no animation, so they print exactly as they show.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Line, LineChart, XAxis, YAxis } from "recharts";
import { formatProbability, percentTenths } from "@/shared/format";
import { type ChartScenario, tickText, timelineRows, timelineTicks } from "./brief-data";

/** Two charts side by side fit the printable width of A4 and Letter (about 680 px). */
const WIDTH = 330;
const HEIGHT = 150;

export function ScenarioBars({ scenarios }: { scenarios: ChartScenario[] }) {
  // Bars drawn to a tenth, labelled by the one display rule: the figure in the table above.
  const data = scenarios.map((s) => ({
    ...s,
    percent: percentTenths(s.probability),
    label: formatProbability(s.probability),
  }));
  return (
    <div role="img" aria-label={`Bar chart: ${data.map((d) => `${d.name} ${d.label}`).join(", ")}`}>
      <BarChart
        width={WIDTH}
        height={30 + data.length * 30}
        data={data}
        layout="vertical"
        margin={{ top: 4, right: 44, bottom: 0, left: 4 }}
      >
        <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit=" %" fontSize={10} stroke="#64748b" />
        <YAxis type="category" dataKey="name" width={118} fontSize={10} stroke="#64748b" interval={0} />
        <Bar dataKey="percent" isAnimationActive={false} barSize={16} radius={[0, 2, 2, 0]}>
          {data.map((d) => (
            <Cell key={d.id} fill={d.color} />
          ))}
          <LabelList dataKey="label" position="right" fontSize={10} fill="#0f172a" />
        </Bar>
      </BarChart>
    </div>
  );
}

export function SinceBaselineChart(props: {
  scenarios: ChartScenario[];
  timeline: { at: number; probabilities: Record<string, number> }[];
  /** What the first point is: the baseline's name, or the creation of the assessment. */
  from: string;
}) {
  const rows = timelineRows(props.timeline, props.scenarios);
  const first = rows[0]?.at ?? 0;
  const last = rows[rows.length - 1]?.at ?? first;
  // A single point still needs some width around it.
  const pad = last > first ? 0 : 3_600_000;
  const domain: [number, number] = [first - pad, last + pad];
  const { ticks, step } = timelineTicks(domain[0], domain[1]);
  return (
    <div
      role="img"
      aria-label={`Step chart of ${props.scenarios.map((s) => s.name).join(", ")} from ${props.from} to the as-of moment, ${rows.length} points`}
    >
      <LineChart width={WIDTH} height={HEIGHT} data={rows} margin={{ top: 6, right: 18, bottom: 0, left: -12 }}>
        <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={domain}
          ticks={ticks}
          tickFormatter={(v: number) => tickText(v, step)}
          fontSize={10}
          stroke="#64748b"
        />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" fontSize={10} stroke="#64748b" />
        {props.scenarios.map((s) => (
          <Line
            key={s.id}
            dataKey={s.id}
            name={s.name}
            type="stepAfter"
            stroke={s.color}
            strokeWidth={2}
            dot={rows.length <= 40 ? { r: 2, fill: s.color, strokeWidth: 0 } : false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
      <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] text-slate-600">
        {props.scenarios.map((s) => (
          <li key={s.id} className="flex items-center gap-1">
            <span aria-hidden className="inline-block h-0.5 w-3" style={{ background: s.color }} />
            {s.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
