// Geometry of the brief's two charts (probability bars, step-line timeline) as plain numbers and
// SVG point lists, so the PDF renderer only draws and the arithmetic can be tested on its own.
import { formatWholePercent } from "@/shared/format";
import { shortUtc } from "@/shared/time-axis";
import type { Brief } from "./brief";

export interface Box {
  width: number;
  height: number;
  /** Inner margins for axis labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface StepSeries {
  scenarioId: string;
  name: string;
  color: string;
  /** SVG `points`: "x1,y1 x2,y2 …", a probability held flat until the next change, then a vertical step. */
  points: string;
  /** Where the line ends (the moment of the brief), for an end marker. */
  end: { x: number; y: number };
}

export interface TimeTick {
  x: number;
  label: string;
}

export interface StepChart {
  series: StepSeries[];
  /** Horizontal grid lines at 0, 25, 50, 75 and 100 %. */
  grid: { y: number; label: string }[];
  ticks: TimeTick[];
  plot: { x0: number; x1: number; y0: number; y1: number };
}

const DAY = 86_400_000;

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * The timeline since the baseline as step lines, one per current scenario, from the first point
 * of the series to the moment of the brief. A series with a single point (a brief as of its
 * baseline) is drawn as flat lines across the plot.
 */
export function stepChart(brief: Pick<Brief, "timeline" | "scenarios" | "asOf">, box: Box): StepChart {
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y0 = box.height - box.bottom;
  const y1 = box.top;
  const points = brief.timeline.length
    ? brief.timeline
    : [{ at: brief.asOf.at, probabilities: Object.fromEntries(brief.scenarios.map((s) => [s.id, s.probability])) }];
  const first = points[0]?.at ?? brief.asOf.at;
  const last = Math.max(brief.asOf.at, points[points.length - 1]?.at ?? first);
  const span = last - first;
  const xOf = (at: number) => (span > 0 ? x0 + ((at - first) / span) * (x1 - x0) : x0);
  const yOf = (p: number) => y0 - Math.min(1, Math.max(0, p)) * (y0 - y1);

  const series = brief.scenarios.map((s) => {
    const coords: [number, number][] = [];
    let previous: number | null = null;
    for (const point of points) {
      const p = point.probabilities[s.id];
      if (p === undefined) continue; // the scenario did not exist yet
      const x = xOf(point.at);
      if (previous !== null) coords.push([x, yOf(previous)]);
      coords.push([x, yOf(p)]);
      previous = p;
    }
    const endP = previous ?? s.probability;
    coords.push([x1, yOf(endP)]);
    if (coords.length === 1) coords.unshift([x0, yOf(endP)]);
    return {
      scenarioId: s.id,
      name: s.name,
      color: s.color,
      points: coords.map(([x, y]) => `${round(x)},${round(y)}`).join(" "),
      end: { x: round(x1), y: round(yOf(endP)) },
    };
  });

  const grid = [0, 0.25, 0.5, 0.75, 1].map((p) => ({ y: round(yOf(p)), label: formatWholePercent(p) }));

  // Ticks: the two ends, plus each UTC midnight in between when there are few enough to read.
  const ticks: TimeTick[] = [{ x: round(x0), label: shortUtc(first) }];
  if (span > 0) {
    const midnights: number[] = [];
    for (let m = Math.ceil(first / DAY) * DAY; m < last && midnights.length <= 6; m += DAY) midnights.push(m);
    if (midnights.length <= 5) {
      const minGap = (x1 - x0) / 6;
      for (const m of midnights) {
        const x = xOf(m);
        if (x - x0 > minGap && x1 - x > minGap) ticks.push({ x: round(x), label: shortUtc(m) });
      }
    }
    ticks.push({ x: round(x1), label: shortUtc(last) });
  }
  return { series, grid, ticks, plot: { x0: round(x0), x1: round(x1), y0: round(y0), y1: round(y1) } };
}

/** Width of a probability bar in a track of `track` units, never thinner than a hairline when above 0. */
export function barWidth(probability: number, track: number): number {
  const w = Math.min(1, Math.max(0, probability)) * track;
  return round(probability > 0 ? Math.max(w, 0.75) : 0);
}
