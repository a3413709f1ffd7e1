// The chart's pure parts: rows in rounded percent and scenario names wrapped for the axis.
import { describe, expect, it } from "vitest";
import { barValueLabel, probabilityChartData, wrapLabel } from "@/app/components/probability-chart";

describe("the probability chart", () => {
  it("rounds probabilities to a tenth of a percent", () => {
    expect(probabilityChartData([{ id: "a", name: "A", color: "#000000", probability: 0.12345 }])).toEqual([
      { id: "a", name: "A", color: "#000000", percent: 12.3 },
    ]);
  });

  it("keeps a short name on one line", () => {
    expect(wrapLabel("Full exit")).toEqual(["Full exit"]);
  });

  it("breaks a longer name on word boundaries", () => {
    expect(wrapLabel("Partial consolidation at Hmeimim")).toEqual(["Partial consolidation", "at Hmeimim"]);
  });

  it("ends a name too long for two lines in an ellipsis", () => {
    const lines = wrapLabel("Negotiated retention of both bases under a new status of forces agreement");
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith("…")).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(22);
  });

  it("cuts a single word longer than a line", () => {
    expect(wrapLabel("Supercalifragilisticexpialidocious", 10, 2)).toEqual(["Supercalif", "ragilisti…"]);
  });

  it("labels a bar by its rounded percent, and one that rounds to zero as below a tenth", () => {
    expect(barValueLabel(54.6)).toBe("54.6 %");
    expect(barValueLabel(0)).toBe("< 0.1 %");
  });
});
