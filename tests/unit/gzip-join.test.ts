// Issue 11, finding 5: a worker thread compresses a large answer, the event loop the envelope
// around it, and the parts make one gzip body. Any decoder must read it back to the exact bytes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc32, crc32Combine, deflatePart, gzipJoin } from "@/server/net/gzip-join";
import { OWN_ENCODING_HEADER, OwnEncodingResponse } from "@/server/net/own-encoding";
import { acceptsGzip } from "@/server/offload/answers";

describe("finding 5: one gzip body from parts compressed apart", () => {
  it("combines CRC-32s as CRC-32 of the concatenation", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        const whole = new Uint8Array([...a, ...b]);
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(whole));
      }),
    );
  });

  it("gunzips to the parts in order, plain and deflated ones mixed, empty ones included", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 5000 })), { maxLength: 6 }),
        async (parts) => {
          const body = await gzipJoin(parts.map(([deflated, bytes]) => (deflated ? deflatePart(bytes) : bytes)));
          const expected = Buffer.concat(parts.map(([, bytes]) => bytes));
          expect(zlib.gunzipSync(body).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("joins a large JSON answer inside a small envelope, and a large plain part", async () => {
    const answer = Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, p: i / 7 }))));
    const large = Buffer.alloc(200_000, "x");
    const body = await gzipJoin([
      Buffer.from('[{"result":{"data":{"json":'),
      deflatePart(answer),
      large,
      Buffer.from("}}}]"),
    ]);
    expect(zlib.gunzipSync(body).toString()).toBe(`[{"result":{"data":{"json":${answer}${large}}}}]`);
    expect(body.length).toBeLessThan(answer.length / 4);
  });

  it.each([
    ["gzip, deflate, br", true],
    ["deflate, br", false],
    ["", false],
    [null, false],
    ["*", true],
    ["gzip;q=0, *", false],
    ["identity, *;q=0", false],
    ["x-gzip", true],
    ["br;q=1.0, gzip;q=0.8", true],
  ])("takes Accept-Encoding %j as gzip: %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it("the server of npm start turns the route's own encoding header into Content-Encoding", async () => {
    const body = zlib.gzipSync("written by a worker");
    const server = http.createServer({ ServerResponse: OwnEncodingResponse }, (_req, res) => {
      // Next copies a route's headers with setHeader or appendHeader, by name in lower case.
      res.appendHeader(OWN_ENCODING_HEADER, "gzip");
      res.setHeader("content-type", "text/plain");
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.headers.get("content-encoding")).toBe("gzip");
      expect(res.headers.get(OWN_ENCODING_HEADER)).toBeNull();
      // fetch decodes it, as a browser does.
      expect(await res.text()).toBe("written by a worker");
    } finally {
      server.close();
    }
  });
});
