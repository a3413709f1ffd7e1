// The templates the import page offers: a Signpost workbook with a small example in it (the same
// renderer as the export, so the layout is the export's), and an ACH matrix as CSV or .xlsx.
import ExcelJS from "exceljs";
import { csvDocument } from "@/server/export/csv";
import { emptyState } from "@/shared/assessment/changes";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess } from "@/shared/engine";
import { isoDay } from "@/shared/format";
import { renderWorkbook } from "./write";

/** An ACH matrix as its tools keep it: hypotheses across, evidence down, a prior row, credibility and relevance. */
export const ACH_TEMPLATE_ROWS: (string | number)[][] = [
  [
    "Evidence",
    "Credibility",
    "Relevance",
    "H1: Full withdrawal",
    "H2: Partial consolidation",
    "H3: Negotiated retention",
  ],
  ["Prior", "", "", 1, 1, 1],
  ["Transport aircraft loading at the air base", "High", "High", "CC", "C", "I"],
  ["Naval facility activity unchanged", "Medium", "High", "I", "C", "C"],
  ["Officials say talks on the bases continue", "Medium", "Medium", "II", "N", "CC"],
  ["Helicopters dismantled for transport", "High", "Medium", "C", "C", "NA"],
];

export function achTemplateCsv(): string {
  return csvDocument(ACH_TEMPLATE_ROWS);
}

export async function achTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Signpost";
  const ws = wb.addWorksheet("ACH matrix", { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  ws.addRows(ACH_TEMPLATE_ROWS);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, k) => {
    c.width = k === 0 ? 46 : 20;
  });
  const codes = { type: "list" as const, allowBlank: true, formulae: ['"CC,C,N,I,II,NA"'], showErrorMessage: true };
  const levels = { type: "list" as const, allowBlank: true, formulae: ['"High,Medium,Low"'], showErrorMessage: true };
  for (let r = 3; r <= 40; r++) {
    for (let c = 2; c <= 3; c++) ws.getCell(r, c).dataValidation = levels;
    for (let c = 4; c <= 6; c++) ws.getCell(r, c).dataValidation = codes;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A Signpost workbook of a small example assessment, ready to fill in and import. */
export async function workbookTemplate(now = Date.now()): Promise<Buffer> {
  const horizon = isoDay(now + 180 * 24 * 3600 * 1000);
  const state: AssessmentState = {
    ...emptyState(),
    // Example ids: the import gives every row an id of its own; rows added without one are new.
    title: "Example: military posture at the coastal bases",
    keyQuestion: "What will the force posture at the coastal bases be by the horizon?",
    horizon,
    confidence: "moderate",
    handling: "UNCLASSIFIED // EXAMPLE",
    createdAt: now,
    updatedAt: now,
    scenarios: [
      {
        id: "s1",
        name: "Full withdrawal",
        description: "All forces leave.",
        prior: 1,
        color: "#0072B2",
        archived: false,
      },
      {
        id: "s2",
        name: "Partial consolidation",
        description: "Forces shrink to one base.",
        prior: 1,
        color: "#E69F00",
        archived: false,
      },
      {
        id: "s3",
        name: "Negotiated retention",
        description: "Both bases stay by agreement.",
        prior: 1,
        color: "#009E73",
        archived: false,
      },
    ],
    indicators: [
      {
        id: "i1",
        name: "Transport aircraft loading at the air base",
        description: "Heavy airlift seen loading on imagery.",
        weight: 1,
        presenceOverride: null,
        overrideRationale: null,
        lastReviewedAt: now,
        expectations: { s1: "highly_likely", s2: "likely", s3: "unlikely" },
      },
    ],
    evidence: [
      {
        id: "e1",
        title: "Imagery shows two transports loading",
        summary: "Commercial imagery of the air base.",
        sourceName: "Commercial imagery provider",
        sourceUrl: "https://example.org/imagery",
        sourceKind: "imagery",
        reliability: "B",
        credibility: 2,
        observedAt: isoDay(now),
        origin: "Imagery provider's release",
        recordedAt: now,
        authorId: null,
        authorName: "",
        lastReviewedAt: now,
        links: { i1: 1 },
      },
    ],
  };
  return renderWorkbook({
    state,
    result: assess(engineModel(state)),
    asOf: "Template: fill in and import",
    history: [],
    // Room to type: the drop-downs reach 200 rows below the example.
    blankRows: 200,
  });
}
