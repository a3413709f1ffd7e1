// GET /api/assessments/{id}/export?format=pdf|docx|md|json|csv[&table=matrix|evidence][&asOf=ISO|&baseline=id]
// Behind the same session and role checks as the app; viewers may export.
import { getDb } from "@/db/connection";
import { EXPORT_FORMATS } from "@/server/export/files";
import { attachment, domainErrorResponse, withCaller } from "@/server/export/http";
import { offThread } from "@/server/offload/pool";
import { badInput } from "@/shared/errors";

export async function exportGet(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(req.url);
  const format = url.searchParams.get("format") ?? "";
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return domainErrorResponse(badInput("format", `Unknown format '${format}': use pdf, docx, md, json or csv`));
  }
  const table = url.searchParams.get("table");
  if (format === "csv" && table !== "matrix" && table !== "evidence") {
    return domainErrorResponse(badInput("table", `Unknown table '${table ?? ""}': use table=matrix or table=evidence`));
  }
  const asOfParam = url.searchParams.get("asOf");
  const baselineId = url.searchParams.get("baseline") ?? undefined;
  if (
    asOfParam !== null &&
    (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(asOfParam) || Number.isNaN(Date.parse(asOfParam)))
  ) {
    return domainErrorResponse(
      badInput("asOf", `asOf '${asOfParam}' is not an ISO date-time such as 2024-12-13T18:00:00Z`),
    );
  }
  return withCaller(req, async (user) => {
    const asOf = asOfParam !== null ? { at: asOfParam } : baselineId ? { baselineId } : undefined;
    // Replaying to the brief's moment and rendering the file take long on a large assessment.
    const file = await offThread(getDb(), "exportFile", [
      user.id,
      id,
      {
        format: format as (typeof EXPORT_FORMATS)[number],
        table: table === "matrix" || table === "evidence" ? table : undefined,
        asOf,
        baselineId,
      },
    ]);
    return attachment(file.body, file.type, file.fileName);
  });
}
