// Issue 11, finding 5: eight as-of views of the heaviest history held /api/health for 130-350 ms,
// because the event loop received each 1.5 MB view as a structured clone, stringified it and
// gzipped it. Through the tRPC route the worker thread now writes the answer in the response's
// encoding; these tests hold the route to the same bytes the transformer writes (so the client
// reads them as before) and to the gzip encoding it names.
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as trpcGet } from "@/app/api/trpc/[trpc]/route";
import { getDb } from "@/db/connection";
import { checkAssessmentAccess } from "@/server/access";
import { compareAsOf, viewAsOf } from "@/server/history/moments";
import { OWN_ENCODING_HEADER, OwnEncodingResponse } from "@/server/net/own-encoding";
import { transformer } from "@/shared/transformer";
import { buildWorld, signInCookie, type World } from "./harness";

const BASE = "http://localhost:3000";

let world: World;
let cookie: string;

beforeAll(async () => {
  world = await buildWorld();
  cookie = await signInCookie(world.owner.email, world.owner.password);
  // As `npm start` does (server/cli/serve.ts): routes may then encode their own bodies.
  OwnEncodingResponse.enable();
});

afterAll(() => world?.db.cleanup());

const input = (value: unknown) => encodeURIComponent(JSON.stringify(transformer.serialize(value)));

async function get(path: string, acceptEncoding?: string): Promise<Response> {
  return trpcGet(
    new Request(`${BASE}/api/trpc/${path}`, {
      headers: { cookie, ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}) },
    }),
  );
}

async function gunzipped(res: Response): Promise<string> {
  return zlib.gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8");
}

describe("finding 5: large answers are written by the worker thread, in the response's encoding", () => {
  it("an as-of view is gzip-encoded by the route itself, to the exact JSON the transformer writes", async () => {
    const assessmentId = world.teamA.demoAssessmentId;
    const moment = { seq: 2 };
    const res = await get(`history.asOf?input=${input({ assessmentId, moment })}`, "gzip, deflate, br");
    expect(res.status).toBe(200);
    // Next drops Content-Encoding from a route's response: the route names it in its own header.
    expect(res.headers.get(OWN_ENCODING_HEADER)).toBe("gzip");
    expect(res.headers.get("vary")).toContain("accept-encoding");
    const expected = {
      result: {
        data: transformer.serialize(
          await viewAsOf(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId), moment),
        ),
      },
    };
    expect(await gunzipped(res)).toBe(JSON.stringify(expected));
  });

  it("a client that does not take gzip gets the same JSON, plain", async () => {
    const assessmentId = world.teamA.demoAssessmentId;
    const from = { seq: 1 };
    const to = { seq: 3 };
    const res = await get(`history.compare?input=${input({ assessmentId, from, to })}`, "identity");
    expect(res.status).toBe(200);
    expect(res.headers.get(OWN_ENCODING_HEADER)).toBeNull();
    const expected = {
      result: {
        data: transformer.serialize(
          await compareAsOf(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId), from, to),
        ),
      },
    };
    expect(await res.text()).toBe(JSON.stringify(expected));
  });

  it("a batch mixing written answers, an ordinary answer and a refusal keeps tRPC's envelope and error shape", async () => {
    const assessmentId = world.teamA.demoAssessmentId;
    const calls = {
      0: { assessmentId, moment: { seq: 1 } },
      1: undefined,
      2: { assessmentId, moment: { seq: 99_999 } },
    };
    const path = `history.asOf,setup.status,history.asOf?batch=1&input=${encodeURIComponent(
      JSON.stringify(Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, transformer.serialize(v)]))),
    )}`;
    const plain = await get(path);
    const zipped = await get(path, "gzip");
    expect(plain.status).toBe(207);
    expect(zipped.status).toBe(207);
    expect(zipped.headers.get(OWN_ENCODING_HEADER)).toBe("gzip");
    const text = await plain.text();
    expect(await gunzipped(zipped)).toBe(text);
    const [first, second, third] = JSON.parse(text) as [
      { result: { data: unknown } },
      { result: { data: unknown } },
      { error: { json: { message: string; data: { code: string; fieldErrors: Record<string, string[]> } } } },
    ];
    expect(first.result.data).toEqual(
      transformer.serialize(
        await viewAsOf(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId), { seq: 1 }),
      ),
    );
    expect(second.result.data).toHaveProperty("json");
    const latest = (await viewAsOf(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId), undefined))
      .moment.latest;
    expect(third.error.json.message).toBe(`There is no change number 99999: this assessment has ${latest}`);
    expect(third.error.json.data.code).toBe("BAD_REQUEST");
    expect(third.error.json.data.fieldErrors).toEqual({ seq: [third.error.json.message] });
  });

  it("server pages and createCaller still receive the view itself", async () => {
    const assessmentId = world.teamA.demoAssessmentId;
    const view = await world.owner.caller.history.asOf({ assessmentId, moment: { seq: 2 } });
    expect(view).toEqual(
      await viewAsOf(await checkAssessmentAccess(getDb(), world.owner.id, assessmentId), { seq: 2 }),
    );
  });
});
