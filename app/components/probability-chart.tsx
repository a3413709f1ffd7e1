"use client";
// Horizontal bars of the current scenario probabilities (Recharts 3, responsive).
import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from "recharts";

export interface ChartScenario {
  id: string;
  name: string;
  color: string;
  probability: number;
}

/** Chart rows in percent, rounded for labels: pure, so it is unit-testable without layout. */
export function probabilityChartData(scenarios: ChartScenario[]) {
  return scenarios.map((s) => ({
    id: s.id,
    name: s.name,
    color: s.color,
    percent: Math.round(s.probability * 1000) / 10,
  }));
}

export function ProbabilityChart({ scenarios }: { scenarios: ChartScenario[] }) {
  const data = probabilityChartData(scenarios);
  return (
    <div role="img" aria-label={`Bar chart: ${data.map((d) => `${d.name} ${d.percent} %`).join(", ")}`}>
      <BarChart
        responsive
        data={data}
        layout="vertical"
        style={{ width: "100%", height: Math.max(120, data.length * 44) }}
        margin={{ left: 8, right: 48 }}
      >
        <XAxis type="number" domain={[0, 100]} unit=" %" tickCount={6} fontSize={12} />
        <YAxis type="category" dataKey="name" width={150} fontSize={12} />
        <Bar dataKey="percent" isAnimationActive={false} radius={[0, 3, 3, 0]}>
          {data.map((d) => (
            <Cell key={d.id} fill={d.color} />
          ))}
          <LabelList dataKey="percent" position="right" formatter={(v) => `${v} %`} fontSize={12} />
        </Bar>
      </BarChart>
    </div>
  );
}
