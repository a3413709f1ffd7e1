// tRPC over HTTP (queries, mutations and the server-sent-event subscriptions).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { CROSS_SITE_REFUSAL, errorResponse, sameOrigin } from "@/server/export/http";
import { appRouter } from "@/server/root";
import { createContext } from "@/server/trpc";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  // Cookies ride along on cross-site requests: a mutation must come from this site's own pages.
  if (req.method !== "GET" && !sameOrigin(req)) return errorResponse(403, CROSS_SITE_REFUSAL);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
