// The PDF and Word briefs of the seeded demo, checked the way a reader would see them: the PDF
// through poppler (pdftotext, pdftoppm), the DOCX by reading the XML inside the zip.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { seedDemo } from "@/server/demo/seed";
import { type Brief, buildBrief } from "@/server/export/brief";
import { renderDocx } from "@/server/export/docx";
import { renderPdf } from "@/server/export/pdf";
import { createFirstAccount, openTestDatabase, type TestDatabase } from "./harness";
import { zipTexts } from "./zip-entries";

let testDb: TestDatabase;
let brief: Brief;
let baselineBrief: Brief;

beforeAll(async () => {
  testDb = await openTestDatabase();
  const seeded = await seedDemo(getDb());
  if (!seeded.assessmentId) throw new Error("The demo was not seeded");
  const owner = await createFirstAccount("owner@example.org", "Olive Owner");
  brief = await buildBrief(await checkAssessmentAccess(getDb(), owner.id, seeded.assessmentId));
  if (!brief.baseline) throw new Error("The demo has no baseline");
  baselineBrief = await buildBrief(await checkAssessmentAccess(getDb(), owner.id, seeded.assessmentId), {
    asOf: { baselineId: brief.baseline.id },
  });
});
afterAll(() => testDb?.cleanup());

// ── PDF through poppler ─────────────────────────────────────────────────────

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new Error(`${command} is missing: install poppler-utils (apt-get install poppler-utils)`);
    throw error;
  }
}

/** The text of each page as pdftotext -layout lays it out, whitespace collapsed. */
function pdfPages(pdf: Buffer, name: string): string[] {
  const file = path.join(testDb.dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const pages = run("pdftotext", ["-layout", file, "-"]).split("\f");
  if (pages[pages.length - 1]?.trim() === "") pages.pop();
  return pages.map((p) => p.replace(/\s+/g, " ").trim());
}

function rasterisedPages(pdf: Buffer, name: string): string[] {
  const file = path.join(testDb.dir, `${name}-raster.pdf`);
  fs.writeFileSync(file, pdf);
  const prefix = path.join(testDb.dir, `${name}-page`);
  run("pdftoppm", ["-png", "-r", "50", file, prefix]);
  return fs
    .readdirSync(testDb.dir)
    .filter((f) => f.startsWith(`${name}-page`) && f.endsWith(".png"))
    .map((f) => path.join(testDb.dir, f));
}

describe("PDF brief", () => {
  it("carries the marking at the top and bottom of every page, the bottom line and every scenario", async () => {
    const pdf = await renderPdf(brief);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = pdfPages(pdf, "demo");
    // The demo brief is a two-to-three page read.
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(3);
    const marking = brief.handling;
    expect(marking).toBe("UNCLASSIFIED // FOR TRAINING");
    pages.forEach((page, k) => {
      expect(page.startsWith(marking), `page ${k + 1} starts with the marking`).toBe(true);
      expect(page.split(marking).length - 1, `page ${k + 1} carries the marking twice`).toBe(2);
      expect(page).toContain(`Page ${k + 1} of ${pages.length}`);
    });
    const text = pages.join(" ");
    expect(brief.bottomLine.length).toBeGreaterThan(0);
    for (const sentence of brief.bottomLine) expect(text).toContain(sentence);
    for (const s of brief.scenarios) expect(text).toContain(s.name);
    expect(text).toContain(brief.title);
    expect(text).toContain(`Key question: ${brief.keyQuestion}`);
    expect(text).toContain(`(change ${brief.asOf.seq} of ${brief.asOf.latest})`);
    expect(text).toContain(`What changed since “${brief.baseline?.name}”`);
    // Signed changes in points use an ASCII minus (Helvetica has no U+2212).
    const falling = brief.scenarios.find((s) => (s.deltaPoints ?? 0) <= -0.5);
    if (falling?.deltaPoints != null) expect(text).toContain(`-${Math.abs(Math.round(falling.deltaPoints))} pts`);
    expect(text).not.toContain("−");
    // Evidence links are real link annotations.
    const linked = brief.evidence.find((e) => e.sourceUrl?.startsWith("https://"));
    expect(linked).toBeDefined();
    expect(pdf.toString("latin1")).toContain(`/URI (${linked?.sourceUrl})`);

    expect(rasterisedPages(pdf, "demo").length).toBe(pages.length);
  });

  it("prints what Helvetica lacks as ASCII and keeps the typographic characters it has", async () => {
    const [first, ...rest] = brief.scenarios;
    if (!first) throw new Error("The demo has no scenarios");
    const name = "Rückzug − Phase ≤ 2 — “Łódź” ‘quoted’";
    const pages = pdfPages(await renderPdf({ ...brief, scenarios: [{ ...first, name }, ...rest] }), "glyphs");
    const text = pages.join(" ");
    // "Ł" has no decomposition and is mapped; "ó" and "ü" are Latin-1 and stay; "ź" loses its accent.
    expect(text).toContain("Rückzug - Phase <= 2 — “Lódz” ‘quoted’");
    expect(text).not.toContain("−");
    expect(text).not.toContain("≤");
  });

  it("renders the brief as of the baseline", async () => {
    expect(baselineBrief.asOf.seq).toBeLessThan(baselineBrief.asOf.latest);
    // As of the demo's only baseline there is no earlier baseline to measure change against.
    expect(baselineBrief.baseline).toBeNull();
    expect(baselineBrief.changesSinceBaseline).toEqual([]);
    const pdf = await renderPdf(baselineBrief);
    const pages = pdfPages(pdf, "baseline");
    const text = pages.join(" ");
    for (const page of pages) expect(page.startsWith(baselineBrief.handling)).toBe(true);
    for (const sentence of baselineBrief.bottomLine) expect(text).toContain(sentence);
    expect(text).toContain(`(change ${baselineBrief.asOf.seq} of ${baselineBrief.asOf.latest})`);
    expect(text).not.toContain("What changed since");
    expect(rasterisedPages(pdf, "baseline").length).toBeGreaterThanOrEqual(1);
  });
});

// ── DOCX: the XML inside the zip ─────────────────────────────────────────────

const unzip = zipTexts;

const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function docxParts(docx: Buffer) {
  const files = unzip(docx);
  const document = files.get("word/document.xml") ?? "";
  const headers = [...files].filter(([name]) => /^word\/header\d*\.xml$/.test(name)).map(([, xml]) => xml);
  const footers = [...files].filter(([name]) => /^word\/footer\d*\.xml$/.test(name)).map(([, xml]) => xml);
  return { files, document, headers, footers };
}

describe("Word brief", () => {
  it("has real headings, tables with a header row, the bottom line, every scenario and the marking in header and footer", async () => {
    const docx = await renderDocx(brief);
    const { files, document, headers, footers } = docxParts(docx);
    expect(files.has("[Content_Types].xml")).toBe(true);
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="Heading2"/>');
    // Scenarios, chart, timeline, drivers, leaned-on, watch and evidence tables, each with a header row.
    expect(document.split("<w:tbl>").length - 1).toBeGreaterThanOrEqual(7);
    expect(document).toContain("<w:tblHeader/>");
    expect(document).toContain(xmlText(brief.title));
    for (const sentence of brief.bottomLine) expect(document).toContain(xmlText(sentence));
    for (const s of brief.scenarios) expect(document).toContain(xmlText(s.name));
    for (const e of brief.evidence) expect(document).toContain(xmlText(e.title));
    expect(document).toContain("<w:hyperlink");
    expect(headers.length).toBeGreaterThan(0);
    expect(footers.length).toBeGreaterThan(0);
    for (const xml of [...headers, ...footers]) expect(xml).toContain(xmlText(brief.handling));
    // Page numbers are fields Word fills in.
    expect(footers.join("")).toMatch(/NUMPAGES/);
  });

  it("renders the brief as of the baseline", async () => {
    const { document, headers } = docxParts(await renderDocx(baselineBrief));
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain("<w:tbl>");
    for (const sentence of baselineBrief.bottomLine) expect(document).toContain(xmlText(sentence));
    expect(document).not.toContain("What changed since");
    for (const xml of headers) expect(xml).toContain(xmlText(baselineBrief.handling));
  });
});
