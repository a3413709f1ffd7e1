// The wire transformer's fast path must be indistinguishable from superjson: whatever one side
// writes, the other reads back to the same value.
import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { isPlainJson, transformer } from "@/shared/transformer";

describe("the wire transformer", () => {
  it("sends plain JSON as superjson would, without meta", () => {
    const value = { a: [1, "two", true, null, { b: 2.5 }], c: {} };
    expect(transformer.serialize(value)).toEqual(superjson.serialize(value));
    expect(transformer.serialize(value)).toEqual({ json: value });
  });

  it.each([
    ["a date", { at: new Date(0) }],
    ["undefined", { a: undefined }],
    ["a hole", Object.assign(new Array(3), { 0: 1, 2: 3 })],
    ["NaN", [Number.NaN]],
    ["Infinity", { x: Number.POSITIVE_INFINITY }],
    ["-0", { x: -0 }],
    ["a map", new Map([["k", 1]])],
    ["a set", { s: new Set([1]) }],
    ["a bigint", { n: 1n }],
    ["a class instance", { e: new Error("boom") }],
  ])("leaves %s to superjson", (_what, value) => {
    expect(isPlainJson(value)).toBe(false);
    expect(transformer.serialize(value)).toEqual(superjson.serialize(value));
  });

  it("refuses an own __proto__ key as superjson does", () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}');
    expect(isPlainJson(value)).toBe(false);
    expect(() => transformer.serialize(value)).toThrow(/prototype pollution/);
  });

  it("copes with a cycle by leaving it to superjson", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const back = transformer.deserialize<typeof cyclic>(transformer.serialize(cyclic));
    expect(back.self).toBe(back);
  });

  it("round-trips anything either way, to what superjson alone gives", () => {
    const values = fc.anything({
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBigInt: true,
      withSparseArray: true,
    });
    fc.assert(
      fc.property(values, (value) => {
        // Through JSON text, as over the wire: our writer, their reader and the reverse.
        const wire = (payload: unknown) => JSON.parse(JSON.stringify(payload));
        let reference: ReturnType<typeof superjson.serialize>;
        try {
          reference = superjson.serialize(value);
        } catch {
          // What superjson refuses (an own __proto__ key) the transformer refuses too.
          expect(() => transformer.serialize(value)).toThrow();
          return;
        }
        const expected = superjson.deserialize(wire(reference));
        expect(superjson.deserialize(wire(transformer.serialize(value)))).toEqual(expected);
        expect(transformer.deserialize(wire(reference))).toEqual(expected);
        expect(transformer.deserialize(wire(transformer.serialize(value)))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
