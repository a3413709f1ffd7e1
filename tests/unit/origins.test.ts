// Origins of evidence (issue 17): how an origin is spelt and matched, how many independent reports some
// items are, and when Signpost asks "same origin as …?" (the three rules, dismissals, and the cases
// where it must not ask).
import { describe, expect, it } from "vitest";
import {
  canonicalOrigin,
  comparableUrl,
  independentReports,
  itemsAndReports,
  jaccard,
  type OriginCandidate,
  originSuggestions,
  pairKey,
  suggestionFor,
  titleWords,
} from "@/shared/assessment/origins";

let clock = 0;
function candidate(id: string, over: Partial<OriginCandidate> = {}): OriginCandidate {
  clock += 1;
  return {
    id,
    title: `Item ${id} ${"x".repeat(clock)}`,
    sourceName: `Source ${id}`,
    sourceUrl: null,
    observedAt: "2024-12-13",
    recordedAt: clock,
    origin: null,
    ...over,
  };
}

describe("spelling and counting", () => {
  it("folds white space, keeps the spelling already in use, and clears on blank", () => {
    const items = [{ origin: "Maxar imagery, 13 Dec" }];
    expect(canonicalOrigin(items, "  maxar   IMAGERY, 13 dec ")).toBe("Maxar imagery, 13 Dec");
    expect(canonicalOrigin(items, " TASS,\t12 Dec ")).toBe("TASS, 12 Dec");
    expect(canonicalOrigin(items, "   ")).toBeNull();
    expect(canonicalOrigin(items, null)).toBeNull();
  });

  it("counts distinct origins plus every item without one", () => {
    const items = [
      { id: "a", origin: "Maxar" },
      { id: "b", origin: "maxar" },
      { id: "c", origin: null },
      { id: "d" },
      { id: "e", origin: "TASS" },
    ];
    expect(independentReports(items)).toBe(4);
    expect(itemsAndReports(4, 2)).toBe("4 evidence items, 2 independent reports");
    expect(itemsAndReports(1, 1)).toBe("1 evidence item, 1 independent report");
  });
});

describe("same origin as …?", () => {
  it("asks when the source address matches, ignoring scheme, www, fragment and a trailing slash", () => {
    expect(comparableUrl("https://www.Example.org/a/b/#x")).toBe(comparableUrl("http://example.org/a/b"));
    const a = candidate("a", { sourceUrl: "https://www.example.org/story" });
    const b = candidate("b", { sourceUrl: "http://example.org/story/" });
    expect(originSuggestions([a, b])).toEqual([
      { evidenceId: "b", otherId: "a", because: "source URL", origin: "Source a, 2024-12-13" },
    ]);
  });

  it("asks when the source name and observed date match, and offers the earlier item's origin", () => {
    const a = candidate("a", { sourceName: "TASS", origin: "TASS wire, 12 Dec" });
    const b = candidate("b", { sourceName: " tass " });
    const c = candidate("c", { sourceName: "TASS", observedAt: "2024-12-14" });
    expect(originSuggestions([c, b, a])).toEqual([
      { evidenceId: "b", otherId: "a", because: "source name and date", origin: "TASS wire, 12 Dec" },
    ]);
  });

  it("asks for near-identical titles: word sets with a Jaccard index of 0.8 or more", () => {
    const base = "Russia packs up military equipment at Syrian base satellite photos show";
    expect(jaccard(titleWords(base), titleWords(`${base} today`))).toBeCloseTo(11 / 12, 12);
    const a = candidate("a", { title: base });
    const near = candidate("b", { title: `${base.toUpperCase()}!` });
    const far = candidate("c", { title: "Russia packs up equipment in Syria, photos show" });
    const s = originSuggestions([a, near, far]);
    expect(s).toEqual([{ evidenceId: "b", otherId: "a", because: "title", origin: "Source a, 2024-12-13" }]);
    // 8 shared words of 10: exactly 0.8 counts.
    const ten = "one two three four five six seven eight nine ten";
    const x = candidate("x", { title: ten });
    const y = candidate("y", { title: "one two three four five six seven eight nine" });
    expect(jaccard(titleWords(ten), titleWords("one two three four five six seven eight"))).toBe(0.8);
    expect(originSuggestions([x, y]).map((z) => z.because)).toEqual(["title"]);
  });

  it("does not ask about a dismissed pair, or when both items already name an origin", () => {
    const a = candidate("a", { sourceUrl: "https://example.org/s" });
    const b = candidate("b", { sourceUrl: "https://example.org/s" });
    expect(originSuggestions([a, b], new Set([pairKey("b", "a")]))).toEqual([]);
    const named = [
      { ...a, origin: "Kremlin briefing, 11 Dec" },
      { ...b, origin: "Kremlin briefing, 12 Dec" },
    ];
    expect(originSuggestions(named)).toEqual([]);
    // One named: confirming gives the other that origin.
    expect(originSuggestions([{ ...a, origin: "Wire story" }, b])[0]?.origin).toBe("Wire story");
    expect(originSuggestions([a, { ...b, origin: "Wire story" }])[0]?.origin).toBe("Wire story");
  });

  it("finds the same pairs as comparing every pair, on a large locker", () => {
    const items: OriginCandidate[] = Array.from({ length: 600 }, (_, k) =>
      candidate(`e${k}`, {
        title: `report ${k % 97} on convoy ${k % 13} near base ${k % 7} and port ${k % 5}`,
        sourceName: `outlet ${k % 11}`,
        observedAt: `2024-12-${String(1 + (k % 28)).padStart(2, "0")}`,
        sourceUrl: k % 9 === 0 ? `https://example.org/${k % 27}` : null,
      }),
    );
    const fast = originSuggestions(items);
    // The obvious way: for each item the earliest earlier one it matches by any rule.
    const slow = items.flatMap((item, k) => {
      const other = items
        .slice(0, k)
        .find(
          (o) =>
            (item.sourceUrl !== null && o.sourceUrl === item.sourceUrl) ||
            (o.sourceName === item.sourceName && o.observedAt === item.observedAt) ||
            jaccard(titleWords(o.title), titleWords(item.title)) >= 0.8,
        );
      return other ? [[item.id, other.id]] : [];
    });
    expect(fast.map((s) => [s.evidenceId, s.otherId])).toEqual(slow);

    // The form asks about its draft alone, in one pass: the same answer as the whole locker's.
    for (const k of [1, 9, 100, 333, 599]) {
      const draft = items[k] as OriginCandidate;
      const expected = fast.find((s) => s.evidenceId === draft.id) ?? null;
      expect(suggestionFor(draft, items.slice(0, k))).toEqual(expected);
    }
  });
});
