// The history tab's pure helpers: period → time range (7 and 30 days count back from the latest
// change), UTC inputs, the jump-to-moment check, series → chart rows, the join by sequence
// number, the time-axis ticks and the wording of change kinds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALL_TIME,
  adoptionMarks,
  type ChartRow,
  changesBySeq,
  changeTicks,
  chartRows,
  extendToEnd,
  kindArea,
  kindLabel,
  largestGapShare,
  momentToOpen,
  periodNote,
  periodRange,
  plotRows,
  rowAtIndex,
  type SeriesPoint,
  xAtOrBefore,
} from "@/app/(app)/assessments/[id]/history/history-data";
import { DAY_MS, formatUtc, HOUR_MS, utcInputValue } from "@/shared/format";
import { parseUtcInput } from "@/shared/moment";
import { tickLabel, timeTicks } from "@/shared/time-axis";

const LATEST = Date.parse("2024-12-13T17:30:00Z");

describe("periodRange", () => {
  it("leaves all time open at both ends", () => {
    expect(periodRange(ALL_TIME, LATEST)).toEqual({ range: {}, error: null });
  });

  it("counts 7 and 30 days back from the latest change, not from today", () => {
    expect(periodRange({ ...ALL_TIME, kind: "7d" }, LATEST).range).toEqual({
      from: Date.parse("2024-12-06T17:30:00Z"),
      to: LATEST,
    });
    expect(periodRange({ ...ALL_TIME, kind: "30d" }, LATEST).range).toEqual({
      from: Date.parse("2024-11-13T17:30:00Z"),
      to: LATEST,
    });
  });

  it("has nothing to count back from without changes", () => {
    expect(periodRange({ ...ALL_TIME, kind: "7d" }, null)).toEqual({ range: {}, error: null });
  });

  it("reads a custom period as UTC and includes the whole end minute", () => {
    const { range, error } = periodRange({ kind: "custom", from: "2024-12-09T00:00", to: "2024-12-11T16:20" }, LATEST);
    expect(error).toBeNull();
    expect(range).toEqual({ from: Date.parse("2024-12-09T00:00:00Z"), to: Date.parse("2024-12-11T16:20:59.999Z") });
  });

  it("leaves an empty custom end open", () => {
    expect(periodRange({ kind: "custom", from: "2024-12-12T00:00", to: "" }, LATEST).range).toEqual({
      from: Date.parse("2024-12-12T00:00:00Z"),
    });
    expect(periodRange({ kind: "custom", from: "", to: "" }, LATEST).range).toEqual({});
  });

  it("refuses a custom period that ends before it starts, or a date that is not one", () => {
    expect(periodRange({ kind: "custom", from: "2024-12-12T00:00", to: "2024-12-10T00:00" }, LATEST).error).toBe(
      "The start must come before the end",
    );
    // The field and the format are named (issue 13: dates are typed as ISO text in UTC).
    expect(periodRange({ kind: "custom", from: "12/12/2024", to: "" }, LATEST).error).toBe(
      "From: give a date and time as YYYY-MM-DD HH:MM (UTC)",
    );
    expect(periodRange({ kind: "custom", from: "", to: "2024-13-40T99:00" }, LATEST).error).toBe(
      "To: give a date and time as YYYY-MM-DD HH:MM (UTC)",
    );
    // A day that does not exist is not rolled into the next month.
    expect(periodRange({ kind: "custom", from: "2024-02-30 10:00", to: "" }, LATEST).error).toBe(
      "From: give a date and time as YYYY-MM-DD HH:MM (UTC)",
    );
    // Typed with a space, as every page writes a time.
    expect(periodRange({ kind: "custom", from: "2024-12-10 00:00", to: "2024-12-12 00:00" }, LATEST).error).toBeNull();
  });
});

describe("periodNote", () => {
  it("says that 7 days count back from the latest change", () => {
    expect(periodNote({ ...ALL_TIME, kind: "7d" }, LATEST)).toBe(
      "The last 7 days of activity: counted back from the latest change (2024-12-13 17:30 UTC), not from today.",
    );
  });

  it("names a custom period's ends, or its problem", () => {
    expect(periodNote({ kind: "custom", from: "2024-12-09T00:00", to: "" }, LATEST)).toBe(
      "From 2024-12-09 00:00 UTC to the latest change. Times are UTC.",
    );
    expect(periodNote({ kind: "custom", from: "2024-12-12T00:00", to: "2024-12-10T00:00" }, LATEST)).toBe(
      "The start must come before the end",
    );
  });

  it("says when there is no history yet", () => {
    expect(periodNote(ALL_TIME, null)).toBe("No changes recorded yet.");
  });
});

describe("UTC inputs", () => {
  it("reads datetime-local values as UTC, with or without seconds", () => {
    expect(parseUtcInput("2024-12-12T08:00")).toBe(Date.parse("2024-12-12T08:00:00Z"));
    expect(parseUtcInput("2024-12-12T08:00:30")).toBe(Date.parse("2024-12-12T08:00:30Z"));
    expect(parseUtcInput("")).toBeNull();
    expect(parseUtcInput("2024-12-12")).toBeNull();
    expect(parseUtcInput("2024-12-12T08:00Z")).toBeNull();
  });

  it("round-trips any minute through the input value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        expect(parseUtcInput(utcInputValue(ms))).toBe(minute);
      }),
    );
  });

  it("formats like the workspace", () => {
    expect(formatUtc(LATEST)).toBe("2024-12-13 17:30 UTC");
  });
});

describe("momentToOpen", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");

  it("gives the ISO time of a past moment", () => {
    expect(momentToOpen("2024-12-12T08:00", now)).toEqual({ iso: "2024-12-12T08:00:00.000Z" });
  });

  it("refuses the future, an empty input and a non-date", () => {
    expect(momentToOpen("2026-01-01T12:01", now)).toEqual({
      error: "That moment is in the future: pick a time up to now",
    });
    expect(momentToOpen("", now)).toEqual({
      error: "Give the date and time as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 17:30",
    });
    expect(momentToOpen("yesterday", now)).toEqual({
      error: "Date and time: give it as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 17:30",
    });
    expect(momentToOpen("2024-12-12 08:00", now)).toEqual({ iso: "2024-12-12T08:00:00.000Z" });
  });

  it("accepts the current minute", () => {
    expect(momentToOpen("2026-01-01T12:00", now)).toEqual({ iso: "2026-01-01T12:00:00.000Z" });
  });
});

describe("chartRows", () => {
  const points: SeriesPoint[] = [
    { seq: 1, at: 1000, probabilities: { a: 0.5, b: 0.3, c: 0.2 } },
    { seq: 4, at: 5000, probabilities: { a: 0.5461, b: 0.2539, c: 0.2 } },
  ];

  it("turns probabilities into percent to one decimal, for the charted scenarios only", () => {
    expect(chartRows(points, ["a", "b"])).toEqual([
      { seq: 1, at: 1000, percent: { a: 50, b: 30 }, labels: { a: "50 %", b: "30 %" } },
      { seq: 4, at: 5000, percent: { a: 54.6, b: 25.4 }, labels: { a: "55 %", b: "25 %" } },
    ]);
  });

  it("counts a scenario missing from a point (added later) as 0 %", () => {
    expect(chartRows(points, ["a", "new"])[0]?.percent).toEqual({ a: 50, new: 0 });
  });

  it("keeps the sum of a full set of probabilities at 100 % within rounding", () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: Math.fround(0.01), max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }),
        (raw) => {
          const sum = raw.reduce((s, x) => s + x, 0);
          const probabilities = Object.fromEntries(raw.map((x, i) => [`s${i}`, x / sum]));
          const [row] = chartRows([{ seq: 1, at: 0, probabilities }], Object.keys(probabilities));
          const total = Object.values(row?.percent ?? {}).reduce((s, x) => s + x, 0);
          expect(Math.abs(total - 100)).toBeLessThanOrEqual(0.05 * raw.length + 1e-9);
        },
      ),
    );
  });
});

describe("extendToEnd", () => {
  const rows: ChartRow[] = [
    { seq: 1, at: 1000, percent: { a: 40 } },
    { seq: 2, at: 2000, percent: { a: 60 } },
  ];

  it("repeats the last values at the period's end, marked as no change", () => {
    expect(extendToEnd(rows, 9000)).toEqual([...rows, { seq: null, at: 9000, percent: { a: 60 } }]);
  });

  it("adds nothing when the period ends at or before the last change, or has no end", () => {
    expect(extendToEnd(rows, 2000)).toEqual(rows);
    expect(extendToEnd(rows, undefined)).toEqual(rows);
    expect(extendToEnd([], 9000)).toEqual([]);
  });
});

describe("joining changes by seq", () => {
  it("finds each down-sampled point's change, and nothing for a point outside the page", () => {
    const changes = changesBySeq([
      { seq: 9, summary: "Added evidence" },
      { seq: 7, summary: "Set the weight" },
    ]);
    expect(changes.get(7)?.summary).toBe("Set the weight");
    expect(changes.get(8)).toBeUndefined();
  });

  it("reads Recharts' active index as a number or a numeric string", () => {
    const rows: ChartRow[] = [
      { seq: 3, at: 1, percent: {} },
      { seq: 5, at: 2, percent: {} },
    ];
    expect(rowAtIndex(rows, 1)?.seq).toBe(5);
    expect(rowAtIndex(rows, "0")?.seq).toBe(3);
    expect(rowAtIndex(rows, undefined)).toBeUndefined();
    expect(rowAtIndex(rows, "1.5")).toBeUndefined();
    expect(rowAtIndex(rows, 7)).toBeUndefined();
  });
});

describe("spacing points by change", () => {
  const at = (iso: string) => Date.parse(iso);
  const rows: ChartRow[] = [
    { seq: 1, at: at("2024-12-08T09:00:00Z"), percent: { a: 40 } },
    { seq: 2, at: at("2024-12-08T11:30:00Z"), percent: { a: 45 } },
    { seq: 5, at: at("2024-12-13T10:00:00Z"), percent: { a: 60 } },
    { seq: 6, at: at("2026-11-25T16:17:00Z"), percent: { a: 60 } },
    { seq: null, at: at("2026-11-26T00:00:00Z"), percent: { a: 60 } },
  ];

  it("places rows at their time, or one step apart without the end-of-period row", () => {
    expect(plotRows(rows, "time").map((r) => r.x)).toEqual(rows.map((r) => r.at));
    expect(plotRows(rows, "change").map((r) => [r.seq, r.x])).toEqual([
      [1, 0],
      [2, 1],
      [5, 2],
      [6, 3],
    ]);
  });

  it("puts a baseline at the last plotted change at or before its event", () => {
    const plotted = plotRows(rows, "change");
    expect(xAtOrBefore(plotted, 5)).toBe(2);
    expect(xAtOrBefore(plotted, 4)).toBe(1); // event 4 was down-sampled away
    expect(xAtOrBefore(plotted, 0)).toBeUndefined();
  });

  it("measures the quiet spell that squeezes a time axis", () => {
    expect(largestGapShare(rows)).toBeGreaterThan(0.99);
    expect(largestGapShare(rows.slice(0, 3))).toBeCloseTo(
      (at("2024-12-13T10:00:00Z") - at("2024-12-08T11:30:00Z")) /
        (at("2024-12-13T10:00:00Z") - at("2024-12-08T09:00:00Z")),
    );
    expect(largestGapShare(rows.slice(0, 1))).toBe(0);
  });

  it("ticks the first change of each day, with the year when the changes span years", () => {
    const plotted = plotRows(rows, "change");
    const { ticks, unit } = changeTicks(plotted, 7);
    expect(unit).toBe("day");
    expect(ticks).toEqual([0, 2, 3]);
    expect(tickLabel(plotted[3]?.at ?? 0, unit, true)).toBe("25 Nov 2026");
  });

  it("ticks hours within one day, and thins months over many days", () => {
    const oneDay = [9, 10, 10, 13].map((h) => ({ at: Date.UTC(2024, 11, 13, h, 5) }));
    expect(changeTicks(oneDay, 7)).toEqual({ ticks: [0, 1, 3], unit: "hour" });
    const daily = Array.from({ length: 400 }, (_, i) => ({ at: Date.UTC(2024, 0, 1) + i * DAY_MS }));
    const { ticks, unit } = changeTicks(daily, 6);
    expect(unit).toBe("month");
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks[0]).toBe(0);
  });
});

describe("timeTicks", () => {
  it("puts the demo's six days on UTC midnights", () => {
    const { ticks, unit } = timeTicks(Date.parse("2024-12-08T00:00:00Z"), LATEST, 7);
    expect(unit).toBe("day");
    expect(ticks.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      "2024-12-08",
      "2024-12-09",
      "2024-12-10",
      "2024-12-11",
      "2024-12-12",
      "2024-12-13",
    ]);
  });

  it("uses round hours within a day", () => {
    const { ticks, unit } = timeTicks(Date.parse("2024-12-13T10:00:00Z"), LATEST, 8);
    expect(unit).toBe("hour");
    expect(ticks.map((t) => tickLabel(t, unit))).toEqual([
      "13 Dec 10:00",
      "13 Dec 11:00",
      "13 Dec 12:00",
      "13 Dec 13:00",
      "13 Dec 14:00",
      "13 Dec 15:00",
      "13 Dec 16:00",
      "13 Dec 17:00",
    ]);
  });

  it("starts weeks on Mondays", () => {
    const { ticks } = timeTicks(Date.parse("2024-11-01T00:00:00Z"), Date.parse("2024-12-20T00:00:00Z"), 8);
    expect(ticks.every((t) => new Date(t).getUTCDay() === 1)).toBe(true);
  });

  it("switches to the first of months over long spans", () => {
    const { ticks, unit } = timeTicks(Date.parse("2024-12-08T11:30:00Z"), Date.parse("2026-03-02T09:00:00Z"), 7);
    expect(unit).toBe("month");
    expect(ticks.map((t) => tickLabel(t, unit))).toEqual(["Jan 2025", "Apr 2025", "Jul 2025", "Oct 2025", "Jan 2026"]);
  });

  it("stays within the range and the tick budget", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 1, max: 20 * 365 * DAY_MS }),
        fc.integer({ min: 2, max: 12 }),
        (from, span, maxTicks) => {
          const { ticks } = timeTicks(from, from + span, maxTicks);
          expect(ticks.length).toBeLessThanOrEqual(maxTicks);
          for (const t of ticks) {
            expect(t).toBeGreaterThanOrEqual(from);
            expect(t).toBeLessThanOrEqual(from + span);
          }
        },
      ),
    );
  });

  it("labels hours, days and months", () => {
    const t = Date.parse("2024-12-13T09:05:00Z");
    expect(tickLabel(t, "hour")).toBe("13 Dec 09:05");
    expect(tickLabel(t, "day")).toBe("13 Dec");
    expect(tickLabel(t, "month")).toBe("Dec 2024");
    expect(timeTicks(t, t).ticks).toEqual([t]);
    expect(HOUR_MS * 24).toBe(DAY_MS);
  });
});

describe("change kinds", () => {
  it("says known kinds in words and spells out unknown ones", () => {
    expect(kindLabel("evidence.add")).toBe("Evidence added");
    expect(kindLabel("baseline.create")).toBe("Baseline set");
    expect(kindLabel("indicator.setExpectation")).toBe("Rating");
    expect(kindLabel("team.renameSomething")).toBe("Team rename something");
  });

  it("files each kind under the part of the assessment it touches", () => {
    expect(kindArea("evidence.link")).toBe("evidence");
    expect(kindArea("scenario.update")).toBe("scenario");
    expect(kindArea("resolution.score")).toBe("other");
    expect(kindArea("round.adopt")).toBe("round");
  });
});

describe("adoptionMarks", () => {
  it("marks only the adopted rounds, oldest adoption first", () => {
    const at = new Date("2024-12-13T10:00:00Z");
    const later = new Date("2024-12-14T10:00:00Z");
    expect(
      adoptionMarks([
        { id: "r3", number: 3, adoptedSeq: 40, adoptedAt: later },
        { id: "r2", number: 2, adoptedSeq: null, adoptedAt: null },
        { id: "r1", number: 1, adoptedSeq: 12, adoptedAt: at },
      ]),
    ).toEqual([
      { id: "r1", number: 1, seq: 12, at },
      { id: "r3", number: 3, seq: 40, at: later },
    ]);
  });
});
