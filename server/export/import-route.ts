// POST /api/assessments/import?teamId=… with a Signpost JSON export as the body: creates a new
// assessment in that team (analysts and owners). Nothing is written unless all of it is valid.
import { getDb } from "@/db/connection";
import { CROSS_SITE_REFUSAL, errorResponse, sameOrigin, withCaller } from "@/server/export/http";
import { IMPORT_LIMIT_BYTES, importAssessment } from "@/server/export/json";

export async function importPost(req: Request) {
  if (!sameOrigin(req)) return errorResponse(403, CROSS_SITE_REFUSAL);
  const teamId = new URL(req.url).searchParams.get("teamId");
  if (!teamId) return errorResponse(400, "Say which team to import into: ?teamId=…", "teamId");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > IMPORT_LIMIT_BYTES)
    return errorResponse(413, `The file is larger than ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB`, "file");
  return withCaller(req, async (user) => {
    const text = await req.text();
    if (Buffer.byteLength(text) > IMPORT_LIMIT_BYTES)
      return errorResponse(413, `The file is larger than ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB`, "file");
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return errorResponse(
        415,
        "The file is not JSON: export an assessment from Signpost as JSON and import that",
        "file",
      );
    }
    const created = importAssessment(getDb(), user, teamId, raw);
    return Response.json({ id: created.id, title: created.title }, { status: 201 });
  });
}
