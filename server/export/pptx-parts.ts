// Building blocks of the PowerPoint brief (pptx.ts, pptx-charts.ts): the layouts that carry the
// handling marking, text sized to fit its box, tables split across slides by the height their text
// will take, and the frame of a content slide. Positions and sizes are in inches, type in points.
import type PptxGenJS from "pptxgenjs";

export const FONT = "Arial";
export const INK = "1A2230";
export const MUTED = "5B6472";
export const ACCENT = "1F3A5F";
export const RULE = "C9CED6";
export const SHADE = "EEF2F7";
export const WARN = "9A3412";

/** 16:9 widescreen (PowerPoint's default), 13.33 × 7.5 in. */
export const SLIDE = { width: 13.333, height: 7.5, margin: 0.5 } as const;
export const CONTENT_WIDTH = SLIDE.width - 2 * SLIDE.margin;
/** Where a slide's body starts (under its title) and ends (above the footer). */
export const BODY_TOP = 1.3;
export const BODY_BOTTOM = 6.75;

/** The layouts: the title slide's, and the one every other slide uses. */
export const TITLE_LAYOUT = "Signpost brief title";
export const CONTENT_LAYOUT = "Signpost brief";

/** The title placeholder of each layout: high on content slides, large and lower on the title slide. */
export const TITLE_BOX = {
  [TITLE_LAYOUT]: { y: 1.3, h: 1.6, fontSize: 36 },
  [CONTENT_LAYOUT]: { y: 0.5, h: 0.7, fontSize: 26 },
} as const;

/**
 * The two layouts of the deck. Their objects (the marking at top and bottom, the footer, the slide
 * number) belong to the layout, not to the slides: PowerPoint shows them on each slide that uses
 * it, keeps them when a slide is copied with its formatting, and lets them be edited once in
 * View › Slide Master. No background fill and no rule above the footer: pptxgenjs 4.0.1 writes a
 * fill without the effect list the schema requires, and a line without a text body, both of
 * which PowerPoint repairs (the rest it gets wrong is put right in pptx-package.ts).
 */
export function defineBriefLayouts(pptx: PptxGenJS, marking: string, footer: string): void {
  const markingText = (y: number, where: "top" | "bottom") => ({
    text: {
      text: marking,
      options: {
        objectName: `Handling marking (${where})`,
        x: 0,
        y,
        w: SLIDE.width,
        h: 0.32,
        align: "center" as const,
        valign: "middle" as const,
        fontFace: FONT,
        fontSize: 11,
        bold: true,
        color: INK,
        margin: 0,
      },
    },
  });
  for (const layout of [TITLE_LAYOUT, CONTENT_LAYOUT] as const) {
    const title = TITLE_BOX[layout];
    pptx.defineSlideMaster({
      title: layout,
      margin: [0.4, SLIDE.margin, 0.4, SLIDE.margin],
      objects: [
        markingText(0.06, "top"),
        markingText(SLIDE.height - 0.38, "bottom"),
        {
          text: {
            text: footer,
            options: {
              x: SLIDE.margin,
              y: SLIDE.height - 0.6,
              w: CONTENT_WIDTH - 1.2,
              h: 0.24,
              fontFace: FONT,
              fontSize: 9,
              color: MUTED,
              valign: "middle",
              margin: 0,
            },
          },
        },
        {
          placeholder: {
            options: {
              name: "title",
              type: "title",
              x: SLIDE.margin,
              y: title.y,
              w: CONTENT_WIDTH,
              h: title.h,
              fontFace: FONT,
              fontSize: title.fontSize,
              bold: true,
              color: ACCENT,
              align: "left",
              valign: "bottom",
              margin: 0,
            },
            text: "",
          },
        },
      ],
      slideNumber: {
        x: SLIDE.width - SLIDE.margin - 1,
        y: SLIDE.height - 0.6,
        w: 1,
        h: 0.24,
        fontFace: FONT,
        fontSize: 9,
        color: MUTED,
        align: "right",
      },
    });
  }
}

// ── Text that fits ──────────────────────────────────────────────────────────

/**
 * Arial's mean advance in running English is about 0.47 em (0.52 bold); a little more keeps the
 * estimates on the safe side. Lines are set at about 1.15 times the size.
 */
const EM_PER_CHAR = { regular: 0.5, bold: 0.56 } as const;
const LINE_HEIGHT = 1.17;

/** How many lines `text` takes in a box `width` inches wide at `fontSize` points. */
export function linesOf(text: string, width: number, fontSize: number, bold = false): number {
  const em = bold ? EM_PER_CHAR.bold : EM_PER_CHAR.regular;
  const perLine = Math.max(1, Math.floor((width * 72) / (fontSize * em)));
  return text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(wrappedLength(line, perLine) / perLine)), 0);
}

/** Word wrap breaks at spaces, so a line holds fewer characters than fit: count the carried words. */
function wrappedLength(line: string, perLine: number): number {
  let used = 0;
  let total = 0;
  for (const word of line.split(" ")) {
    const w = word.length + 1;
    if (used + w > perLine + 1 && used > 0) {
      total += perLine - used;
      used = 0;
    }
    used += w;
    total += w;
  }
  return total;
}

/** Height in inches of `lines` lines of `fontSize` points. */
export function heightOf(lines: number, fontSize: number): number {
  return (lines * fontSize * LINE_HEIGHT) / 72;
}

/** The largest size of `sizes` at which `text` fits `width` × `height`, else the smallest. */
export function fittingSize(
  text: string,
  width: number,
  height: number,
  sizes: readonly number[],
  bold = false,
): number {
  for (const size of sizes) if (heightOf(linesOf(text, width, size, bold), size) <= height) return size;
  return sizes[sizes.length - 1] ?? 12;
}

// ── Tables across slides ────────────────────────────────────────────────────

export interface Column {
  label: string;
  /** Width in inches. */
  width: number;
  right?: boolean;
  /** Set in bold (wider), which the height estimate must know. */
  bold?: boolean;
}

/** One table row: its cells, and the plain text that decides its height (per cell). */
export interface Row {
  cells: PptxGenJS.TableCell[];
  text: string[];
  /** Rows that must stay on one slide with this one (a scenario's drivers). */
  keepWith?: number;
}

/** Cell padding in inches: top, right, bottom, left (values under 1 are inches to pptxgenjs). */
const CELL_PAD = { y: 0.05, x: 0.08 } as const;
/** Tables are set at 14 pt when they fit one slide so, else at 12 pt over as many as they need. */
export const TABLE_FONTS = [14, 12] as const;

function rowHeight(texts: readonly string[], columns: readonly Column[], fontSize: number): number {
  const lines = Math.max(1, ...texts.map((t, k) => linesOf(t, (columns[k]?.width ?? 1) - 2 * CELL_PAD.x, fontSize)));
  return heightOf(lines, fontSize) + 2 * CELL_PAD.y + 0.04;
}

export function headerCells(columns: readonly Column[]): PptxGenJS.TableCell[] {
  return columns.map((c) => ({
    text: c.label,
    options: { bold: true, color: "FFFFFF", fill: { color: ACCENT }, align: c.right ? "right" : "left" },
  }));
}

/**
 * Rows cut into pages that fit `height` inches under the header row, keeping `keepWith` groups
 * together (a group taller than a page gets a page of its own and runs on). Each page is the
 * table's rows and the heights they were laid out with.
 */
export interface TablePage {
  rows: Row[];
  /** The estimated height of each row, the header's first. */
  heights: number[];
  fontSize: number;
}

export function paginate(rows: readonly Row[], columns: readonly Column[], height: number): TablePage[] {
  const [large, small] = TABLE_FONTS;
  const once = paginateAt(rows, columns, height, large);
  return once.length === 1 ? once : paginateAt(rows, columns, height, small);
}

function paginateAt(rows: readonly Row[], columns: readonly Column[], height: number, fontSize: number): TablePage[] {
  const header = rowHeight(
    columns.map((c) => c.label),
    columns.map((c) => ({ ...c, bold: true })),
    fontSize,
  );
  const pages: { rows: Row[]; heights: number[] }[] = [];
  let page: { rows: Row[]; heights: number[] } = { rows: [], heights: [] };
  let used = header;
  for (let k = 0; k < rows.length; ) {
    const group = rows.slice(k, k + Math.max(1, rows[k]?.keepWith ?? 1));
    const heights = group.map((r) => rowHeight(r.text, columns, fontSize));
    const groupHeight = heights.reduce((a, b) => a + b, 0);
    if (page.rows.length && used + groupHeight > height) {
      pages.push(page);
      page = { rows: [], heights: [] };
      used = header;
    }
    page.rows.push(...group);
    page.heights.push(...heights);
    used += groupHeight;
    k += group.length;
  }
  if (page.rows.length || !pages.length) pages.push(page);
  return pages.map((p) => ({ rows: p.rows, heights: [header, ...p.heights], fontSize }));
}

/**
 * A data table with a header row and thin rules; returns the height its rows were estimated at.
 * Row heights are given as one line's: PowerPoint and LibreOffice grow a row to its text, so a
 * row is as tall as it needs and no taller (the estimates are only for cutting pages).
 */
export function addTable(
  slide: PptxGenJS.Slide,
  columns: readonly Column[],
  page: TablePage,
  at: { x: number; y: number },
): number {
  const { fontSize } = page;
  const width = columns.reduce((a, c) => a + c.width, 0);
  const oneLine = heightOf(1, fontSize) + 2 * CELL_PAD.y + 0.04;
  slide.addTable([headerCells(columns), ...page.rows.map((r) => r.cells)], {
    x: at.x,
    y: at.y,
    w: width,
    colW: columns.map((c) => c.width),
    rowH: page.heights.map(() => oneLine),
    fontFace: FONT,
    fontSize,
    color: INK,
    valign: "middle",
    margin: [CELL_PAD.y, CELL_PAD.x, CELL_PAD.y, CELL_PAD.x],
    border: { type: "solid", pt: 0.75, color: RULE },
    autoPage: false,
  });
  return page.heights.reduce((a, b) => a + b, 0);
}

// ── Slides ──────────────────────────────────────────────────────────────────

/** The hex colour pptxgenjs wants ("0072B2"), from a scenario's "#0072B2". */
export function hex(color: string): string {
  const c = color.replace("#", "").toUpperCase();
  return /^[0-9A-F]{6}$/.test(c) ? c : "888888";
}

export function contentSlide(pptx: PptxGenJS, title: string): PptxGenJS.Slide {
  const slide = pptx.addSlide({ masterName: CONTENT_LAYOUT });
  // A long baseline name in a title steps the size down rather than running into the body.
  placeholderTitle(slide, title, fittingSize(title, CONTENT_WIDTH, 0.7, [26, 22, 18, 16, 14], true));
  return slide;
}

/** The slide's title in its layout's title placeholder, at `size` (set on the run: the placeholder's own options win over the shape's). */
export function placeholderTitle(slide: PptxGenJS.Slide, title: string, size: number): void {
  slide.addText([{ text: title, options: { fontSize: size } }], { placeholder: "title" });
}

/** A line of explanation under a slide's title; returns where the body starts below it. */
export function subtitle(slide: PptxGenJS.Slide, text: string): number {
  const size = 12;
  const h = heightOf(linesOf(text, CONTENT_WIDTH, size), size) + 0.08;
  slide.addText(text, {
    x: SLIDE.margin,
    y: BODY_TOP - 0.02,
    w: CONTENT_WIDTH,
    h,
    fontFace: FONT,
    fontSize: size,
    color: MUTED,
    valign: "top",
    margin: 0,
  });
  return BODY_TOP + h + 0.12;
}

/** Small print under a table or chart. */
export function note(slide: PptxGenJS.Slide, lines: string[], at: { x: number; y: number; w: number }): void {
  if (!lines.length) return;
  const size = 11;
  const h = lines.reduce((n, l) => n + heightOf(linesOf(l, at.w, size), size), 0) + 0.1;
  slide.addText(
    lines.map((text, k) => ({ text, options: { breakLine: k < lines.length - 1 } })),
    { ...at, h, fontFace: FONT, fontSize: size, color: MUTED, valign: "top", margin: 0, paraSpaceAfter: 3 },
  );
}

/** "Key drivers", or "Key drivers (2 of 3)" when a table runs over several slides. */
export function pageTitle(title: string, k: number, pages: number): string {
  return pages > 1 ? `${title} (${k + 1} of ${pages})` : title;
}
