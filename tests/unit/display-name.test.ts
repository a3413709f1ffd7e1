// Finding 3 of issue 11 (a re-attack): names that only look alike must count as one name, so the
// people who bear them are told apart; and characters that render as nothing are refused.
import { describe, expect, it } from "vitest";
import { checkDisplayName, nameKey } from "@/shared/display-name";

describe("finding 3: look-alike names", () => {
  it("compares names by what a reader sees", () => {
    const owner = nameKey("Olive Owner");
    for (const lookalike of [
      "Oli\u200Dve Owner", // zero-width joiner
      "Oli\u200Cve Owner", // zero-width non-joiner
      "Oli\u034Fve Owner", // combining grapheme joiner
      "\u041Elive Owner", // Cyrillic capital O
      "Olive \u041Ewner",
      "\u039Flive Owner", // Greek capital Omicron
      "\uFF2Flive  owner", // full-width O, two spaces, lower case
    ]) {
      expect(nameKey(lookalike), JSON.stringify(lookalike)).toBe(owner);
    }
    expect(nameKey("Olivia Owner")).not.toBe(owner);
    expect(nameKey("Zoë Owner")).not.toBe(nameKey("Zoe Owner"));
  });

  it("refuses characters that render as nothing, and keeps what scripts and emoji need", () => {
    for (const invisible of ["Oli\u034Fve", "\u3164Olive", "Olive\uFFA0", "O\u00ADlive", "Oli\u2060ve"]) {
      expect(checkDisplayName(invisible).ok, JSON.stringify(invisible)).toBe(false);
    }
    for (const fine of [
      "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
      "Ana \u2764\uFE0F",
      "Zoë Öztürk",
      "李小龍",
    ]) {
      expect(checkDisplayName(fine).ok, JSON.stringify(fine)).toBe(true);
    }
  });
});
