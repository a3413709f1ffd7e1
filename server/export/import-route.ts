// POST /api/assessments/import?teamId=… with a Signpost JSON export as the body: creates a new
// assessment in that team (analysts and owners). Nothing is written unless all of it is valid.
import { getDb } from "@/db/connection";
import { errorResponse, sameOrigin, withCaller } from "@/server/export/http";
import { IMPORT_LIMIT_BYTES } from "@/server/export/json";
import { offThread } from "@/server/offload/pool";

export async function importPost(req: Request) {
  if (!sameOrigin(req)) return errorResponse(403, "Requests from another site are refused");
  const teamId = new URL(req.url).searchParams.get("teamId");
  if (!teamId) return errorResponse(400, "Say which team to import into: ?teamId=…", "teamId");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > IMPORT_LIMIT_BYTES)
    return errorResponse(413, `The file is larger than ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB`, "file");
  return withCaller(req, async (user) => {
    const bytes = new Uint8Array(await req.arrayBuffer());
    if (bytes.byteLength > IMPORT_LIMIT_BYTES)
      return errorResponse(413, `The file is larger than ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB`, "file");
    // Parsing, validating, replaying and writing a large document takes seconds: off the event
    // loop, the bytes moved to the worker rather than copied.
    const imported = await offThread(getDb(), "importJson", [user, teamId, bytes], [bytes.buffer]);
    if ("notJson" in imported) {
      return errorResponse(
        415,
        "The file is not JSON: export an assessment from Signpost as JSON and import that",
        "file",
      );
    }
    return Response.json({ id: imported.created.id, title: imported.created.title }, { status: 201 });
  });
}
