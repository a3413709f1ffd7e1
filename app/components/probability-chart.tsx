"use client";
// Horizontal bars of the current scenario probabilities (Recharts 3, responsive). It redraws on
// every drag frame of a preview, so its text is plain SVG <text>: Recharts' own Text measures every
// string in the DOM on each render, which alone took a few milliseconds of a 16 ms frame.
import { memo } from "react";
import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from "recharts";
import { formatPercentValue, formatProbability, percentTenths } from "@/shared/format";

export interface ChartScenario {
  id: string;
  name: string;
  color: string;
  probability: number;
}

export interface ChartRow {
  id: string;
  name: string;
  color: string;
  /** The bar's length, in percent to a tenth. */
  percent: number;
  /** The bar's figure, by the one display rule: the same text as the scenario panel beside it. */
  label: string;
}

/** Chart rows: bar lengths in percent, labels as every page writes a probability. Pure, so unit-testable without layout. */
export function probabilityChartData(scenarios: ChartScenario[]): ChartRow[] {
  return scenarios.map((s) => ({
    id: s.id,
    name: s.name,
    color: s.color,
    percent: percentTenths(s.probability),
    label: formatProbability(s.probability),
  }));
}

/**
 * A scenario name broken into at most `maxLines` lines of about `lineChars` characters, on word
 * boundaries where it can; the last line ends in "…" when the name does not fit.
 */
export function wrapLabel(name: string, lineChars = 22, maxLines = 2): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of name.trim().split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= lineChars) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (line.length > lineChars) {
      lines.push(line.slice(0, lineChars));
      line = line.slice(lineChars);
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? "";
  kept[maxLines - 1] = `${last.slice(0, lineChars - 1)}…`;
  return kept;
}

const TEXT = { fontSize: 12, fill: "#334155" } as const;

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

function ScenarioTick({ x = 0, y = 0, payload }: TickProps) {
  const name = String(payload?.value ?? "");
  const lines = wrapLabel(name); // two lines at most
  return (
    <text x={Number(x) - 6} y={Number(y)} textAnchor="end" {...TEXT}>
      <title>{name}</title>
      <tspan x={Number(x) - 6} dy={lines.length > 1 ? "-0.25em" : "0.35em"}>
        {lines[0]}
      </tspan>
      {lines[1] ? (
        <tspan x={Number(x) - 6} dy="1.2em">
          {lines[1]}
        </tspan>
      ) : null}
    </text>
  );
}

function PercentTick({ x = 0, y = 0, payload }: TickProps) {
  return (
    <text x={Number(x)} y={Number(y) + 14} textAnchor="middle" {...TEXT}>
      {formatPercentValue(Number(payload?.value ?? 0))}
    </text>
  );
}

interface BarLabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  value?: unknown;
}

function BarValue({ x = 0, y = 0, width = 0, height = 0, value }: BarLabelProps) {
  return (
    <text x={Number(x) + Number(width) + 6} y={Number(y) + Number(height) / 2} dy="0.35em" {...TEXT}>
      {String(value ?? "")}
    </text>
  );
}

function sameRows(a: ChartRow[], b: ChartRow[]): boolean {
  return (
    a.length === b.length &&
    a.every((row, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        row.id === other.id &&
        row.name === other.name &&
        row.color === other.color &&
        row.percent === other.percent &&
        row.label === other.label
      );
    })
  );
}

export function ProbabilityChart({ scenarios }: { scenarios: ChartScenario[] }) {
  return <ChartOfRows rows={probabilityChartData(scenarios)} />;
}

/** Redrawn only when what it shows changes: most drag frames move no bar by a tenth of a percent. */
const ChartOfRows = memo(
  function ChartOfRows({ rows }: { rows: ChartRow[] }) {
    return (
      <div role="img" aria-label={`Bar chart: ${rows.map((d) => `${d.name} ${d.label}`).join(", ")}`}>
        <BarChart
          responsive
          data={rows}
          layout="vertical"
          style={{ width: "100%", height: Math.max(120, rows.length * 44) }}
          margin={{ left: 8, right: 48 }}
        >
          {/* Three ticks stay legible down to the narrowest card; each bar carries its exact value. */}
          <XAxis type="number" domain={[0, 100]} ticks={[0, 50, 100]} tick={PercentTick} />
          <YAxis type="category" dataKey="name" width={150} tick={ScenarioTick} interval={0} />
          {/* minPointSize: a bar too small to draw still gets its value label. */}
          <Bar dataKey="percent" isAnimationActive={false} radius={[0, 3, 3, 0]} minPointSize={2}>
            {rows.map((d) => (
              <Cell key={d.id} fill={d.color} />
            ))}
            <LabelList dataKey="label" content={BarValue} />
          </Bar>
        </BarChart>
      </div>
    );
  },
  (before, after) => sameRows(before.rows, after.rows),
);
