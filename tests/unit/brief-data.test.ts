// The brief page's pure helpers: the chart's time ticks and rows, and the marking escaped into the
// print stylesheet. (The moment read from its URL is in moment.test.ts, its figures in format.test.ts.)
import { describe, expect, it } from "vitest";
import {
  cssString,
  printPageCss,
  tickText,
  timelineRows,
  timelineTicks,
} from "@/app/(app)/assessments/[id]/brief/brief-data";

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("timeline chart", () => {
  it("puts at most four ticks on round UTC hours or days inside the span", () => {
    const from = at("2024-12-12T08:00:00Z");
    const to = at("2024-12-13T17:30:00Z");
    const { ticks, step } = timelineTicks(from, to);
    expect(step).toBe(12 * HOUR);
    expect(ticks.map((t) => new Date(t).toISOString())).toEqual([
      "2024-12-12T12:00:00.000Z",
      "2024-12-13T00:00:00.000Z",
      "2024-12-13T12:00:00.000Z",
    ]);
    expect(tickText(ticks[0] ?? 0, step)).toBe("12 Dec 12:00");
    const long = timelineTicks(at("2024-01-01T00:00:00Z"), at("2024-06-30T00:00:00Z"));
    expect(long.ticks.length).toBeLessThanOrEqual(4);
    expect(long.ticks.every((t) => t % (24 * HOUR) === 0)).toBe(true);
    expect(tickText(at("2024-03-05T00:00:00Z"), long.step)).toBe("5 Mar");
  });

  it("gives each scenario's probability in percent, a missing one as 0", () => {
    const rows = timelineRows(
      [
        { at: 1, probabilities: { a: 0.4234, b: 0.5766 } },
        { at: 2, probabilities: { a: 1 } },
      ],
      [{ id: "a" }, { id: "b" }],
    );
    expect(rows).toEqual([
      { at: 1, a: 42.3, b: 57.7 },
      { at: 2, a: 100, b: 0 },
    ]);
  });
});

describe("print stylesheet", () => {
  it("escapes the marking into a CSS string that cannot end the string or the <style>", () => {
    const nasty = 'SECRET" } body { display: none } </style><script>alert(1)</script>\\';
    const css = cssString(nasty);
    expect(css.startsWith('"') && css.endsWith('"')).toBe(true);
    // No unescaped quote inside, no angle bracket at all.
    expect(css.slice(1, -1)).not.toMatch(/(^|[^\\])"/);
    expect(css).not.toMatch(/[<>]/);
    const page = printPageCss("UNCLASSIFIED // FOR TRAINING");
    expect(page).toContain('@top-center { content: "UNCLASSIFIED // FOR TRAINING";');
    expect(page).toContain('@bottom-center { content: "UNCLASSIFIED // FOR TRAINING";');
  });
});
