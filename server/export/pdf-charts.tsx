// The PDF brief's two vector charts: current probabilities as bars and the timeline since the
// baseline as step lines, both in the scenarios' own colours. Geometry comes from chart-svg.ts.
import { Circle, G, Line, Polyline, Rect, Svg, Text, View } from "@react-pdf/renderer";
import type { ComponentProps } from "react";
import { formatProbability, formatWholePercent } from "@/shared/format";
import type { Brief } from "./brief";
import { barWidth, stepChart } from "./chart-svg";
import { MUTED, pdfText, RULE, styles } from "./pdf-style";

type SvgTextStyle = NonNullable<Extract<ComponentProps<typeof Text>, { x: string | number }>["style"]>;

/** Font settings for SVG text: react-pdf reads them from the style, its types only list paint. */
function svgFont(size: number, bold = false): SvgTextStyle {
  return { fontSize: size, fontFamily: bold ? "Helvetica-Bold" : "Helvetica" } as SvgTextStyle;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const ROW = 25;

export function chartHeight(scenarioCount: number): number {
  return Math.max(118, scenarioCount * ROW + 18);
}

/** Horizontal bars, one per scenario: name above, bar in the scenario's colour, figure at its end. */
export function ProbabilityBars({ brief, width }: { brief: Brief; width: number }) {
  const height = chartHeight(brief.scenarios.length);
  const track = width - 30;
  const rowsHeight = brief.scenarios.length * ROW;
  const top = Math.max(0, (height - 14 - rowsHeight) / 2);
  const maxChars = Math.floor(width / 4.3);
  return (
    <Svg width={width} height={height}>
      {[0, 0.25, 0.5, 0.75, 1].map((p) => (
        <Line
          key={`g${p}`}
          x1={p * track}
          x2={p * track}
          y1={top}
          y2={top + rowsHeight}
          stroke={RULE}
          strokeWidth={0.5}
          strokeDasharray={p === 0 ? undefined : "2 2"}
        />
      ))}
      {[0, 0.5, 1].map((p) => (
        <Text
          key={`t${p}`}
          x={p * track}
          y={top + rowsHeight + 9}
          fill={MUTED}
          textAnchor={p === 0 ? "start" : p === 1 ? "end" : "middle"}
          style={svgFont(6.5)}
        >
          {formatWholePercent(p)}
        </Text>
      ))}
      {brief.scenarios.map((s, k) => {
        const y = top + k * ROW;
        const w = barWidth(s.probability, track);
        return (
          <G key={s.id}>
            <Text x={0} y={y + 7} fill="#1a2230" style={svgFont(7.5)}>
              {pdfText(clip(s.name, maxChars))}
            </Text>
            <Rect x={0} y={y + 10} width={w} height={10} fill={s.color} />
            <Text x={w + 3} y={y + 18} fill="#1a2230" style={svgFont(7.5, true)}>
              {formatProbability(s.probability)}
            </Text>
          </G>
        );
      })}
    </Svg>
  );
}

/** Step lines of each scenario's probability from the baseline to the moment of the brief. */
export function TimelineChart({ brief, width }: { brief: Brief; width: number }) {
  const height = chartHeight(brief.scenarios.length);
  const chart = stepChart(brief, { width, height, left: 24, right: 6, top: 4, bottom: 14 });
  const lastTick = chart.ticks.length - 1;
  return (
    <View>
      <Svg width={width} height={height}>
        {chart.grid.map((g) => (
          <G key={g.label}>
            <Line
              x1={chart.plot.x0}
              x2={chart.plot.x1}
              y1={g.y}
              y2={g.y}
              stroke={RULE}
              strokeWidth={0.5}
              strokeDasharray={g.label === "0 %" ? undefined : "2 2"}
            />
            <Text x={chart.plot.x0 - 3} y={g.y + 2.2} fill={MUTED} textAnchor="end" style={svgFont(6.5)}>
              {g.label}
            </Text>
          </G>
        ))}
        {chart.ticks.map((tick, k) => (
          <G key={`${tick.x}`}>
            <Line
              x1={tick.x}
              x2={tick.x}
              y1={chart.plot.y0}
              y2={chart.plot.y0 + 2.5}
              stroke={MUTED}
              strokeWidth={0.5}
            />
            <Text
              x={tick.x}
              y={chart.plot.y0 + 10}
              fill={MUTED}
              textAnchor={k === 0 ? "start" : k === lastTick ? "end" : "middle"}
              style={svgFont(6.5)}
            >
              {tick.label}
            </Text>
          </G>
        ))}
        {chart.series.map((s) => (
          <G key={s.scenarioId}>
            <Polyline points={s.points} fill="none" stroke={s.color} strokeWidth={1.6} strokeLinejoin="miter" />
            <Circle cx={s.end.x} cy={s.end.y} r={2} fill={s.color} />
          </G>
        ))}
      </Svg>
      <View style={styles.legend}>
        {brief.scenarios.map((s) => (
          <View key={s.id} style={styles.legendItem}>
            <View style={[styles.legendLine, { backgroundColor: s.color }]} />
            <Text style={styles.legendText}>{pdfText(clip(s.name, 40))}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
