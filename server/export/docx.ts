// The brief as an editable Word document (docx package): real Heading 1/2 styles, tables with a
// repeating header row, the handling marking in every page's header and footer. Same sections,
// order and wording as the Markdown brief (markdown.ts); the chart is a table of shaded bars.
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  TabStopType,
  TextRun,
} from "docx";
import { webUrl } from "@/shared/assessment/source-url";
import { personLabel } from "@/shared/display-name";
import {
  driverEffect,
  formatPointsSince,
  formatPointsSwing,
  formatProbability,
  formatSigned,
  formatUtc,
  formatUtcMinute,
} from "@/shared/format";
import { teamRangeWords, teamSourceSentence } from "@/shared/rounds-words";
import type { Brief } from "./brief";
import {
  bullet,
  type CellContent,
  CONTENT_WIDTH,
  type Column,
  dataTable,
  MUTED,
  note,
  numbering,
  PAGE,
  styles,
  swatch,
  text,
  WARN,
} from "./docx-parts";
import { teamRoundsDocx } from "./docx-rounds";
import { xmlSafe } from "./xml-text";

export async function renderDocx(brief: Brief): Promise<Buffer> {
  // Any text may hold what XML cannot (names and titles from older or imported data): cleaned once, here.
  return Packer.toBuffer(briefDocument(xmlSafe(brief)));
}

function webLink(url: string | null): string | null {
  return webUrl(url)?.href ?? null;
}

function heading(value: string, level: "1" | "2" | "3" = "2"): Paragraph {
  const styleOf = { "1": HeadingLevel.HEADING_1, "2": HeadingLevel.HEADING_2, "3": HeadingLevel.HEADING_3 } as const;
  return new Paragraph({ heading: styleOf[level], children: [new TextRun(value)] });
}

function labelled(label: string, value: string): ParagraphChild[] {
  return [text(`${label}: `, { bold: true }), text(value)];
}

function briefDocument(brief: Brief): Document {
  const marking = brief.handling.trim() || "UNMARKED";
  const markingLine = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 0 },
      children: [text(marking, { bold: true, size: 17 })],
    });
  return new Document({
    title: brief.title,
    subject: marking,
    creator: brief.authors.map(personLabel).join(", ") || "Signpost",
    description: `Assessment brief as of ${formatUtc(brief.asOf.at)}`,
    styles,
    numbering,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        headers: { default: new Header({ children: [markingLine()] }) },
        footers: {
          default: new Footer({
            children: [
              markingLine(),
              new Paragraph({
                style: "BriefFooter",
                tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
                children: [
                  text(`${brief.title} · as of ${formatUtc(brief.asOf.at)}`),
                  new TextRun({ children: ["\tPage ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] }),
                ],
              }),
            ],
          }),
        },
        children: [
          ...titleBlock(brief),
          heading("Bottom line up front"),
          ...brief.bottomLine.map((s) => bullet([text(s, { bold: true, size: 22 })], { shaded: true })),
          ...scenarios(brief),
          ...drivers(brief),
          ...leanedOn(brief),
          ...watch(brief),
          ...evidence(brief),
          ...changes(brief),
          ...teamRoundsDocx(brief.rounds),
        ],
      },
    ],
  });
}

function titleBlock(brief: Brief): Paragraph[] {
  const out = [
    new Paragraph({
      spacing: { after: 40 },
      children: [
        text(`ASSESSMENT BRIEF${brief.status === "active" ? "" : ` · ${brief.status.toUpperCase()}`}`, {
          size: 16,
          color: MUTED,
        }),
      ],
    }),
    heading(brief.title, "1"),
    new Paragraph({
      spacing: { after: 120 },
      children: [
        text("Key question: ", { bold: true, size: 22 }),
        text(brief.keyQuestion, { italics: true, size: 22 }),
      ],
    }),
    new Paragraph({ children: labelled("Horizon", brief.horizon) }),
    ...(brief.horizonPassed ? [note(`${brief.horizonPassed.sentence}, and the assessment is still active.`)] : []),
    new Paragraph({
      children: labelled(
        "Assessment as of",
        `${formatUtc(brief.asOf.at)} (change ${brief.asOf.seq} of ${brief.asOf.latest})`,
      ),
    }),
    new Paragraph({ children: labelled("Analytic confidence", brief.confidence) }),
    new Paragraph({ children: labelled("Authors", brief.authors.map(personLabel).join(", ") || "—") }),
  ];
  if (brief.asOf.seq < brief.asOf.latest) {
    const later = brief.asOf.latest - brief.asOf.seq;
    out.push(
      note(
        `This brief shows the assessment as it stood at change ${brief.asOf.seq}; it has changed ${later} time${later === 1 ? "" : "s"} since.`,
      ),
    );
  }
  return out;
}

function scenarios(brief: Brief) {
  const since = brief.baseline ? `Change since “${brief.baseline.name}”` : "Change since baseline";
  const team = brief.team !== null;
  const table = dataTable(
    [
      { label: "Scenario", share: team ? 0.28 : 0.36 },
      { label: "Probability", share: team ? 0.12 : 0.14, right: true },
      { label: "Estimative term", share: team ? 0.18 : 0.22 },
      { label: since, share: team ? 0.18 : 0.28, right: true },
      ...(team ? [{ label: "Team range", share: 0.24 }] : []),
    ],
    {
      rows: brief.scenarios.map((s) => ({
        cells: [
          [swatch(s.color), text(s.name, { bold: true, size: 18 })],
          [text(formatProbability(s.probability), { bold: true, size: 18 })],
          s.leading ? [text(s.term, { size: 18 }), text(" (leading)", { bold: true, size: 18 })] : s.term,
          brief.baseline ? formatPointsSince(s.deltaPoints) : "—",
          ...(team ? [s.teamRange ? teamRangeWords(s.teamRange) : "—"] : []),
        ],
      })),
    },
  );
  return [
    heading("Scenarios"),
    table,
    ...(brief.roundingNote ? [note(brief.roundingNote)] : []),
    ...(brief.baseline ? [note(`Baseline: “${brief.baseline.name}”, ${formatUtc(brief.baseline.at)}.`)] : []),
    ...(brief.team ? [note(teamSourceSentence(brief.team))] : []),
    heading("Probability now", "3"),
    probabilityChart(brief),
    heading(brief.baseline ? `Since “${brief.baseline.name}”` : "Over the whole history", "3"),
    timelineTable(brief),
  ];
}

/**
 * The bar chart as a table: each bar is a paragraph shaded in the scenario's colour and indented
 * from the right by the share it lacks, so it stays editable text rather than a picture.
 */
function probabilityChart(brief: Brief) {
  const columns: Column[] = [
    { label: "Scenario", share: 0.3 },
    { label: "0 – 100 %", share: 0.58 },
    { label: "Probability", share: 0.12, right: true },
  ];
  const track = Math.round(0.58 * CONTENT_WIDTH) - 160;
  return dataTable(columns, {
    rows: brief.scenarios.map((s) => {
      const p = Math.min(1, Math.max(0, s.probability));
      const bar = new Paragraph({
        spacing: { before: 30, after: 30, line: 200 },
        indent: { right: Math.round((1 - p) * track) },
        shading: { type: ShadingType.CLEAR, fill: s.color.replace("#", ""), color: "auto" },
        children: [text(" ", { size: 14 })],
      });
      return {
        cells: [
          [swatch(s.color), text(s.name, { size: 18 })],
          [bar],
          [text(formatProbability(s.probability), { bold: true, size: 18 })],
        ],
      };
    }),
  });
}

/** The timeline since the baseline, one row per change that moved a figure (at most 12 rows). */
function timelineTable(brief: Brief) {
  // Rows that would print the same figures as the row before say nothing: keep the first and last.
  const shown = (p: (typeof brief.timeline)[number]) =>
    brief.scenarios
      .map((s) => (p.probabilities[s.id] === undefined ? "—" : formatProbability(p.probabilities[s.id] ?? 0)))
      .join("|");
  const points = brief.timeline.filter(
    (p, k, all) => k === 0 || k === all.length - 1 || shown(p) !== shown(all[k - 1] ?? p),
  );
  const maxRows = 12;
  const rows =
    points.length <= maxRows
      ? points
      : Array.from({ length: maxRows }, (_, k) => points[Math.round((k * (points.length - 1)) / (maxRows - 1))]).filter(
          (p): p is (typeof points)[number] => p !== undefined,
        );
  const share = 0.72 / Math.max(1, brief.scenarios.length);
  const columns: Column[] = [
    { label: "At (UTC)", share: 0.28 },
    ...brief.scenarios.map((s) => ({ label: s.name, share, right: true })),
  ];
  return dataTable(columns, {
    size: 17,
    rows: rows.map((point) => ({
      cells: [
        formatUtcMinute(point.at),
        ...brief.scenarios.map((s) => {
          const p = point.probabilities[s.id];
          return p === undefined ? "—" : formatProbability(p);
        }),
      ],
    })),
  });
}

const DRIVERS_NOTE =
  "How many times more (or less) likely each indicator makes the scenario against the average scenario; nats are the same weight of evidence on a log scale (+ raises, − lowers).";

function drivers(brief: Brief) {
  const rows = brief.drivers.filter((d) => d.items.length);
  if (!rows.length) return [heading("Key drivers"), new Paragraph("No indicator moves any scenario yet.")];
  const color = new Map(brief.scenarios.map((s) => [s.name, s.color]));
  return [
    heading("Key drivers"),
    note(DRIVERS_NOTE),
    dataTable(
      [
        { label: "Scenario", share: 0.25 },
        { label: "Strongest indicators", share: 0.43 },
        { label: "Makes the scenario", share: 0.21 },
        { label: "Nats", share: 0.11, right: true },
      ],
      {
        rows: rows.flatMap((d) =>
          d.items.map((i, k) => ({
            cells: [
              k === 0 ? [swatch(color.get(d.scenario) ?? "#888888"), text(d.scenario, { bold: true, size: 18 })] : "",
              i.indicator,
              driverEffect(i.nats),
              formatSigned(i.nats),
            ] satisfies CellContent[],
            spans: [k === 0 ? d.items.length : null, 1, 1, 1],
          })),
        ),
      },
    ),
  ];
}

function leanedOn(brief: Brief) {
  if (!brief.leanedOn.length) {
    return [
      heading("What the call leans on"),
      new Paragraph("No single evidence item moves any scenario by more than a tenth of a point."),
    ];
  }
  return [
    heading("What the call leans on"),
    dataTable(
      [
        { label: "Evidence", share: 0.46 },
        { label: "Grade", share: 0.38 },
        { label: "If left out", share: 0.16, right: true },
      ],
      {
        rows: brief.leanedOn.map((e) => ({
          cells: [
            [
              text(e.title, { size: 18 }),
              ...(e.weak ? [text("  Weak source", { bold: true, color: WARN, size: 16 })] : []),
            ],
            [text(e.grade, { bold: true, size: 18 }), text(` ${e.gradeMeaning}`, { size: 18 })],
            formatPointsSwing(e.points),
          ],
        })),
      },
    ),
  ];
}

function watch(brief: Brief) {
  if (!brief.watch.length) return [];
  return [
    heading("Indicators to watch"),
    dataTable(
      [
        { label: "Indicator", share: 0.34 },
        { label: "Value (bits)", share: 0.12, right: true },
        { label: "If seen, favours", share: 0.27 },
        { label: "If not seen, favours", share: 0.27 },
      ],
      {
        rows: brief.watch.map((w) => ({
          cells: [
            w.indicator,
            w.bits.toFixed(2),
            w.favouredIfPresent.join(", ") || "—",
            w.favouredIfAbsent.join(", ") || "—",
          ],
        })),
      },
    ),
    note("Ranked by how much collecting each would tell us (expected information, bits)."),
  ];
}

function evidence(brief: Brief) {
  if (!brief.evidence.length) return [heading("Evidence"), new Paragraph("No evidence has been recorded.")];
  return [
    heading("Evidence"),
    dataTable(
      [
        { label: "Observed", share: 0.13 },
        { label: "Evidence", share: 0.33 },
        { label: "Source", share: 0.31 },
        { label: "Grade", share: 0.23 },
      ],
      {
        rows: brief.evidence.map((e) => {
          const url = webLink(e.sourceUrl);
          const name = url
            ? new ExternalHyperlink({
                link: url,
                children: [new TextRun({ text: e.sourceName, style: "Hyperlink", size: 18 })],
              })
            : text(e.sourceName, { size: 18 });
          return {
            cells: [
              e.observedAt,
              e.title,
              [
                new Paragraph({ spacing: { after: 0 }, children: [name] }),
                new Paragraph({ spacing: { after: 0 }, children: [text(e.sourceKind, { size: 16, color: MUTED })] }),
              ],
              [text(e.grade, { bold: true, size: 18 }), text(` ${e.gradeMeaning}`, { size: 18 })],
            ],
          };
        }),
      },
    ),
  ];
}

function changes(brief: Brief) {
  if (!brief.baseline) return [];
  const out = [heading(`What changed since “${brief.baseline.name}”`)];
  if (!brief.changesSinceBaseline.length) out.push(new Paragraph("Nothing has changed since the baseline."));
  for (const c of brief.changesSinceBaseline) {
    out.push(
      bullet([
        text(`${formatUtc(c.at)}, ${personLabel(c.actor)}: `, { color: MUTED }),
        text(`${c.sentence}.`),
        ...(c.rationale ? [text(` Why: ${c.rationale}`, { italics: true, color: MUTED })] : []),
      ]),
    );
  }
  return out;
}
