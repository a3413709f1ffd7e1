// What a text field says about its limit (shared/text-limit.ts): its count from 80 % of the limit,
// and past the limit by how much, counted as the schemas count (after trimming).
import { describe, expect, it } from "vitest";
import { description } from "@/shared/assessment/schemas";
import { DESCRIPTION_MAX } from "@/shared/limits";
import { COUNT_FROM, countLabel, overLimitMessage, textLength } from "@/shared/text-limit";

describe("textLength", () => {
  it("shows no count well within the limit, a count from 80 %, and the excess past it", () => {
    expect(textLength("x".repeat(1_599), 2_000)).toEqual({ length: 1_599, max: 2_000, over: 0, showCount: false });
    expect(textLength("x".repeat(2_000 * COUNT_FROM), 2_000).showCount).toBe(true);
    const t = textLength("x".repeat(1_850), 2_000);
    expect(countLabel(t)).toBe("1,850 / 2,000");
    expect(overLimitMessage("The description", t)).toBeNull();
    const pasted = textLength("x".repeat(100_000), 2_000);
    expect(pasted.over).toBe(98_000);
    expect(overLimitMessage("The description", pasted)).toBe(
      "The description is 98,000 characters over its limit of 2,000: shorten it to save",
    );
    expect(overLimitMessage("The title", textLength("x".repeat(201), 200))).toBe(
      "The title is 1 character over its limit of 200: shorten it to save",
    );
  });

  it("counts as the schema does: spaces around the text do not count, so the field and the server agree", () => {
    const padded = `  ${"x".repeat(DESCRIPTION_MAX)}   `;
    expect(textLength(padded, DESCRIPTION_MAX).over).toBe(0);
    expect(description.safeParse(padded).success).toBe(true);
    const over = `${"x".repeat(DESCRIPTION_MAX + 1)} `;
    expect(textLength(over, DESCRIPTION_MAX).over).toBe(1);
    expect(description.safeParse(over).success).toBe(false);
  });
});
