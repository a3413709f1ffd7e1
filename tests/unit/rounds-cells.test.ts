// The round's cells on the wire: the table gives back exactly the cells, in their order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packCells, unpackCells } from "@/shared/rounds-cells";

const cell = fc.record({
  indicatorId: fc.constantFrom("i1", "i2", "i3", "i4"),
  scenarioId: fc.constantFrom("s1", "s2", "s3"),
  spread: fc.double({ min: 0, max: 10, noNaN: true }),
  impact: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe("packCells / unpackCells", () => {
  it("round-trips any list of cells, order and values exactly", () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (cells) => {
        expect(unpackCells(packCells(cells))).toEqual(cells);
      }),
    );
  });
  it("names each indicator and scenario once", () => {
    const table = packCells([
      { indicatorId: "i1", scenarioId: "s1", spread: 0.85, impact: 0.1 },
      { indicatorId: "i1", scenarioId: "s2", spread: 0, impact: 0 },
      { indicatorId: "i2", scenarioId: "s1", spread: 1.7, impact: 0.2 },
    ]);
    expect(table).toEqual({
      indicatorIds: ["i1", "i2"],
      scenarioIds: ["s1", "s2"],
      cells: [0, 0, 0.85, 0.1, 0, 1, 0, 0, 1, 0, 1.7, 0.2],
    });
  });
  it("refuses a table whose cell names no indicator", () => {
    expect(() => unpackCells({ indicatorIds: [], scenarioIds: ["s1"], cells: [0, 0, 1, 1] })).toThrow(/Cell 0/);
  });
});
