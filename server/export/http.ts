// Shared plumbing of the export and import routes: the caller from the session, domain errors as
// JSON with the right HTTP status, and the Origin check for state-changing requests.
import { type SessionUser, sessionUser } from "@/server/auth";
import { DomainError } from "@/server/errors";

const STATUS: Record<DomainError["code"], number> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

export function errorResponse(status: number, message: string, field?: string): Response {
  return Response.json(
    { error: { message, ...(field ? { field } : {}) } },
    { status, headers: { "cache-control": "no-store" } },
  );
}

/** Runs `fn` for the signed-in caller; maps domain errors to statuses and hides anything else. */
export async function withCaller(
  req: Request,
  fn: (user: SessionUser) => Promise<Response> | Response,
): Promise<Response> {
  const user = await sessionUser(req.headers);
  if (!user) return errorResponse(401, "Sign in to continue.");
  try {
    return await fn(user);
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(STATUS[error.code], error.message, error.field);
    console.error("export/import failed:", error);
    return errorResponse(500, "Something went wrong on the server; nothing was written. Try again.");
  }
}

/** A POST from another site's page is refused: the browser's Origin must be this server's. */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function attachment(body: BodyInit, type: string, fileName: string): Response {
  return new Response(body, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
