// A route handler that compresses its own body (server/offload/answers.ts) must say so in
// Content-Encoding, but Next drops that header from every route's response (a body fetch()
// decoded would otherwise be mislabelled) and then compresses the body again. The route names its
// encoding in OWN_ENCODING_HEADER instead, and the server of `npm start` (server/cli/serve.ts)
// turns it back into Content-Encoding before Next's compression looks, which then leaves the body
// alone. Under any other server (`next dev`) routes do not encode their own bodies.
import http from "node:http";

export const OWN_ENCODING_HEADER = "x-signpost-content-encoding";

// On globalThis: the route bundles Next loads and server/cli/serve.ts are separate module graphs.
const globalForEncoding = globalThis as unknown as { signpostOwnEncoding?: boolean };

/** True when the server restores OWN_ENCODING_HEADER (it runs serveApp), so a route may encode its body. */
export function ownEncodingServed(): boolean {
  return globalForEncoding.signpostOwnEncoding === true;
}

/** The response class of serveApp's server: OWN_ENCODING_HEADER becomes Content-Encoding as Next sets it. */
export class OwnEncodingResponse<
  Request extends http.IncomingMessage = http.IncomingMessage,
> extends http.ServerResponse<Request> {
  static enable(): void {
    globalForEncoding.signpostOwnEncoding = true;
  }

  override setHeader(name: string, value: number | string | readonly string[]): this {
    return super.setHeader(name.toLowerCase() === OWN_ENCODING_HEADER ? "content-encoding" : name, value);
  }

  override appendHeader(name: string, value: string | readonly string[]): this {
    if (name.toLowerCase() === OWN_ENCODING_HEADER) return this.setHeader("content-encoding", value);
    return super.appendHeader(name, value);
  }
}
