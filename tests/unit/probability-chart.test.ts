// The chart's pure parts: rows in rounded percent and scenario names wrapped for the axis.
import { describe, expect, it } from "vitest";
import { probabilityChartData, wrapLabel } from "@/app/components/probability-chart";

describe("the probability chart", () => {
  it("draws bars to a tenth of a percent and labels them as the panel beside writes them", () => {
    expect(probabilityChartData([{ id: "a", name: "A", color: "#000000", probability: 0.12345 }])).toEqual([
      { id: "a", name: "A", color: "#000000", percent: 12.3, label: "12 %" },
    ]);
    // The chart once said 38.5 % beside a panel saying 38 %: one rule now, whole percent...
    expect(probabilityChartData([{ id: "b", name: "B", color: "#000000", probability: 0.3849 }])[0]?.label).toBe(
      "38 %",
    );
    // ...with a decimal only at a band edge, toward the band of the term.
    expect(probabilityChartData([{ id: "c", name: "C", color: "#000000", probability: 0.195 }])[0]?.label).toBe(
      "19.5 %",
    );
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

  it("labels a bar whose probability rounds to nothing as below one percent", () => {
    expect(probabilityChartData([{ id: "a", name: "A", color: "#000000", probability: 0.0004 }])[0]?.label).toBe(
      "<1 %",
    );
  });
});
