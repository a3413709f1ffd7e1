// The brief as an editable PowerPoint deck (pptxgenjs): the same content model as the PDF, Word and
// Markdown briefs (brief.ts), one idea a slide. The charts are native charts whose numbers live in
// the chart's data (an embedded workbook), so a briefer can restyle or re-cut them in PowerPoint
// (pptx-charts.ts); the handling marking sits at the top and bottom of the layouts every slide
// uses (pptx-parts.ts).
import PptxGenJS from "pptxgenjs";
import { personLabel } from "@/shared/display-name";
import {
  driverEffect,
  formatBits,
  formatPointsSince,
  formatPointsSwing,
  formatProbability,
  formatProbabilityRange,
  formatSigned,
  formatUtc,
} from "@/shared/format";
import { teamSourceSentence } from "@/shared/rounds-words";
import type { Brief } from "./brief";
import { barChart, historySlide } from "./pptx-charts";
import { tidyPackage } from "./pptx-package";
import {
  ACCENT,
  addTable,
  BODY_BOTTOM,
  BODY_TOP,
  CONTENT_WIDTH,
  type Column,
  contentSlide,
  defineBriefLayouts,
  FONT,
  fittingSize,
  heightOf,
  hex,
  INK,
  linesOf,
  MUTED,
  note,
  pageTitle,
  paginate,
  placeholderTitle,
  type Row,
  RULE,
  SHADE,
  SLIDE,
  subtitle,
  TITLE_BOX,
  TITLE_LAYOUT,
  WARN,
} from "./pptx-parts";
import { xmlSafe } from "./xml-text";

export async function renderPptx(brief: Brief): Promise<Buffer> {
  // Any text may hold what XML cannot (names and titles from older or imported data): cleaned once, here.
  const safe = xmlSafe(brief);
  const marking = safe.handling.trim() || "UNMARKED";
  const pptx = new PptxGenJS();
  pptx.layout = "LAYOUT_WIDE";
  pptx.title = safe.title;
  pptx.subject = marking;
  pptx.author = safe.authors.map(personLabel).join(", ") || "Signpost";
  pptx.company = "Signpost";
  pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
  // The footer holds one line: a long title is cut there (the title slide has it whole).
  const footerTitle = safe.title.length > 90 ? `${safe.title.slice(0, 89).trimEnd()}…` : safe.title;
  defineBriefLayouts(pptx, marking, `${footerTitle} · as of ${formatUtc(safe.asOf.at)}`);

  titleSlide(pptx, safe);
  bottomLineSlide(pptx, safe);
  scenarioSlides(pptx, safe);
  historySlide(pptx, safe);
  driverSlides(pptx, safe);
  leanedOnSlide(pptx, safe);
  watchSlides(pptx, safe);

  // Stored, not deflated: the package is compressed once, when it is tidied.
  return tidyPackage((await pptx.write({ outputType: "nodebuffer", compression: false })) as Buffer);
}

// ── Title and bottom line ───────────────────────────────────────────────────

const QUESTION_TOP = TITLE_BOX[TITLE_LAYOUT].y + TITLE_BOX[TITLE_LAYOUT].h + 0.2;

function titleSlide(pptx: PptxGenJS, brief: Brief): void {
  const slide = pptx.addSlide({ masterName: TITLE_LAYOUT });
  const box = TITLE_BOX[TITLE_LAYOUT];
  const titleSize = fittingSize(brief.title, CONTENT_WIDTH, box.h, [36, 32, 28, 24, 20], true);
  placeholderTitle(slide, brief.title, titleSize);
  // The title sits on the bottom of its box: the line above it follows its first line down.
  const titleTop = box.y + box.h - heightOf(linesOf(brief.title, CONTENT_WIDTH, titleSize, true), titleSize);
  slide.addText(`ASSESSMENT BRIEF${brief.status === "active" ? "" : ` · ${brief.status.toUpperCase()}`}`, {
    x: SLIDE.margin,
    y: Math.max(0.7, titleTop - 0.4),
    w: CONTENT_WIDTH,
    h: 0.3,
    fontFace: FONT,
    fontSize: 12,
    bold: true,
    color: MUTED,
    charSpacing: 1,
    margin: 0,
  });
  // A key question may run to 1000 characters: it steps down in size before it crowds the facts.
  const question = `Key question: ${brief.keyQuestion}`;
  const questionSize = fittingSize(question, CONTENT_WIDTH, 2, [20, 18, 16, 14, 12, 11]);
  const questionHeight = Math.min(2, heightOf(linesOf(question, CONTENT_WIDTH, questionSize), questionSize) + 0.1);
  slide.addText(
    [
      { text: "Key question: ", options: { bold: true } },
      { text: brief.keyQuestion, options: { italic: true } },
    ],
    {
      x: SLIDE.margin,
      y: QUESTION_TOP,
      w: CONTENT_WIDTH,
      h: questionHeight,
      fontFace: FONT,
      fontSize: questionSize,
      color: INK,
      valign: "top",
      margin: 0,
    },
  );
  const later = brief.asOf.latest - brief.asOf.seq;
  const facts: [string, string][] = [
    ["Horizon", brief.horizon],
    ["Assessment as of", `${formatUtc(brief.asOf.at)} (change ${brief.asOf.seq} of ${brief.asOf.latest})`],
    ["Analytic confidence", brief.confidence],
    ["Authors", brief.authors.map(personLabel).join(", ") || "—"],
  ];
  const notes = [
    ...(brief.horizonPassed ? [`${brief.horizonPassed.sentence}, and the assessment is still active.`] : []),
    ...(later > 0
      ? [
          `This brief shows the assessment as it stood at change ${brief.asOf.seq}; it has changed ${later} time${later === 1 ? "" : "s"} since.`,
        ]
      : []),
  ];
  const factsTop = QUESTION_TOP + questionHeight + 0.25;
  const room = BODY_BOTTOM - factsTop - (notes.length ? 0.45 * notes.length : 0);
  const factText = facts.map(([k, v]) => `${k}: ${v}`).join("\n");
  const factSize = fittingSize(factText, CONTENT_WIDTH, room, [16, 14, 12, 11, 10]);
  const factHeight = Math.min(room, heightOf(linesOf(factText, CONTENT_WIDTH, factSize), factSize) + 0.1);
  slide.addText(
    facts.flatMap(([label, value], k) => [
      { text: `${label}: `, options: { bold: true } },
      { text: value, options: { breakLine: k < facts.length - 1 } },
    ]),
    {
      x: SLIDE.margin,
      y: factsTop,
      w: CONTENT_WIDTH,
      h: factHeight,
      fontFace: FONT,
      fontSize: factSize,
      color: INK,
      valign: "top",
      margin: 0,
      paraSpaceAfter: 4,
    },
  );
  if (notes.length) {
    slide.addText(notes.join("\n"), {
      x: SLIDE.margin,
      y: factsTop + factHeight + 0.15,
      w: CONTENT_WIDTH,
      h: 0.4 * notes.length,
      fontFace: FONT,
      fontSize: 13,
      bold: true,
      color: WARN,
      valign: "top",
      margin: 0,
    });
  }
}

function bottomLineSlide(pptx: PptxGenJS, brief: Brief): void {
  const slide = contentSlide(pptx, "Bottom line up front");
  const top = BODY_TOP + 0.15;
  const height = BODY_BOTTOM - top;
  const text = brief.bottomLine.join("\n");
  const size = fittingSize(text, CONTENT_WIDTH - 0.9, height - 0.6, [26, 24, 22, 20, 18, 16, 14]);
  const needed = heightOf(linesOf(text, CONTENT_WIDTH - 0.9, size), size) + 0.25 * brief.bottomLine.length + 0.4;
  slide.addText(
    brief.bottomLine.map((sentence, k) => ({
      text: sentence,
      options: { bullet: { indent: 22 }, breakLine: k < brief.bottomLine.length - 1 },
    })),
    {
      x: SLIDE.margin,
      y: top,
      w: CONTENT_WIDTH,
      h: Math.min(height, needed),
      fontFace: FONT,
      fontSize: size,
      bold: true,
      color: INK,
      fill: { color: SHADE },
      line: { color: ACCENT, width: 0 },
      valign: "top",
      margin: [14, 20, 14, 20],
      paraSpaceAfter: 14,
    },
  );
}

// ── Scenarios: the table and the bar chart ──────────────────────────────────

function scenarioSlides(pptx: PptxGenJS, brief: Brief): void {
  // With an adopted round the team's range stands beside each scenario, the other columns narrower.
  const team = brief.team;
  const columns: Column[] = team
    ? [
        { label: "Scenario", width: 3.3, bold: true },
        { label: "Probability", width: 1.25, right: true },
        { label: "Estimative term", width: 2.6 },
        { label: "Confidence", width: 1.4 },
        { label: "Change since baseline", width: 1.9, right: true },
        { label: "Team range", width: 1.883, right: true },
      ]
    : [
        { label: "Scenario", width: 3.9, bold: true },
        { label: "Probability", width: 1.4, right: true },
        { label: "Estimative term", width: 3.1 },
        { label: "Confidence", width: 1.5 },
        { label: "Change since baseline", width: 2.433, right: true },
      ];
  const rule = { pt: 0.75, color: RULE };
  const rows: Row[] = brief.scenarios.map((s) => {
    const term = `${s.term}${s.leading ? " (leading)" : ""}`;
    const change = brief.baseline ? formatPointsSince(s.deltaPoints) : "—";
    const range = s.teamRange ? formatProbabilityRange(s.teamRange.low, s.teamRange.high) : "—";
    return {
      text: [s.name, formatProbability(s.probability), term, brief.confidence, change, ...(team ? [range] : [])],
      cells: [
        { text: s.name, options: { bold: true, border: [rule, rule, rule, { pt: 6, color: hex(s.color) }] } },
        { text: formatProbability(s.probability), options: { bold: true, align: "right" } },
        { text: s.leading ? [{ text: s.term }, { text: " (leading)", options: { bold: true } }] : s.term },
        { text: brief.confidence },
        { text: change, options: { align: "right" } },
        ...(team ? [{ text: range, options: { align: "right" as const } }] : []),
      ],
    };
  });
  const notes = [
    ...(team ? [teamSourceSentence(team)] : []),
    ...(brief.baseline ? [`Baseline: “${brief.baseline.name}”, ${formatUtc(brief.baseline.at)}.`] : []),
    ...(brief.roundingNote ? [brief.roundingNote] : []),
    "Confidence is the analysts' call on the whole assessment, shown beside the term and never merged into the probability.",
  ];
  const notesHeight = notes.reduce((h, n) => h + heightOf(linesOf(n, CONTENT_WIDTH, 11), 11), 0) + 0.25;
  const pages = paginate(rows, columns, BODY_BOTTOM - BODY_TOP - notesHeight);
  let below = 0;
  pages.forEach((page, k) => {
    const slide = contentSlide(pptx, pageTitle("Scenarios", k, pages.length));
    const used = addTable(slide, columns, page, { x: SLIDE.margin, y: BODY_TOP });
    note(slide, notes, { x: SLIDE.margin, y: BODY_TOP + used + 0.12, w: CONTENT_WIDTH });
    below = BODY_TOP + used + notesHeight;
    // The chart goes under a table short enough to leave it room, else on a slide of its own.
    if (pages.length === 1 && BODY_BOTTOM - below >= 2.4)
      barChart(slide, brief, { y: below, h: BODY_BOTTOM - below, titled: true });
  });
  if (pages.length > 1 || BODY_BOTTOM - below < 2.4) {
    barChart(contentSlide(pptx, "Probability now"), brief, { y: BODY_TOP, h: BODY_BOTTOM - BODY_TOP, titled: false });
  }
}

// ── Drivers, what the call leans on, what to collect ────────────────────────

const DRIVERS_NOTE =
  "How many times more (or less) likely each indicator makes the scenario against the average scenario; nats are the same weight of evidence on a log scale (+ raises, − lowers).";

function driverSlides(pptx: PptxGenJS, brief: Brief): void {
  const groups = brief.drivers.filter((d) => d.items.length);
  if (!groups.length) {
    subtitle(contentSlide(pptx, "Key drivers"), "No indicator moves any scenario yet.");
    return;
  }
  const color = new Map(brief.scenarios.map((s) => [s.name, s.color]));
  const columns: Column[] = [
    { label: "Scenario", width: 2.9, bold: true },
    { label: "Strongest indicators", width: 5.1 },
    { label: "Makes the scenario", width: 2.9 },
    { label: "Nats", width: 1.433, right: true },
  ];
  const rows: Row[] = groups.flatMap((d) =>
    d.items.map((i, k) => {
      const rest: PptxGenJS.TableCell[] = [
        { text: i.indicator },
        { text: driverEffect(i.nats) },
        { text: formatSigned(i.nats), options: { align: "right" } },
      ];
      const scenario: PptxGenJS.TableCell = {
        text: d.scenario,
        options: {
          bold: true,
          valign: "top",
          rowspan: d.items.length,
          border: [
            { pt: 0.75, color: RULE },
            { pt: 0.75, color: RULE },
            { pt: 0.75, color: RULE },
            { pt: 6, color: hex(color.get(d.scenario) ?? "#888888") },
          ],
        },
      };
      return {
        cells: k === 0 ? [scenario, ...rest] : rest,
        text: [k === 0 ? d.scenario : "", i.indicator, driverEffect(i.nats), formatSigned(i.nats)],
        keepWith: k === 0 ? d.items.length : 1,
      };
    }),
  );
  const top = BODY_TOP + heightOf(linesOf(DRIVERS_NOTE, CONTENT_WIDTH, 12), 12) + 0.2;
  const pages = paginate(rows, columns, BODY_BOTTOM - top);
  pages.forEach((page, k) => {
    const slide = contentSlide(pptx, pageTitle("Key drivers", k, pages.length));
    addTable(slide, columns, page, { x: SLIDE.margin, y: subtitle(slide, DRIVERS_NOTE) });
  });
}

function leanedOnSlide(pptx: PptxGenJS, brief: Brief): void {
  if (!brief.leanedOn.length) {
    subtitle(
      contentSlide(pptx, "What the call leans on"),
      "No single evidence item moves any scenario by more than a tenth of a point.",
    );
    return;
  }
  const columns: Column[] = [
    { label: "Evidence", width: 5.6 },
    { label: "Grade", width: 4.4 },
    { label: "If left out", width: 2.333, right: true },
  ];
  const rows: Row[] = brief.leanedOn.map((e) => ({
    text: [`${e.title}${e.weak ? "  Weak source" : ""}`, `${e.grade} ${e.gradeMeaning}`, formatPointsSwing(e.points)],
    cells: [
      {
        text: [
          { text: e.title },
          ...(e.weak ? [{ text: "  Weak source", options: { bold: true, color: WARN, fontSize: 11 } }] : []),
        ],
      },
      { text: [{ text: e.grade, options: { bold: true } }, { text: ` ${e.gradeMeaning}` }] },
      { text: formatPointsSwing(e.points), options: { bold: true, align: "right" } },
    ],
  }));
  const lead =
    "The evidence whose removal would move a scenario's probability most: the largest change of any scenario if the item alone were left out.";
  const top = BODY_TOP + heightOf(linesOf(lead, CONTENT_WIDTH, 12), 12) + 0.2;
  const pages = paginate(rows, columns, BODY_BOTTOM - top);
  pages.forEach((page, k) => {
    const slide = contentSlide(pptx, pageTitle("What the call leans on", k, pages.length));
    addTable(slide, columns, page, { x: SLIDE.margin, y: subtitle(slide, lead) });
  });
}

function watchSlides(pptx: PptxGenJS, brief: Brief): void {
  if (!brief.watch.length) {
    subtitle(contentSlide(pptx, "Collection priorities"), "The assessment has no indicators to collect on.");
    return;
  }
  const columns: Column[] = [
    { label: "Indicator", width: 4.6, bold: true },
    { label: "Value", width: 1.35, right: true },
    { label: "If seen, favours", width: 3.19 },
    { label: "If not seen, favours", width: 3.19 },
  ];
  const rows: Row[] = brief.watch.map((w) => {
    const text = [
      w.indicator,
      formatBits(w.bits),
      w.favouredIfPresent.join(", ") || "—",
      w.favouredIfAbsent.join(", ") || "—",
    ];
    return {
      text,
      cells: text.map((t, k) => ({ text: t, options: k === 1 ? { align: "right" } : k === 0 ? { bold: true } : {} })),
    };
  });
  const lead =
    "What to look for next: indicators ranked by how much collecting each would tell us (expected information, in bits).";
  const top = BODY_TOP + heightOf(linesOf(lead, CONTENT_WIDTH, 12), 12) + 0.2;
  const pages = paginate(rows, columns, BODY_BOTTOM - top);
  pages.forEach((page, k) => {
    const slide = contentSlide(pptx, pageTitle("Collection priorities", k, pages.length));
    addTable(slide, columns, page, { x: SLIDE.margin, y: subtitle(slide, lead) });
  });
}
