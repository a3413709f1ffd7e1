// The brief page's pure helpers: the moment read from the URL, the printed figures, the chart's
// time ticks and rows, and the marking escaped into the print stylesheet.
import { describe, expect, it } from "vitest";
import {
  briefQuery,
  cssString,
  pointsText,
  printPageCss,
  tickText,
  timelineRows,
  timelineTicks,
  utcInputToIso,
} from "@/app/(app)/assessments/[id]/brief/brief-data";

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("briefQuery", () => {
  it("reads asOf (or at), else a whole seq, and the baseline", () => {
    expect(briefQuery({ asOf: "2024-12-12T08:00:00Z", baseline: "b1" })).toEqual({
      asOf: { at: "2024-12-12T08:00:00Z" },
      baselineId: "b1",
    });
    expect(briefQuery({ at: ["2024-12-12T08:00:00Z", "x"] }).asOf).toEqual({ at: "2024-12-12T08:00:00Z" });
    expect(briefQuery({ seq: "12" })).toEqual({ asOf: { seq: 12 }, baselineId: undefined });
    expect(briefQuery({ seq: "1.5" }).asOf).toBeUndefined();
    expect(briefQuery({ asOf: "  ", baseline: "" })).toEqual({ asOf: undefined, baselineId: undefined });
  });
});

describe("figures", () => {
  it("prints a change in whole points with a real minus sign", () => {
    expect(pointsText(12.4)).toBe("+12 pts");
    expect(pointsText(-6.6)).toBe("−7 pts");
    expect(pointsText(0.4)).toBe("±0 pts");
    expect(pointsText(null)).toBe("new");
  });

  it("reads a datetime-local value as UTC", () => {
    expect(utcInputToIso("2024-12-12T10:00")).toBe("2024-12-12T10:00:00.000Z");
    expect(utcInputToIso("2024-12-12")).toBeNull();
    expect(utcInputToIso("2024-13-12T10:00")).toBeNull();
  });
});

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
