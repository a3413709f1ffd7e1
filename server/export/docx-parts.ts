// Building blocks of the Word brief: the document's styles, numbering and the table/paragraph
// helpers docx.ts assembles the sections from. Sizes are in twips (1/20 pt) and half-points.
import {
  AlignmentType,
  BorderStyle,
  type IStylesOptions,
  LevelFormat,
  LineRuleType,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";

export const FONT = "Arial";
export const INK = "1A2230";
export const MUTED = "5B6472";
export const ACCENT = "1F3A5F";
export const RULE = "C9CED6";
export const SHADE = "EEF2F7";
export const WARN = "9A3412";

/** A4 with 2 cm margins. */
export const PAGE = { width: 11906, height: 16838, margin: 1134 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

export const BULLETS = "brief-bullets";

export const styles: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT, size: 19, color: INK },
      paragraph: { spacing: { after: 60, line: 252, lineRule: LineRuleType.AUTO } },
    },
    heading1: {
      run: { font: FONT, size: 40, bold: true, color: ACCENT },
      paragraph: { spacing: { before: 0, after: 120 }, keepNext: true },
    },
    heading2: {
      run: { font: FONT, size: 26, bold: true, color: ACCENT },
      paragraph: {
        spacing: { before: 240, after: 100 },
        keepNext: true,
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: ACCENT, space: 2 } },
      },
    },
    heading3: {
      run: { font: FONT, size: 19, bold: true, color: INK },
      paragraph: { spacing: { before: 160, after: 60 }, keepNext: true },
    },
    hyperlink: { run: { color: "1D4ED8", underline: {} } },
  },
  paragraphStyles: [
    {
      // The footer's own style, so the page-number fields (whose results carry no run formatting
      // in LibreOffice) come out in the footer's size too.
      id: "BriefFooter",
      name: "Brief footer",
      basedOn: "Normal",
      run: { font: FONT, size: 15, color: MUTED },
      paragraph: { spacing: { before: 40, after: 0 } },
    },
  ],
};

export const numbering = {
  config: [
    {
      reference: BULLETS,
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: "•",
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: 360, hanging: 260 } } },
        },
      ],
    },
  ],
};

export interface Column {
  label: string;
  /** Share of the content width; the shares of a table's columns add up to 1. */
  share: number;
  right?: boolean;
}

/** Cell content: plain text, or runs/links for one paragraph, or whole paragraphs. */
export type CellContent = string | ParagraphChild[] | Paragraph[];

const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };
const HAIRLINE = { style: BorderStyle.SINGLE, size: 4, color: RULE };
const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };

function isParagraphs(content: ParagraphChild[] | Paragraph[]): content is Paragraph[] {
  return content.length > 0 && content.every((c) => c instanceof Paragraph);
}

function cellParagraphs(content: CellContent, right: boolean, size: number): Paragraph[] {
  const alignment = right ? AlignmentType.RIGHT : AlignmentType.LEFT;
  if (typeof content === "string") {
    return [new Paragraph({ alignment, spacing: { after: 0 }, children: [new TextRun({ text: content, size })] })];
  }
  if (isParagraphs(content)) return content;
  return [new Paragraph({ alignment, spacing: { after: 0 }, children: content as ParagraphChild[] })];
}

export interface TableOptions {
  /** Per row: keep together and, with `merge`, cells that span rows. */
  rows: { cells: CellContent[]; spans?: (number | null)[] }[];
  size?: number;
}

/**
 * A full-width table with a repeating, shaded header row and hairline rules between rows. A cell
 * given `null` in `spans` is covered by the cell above it that spans several rows.
 */
export function dataTable(columns: Column[], { rows, size = 18 }: TableOptions): Table {
  const widths = columns.map((c) => Math.round(c.share * CONTENT_WIDTH));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map(
      (c, k) =>
        new TableCell({
          width: { size: widths[k] ?? 0, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, fill: SHADE, color: "auto" },
          margins: CELL_MARGINS,
          children: [
            new Paragraph({
              alignment: c.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
              spacing: { after: 0 },
              children: [new TextRun({ text: c.label, bold: true, size: 16, color: MUTED })],
            }),
          ],
        }),
    ),
  });
  const body = rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: row.cells.flatMap((content, k) => {
          const span = row.spans?.[k];
          if (span === null) return [];
          const column = columns[k];
          return [
            new TableCell({
              width: { size: widths[k] ?? 0, type: WidthType.DXA },
              margins: CELL_MARGINS,
              verticalAlign: VerticalAlignTable.TOP,
              ...(span && span > 1 ? { rowSpan: span } : {}),
              children: cellParagraphs(content, column?.right ?? false, size),
            }),
          ];
        }),
      }),
  );
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: { style: BorderStyle.SINGLE, size: 8, color: INK },
      bottom: HAIRLINE,
      left: NONE,
      right: NONE,
      insideHorizontal: HAIRLINE,
      insideVertical: NONE,
    },
    rows: [header, ...body],
  });
}

/** A coloured square before a scenario's name, as in the app's legend. */
export function swatch(color: string, size = 18): TextRun {
  return new TextRun({ text: "■ ", color: color.replace("#", ""), size });
}

export function text(
  value: string,
  options: { bold?: boolean; italics?: boolean; color?: string; size?: number } = {},
) {
  return new TextRun({ text: value, ...options });
}

export function bullet(children: ParagraphChild[], options: { shaded?: boolean } = {}): Paragraph {
  return new Paragraph({
    numbering: { reference: BULLETS, level: 0 },
    spacing: { after: 80 },
    children,
    ...(options.shaded
      ? {
          shading: { type: ShadingType.CLEAR, fill: SHADE, color: "auto" },
          border: { left: { style: BorderStyle.SINGLE, size: 24, color: ACCENT, space: 8 } },
        }
      : {}),
  });
}

export function note(value: string): Paragraph {
  return new Paragraph({ spacing: { before: 60, after: 60 }, children: [text(value, { size: 16, color: MUTED })] });
}
