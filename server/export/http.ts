// Shared plumbing of the export and import routes: the caller from the session, domain errors as
// JSON with the HTTP status of their code (DOMAIN_ERRORS, shared/errors.ts), and the Origin check
// for state-changing requests.
import { env } from "@/env";
import { type SessionUser, sessionUser } from "@/server/auth";
import { DOMAIN_ERRORS, DomainError, type RouteErrorBody } from "@/shared/errors";

export function errorResponse(status: number, message: string, field?: string): Response {
  const body: RouteErrorBody = { error: { message, ...(field ? { field } : {}) } };
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/** A domain error as the routes answer it: its message and field, with its code's HTTP status. */
export function domainErrorResponse(error: DomainError): Response {
  return errorResponse(DOMAIN_ERRORS[error.code].status, error.message, error.field);
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
    if (error instanceof DomainError) return domainErrorResponse(error);
    console.error("export/import failed:", error);
    return errorResponse(500, "Something went wrong on the server; nothing was written. Try again.");
  }
}

export const CROSS_SITE_REFUSAL =
  "Requests from another site are refused: a change must come from Signpost's own pages (with this server's Origin)";

/**
 * A state change must come from this site's own pages: the browser's Origin must name this server.
 * With no Origin, only `Sec-Fetch-Site: same-origin` passes, unless the request carries no cookie
 * (then it has no session to borrow). X-Forwarded-Host is believed only when trusted proxies are
 * configured: the serving process (server/cli/serve.ts) drops it from anyone else.
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) {
    if (req.headers.get("sec-fetch-site") === "same-origin") return true;
    return !req.headers.get("cookie")?.trim();
  }
  const forwarded = env().SIGNPOST_TRUSTED_PROXIES ? req.headers.get("x-forwarded-host") : null;
  const host = forwarded ?? req.headers.get("host") ?? new URL(req.url).host;
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
