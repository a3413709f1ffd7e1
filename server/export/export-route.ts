// GET /api/assessments/{id}/export?format=pdf|docx|md|json|csv[&table=matrix|evidence][&asOf=ISO|&baseline=id]
// Behind the same session and role checks as the app; viewers may export.
import { getDb } from "@/db/connection";
import { buildBrief, exportFileName } from "@/server/export/brief";
import { evidenceCsv, matrixCsv } from "@/server/export/csv";
import { renderDocx } from "@/server/export/docx";
import { attachment, errorResponse, withCaller } from "@/server/export/http";
import { exportAssessment } from "@/server/export/json";
import { renderMarkdown } from "@/server/export/markdown";
import { renderPdf } from "@/server/export/pdf";
import { withPortableNames } from "@/server/export/portable-names";
import { momentView } from "@/server/history/compare";

const FORMATS = ["pdf", "docx", "md", "json", "csv"] as const;
type Format = (typeof FORMATS)[number];

export async function exportGet(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(req.url);
  const format = url.searchParams.get("format") ?? "";
  if (!(FORMATS as readonly string[]).includes(format)) {
    return errorResponse(400, `Unknown format '${format}': use pdf, docx, md, json or csv`, "format");
  }
  const table = url.searchParams.get("table");
  if (format === "csv" && table !== "matrix" && table !== "evidence") {
    return errorResponse(400, `Unknown table '${table ?? ""}': use table=matrix or table=evidence`, "table");
  }
  const asOfParam = url.searchParams.get("asOf");
  const baselineId = url.searchParams.get("baseline") ?? undefined;
  if (
    asOfParam !== null &&
    (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(asOfParam) || Number.isNaN(Date.parse(asOfParam)))
  ) {
    return errorResponse(400, `asOf '${asOfParam}' is not an ISO date-time such as 2024-12-13T18:00:00Z`, "asOf");
  }
  return withCaller(req, async (user) => {
    const db = getDb();
    const asOf = asOfParam !== null ? { at: asOfParam } : baselineId ? { baselineId } : undefined;
    const brief = buildBrief(db, user.id, id, { asOf, baselineId });
    const name = (ext: string) => exportFileName(brief, ext);
    switch (format as Format) {
      case "md":
        return attachment(renderMarkdown(brief), "text/markdown; charset=utf-8", name("md"));
      case "json":
        return attachment(
          `${JSON.stringify(withPortableNames(exportAssessment(db, user.id, id)), null, 2)}\n`,
          "application/json; charset=utf-8",
          name("json"),
        );
      case "csv": {
        const view = momentView(db, id, brief.asOf.seq);
        const body = table === "matrix" ? matrixCsv(view.state, view.result) : evidenceCsv(view.state);
        return attachment(body, "text/csv; charset=utf-8", name(`${table}.csv`));
      }
      case "pdf":
        return attachment(new Uint8Array(await renderPdf(brief)), "application/pdf", name("pdf"));
      case "docx":
        return attachment(
          new Uint8Array(await renderDocx(brief)),
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          name("docx"),
        );
    }
  });
}
