// The review pages' pure helpers: the compare view's default start, query input, links and grouped
// changes; the resolution page's form checks, score series and post-mortem order; the calibration
// chart's rows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  changeOptionLabel,
  compareChartRows,
  compareHref,
  compareInput,
  dateTimeLocalToParam,
  defaultFromParam,
  formatProbabilityOrDash,
  groupChanges,
  isoToDateTimeLocal,
  momentHref,
  pointsTrend,
} from "@/app/(app)/assessments/[id]/compare/compare-data";
import {
  calibrationRows,
  changesSpan,
  comparedWithEvenSpread,
  meanScores,
  pointedLabel,
  postMortemCounts,
  resolutionEnd,
  resolveDraftErrors,
  scoreSeriesRows,
  sortPostMortem,
} from "@/app/(app)/assessments/[id]/resolution/resolution-data";
import { tickLabel, timeTicks } from "@/shared/time-axis";

const DAY = 86_400_000;

describe("moment parameters", () => {
  it("defaults the start to the latest baseline, else the first change", () => {
    expect(
      defaultFromParam([
        { id: "late", eventSeq: 30 },
        { id: "early", eventSeq: 12 },
      ]),
    ).toBe("baseline:late");
    expect(defaultFromParam([])).toBe("seq:1");
  });

  it("leaves absent ends out of the query input so server and browser share a cache key", () => {
    expect(compareInput("a1", undefined, undefined)).toEqual({ assessmentId: "a1" });
    expect(Object.keys(compareInput("a1", undefined, {}))).toEqual(["assessmentId", "to"]);
    expect(compareInput("a1", { seq: 2 }, { baselineId: "b" })).toEqual({
      assessmentId: "a1",
      from: { seq: 2 },
      to: { baselineId: "b" },
    });
  });

  it("builds the compare and moment links", () => {
    expect(compareHref("a1", "baseline:b 1", "now")).toBe("/assessments/a1/compare?from=baseline%3Ab+1&to=now");
    expect(compareHref("a1", undefined, undefined)).toBe("/assessments/a1/compare");
    expect(momentHref("a1", 14, false)).toBe("/assessments/a1?seq=14");
    expect(momentHref("a1", 40, true)).toBe("/assessments/a1");
  });

  it("converts between the date-time input (UTC) and the URL", () => {
    expect(dateTimeLocalToParam("2024-12-13T09:30")).toBe("at:2024-12-13T09:30:00.000Z");
    expect(dateTimeLocalToParam("")).toBeNull();
    expect(dateTimeLocalToParam("2024-12-13 09:30")).toBe("at:2024-12-13T09:30:00.000Z");
    expect(isoToDateTimeLocal("2024-12-13T09:30:00.000Z")).toBe("2024-12-13 09:30");
    expect(isoToDateTimeLocal("nonsense")).toBe("");
  });
});

describe("figures of the compare view", () => {
  it("calls a move under half a point flat", () => {
    expect(pointsTrend(0.5)).toBe("up");
    expect(pointsTrend(0.49)).toBe("flat");
    expect(pointsTrend(-0.49)).toBe("flat");
    expect(pointsTrend(-0.5)).toBe("down");
  });

  it("shows probabilities as percent, a scenario absent at one end as a dash", () => {
    expect(formatProbabilityOrDash(0.546)).toBe("55 %");
    // One display rule (issue 13): whole percent, no decimal below 10 %.
    expect(formatProbabilityOrDash(0.0123)).toBe("1 %");
    expect(formatProbabilityOrDash(0)).toBe("0 %");
    expect(formatProbabilityOrDash(null)).toBe("—");
  });

  it("writes change options the way the view reads", () => {
    const label = changeOptionLabel({
      seq: 7,
      at: Date.UTC(2024, 11, 12, 8, 5),
      actorName: "Ana",
      summary: "x".repeat(100),
    });
    expect(label.startsWith("#7 · 12 Dec 2024, 08:05 UTC · Ana: ")).toBe(true);
    expect(label.endsWith("…")).toBe(true);
    expect(label.length).toBeLessThan(110);
  });
});

describe("compare chart and grouped changes", () => {
  it("gives each scenario its two ends in percent, a missing end as 0", () => {
    expect(
      compareChartRows([
        { scenarioId: "s1", name: "Full exit", color: "#b91c1c", from: 0.2234, to: 0.4051 },
        { scenarioId: "s2", name: "New", color: "#0f766e", from: null, to: 0.1 },
      ]),
    ).toEqual([
      { id: "s1", name: "Full exit", color: "#b91c1c", from: 22.3, to: 40.5, fromLabel: "22 %", toLabel: "41 %" },
      { id: "s2", name: "New", color: "#0f766e", from: 0, to: 10, fromLabel: "—", toLabel: "10 %" },
    ]);
  });

  const entry = (seq: number, summary = `change ${seq}`) => ({
    seq,
    at: Date.UTC(2024, 11, 10) + seq * 60_000,
    actorName: "Ana",
    actor: { id: null, name: "Ana", email: null, namesake: false },
    kind: "k",
    summary,
    rationale: null,
  });

  it("groups changes by what they touched, named, in order of first change, oldest first", () => {
    const groups = groupChanges(
      {
        indicators: { i2: [entry(9), entry(4)], i1: [entry(6)] },
        scenarios: {},
        evidence: { gone: [entry(5)] },
        other: [entry(12), entry(3)],
      },
      { i1: "Airlift", i2: "Tartus activity" },
    );
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ["indicators", 3],
      ["evidence", 1],
      ["other", 2],
    ]);
    expect(groups[0]?.targets.map((t) => [t.name, t.entries.map((e) => e.seq)])).toEqual([
      ["Tartus activity", [4, 9]],
      ["Airlift", [6]],
    ]);
    expect(groups[1]?.targets[0]?.name).toBe("(removed evidence)");
    expect(groups[2]?.targets[0]?.entries.map((e) => e.seq)).toEqual([3, 12]);
  });

  it("gives no groups when nothing changed", () => {
    expect(groupChanges({ indicators: {}, scenarios: { s: [] }, evidence: {}, other: [] }, {})).toEqual([]);
  });
});

describe("resolve form", () => {
  const created = Date.UTC(2024, 11, 8, 9);
  const now = Date.UTC(2026, 10, 25, 15);
  const context = { activeScenarioIds: ["s1", "s2"], createdAt: created, now };

  it("accepts an active scenario, a date between creation and today, and a short note", () => {
    expect(resolveDraftErrors({ scenarioId: "s2", resolvedAt: "2025-06-30", note: "Tartus kept" }, context)).toEqual(
      {},
    );
    expect(resolveDraftErrors({ scenarioId: "s1", resolvedAt: "2026-11-25", note: "" }, context)).toEqual({});
    expect(resolveDraftErrors({ scenarioId: "s1", resolvedAt: "2024-12-08", note: "" }, context)).toEqual({});
  });

  it("names each wrong field", () => {
    expect(resolveDraftErrors({ scenarioId: "", resolvedAt: "", note: "" }, context)).toEqual({
      scenarioId: "Choose the scenario that happened",
      resolvedAt: "Give the date the question resolved",
    });
    expect(resolveDraftErrors({ scenarioId: "archived", resolvedAt: "2025-02-30", note: "" }, context)).toEqual({
      scenarioId: "Choose one of the assessment's active scenarios",
      resolvedAt: "Date it resolved: give a real date as YYYY-MM-DD (UTC), e.g. 2024-12-13",
    });
    expect(resolveDraftErrors({ scenarioId: "s1", resolvedAt: "2026-11-26", note: "" }, context).resolvedAt).toBe(
      "The resolution date is in the future",
    );
    expect(resolveDraftErrors({ scenarioId: "s1", resolvedAt: "2024-12-07", note: "" }, context).resolvedAt).toBe(
      "The assessment was created on 2024-12-08: the resolution cannot be earlier",
    );
    expect(resolveDraftErrors({ scenarioId: "s1", resolvedAt: "2025-01-01", note: "x".repeat(2001) }, context)).toEqual(
      {
        note: "The resolution note is at most 2,000 characters",
      },
    );
  });
});

describe("scores", () => {
  it("compares with spreading evenly: 1 − 1/n", () => {
    expect(comparedWithEvenSpread(0.2, 3)).toBe("better");
    expect(comparedWithEvenSpread(0.9, 3)).toBe("worse");
    expect(comparedWithEvenSpread(0.668, 3)).toBe("same");
  });

  it("extends the step series to the end of the resolution day, dropping later points", () => {
    const start = Date.UTC(2024, 11, 8, 9);
    const end = resolutionEnd("2025-06-30");
    expect(end).toBe(Date.UTC(2025, 6, 1));
    const rows = scoreSeriesRows(
      [
        { at: start + DAY, probability: 0.4567 },
        { at: start, probability: 0.3333 },
        { at: end + 5, probability: 0.9 },
      ],
      "2025-06-30",
    );
    expect(rows).toEqual([
      { at: start, percent: 33.3, label: "33 %" },
      { at: start + DAY, percent: 45.7, label: "46 %" },
      { at: end, percent: 45.7, label: "46 %" },
    ]);
    expect(scoreSeriesRows([], "2025-06-30")).toEqual([]);
  });

  it("zooms to the changes only when they fill under a quarter of the period", () => {
    const start = Date.UTC(2024, 11, 8);
    const short = scoreSeriesRows(
      [
        { at: start, probability: 0.3 },
        { at: start + 5 * DAY, probability: 0.5 },
      ],
      "2025-06-30",
    );
    expect(changesSpan(short)).toEqual({
      start,
      lastChange: start + 5 * DAY,
      end: resolutionEnd("2025-06-30"),
      zoom: true,
    });
    const long = scoreSeriesRows(
      [
        { at: start, probability: 0.3 },
        { at: start + 5 * DAY, probability: 0.5 },
      ],
      "2024-12-14",
    );
    expect(changesSpan(long).zoom).toBe(false);
    const single = scoreSeriesRows([{ at: start, probability: 0.3 }], "2025-06-30");
    expect(changesSpan(single).zoom).toBe(false);
  });
});

describe("time axis", () => {
  it("ticks each UTC midnight over a week, never twice the same day", () => {
    const { ticks, unit } = timeTicks(Date.UTC(2024, 11, 8, 9), Date.UTC(2024, 11, 14, 2));
    expect(unit).toBe("day");
    expect(ticks).toEqual([9, 10, 11, 12, 13, 14].map((d) => Date.UTC(2024, 11, d)));
    expect(ticks.map((t) => tickLabel(t, unit))).toEqual(["9 Dec", "10 Dec", "11 Dec", "12 Dec", "13 Dec", "14 Dec"]);
  });

  it("ticks hours within a day and months over half a year", () => {
    const hours = timeTicks(Date.UTC(2024, 11, 12, 7, 30), Date.UTC(2024, 11, 12, 18));
    expect(hours.unit).toBe("hour");
    expect(tickLabel(hours.ticks[0] ?? 0, "hour")).toBe("12 Dec 09:00");
    const months = timeTicks(Date.UTC(2024, 11, 8, 9), Date.UTC(2025, 6, 1));
    expect(months.unit).toBe("month");
    expect(months.ticks.map((t) => tickLabel(t, "month"))).toEqual([
      "Jan 2025",
      "Feb 2025",
      "Mar 2025",
      "Apr 2025",
      "May 2025",
      "Jun 2025",
      "Jul 2025",
    ]);
  });

  it("keeps at most the asked number of ticks, each inside the range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 60_000, max: 20 * 365 * DAY }),
        fc.integer({ min: 4, max: 12 }),
        (start, length, max) => {
          const { ticks } = timeTicks(start, start + length, max);
          expect(ticks.length).toBeLessThanOrEqual(max);
          for (const t of ticks) {
            expect(t).toBeGreaterThanOrEqual(start);
            expect(t).toBeLessThanOrEqual(start + length);
          }
          expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
        },
      ),
    );
  });
});

describe("post-mortem", () => {
  const row = (name: string, contribution: number) => ({
    indicatorId: name,
    name,
    weight: 1,
    presence: 0.8,
    contribution,
    pointedToward: Math.abs(contribution) < 1e-9 ? null : contribution > 0,
  });

  it("puts the indicators that served best first, those that misled last", () => {
    const sorted = sortPostMortem([row("b", -0.4), row("a", 0), row("c", 1.2), row("d", 0.3), row("e", 0)]);
    expect(sorted.map((r) => r.name)).toEqual(["c", "d", "a", "e", "b"]);
  });

  it("counts toward, away and neutral and labels them ✓ ✗ –", () => {
    expect(postMortemCounts([row("a", 1), row("b", -1), row("c", 0), row("d", 2)])).toEqual({
      toward: 2,
      away: 1,
      neutral: 1,
    });
    expect(pointedLabel(true)).toEqual({ mark: "✓", text: "toward" });
    expect(pointedLabel(false)).toEqual({ mark: "✗", text: "away" });
    expect(pointedLabel(null)).toEqual({ mark: "–", text: "neutral" });
  });
});

describe("calibration", () => {
  it("keeps non-empty tenths, in percent, with their counts", () => {
    const buckets = Array.from({ length: 10 }, (_, k) => ({
      from: k / 10,
      to: (k + 1) / 10,
      count: 0,
      meanForecast: null as number | null,
      observedFrequency: null as number | null,
    }));
    buckets[1] = { from: 0.1, to: 0.2, count: 4, meanForecast: 0.1525, observedFrequency: 0.25 };
    buckets[9] = { from: 0.9, to: 1, count: 1, meanForecast: 0.97, observedFrequency: 1 };
    expect(calibrationRows(buckets)).toEqual([
      { bucket: "10–20 %", mid: 15, forecast: 15.3, observed: 25, count: 4 },
      { bucket: "90–100 %", mid: 95, forecast: 97, observed: 100, count: 1 },
    ]);
    expect(calibrationRows([])).toEqual([]);
  });

  it("averages the team's scores, none when nothing is resolved", () => {
    expect(meanScores([])).toBeNull();
    const mean = meanScores([
      { brier: 0.2, logScore: 1, timeWeightedBrier: 0.5 },
      { brier: 0.4, logScore: 2, timeWeightedBrier: 0.3 },
    ]);
    expect(mean?.brier).toBeCloseTo(0.3, 12);
    expect(mean?.logScore).toBeCloseTo(1.5, 12);
    expect(mean?.timeWeightedBrier).toBeCloseTo(0.4, 12);
  });
});
