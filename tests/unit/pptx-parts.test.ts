// The PowerPoint brief's layout arithmetic (server/export/pptx-parts.ts): how many lines a text
// takes, the size that fits a box, and tables cut into slides that keep every row, in order, with
// a scenario's drivers together, and no slide taller than its room unless one group alone is.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Column, fittingSize, heightOf, linesOf, paginate, type Row } from "@/server/export/pptx-parts";

describe("linesOf and fittingSize", () => {
  it("counts wrapped lines and explicit line breaks", () => {
    expect(linesOf("", 5, 12)).toBe(1);
    expect(linesOf("short", 5, 12)).toBe(1);
    // 1 in at 12 pt holds 12 characters a line.
    expect(linesOf("aaaa bbbb cccc dddd", 1, 12)).toBe(2);
    expect(linesOf("one\ntwo\nthree", 5, 12)).toBe(3);
    // Bold runs wider: the same text takes more lines.
    expect(linesOf("a".repeat(59), 1, 12)).toBe(5);
    expect(linesOf("a".repeat(59), 1, 12, true)).toBe(6);
  });

  it("picks the largest size whose lines fit the box, else the smallest", () => {
    expect(fittingSize("Russian military posture in Syria", 12.3, 1.6, [36, 32, 28])).toBe(36);
    const long = "word ".repeat(200);
    const size = fittingSize(long, 12.3, 1.6, [36, 32, 28, 24, 20, 16, 12]);
    expect(heightOf(linesOf(long, 12.3, size), size)).toBeLessThanOrEqual(1.6);
    expect(size).toBeLessThan(36);
    expect(fittingSize("word ".repeat(5000), 1, 1, [20, 10])).toBe(10);
  });
});

describe("paginate", () => {
  const columns: Column[] = [
    { label: "Scenario", width: 3, bold: true },
    { label: "Text", width: 6 },
  ];
  const rowArb = fc.record({ a: fc.string({ maxLength: 200 }), b: fc.string({ maxLength: 600 }) });
  const groupsArb = fc.array(fc.array(rowArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 });

  function rowsOf(groups: { a: string; b: string }[][]): Row[] {
    return groups.flatMap((g, k) =>
      g.map((r, j) => ({
        cells: [{ text: `${k}.${j}` }],
        text: [j === 0 ? r.a : "", r.b],
        keepWith: j === 0 ? g.length : 1,
      })),
    );
  }

  const isHead = (r: Row) => String(r.cells[0]?.text ?? "").endsWith(".0");

  it("keeps every row once and in order, each group on one slide, within the room unless a group alone is taller", () => {
    fc.assert(
      fc.property(groupsArb, fc.double({ min: 1.5, max: 6, noNaN: true }), (groups, room) => {
        const rows = rowsOf(groups);
        const pages = paginate(rows, columns, room);
        expect(pages.flatMap((p) => p.rows)).toEqual(rows);
        for (const page of pages) {
          expect(page.heights).toHaveLength(page.rows.length + 1);
          const heads = page.rows.filter(isHead);
          // A slide starts at the head of a group and ends at the end of one.
          expect(page.rows[0] && isHead(page.rows[0])).toBe(true);
          const next = rows[rows.indexOf(page.rows[page.rows.length - 1] as Row) + 1];
          expect(next === undefined || isHead(next)).toBe(true);
          const height = page.heights.reduce((a, b) => a + b, 0);
          if (heads.length > 1) expect(height).toBeLessThanOrEqual(room + 1e-9);
        }
        // One font size for the whole table: 14 pt when it fits one slide so, else 12 pt throughout.
        const sizes = new Set(pages.map((p) => p.fontSize));
        expect(sizes.size).toBe(1);
        if (pages.length > 1) expect([...sizes]).toEqual([12]);
        if ([...sizes][0] === 14) expect(pages).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it("gives an empty table one slide with its header", () => {
    const pages = paginate([], columns, 4);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.rows).toEqual([]);
    expect(pages[0]?.heights).toHaveLength(1);
  });
});
