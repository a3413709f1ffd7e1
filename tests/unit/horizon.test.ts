// When an active assessment's horizon is behind today (shared/assessment/horizon.ts): the list, the
// workspace and the brief all read the same words from here.
import { describe, expect, it } from "vitest";
import { horizonPassed } from "@/shared/assessment/horizon";

describe("a passed horizon", () => {
  it("is said of an active assessment from the day after its horizon", () => {
    expect(horizonPassed({ horizon: "2025-06-30", status: "active" }, "2026-11-29")).toEqual({
      horizon: "2025-06-30",
      days: 517,
      ago: "17 months ago",
      sentence: "Horizon passed 17 months ago (2025-06-30)",
    });
    expect(horizonPassed({ horizon: "2026-11-28", status: "active" }, "2026-11-29")?.sentence).toBe(
      "Horizon passed yesterday (2026-11-28)",
    );
  });

  it("is not said on the horizon day itself, before it, or once the assessment is resolved or archived", () => {
    expect(horizonPassed({ horizon: "2026-11-29", status: "active" }, "2026-11-29")).toBeNull();
    expect(horizonPassed({ horizon: "2027-01-01", status: "active" }, "2026-11-29")).toBeNull();
    expect(horizonPassed({ horizon: "2025-06-30", status: "resolved" }, "2026-11-29")).toBeNull();
    expect(horizonPassed({ horizon: "2025-06-30", status: "archived" }, "2026-11-29")).toBeNull();
    expect(horizonPassed({ horizon: "", status: "active" }, "2026-11-29")).toBeNull();
  });
});
