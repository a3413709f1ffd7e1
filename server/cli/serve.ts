// Serves the built app from this process with Node's HTTP server in front of Next's handler, so
// that the client's address comes from the socket: X-Forwarded-For is rewritten to the address
// resolved through SIGNPOST_TRUSTED_PROXIES, and forwarded host/proto headers from anyone else are
// dropped before the app (better-auth's rate limits, the Origin checks) reads them.
import http from "node:http";
import { healthGet } from "@/server/health";
import { resolveClient, trustedProxies } from "@/server/net/client-address";
import { OwnEncodingResponse } from "@/server/net/own-encoding";

const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/** Rewrites the request's forwarding headers to what can be believed of them. */
export function sanitiseForwarding(req: http.IncomingMessage, proxies: ReturnType<typeof trustedProxies>): void {
  const header = req.headers["x-forwarded-for"];
  const forwardedFor = Array.isArray(header) ? header.join(",") : header;
  const { client, viaTrustedProxy } = resolveClient(req.socket.remoteAddress, forwardedFor, proxies);
  if (client) req.headers["x-forwarded-for"] = client;
  else delete req.headers["x-forwarded-for"];
  if (!viaTrustedProxy) for (const name of FORWARDING_HEADERS) delete req.headers[name];
}

/** Bodies other routes take are small (a form, a batch of edits); only the import takes files. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** The imports: a JSON export, and a spreadsheet (issue 16). */
const IMPORT_PATHS = new Set(["/api/assessments/import", "/api/assessments/import/sheet"]);

/**
 * The refusal of a request whose declared body is larger than its route takes, before Next buffers
 * it: Next's proxy buffers bodies up to the import's limit on every route. The import route counts
 * its own body (server/export/import-route.ts). Null when the request may pass.
 */
export function oversizedBody(
  req: Pick<http.IncomingMessage, "headers" | "url">,
): { error: { message: string } } | null {
  if (IMPORT_PATHS.has((req.url ?? "").split("?")[0] ?? "")) return null;
  const declared = Number(req.headers["content-length"] ?? 0);
  if (!(declared > BODY_LIMIT_BYTES)) return null;
  return { error: { message: "The request body is larger than this address takes (at most 1 MB)" } };
}

const HEALTH_PATH = "/api/health";
/** The headers proxy.ts sets on every answer that are meaningful on a JSON one. */
const HEALTH_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

/**
 * Load balancers and monitors ask /api/health every few seconds: it is answered here, on the same
 * event loop as every request, without Next's routing and proxy around the one database query.
 * A stalled loop still delays it, which is what the check is for. False when the request is not a
 * health check. `next dev` serves the same answer from app/api/health/route.ts.
 */
export async function answerHealth(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  if ((req.url ?? "").split("?")[0] !== HEALTH_PATH || (req.method !== "GET" && req.method !== "HEAD")) return false;
  const answer = await healthGet();
  const body = req.method === "HEAD" ? "" : await answer.text();
  res.writeHead(answer.status, { ...HEALTH_HEADERS, "content-type": "application/json" }).end(body);
  return true;
}

export async function serveApp(port: number): Promise<http.Server> {
  const proxies = trustedProxies();
  // As `next start` does: React and Next pick their production builds from NODE_ENV when loaded.
  Object.assign(process.env, { NODE_ENV: "production" });
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Routes that compress their own bodies say so in a header Next passes on (server/net/own-encoding.ts).
  OwnEncodingResponse.enable();
  const server = http.createServer({ ServerResponse: OwnEncodingResponse }, (req, res) => {
    sanitiseForwarding(req, proxies);
    const refusal = oversizedBody(req);
    if (refusal) {
      res.writeHead(413, { "content-type": "application/json", connection: "close" }).end(JSON.stringify(refusal));
      req.destroy();
      return;
    }
    answerHealth(req, res)
      .then((answered) => (answered ? undefined : handle(req, res)))
      .catch((error: unknown) => {
        console.error("signpost: request failed:", error);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return server;
}
