// One export file of an assessment (the brief as PDF, Word, PowerPoint or Markdown, a CSV table, the JSON
// document), as the export route serves it. Building the brief replays the history to its moment
// and rendering takes a third of a second on a large assessment, so the route runs this on a
// worker thread (server/offload).
import type { Db } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { buildBrief, exportFileName } from "@/server/export/brief";
import { evidenceCsv, matrixCsv } from "@/server/export/csv";
import { IMPORT_LIMIT_BYTES } from "@/server/export/import-limit";
import { exportAssessment } from "@/server/export/json/export";
import { withPortableNames } from "@/server/export/json/portable-names";
import { renderMarkdown } from "@/server/export/markdown";
import { momentView } from "@/server/history/compare";
import type { MomentRef } from "@/shared/moment";

export const EXPORT_FORMATS = ["pdf", "docx", "pptx", "md", "json", "csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportAsked {
  format: ExportFormat;
  /** For csv: which table. */
  table?: "matrix" | "evidence" | undefined;
  asOf?: MomentRef | undefined;
  /** The baseline the brief's changes are measured from. */
  compareTo?: string | undefined;
}

export interface ExportFile {
  body: Uint8Array<ArrayBuffer> | string;
  type: string;
  fileName: string;
}

export async function exportFile(
  db: Db,
  userId: string,
  assessmentId: string,
  asked: ExportAsked,
): Promise<ExportFile> {
  const access = await checkAssessmentAccess(db, userId, assessmentId);
  const brief = await buildBrief(access, { asOf: asked.asOf, compareTo: asked.compareTo });
  const name = (ext: string) => exportFileName(brief, ext);
  switch (asked.format) {
    case "md":
      return { body: renderMarkdown(brief), type: "text/markdown; charset=utf-8", fileName: name("md") };
    case "json": {
      const doc = withPortableNames(await exportAssessment(db, userId, assessmentId));
      // Indented for a person to read, unless that would make a file the import refuses as too large.
      const pretty = `${JSON.stringify(doc, null, 2)}\n`;
      const body = Buffer.byteLength(pretty) <= IMPORT_LIMIT_BYTES ? pretty : `${JSON.stringify(doc)}\n`;
      return { body, type: "application/json; charset=utf-8", fileName: name("json") };
    }
    case "csv": {
      const view = await momentView(access, brief.asOf.seq);
      const body = asked.table === "matrix" ? matrixCsv(view.state, view.result) : evidenceCsv(view.state);
      return { body, type: "text/csv; charset=utf-8", fileName: name(`${asked.table}.csv`) };
    }
    // The renderers load when first asked for: @react-pdf alone takes 0.4 s, which a worker that
    // only replays views should not wait for when it starts.
    case "pdf": {
      const { renderPdf } = await import("@/server/export/pdf");
      return { body: new Uint8Array(await renderPdf(brief)), type: "application/pdf", fileName: name("pdf") };
    }
    case "xlsx": {
      const { workbookAt } = await import("@/server/export/workbook/export");
      return {
        body: new Uint8Array(await workbookAt(access, brief.asOf)),
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        fileName: name("xlsx"),
      };
    }
    case "docx": {
      const { renderDocx } = await import("@/server/export/docx");
      return {
        body: new Uint8Array(await renderDocx(brief)),
        type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        fileName: name("docx"),
      };
    }
    case "pptx": {
      const { renderPptx } = await import("@/server/export/pptx");
      return {
        body: new Uint8Array(await renderPptx(brief)),
        type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        fileName: name("pptx"),
      };
    }
  }
}
