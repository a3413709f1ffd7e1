// Issue 11, finding 5: one GET batching ten as-of views answered 29 MB after 7 s. A tRPC request
// may batch at most MAX_BATCH_SIZE calls; a larger batch is refused whole, before any call runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { MAX_BATCH_SIZE, transformer } from "@/shared/transformer";
import { buildWorld, rowCounts, signInCookie, type World } from "./harness";

const BASE = "http://localhost:3000";
const SAME_SITE = { host: "localhost:3000", origin: BASE };

let world: World;
let cookie: string;

beforeAll(async () => {
  world = await buildWorld();
  cookie = await signInCookie(world.owner.email, world.owner.password);
});

afterAll(() => world?.db.cleanup());

describe("finding 5: a tRPC request batches at most MAX_BATCH_SIZE calls", () => {
  const commentCalls = (n: number) => {
    const paths = Array.from({ length: n }, () => "history.addComment").join(",");
    const input = Object.fromEntries(
      Array.from({ length: n }, (_, k) => [
        k,
        transformer.serialize({
          assessmentId: world.teamA.demoAssessmentId,
          targetKind: "assessment",
          targetId: world.teamA.demoAssessmentId,
          body: `Batched note ${k + 1}`,
        }),
      ]),
    );
    return trpcPost(
      new Request(`${BASE}/api/trpc/${paths}?batch=1`, {
        method: "POST",
        headers: { ...SAME_SITE, cookie, "content-type": "application/json" },
        body: JSON.stringify(input),
      }),
    );
  };

  it("refuses a batch of one call more with 400 naming the limit, before running any of them", async () => {
    const before = await rowCounts();
    const res = await commentCalls(MAX_BATCH_SIZE + 1);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.message).toBe(
      `A request may batch at most ${MAX_BATCH_SIZE} calls; this one has ${MAX_BATCH_SIZE + 1}: send them in several requests`,
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses an oversized batch of queries (GET) too, and runs a batch of exactly the limit", async () => {
    const paths = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => "setup.status").join(",");
    const refused = await trpcGet(new Request(`${BASE}/api/trpc/${paths}?batch=1&input={}`, { headers: { cookie } }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain(`at most ${MAX_BATCH_SIZE} calls`);

    const before = await rowCounts();
    const res = await commentCalls(MAX_BATCH_SIZE);
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(MAX_BATCH_SIZE);
    expect((await rowCounts()).events).toBe(before.events + MAX_BATCH_SIZE);
  });
});
