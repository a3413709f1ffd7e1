// tRPC over HTTP (queries, mutations and the server-sent-event subscriptions).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { CROSS_SITE_REFUSAL, errorResponse, sameOrigin } from "@/server/export/http";
import { withWrittenAnswers } from "@/server/offload/answers";
import { appRouter } from "@/server/root";
import { createContext, type ErrorData } from "@/server/trpc";
import { DOMAIN_ERRORS } from "@/shared/errors";
import { MAX_BATCH_SIZE, transformer } from "@/shared/transformer";

export const dynamic = "force-dynamic";

/**
 * A batch of more calls than MAX_BATCH_SIZE, refused before any of them runs, in the error shape
 * of server/trpc.ts (a tRPC client gives every call of the batch this error). tRPC's own
 * `maxBatchSize` refuses it too, but without saying what the limit is.
 */
function oversizedBatch(req: Request): Response | null {
  const url = new URL(req.url);
  if (url.searchParams.get("batch") !== "1") return null;
  const calls = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1)).split(",").length;
  if (calls <= MAX_BATCH_SIZE) return null;
  const message = `A request may batch at most ${MAX_BATCH_SIZE} calls; this one has ${calls}: send them in several requests`;
  const { trpc: code, status } = DOMAIN_ERRORS.BAD_REQUEST;
  // No procedure ran, so no path: null where a procedure's error names it.
  const data: Omit<Extract<ErrorData, { code: typeof code }>, "path"> & { path: null } = {
    code,
    httpStatus: status,
    path: null,
    fieldErrors: { batch: [message] },
    details: { maxBatchSize: MAX_BATCH_SIZE },
  };
  return Response.json(
    { error: transformer.serialize({ message, code: TRPC_ERROR_CODES_BY_KEY[code], data }) },
    { status, headers: { "cache-control": "no-store" } },
  );
}

function handler(req: Request) {
  // Cookies ride along on cross-site requests: a mutation must come from this site's own pages.
  if (req.method !== "GET" && !sameOrigin(req)) return errorResponse(403, CROSS_SITE_REFUSAL);
  const oversized = oversizedBatch(req);
  if (oversized) return oversized;
  // Large answers (as-of views, comparisons) arrive written and compressed by a worker thread.
  return withWrittenAnswers(req, () =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: () => createContext({ headers: req.headers }),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
      },
    }),
  );
}

export { handler as GET, handler as POST };
