// POST /api/assessments/import?teamId=… with a Signpost JSON export as the body: creates a new
// assessment in that team (analysts and owners). Nothing is written unless all of it is valid.
import { getDb } from "@/db/connection";
import { CROSS_SITE_REFUSAL, domainErrorResponse, errorResponse, sameOrigin, withCaller } from "@/server/export/http";
import { IMPORT_LIMIT_BYTES } from "@/server/export/import-limit";
import { offThread } from "@/server/offload/pool";
import { badInput, DomainError } from "@/shared/errors";
import { formatMegabytes } from "@/shared/format";

const MB = 1024 * 1024;

/** The refusal past the limit, the limit in words. */
export function tooLarge(size: string): Response {
  const limit = `${IMPORT_LIMIT_BYTES / MB} MB (${IMPORT_LIMIT_BYTES.toLocaleString("en")} bytes)`;
  return domainErrorResponse(
    new DomainError(
      "PAYLOAD_TOO_LARGE",
      `The file is ${size}; an import takes at most ${limit}. Export the assessment again, or split its history.`,
      "file",
    ),
  );
}

/**
 * The body's bytes, or null once more than IMPORT_LIMIT_BYTES have arrived: counted while
 * reading, so a body without a content-length (chunked) is cut off as soon as it passes the limit.
 */
export async function readWithin(req: Request): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > IMPORT_LIMIT_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  // One copy into a buffer of its own, which moves to the worker whole: every megabyte copied here
  // is also one the event loop's garbage collector must account for.
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export async function importPost(req: Request) {
  if (!sameOrigin(req)) return errorResponse(403, CROSS_SITE_REFUSAL);
  const teamId = new URL(req.url).searchParams.get("teamId");
  if (!teamId) return domainErrorResponse(badInput("teamId", "Say which team to import into: ?teamId=…"));
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > IMPORT_LIMIT_BYTES) return tooLarge(formatMegabytes(declared));
  return withCaller(req, async (user) => {
    const bytes = await readWithin(req);
    if (bytes === null) return tooLarge(`larger than ${IMPORT_LIMIT_BYTES / MB} MB`);
    // Parsing, validating, replaying and writing a large document takes seconds: off the event
    // loop, the bytes moved to the worker rather than copied.
    const imported = await offThread(getDb(), "importJson", [user, teamId, bytes], [bytes.buffer as ArrayBuffer]);
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
