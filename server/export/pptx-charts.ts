// The PowerPoint brief's native charts (pptx.ts): probability now as bars, and the history since
// the baseline as lines. Their numbers live in the chart's data (an embedded workbook and the
// cache PowerPoint draws from), so a briefer can restyle them or re-cut them in PowerPoint.
import type PptxGenJS from "pptxgenjs";
import { formatProbability, formatUtc, formatUtcMinute } from "@/shared/format";
import type { Brief } from "./brief";
import { BODY_BOTTOM, CONTENT_WIDTH, contentSlide, FONT, hex, INK, MUTED, RULE, SLIDE, subtitle } from "./pptx-parts";

/**
 * Probability now as a native bar chart: one series whose values are the probabilities (so its
 * data, and the cache PowerPoint draws from, hold the exact figures), a bar per scenario in its
 * colour. The labels carry each figure by the one display rule, which a number format cannot.
 */
export function barChart(slide: PptxGenJS.Slide, brief: Brief, at: { y: number; h: number; titled: boolean }): void {
  slide.addChart(
    "bar",
    [
      {
        name: "Probability",
        labels: brief.scenarios.map((s) => `${s.name} (${formatProbability(s.probability)})`),
        values: brief.scenarios.map((s) => s.probability),
      },
    ],
    {
      x: SLIDE.margin,
      y: at.y,
      w: CONTENT_WIDTH,
      h: Math.min(at.h, 0.8 + 0.5 * brief.scenarios.length),
      altText: `Bar chart of the probability of each scenario: ${brief.scenarios
        .map((s) => `${s.name} ${formatProbability(s.probability)}`)
        .join(", ")}`,
      barDir: "bar",
      barGapWidthPct: 40,
      // Largest first, from the top, as in the table.
      catAxisOrientation: "maxMin" as "minMax",
      chartColors: brief.scenarios.map((s) => hex(s.color)),
      showLegend: false,
      // Under the scenarios table it needs a title; on a slide of its own the slide's title says it.
      showTitle: at.titled,
      title: "Probability now",
      titleFontFace: FONT,
      titleFontSize: 13,
      titleColor: INK,
      catAxisLabelFontFace: FONT,
      catAxisLabelFontSize: 12,
      catAxisLabelColor: INK,
      valAxisMinVal: 0,
      valAxisMaxVal: 1,
      valAxisMajorUnit: 0.25,
      valAxisLabelFormatCode: "0%",
      valAxisLabelFontSize: 10,
      valAxisLabelColor: MUTED,
      valAxisLabelPos: "high",
      valLabelFormatCode: "0.0%",
      valGridLine: { color: RULE, size: 0.5 },
      catGridLine: { style: "none" },
    },
  );
}

// ── The history since the baseline ──────────────────────────────────────────

/**
 * A scenario's name in the line chart's legend, which does not wrap: up to 48 characters, longer
 * ones cut with an ellipsis (the scenarios table beside it has them whole).
 */
function legendName(name: string): string {
  return name.length > 48 ? `${name.slice(0, 47).trimEnd()}…` : name;
}

export function historySlide(pptx: PptxGenJS, brief: Brief): void {
  const slide = contentSlide(
    pptx,
    brief.baseline ? "Probability since the baseline" : "Probability over the whole history",
  );
  const points = brief.timeline;
  const from = brief.baseline
    ? `the baseline “${brief.baseline.name}” (${formatUtc(brief.baseline.at)})`
    : "the assessment's first change";
  if (!points.length) {
    subtitle(slide, `No change has moved a figure since ${from}.`);
    return;
  }
  const top = subtitle(
    slide,
    `The probability of each scenario at every change that moved it, from ${from} to ${formatUtc(brief.asOf.at)}; one step per change, times in UTC.`,
  );
  const labels = points.map((p) => formatUtcMinute(p.at));
  slide.addChart(
    "line",
    brief.scenarios.map((s) => ({
      name: legendName(s.name),
      labels,
      // A scenario added after the baseline has no figure before it existed: a gap, not a zero.
      values: points.map((p) => p.probabilities[s.id] ?? null),
    })),
    {
      x: SLIDE.margin,
      y: top,
      w: CONTENT_WIDTH,
      h: BODY_BOTTOM - top,
      altText: `Line chart of the probability of ${brief.scenarios.map((s) => s.name).join(", ")} over ${points.length} points from ${from}`,
      chartColors: brief.scenarios.map((s) => hex(s.color)),
      lineSize: 2.5,
      lineDataSymbol: points.length > 40 ? "none" : "circle",
      lineDataSymbolSize: 6,
      displayBlanksAs: "gap",
      showLegend: true,
      // A legend under the plot takes a row per scenario: past four, it goes beside it.
      legendPos: brief.scenarios.length > 4 ? "r" : "b",
      legendFontFace: FONT,
      legendFontSize: 12,
      legendColor: INK,
      catAxisLabelFontFace: FONT,
      catAxisLabelFontSize: 10,
      catAxisLabelColor: MUTED,
      catAxisLabelFrequency: String(Math.max(1, Math.ceil(points.length / 8))),
      valAxisMinVal: 0,
      valAxisMaxVal: 1,
      valAxisMajorUnit: 0.25,
      valAxisLabelFormatCode: "0%",
      valAxisLabelFontSize: 10,
      valAxisLabelColor: MUTED,
      valLabelFormatCode: "0.0%",
      valGridLine: { color: RULE, size: 0.5 },
      catGridLine: { style: "none" },
    },
  );
}
