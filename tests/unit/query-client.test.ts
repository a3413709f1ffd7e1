// Server-rendered query data crosses into the page as one JSON string per query (app/trpc/query-client.ts):
// what the server's client dehydrates, the browser's hydrates back to the same values, dates included.
import { dehydrate, hydrate } from "@tanstack/react-query";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { makeQueryClient } from "@/app/trpc/query-client";

/** The dehydrated state as the page receives it: through JSON, as React's flight carries props. */
function throughThePage(state: ReturnType<typeof dehydrate>): ReturnType<typeof dehydrate> {
  return JSON.parse(JSON.stringify(state)) as ReturnType<typeof dehydrate>;
}

describe("dehydrated query data", () => {
  it("is one JSON string per query, plain JSON taking superjson's shape without meta", () => {
    const server = makeQueryClient();
    const view = { state: { title: "A", indicators: [{ id: "i1", weight: 0.5 }] }, role: "owner" };
    server.setQueryData(["assessments.get", "a1"], view);
    const [query] = dehydrate(server).queries;
    expect(typeof query?.state.data).toBe("string");
    expect(JSON.parse(query?.state.data as string)).toEqual({ json: view });
  });

  it("comes back equal in the browser's client, dates as dates", () => {
    const server = makeQueryClient();
    const value = { at: new Date("2024-12-12T08:00:00Z"), list: [1, "two", null], nested: { ok: true } };
    server.setQueryData(["history.baselines", "a1"], value);
    const browser = makeQueryClient();
    hydrate(browser, throughThePage(dehydrate(server)));
    const back = browser.getQueryData<typeof value>(["history.baselines", "a1"]);
    expect(back).toEqual(value);
    expect(back?.at).toBeInstanceOf(Date);
  });

  it("on the server, a large text is taken back as the value it was written from, once; then parsed", () => {
    const server = makeQueryClient();
    const view = { evidence: Array.from({ length: 2_000 }, (_, i) => ({ id: `e${i}`, title: `Evidence ${i}` })) };
    server.setQueryData(["assessments.get", "big"], view);
    const sent = throughThePage(dehydrate(server));
    const first = makeQueryClient();
    hydrate(first, sent);
    // This process wrote it: the same object, not a parse of it.
    expect(first.getQueryData(["assessments.get", "big"])).toBe(view);
    const second = makeQueryClient();
    hydrate(second, sent);
    const parsed = second.getQueryData(["assessments.get", "big"]);
    expect(parsed).not.toBe(view);
    expect(parsed).toEqual(view);
  });

  it("on the server, writes a large value read again (a cached view) once", () => {
    const view = { evidence: Array.from({ length: 2_000 }, (_, i) => ({ id: `e${i}`, title: `Evidence ${i}` })) };
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      const texts = [0, 1].map(() => {
        const server = makeQueryClient();
        server.setQueryData(["assessments.get", "again"], view);
        return dehydrate(server).queries[0]?.state.data;
      });
      expect(texts[1]).toBe(texts[0]);
      expect(stringify.mock.calls.filter(([value]) => (value as { json?: unknown })?.json === view)).toHaveLength(1);
    } finally {
      stringify.mockRestore();
    }
  });

  it("keeps a few written texts at most on the server", () => {
    const server = makeQueryClient();
    for (let i = 0; i < 12; i++) server.setQueryData(["q", i], { pad: `${i}`.repeat(70_000) });
    dehydrate(server);
    const kept = (globalThis as { signpostWrittenQueryData?: Map<string, unknown> }).signpostWrittenQueryData;
    expect(kept?.size).toBeLessThanOrEqual(8);
  });

  it("round-trips any JSON-like value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const server = makeQueryClient();
        server.setQueryData(["q"], value);
        const browser = makeQueryClient();
        hydrate(browser, throughThePage(dehydrate(server)));
        expect(browser.getQueryData(["q"])).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });
});
