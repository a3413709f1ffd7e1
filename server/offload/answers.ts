// Large tRPC answers written by the worker thread that computed them (issue 11, finding 5). An
// as-of view is 1.5 MB of JSON: received as a structured clone, stringified, encoded and gzipped
// on the event loop, eight of them at once held /api/health for 150-350 ms. Inside a tRPC HTTP
// request the worker writes such a value in the encoding the response will use (gzip, or plain
// UTF-8 JSON) and transfers the bytes; the procedure returns a stand-in the transformer writes as
// a placeholder, and the HTTP handler puts the bytes in the placeholder's place. Only the bytes
// sent cross threads: every megabyte the event loop receives is also a megabyte its garbage
// collector must account for. The wire format is unchanged: `{ json: value }`, exactly what the
// transformer writes for a plain value.
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import zlib from "node:zlib";
import { type DeflatedPart, deflatePart, gzipJoin } from "@/server/net/gzip-join";
import { OWN_ENCODING_HEADER, ownEncodingServed } from "@/server/net/own-encoding";
import { PREWRITTEN } from "@/shared/transformer";

export type AnswerEncoding = "gzip" | "identity";

/** A value's JSON written by a worker thread: its gzip part, or its UTF-8 bytes. */
export type WrittenJson = { gzip: DeflatedPart } | { json: Uint8Array };

/** Bytes that own their whole buffer, so transferring the buffer moves nothing else. */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/** In the worker: `value` (plain JSON) written in `encoding`, and the buffer to transfer with it. */
export function writeJson(value: unknown, encoding: AnswerEncoding): { written: WrittenJson; transfer: ArrayBuffer } {
  const json = new TextEncoder().encode(JSON.stringify(value));
  if (encoding === "identity") {
    const bytes = owned(json);
    return { written: { json: bytes }, transfer: bytes.buffer as ArrayBuffer };
  }
  const part = deflatePart(json);
  const deflated = owned(part.deflated);
  return { written: { gzip: { ...part, deflated } }, transfer: deflated.buffer as ArrayBuffer };
}

interface Scope {
  encoding: AnswerEncoding;
  /** Placeholder → the bytes it stands for, for the answers of this request. */
  written: Map<string, WrittenJson>;
}

// On globalThis: Next bundles these modules into several route bundles, which must share one.
const globalForAnswers = globalThis as unknown as { signpostAnswerScopes?: AsyncLocalStorage<Scope> };
globalForAnswers.signpostAnswerScopes ??= new AsyncLocalStorage<Scope>();
const scopes = globalForAnswers.signpostAnswerScopes;

// A placeholder is a string no one else can write: a NUL, then a secret of this process.
const SECRET = crypto.randomUUID();
const PLACEHOLDER = new RegExp(`"\\\\u0000signpost-json:${SECRET}:(\\d+)"`, "g");
let counter = 0;

/**
 * The encoding of the HTTP response a value returned now goes straight into (see
 * withWrittenAnswers), or null outside one (server pages, createCaller).
 */
export function answerEncoding(): AnswerEncoding | null {
  return scopes.getStore()?.encoding ?? null;
}

/** The stand-in a procedure returns for JSON a worker wrote; the transformer asks it for its placeholder. */
export class WrittenAnswer {
  constructor(private readonly written: WrittenJson) {}

  [PREWRITTEN](): string {
    const scope = scopes.getStore();
    if (!scope) throw new Error("A worker-written answer was serialized outside the tRPC HTTP handler");
    const placeholder = `\u0000signpost-json:${SECRET}:${counter++}`;
    scope.written.set(placeholder, this.written);
    return placeholder;
  }
}

/** True when the request's Accept-Encoding takes gzip (an explicit gzip entry rules over `*`). */
export function acceptsGzip(header: string | null): boolean {
  let gzip: number | null = null;
  let any: number | null = null;
  for (const entry of (header ?? "").split(",")) {
    const [coding = "", ...params] = entry.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    if (coding === "gzip" || coding === "x-gzip") gzip = weight;
    else if (coding === "*") any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/**
 * Runs the tRPC handler with worker-written answers enabled, then replaces their placeholders in
 * its response with their bytes: gzip-encoded when the client takes gzip and the server lets a
 * route encode its body (server/net/own-encoding.ts; Next then leaves the body alone), else plain
 * (and Next compresses it as any other). Streamed responses (`trpc-accept`) keep values inline.
 */
export async function withWrittenAnswers(req: Request, handle: () => Promise<Response>): Promise<Response> {
  if (req.headers.has("trpc-accept")) return handle();
  const gzip = ownEncodingServed() && acceptsGzip(req.headers.get("accept-encoding"));
  const scope: Scope = { encoding: gzip ? "gzip" : "identity", written: new Map() };
  const response = await scopes.run(scope, handle);
  if (scope.written.size === 0) return response;
  // The envelope around the answers: a few bytes per call, unless other calls of the batch answered more.
  const text = await response.text();
  const encoder = new TextEncoder();
  const parts: (Uint8Array | WrittenJson)[] = [];
  let from = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const written = scope.written.get(JSON.parse(match[0]) as string);
    if (!written) continue;
    parts.push(encoder.encode(text.slice(from, match.index)), written);
    from = match.index + match[0].length;
  }
  parts.push(encoder.encode(text.slice(from)));
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.append("vary", "accept-encoding");
  let body: BodyInit;
  if (gzip) {
    body = await gzipJoin(parts.map((p) => (p instanceof Uint8Array ? p : "gzip" in p ? p.gzip : p.json)));
    headers.set(OWN_ENCODING_HEADER, "gzip");
  } else {
    // A gzip part here would be a bug (the worker writes what the scope asked for); inflating it stays correct.
    body = Buffer.concat(
      parts.map((p) => (p instanceof Uint8Array ? p : "json" in p ? p.json : zlib.inflateRawSync(p.gzip.deflated))),
    );
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
