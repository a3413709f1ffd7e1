// How figures and times read, in every page and export (shared/format.ts). The expectations first
// written beside the compare, resolution, explanations, evidence and brief helpers live here now,
// with their original cases, beside those of the formatters that had none.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  formatBits,
  formatBrier,
  formatContribution,
  formatDay,
  formatDayMonth,
  formatDayTime,
  formatMegabytes,
  formatNats,
  formatPercent,
  formatPercentValue,
  formatPointsSince,
  formatPointsSwing,
  formatSigned,
  formatSignedPoints,
  formatUtc,
  formatUtcMinute,
  formatWholePercent,
  HOUR_MS,
  isoDay,
  MINUS,
  percentTenths,
  utcInputValue,
} from "@/shared/format";

describe("probabilities", () => {
  it("shows a computed probability in whole percent, one decimal below 10 %", () => {
    expect(formatPercent(0.546)).toBe("55 %");
    expect(formatPercent(0.0123)).toBe("1.2 %");
    expect(formatPercent(0)).toBe("0 %");
    expect(formatPercent(1)).toBe("100 %");
    expect(formatPercent(0.0996)).toBe("10.0 %");
  });

  it("shows a value set in whole percent as it was set", () => {
    expect(formatWholePercent(0.4)).toBe("40 %");
    expect(formatWholePercent(0.0123)).toBe("1 %");
    expect(formatWholePercent(0.5)).toBe("50 %");
  });

  it("plots percent to a tenth and labels a figure already in percent", () => {
    expect(percentTenths(0.12345)).toBe(12.3);
    expect(percentTenths(0.4051)).toBe(40.5);
    expect(percentTenths(1)).toBe(100);
    expect(formatPercentValue(54.6)).toBe("54.6 %");
    expect(formatPercentValue(0)).toBe("0 %");
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

  it("signs nats and contributions to two decimals (the compare view and the post-mortem)", () => {
    expect(formatNats(0.456)).toBe("+0.46 nats");
    expect(formatNats(-1.2)).toBe("\u22121.20 nats");
    expect(formatNats(0.001)).toBe("0.00 nats");
    expect(formatContribution(-0.337)).toBe("\u22120.34");
    expect(formatContribution(0.9)).toBe("+0.90");
    expect(formatContribution(0.004)).toBe("+0.004");
    expect(formatContribution(-0.0042)).toBe("\u22120.004");
    expect(formatContribution(0.0001)).toBe("0.000");
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
    expect(utcInputValue(LATEST)).toBe("2024-12-13T17:30");
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
