// How figures and times read, in every page and export (shared/format.ts). The expectations first
// written beside the compare, resolution, explanations, evidence and brief helpers live here now,
// with their original cases, beside those of the formatters that had none.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bandHolds, estimativeBand, estimativeTerm, LEADING_TIE, leadingScenarioId } from "@/shared/engine";
import {
  DAY_MS,
  daysBetween,
  driverEffect,
  driverSentence,
  formatBits,
  formatBrier,
  formatDay,
  formatDayMonth,
  formatDaysAgo,
  formatDayTime,
  formatMegabytes,
  formatNats,
  formatOddsFactor,
  formatPercent,
  formatPercentValue,
  formatPointsSince,
  formatPointsSwing,
  formatProbability,
  formatSigned,
  formatSignedPoints,
  formatUtc,
  formatUtcMinute,
  formatWholePercent,
  HOUR_MS,
  isoDay,
  MINUS,
  oddsFactor,
  percentTenths,
  probabilityFigure,
  roundingNote,
  shownTotal,
  utcInputValue,
} from "@/shared/format";

const probability = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  // Near every band edge, where rounding could cross it.
  fc
    .constantFrom(0.05, 0.2, 0.45, 0.55, 0.8, 0.95)
    .chain((edge) => fc.double({ min: Math.max(0, edge - 0.006), max: Math.min(1, edge + 0.006), noNaN: true })),
  fc.double({ min: 0, max: 0.006, noNaN: true }),
  fc.double({ min: 0.994, max: 1, noNaN: true }),
);

describe("probabilities: one display rule (shared/format.ts)", () => {
  it("shows a computed probability in whole percent", () => {
    expect(formatProbability(0.546)).toBe("55 %");
    expect(formatProbability(0.0996)).toBe("10 %");
    expect(formatProbability(0.384)).toBe("38 %");
    expect(formatProbability(0.385)).toBe("39 %");
    expect(formatProbability(0)).toBe("0 %");
    expect(formatProbability(1)).toBe("100 %");
    // formatPercent is the same rule under its older name.
    expect(formatPercent(0.0123)).toBe("1 %");
    expect(formatPercent).toBe(formatProbability);
  });

  it("never says 0 % or 100 % of what is neither", () => {
    expect(formatProbability(0.004)).toBe("<1 %");
    expect(formatProbability(1e-12)).toBe("<1 %");
    expect(formatProbability(0.996)).toBe(">99 %");
    expect(formatProbability(0.995)).toBe(">99 %");
    expect(formatProbability(0.9949)).toBe("99 %");
  });

  it("gives one decimal, toward the band, where whole percent would cross a band edge", () => {
    // 19.5 % is "very unlikely" (below 20 %): "20 %" would be the first figure of "unlikely".
    expect(formatProbability(0.195)).toBe("19.5 %");
    expect(estimativeTerm(0.195)).toBe("very unlikely");
    expect(formatProbability(0.19999)).toBe("19.9 %");
    expect(formatProbability(0.2)).toBe("20 %");
    expect(formatProbability(0.0461)).toBe("4.6 %");
    expect(formatProbability(0.4455)).toBe("44.5 %");
    expect(formatProbability(0.45)).toBe("45 %");
    // "roughly even chance" holds 55 % itself; just above it is "likely".
    expect(formatProbability(0.55)).toBe("55 %");
    expect(formatProbability(0.55004)).toBe("55.1 %");
    expect(formatProbability(0.8003)).toBe("80.1 %");
    expect(formatProbability(0.9504)).toBe("95.1 %");
    // Float noise does not push a figure a tenth further: 0.803 × 1000 is 803.0000000000001.
    expect(formatProbability(0.803)).toBe("80.3 %");
    expect(formatProbability(0.197)).toBe("19.7 %");
    expect(formatProbability(0.55000000001)).toBe("55.1 %");
    expect(formatProbability(0.8)).toBe("80 %");
    // Rounding that stays in the band keeps whole percent.
    expect(formatProbability(0.2049)).toBe("20 %");
    expect(formatProbability(0.5449)).toBe("54 %");
    expect(formatProbability(0.5549)).toBe("55.5 %");
  });

  it("puts every figure shown in the band of the term shown beside it (property)", () => {
    fc.assert(
      fc.property(probability, (p) => {
        const band = estimativeBand(p);
        const { text, percent } = probabilityFigure(p);
        expect(formatProbability(p)).toBe(text);
        if (/^[<>]\d+ %$/.test(text) && text !== "<1 %" && text !== ">99 %") {
          // Within a hair of an edge: the side of it, and the edge within half a point.
          expect(Math.abs(percent - p * 100)).toBeLessThanOrEqual(0.5 + 1e-9);
        } else if (text === "<1 %") {
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThan(0.005);
          expect(band.term).toBe("almost no chance");
        } else if (text === ">99 %") {
          expect(p).toBeLessThan(1);
          expect(p).toBeGreaterThanOrEqual(0.995);
          expect(band.term).toBe("almost certain");
        } else {
          // The number read off the page is the number the figure stands for.
          expect(Number(text.replace(" %", ""))).toBe(percent);
          expect(bandHolds(band, percent / 100)).toBe(true);
          // Never further from the truth than whole-percent rounding.
          expect(Math.abs(percent - p * 100)).toBeLessThanOrEqual(0.5 + 1e-9);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("gives a decimal only within half a point of a band edge (property)", () => {
    const edges = [5, 20, 45, 55, 80, 95];
    fc.assert(
      fc.property(probability, (p) => {
        const { text } = probabilityFigure(p);
        if (!text.includes(".") && !/^[<>]\d+ %$/.test(text)) return;
        if (text === "<1 %" || text === ">99 %") return;
        expect(edges.some((e) => Math.abs(p * 100 - e) <= 0.5 + 1e-9)).toBe(true);
        if (!text.includes(".")) return;
        expect(text).toMatch(/^\d+\.\d %$/);
      }),
      { numRuns: 5000 },
    );
  });

  it("says when the figures shown of one assessment do not add to 100, and by how much", () => {
    expect(roundingNote([0.5, 0.3, 0.2])).toBeNull();
    // 33.3 % three times reads 33 % three times: 99 %.
    expect(roundingNote([1 / 3, 1 / 3, 1 / 3])).toBe("Figures are rounded, so they add to 99 %, not 100 %.");
    expect(shownTotal([1 / 3, 1 / 3, 1 / 3])).toBe(99);
    // 19.5 % keeps its decimal: 19.5 + 40.5→41 (…) adds to 100.5.
    expect(roundingNote([0.195, 0.405, 0.4])).toBe("Figures are rounded, so they add to 100.5 %, not 100 %.");
    expect(roundingNote([0.996, 0.004])).toBeNull();
  });

  it("adds the figures shown and speaks up exactly when they miss 100 (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }), (raw) => {
        const sum = raw.reduce((a, b) => a + b, 0);
        const ps = raw.map((x) => x / sum);
        const total = ps.reduce((a, p) => a + probabilityFigure(p).percent, 0);
        const note = roundingNote(ps);
        if (Math.abs(total - 100) < 1e-6) expect(note).toBeNull();
        else expect(note).toContain(`add to ${Number(total.toFixed(1))} %`);
      }),
      { numRuns: 2000 },
    );
  });

  it("shows a value set in whole percent as it was set", () => {
    expect(formatWholePercent(0.4)).toBe("40 %");
    expect(formatWholePercent(0.0123)).toBe("1 %");
    expect(formatWholePercent(0.5)).toBe("50 %");
  });

  it("plots percent to a tenth and labels an axis figure already in percent", () => {
    expect(percentTenths(0.12345)).toBe(12.3);
    expect(percentTenths(0.4051)).toBe(40.5);
    expect(percentTenths(1)).toBe(100);
    expect(formatPercentValue(54.6)).toBe("54.6 %");
    expect(formatPercentValue(0)).toBe("0 %");
  });
});

describe("leading scenario", () => {
  it("names the scenario with the highest probability, and none on a tie", () => {
    expect(leadingScenarioId({ a: 0.43, b: 0.3, c: 0.27 })).toBe("a");
    expect(leadingScenarioId({ a: 0.2, b: 0.5, c: 0.3 })).toBe("b");
    expect(leadingScenarioId({ a: 0.5, b: 0.5 })).toBeNull();
    expect(leadingScenarioId({ a: 0.25, b: 0.375, c: 0.375 })).toBeNull();
    expect(leadingScenarioId({})).toBeNull();
    expect(leadingScenarioId({ a: 1 })).toBe("a");
  });

  it("marks the maximum whenever it stands alone (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), probability, { minKeys: 1 }), (ps) => {
        const lead = leadingScenarioId(ps);
        const values = Object.values(ps);
        const max = Math.max(...values);
        const atTop = values.filter((v) => v >= max - LEADING_TIE).length;
        if (atTop > 1) expect(lead).toBeNull();
        else expect(lead !== null && ps[lead] === max).toBe(true);
      }),
    );
  });
});

describe("drivers in the analyst's terms", () => {
  it("turns nats into how many times more or less likely against the average scenario", () => {
    expect(oddsFactor(0.3)).toBeCloseTo(1.3499, 4);
    expect(formatOddsFactor(0.3)).toBe("1.35×");
    expect(formatOddsFactor(-0.3)).toBe("1.35×");
    expect(formatOddsFactor(Math.log(12.44))).toBe("12.4×");
    expect(formatOddsFactor(Math.log(140))).toBe("140×");
    expect(driverEffect(0.3)).toBe("1.35× more likely");
    expect(driverEffect(-0.742)).toBe("2.10× less likely");
    expect(driverEffect(0.001)).toBe("hardly moves it");
    expect(driverSentence(0.3, "Partial consolidation")).toBe(
      "makes Partial consolidation 1.35× more likely against the average scenario",
    );
    expect(driverSentence(-0.3, "Full exit")).toBe("makes Full exit 1.35× less likely against the average scenario");
  });

  it("gives the factor that multiplies the odds against the average scenario (property)", () => {
    // With contributions c(i,s) = w·(ln f(i,s) − mean ln f), the odds of s against the geometric
    // average of all scenarios move by exactly e^c: check it on random factors.
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (factors, w) => {
          const logs = factors.map(Math.log);
          const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
          const c = w * ((logs[0] ?? 0) - mean);
          const geo = Math.exp(w * mean);
          const ratio = (factors[0] ?? 0) ** w / geo;
          expect(oddsFactor(c)).toBeCloseTo(c >= 0 ? ratio : 1 / ratio, 9);
          const effect = driverEffect(c);
          if (oddsFactor(c) >= 1.005) expect(effect).toContain(c > 0 ? "more likely" : "less likely");
        },
      ),
    );
  });
});

describe("signed figures", () => {
  it("signs with a true minus, and leaves what rounds to zero unsigned", () => {
    expect(MINUS).toBe("\u2212");
    expect(formatSigned(0.456)).toBe("+0.46");
    expect(formatSigned(-1.2)).toBe("\u22121.20");
    expect(formatSigned(-0.004)).toBe("0.00");
    expect(formatSigned(0)).toBe("0.00");
    expect(formatSigned(0.0042, 3)).toBe("+0.004");
  });

  it("never writes a hyphen for a minus, nor a sign on zero", () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 0, max: 4 }), (n, digits) => {
        const text = formatSigned(n, digits);
        expect(text).not.toContain("-");
        if (Number(text.replace(MINUS, "-")) === 0) expect(text).toBe((0).toFixed(digits));
        else expect(Number(text.replace(MINUS, "-"))).toBeCloseTo(n, digits - 1);
      }),
    );
  });

  it("signs nats with a true minus (the workspace's explanations)", () => {
    expect(formatNats(0.4213)).toBe("+0.42 nats");
    expect(formatNats(-0.314)).toBe("\u22120.31 nats");
  });

  it("signs nats to two decimals (beside the effect in the compare view and the post-mortem)", () => {
    expect(formatNats(0.456)).toBe("+0.46 nats");
    expect(formatNats(-1.2)).toBe("\u22121.20 nats");
    expect(formatNats(0.001)).toBe("0.00 nats");
  });

  it("formats Brier and log scores", () => {
    expect(formatBrier(0.2049)).toBe("0.20");
    expect(formatBits(0.737)).toBe("0.74 bits");
    expect(formatBits(Number.POSITIVE_INFINITY)).toBe("∞ bits");
  });
});

describe("percentage points", () => {
  it("prints a change since the baseline in whole points with a real minus sign (the brief)", () => {
    expect(formatPointsSince(12.4)).toBe("+12 pts");
    expect(formatPointsSince(-6.6)).toBe("−7 pts");
    expect(formatPointsSince(0.4)).toBe("±0 pts");
    expect(formatPointsSince(null)).toBe("new");
    expect(formatPointsSince(-0.5)).toBe("±0 pts");
  });

  it("signs points with a true minus, one decimal under ten (the compare view)", () => {
    expect(formatSignedPoints(18.2)).toBe("+18 pts");
    expect(formatSignedPoints(-3.44)).toBe("\u22123.4 pts");
    expect(formatSignedPoints(9.96)).toBe("+10 pts");
    expect(formatSignedPoints(0.01)).toBe("0 pts");
    expect(formatSignedPoints(-0.04)).toBe("0 pts");
    expect(formatSignedPoints(-25.5)).toBe("\u221226 pts");
  });

  it("shows how far an item could move a probability, either way (explanations and the brief)", () => {
    // A change of probability of 0.123, 0.034 and 0.0004, in points.
    expect(formatPointsSwing(0.123 * 100)).toBe("±12 pts");
    expect(formatPointsSwing(0.034 * 100)).toBe("±3.4 pts");
    expect(formatPointsSwing(0.0004 * 100)).toBe("±<0.1 pts");
    expect(formatPointsSwing(9.96)).toBe("±10 pts");
    expect(formatPointsSwing(-2.25)).toBe("±2.3 pts");
  });
});

describe("times", () => {
  const LATEST = Date.parse("2024-12-13T17:30:00Z");

  it("writes a moment in UTC, with or without the zone", () => {
    expect(formatUtc(LATEST)).toBe("2024-12-13 17:30 UTC");
    expect(formatUtcMinute(LATEST)).toBe("2024-12-13 17:30");
    expect(utcInputValue(LATEST)).toBe("2024-12-13 17:30");
  });

  it("takes today's date in UTC, not local time", () => {
    expect(isoDay(new Date("2024-12-14T23:30:00-05:00"))).toBe("2024-12-15");
    expect(isoDay(new Date("2024-12-15T00:30:00+02:00"))).toBe("2024-12-14");
    expect(isoDay(Date.UTC(2026, 10, 25, 23, 59))).toBe("2026-11-25");
    expect(isoDay()).toBe(new Date().toISOString().slice(0, 10));
  });

  it("writes days and moments in words", () => {
    expect(formatDay("2024-12-13")).toBe("13 Dec 2024");
    expect(formatDay("2025-06-30T12:00:00.000Z")).toBe("30 Jun 2025");
    expect(formatDay("someday")).toBe("someday");
    expect(formatDayMonth("2024-12-03")).toBe("3 Dec");
    expect(formatDayTime(Date.UTC(2024, 11, 12, 8, 5))).toBe("12 Dec 2024, 08:05 UTC");
  });

  it("says how long ago a day was", () => {
    expect(daysBetween("2025-06-30", "2026-11-29")).toBe(517);
    expect(formatDaysAgo("2025-06-30", "2026-11-29")).toBe("17 months ago");
    expect(formatDaysAgo("2026-11-29", "2026-11-29")).toBe("today");
    expect(formatDaysAgo("2026-11-28", "2026-11-29")).toBe("yesterday");
    expect(formatDaysAgo("2026-11-24", "2026-11-29")).toBe("5 days ago");
    expect(formatDaysAgo("2026-11-08", "2026-11-29")).toBe("3 weeks ago");
    expect(formatDaysAgo("2026-09-29", "2026-11-29")).toBe("2 months ago");
    expect(formatDaysAgo("2023-11-29", "2026-11-29")).toBe("3 years ago");
    expect(formatDaysAgo("2026-12-03", "2026-11-29")).toBe("in 4 days");
  });

  it("counts hours and days in milliseconds", () => {
    expect(HOUR_MS * 24).toBe(DAY_MS);
    expect(DAY_MS).toBe(86_400_000);
  });
});

describe("sizes", () => {
  it("writes bytes in megabytes to a tenth", () => {
    expect(formatMegabytes(30 * 1024 * 1024)).toBe("30.0 MB");
    expect(formatMegabytes(1_572_864)).toBe("1.5 MB");
  });
});
