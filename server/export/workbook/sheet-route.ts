// POST /api/assessments/import/sheet?teamId=…&name=<file name>&step=… with a spreadsheet (.xlsx or
// .csv) as the body, for analysts and owners of the team:
//   step=preview  what the file would bring in (an ACH matrix's mapping, or a Signpost workbook's
//                 contents and the edits applying it to its assessment would make); writes nothing.
//   step=create   a Signpost workbook as a new assessment (an ACH matrix is saved, once adjusted,
//                 through the tRPC procedure assessments.createFromMatrix).
//   step=update&assessmentId=…&version=…&rationale=…  the workbook applied to its assessment as one change.
// Same size limit, Origin check and per-person count as the JSON import; nothing is written on any error.
import { getDb } from "@/db/connection";
import {
  attachment,
  CROSS_SITE_REFUSAL,
  domainErrorResponse,
  errorResponse,
  sameOrigin,
  withCaller,
} from "@/server/export/http";
import { IMPORT_LIMIT_BYTES } from "@/server/export/import-limit";
import { readWithin, tooLarge } from "@/server/export/import-route";
import { offThread } from "@/server/offload/pool";
import { rationale as rationaleSchema } from "@/shared/assessment/schemas";
import { badInput } from "@/shared/errors";
import { formatMegabytes } from "@/shared/format";

const STEPS = ["preview", "create", "update"] as const;

export async function sheetImportPost(req: Request) {
  if (!sameOrigin(req)) return errorResponse(403, CROSS_SITE_REFUSAL);
  const query = new URL(req.url).searchParams;
  const teamId = query.get("teamId");
  if (!teamId) return domainErrorResponse(badInput("teamId", "Say which team to import into: ?teamId=…"));
  const step = query.get("step") ?? "preview";
  if (!(STEPS as readonly string[]).includes(step)) {
    return domainErrorResponse(badInput("step", `Unknown step '${step}': use preview, create or update`));
  }
  const fileName = (query.get("name") ?? "matrix.xlsx").slice(0, 200);
  let update: { assessmentId: string; version: number; rationale: string } | null = null;
  if (step === "update") {
    const assessmentId = query.get("assessmentId") ?? "";
    const version = Number(query.get("version"));
    if (!assessmentId) return domainErrorResponse(badInput("assessmentId", "Say which assessment to update"));
    if (!Number.isInteger(version) || version < 1) {
      return domainErrorResponse(badInput("version", "Give the version of the assessment the confirmation showed"));
    }
    const rationale = rationaleSchema.safeParse(query.get("rationale") ?? "");
    if (!rationale.success) return domainErrorResponse(badInput("rationale", rationale.error.issues[0]?.message ?? ""));
    update = { assessmentId, version, rationale: rationale.data };
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > IMPORT_LIMIT_BYTES) return tooLarge(formatMegabytes(declared));
  return withCaller(req, async (user) => {
    const bytes = await readWithin(req);
    if (bytes === null) return tooLarge(`larger than ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB`);
    const actor = { id: user.id, name: user.name };
    if (step === "preview") {
      const preview = await offThread(
        getDb(),
        "previewSheet",
        [actor, teamId, bytes, fileName],
        [bytes.buffer as ArrayBuffer],
      );
      return Response.json(preview, { headers: { "cache-control": "no-store" } });
    }
    const asked = update ? { mode: "update" as const, ...update } : { mode: "create" as const };
    const done = await offThread(
      getDb(),
      "importSheet",
      [actor, teamId, bytes, fileName, asked],
      [bytes.buffer as ArrayBuffer],
    );
    return Response.json(done, { status: update ? 200 : 201 });
  });
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** GET /api/assessments/import/template?layout=workbook|ach&format=xlsx|csv — the templates, for signed-in people. */
export async function templateGet(req: Request) {
  const query = new URL(req.url).searchParams;
  const layout = query.get("layout") ?? "workbook";
  const format = query.get("format") ?? "xlsx";
  if (layout !== "workbook" && layout !== "ach") {
    return domainErrorResponse(badInput("layout", `Unknown layout '${layout}': use layout=workbook or layout=ach`));
  }
  if (format !== "xlsx" && !(format === "csv" && layout === "ach")) {
    return domainErrorResponse(
      badInput("format", `Unknown format '${format}': the workbook template is xlsx; the ACH one xlsx or csv`),
    );
  }
  return withCaller(req, async () => {
    const { achTemplateCsv, achTemplateXlsx, workbookTemplate } = await import("./template");
    if (layout === "workbook") {
      return attachment(new Uint8Array(await workbookTemplate()), XLSX_TYPE, "signpost-workbook-template.xlsx");
    }
    if (format === "csv") return attachment(achTemplateCsv(), "text/csv; charset=utf-8", "ach-matrix-template.csv");
    return attachment(new Uint8Array(await achTemplateXlsx()), XLSX_TYPE, "ach-matrix-template.xlsx");
  });
}
