// GET /api/assessments/{id}/export?format=pdf|docx|pptx|md|json|csv|xlsx[&table=matrix|evidence][&seq=n|&at=ISO][&compareTo=id]
// The moment and baseline are named as on the brief (shared/moment.ts). Behind the same session
// and role checks as the app; viewers may export.
import { getDb } from "@/db/connection";
import { EXPORT_FORMATS } from "@/server/export/files";
import { attachment, domainErrorResponse, withCaller } from "@/server/export/http";
import { offThread } from "@/server/offload/pool";
import { badInput } from "@/shared/errors";
import { readMomentQuery } from "@/shared/moment";

export async function exportGet(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(req.url);
  const format = url.searchParams.get("format") ?? "";
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return domainErrorResponse(
      badInput("format", `Unknown format '${format}': use pdf, docx, pptx, md, json, csv or xlsx`),
    );
  }
  const table = url.searchParams.get("table");
  if (format === "csv" && table !== "matrix" && table !== "evidence") {
    return domainErrorResponse(badInput("table", `Unknown table '${table ?? ""}': use table=matrix or table=evidence`));
  }
  const asked = readMomentQuery(url.searchParams, { compare: true });
  if (!asked.ok) return domainErrorResponse(badInput(asked.param, asked.error));
  // Links saved before compareTo= said `baseline=id` alone for the brief as of that baseline.
  const legacyBaseline = asked.compareToParam === "baseline" ? asked.compareTo : undefined;
  const asOf = asked.moment ?? (legacyBaseline ? { baselineId: legacyBaseline } : undefined);
  return withCaller(req, async (user) => {
    // Replaying to the brief's moment and rendering the file take long on a large assessment.
    const file = await offThread(getDb(), "exportFile", [
      user.id,
      id,
      {
        format: format as (typeof EXPORT_FORMATS)[number],
        table: table === "matrix" || table === "evidence" ? table : undefined,
        asOf,
        compareTo: asked.compareTo,
      },
    ]);
    return attachment(file.body, file.type, file.fileName);
  });
}
