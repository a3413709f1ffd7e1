// The evidence locker's pure helpers: grade wording, filtering, sorting and paging the table, and
// the add/edit form's checks and the saves an edit turns into.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SORT,
  draftErrors,
  draftFields,
  draftFromEvidence,
  EVIDENCE_PAGE_SIZE,
  type EvidenceDraft,
  emptyDraft,
  evidenceEdit,
  filterEvidence,
  formErrorsFromServer,
  gradeMeaning,
  groupByOrigin,
  isEmptyEdit,
  isFiltering,
  isWeakGrade,
  NO_FILTER,
  NO_ORIGIN,
  nextSort,
  originCounts,
  originFilterValue,
  pageOf,
  pageRangeLabel,
  remainingEdit,
  shownStatus,
  sortEvidence,
  toCredibility,
} from "@/app/(app)/assessments/[id]/workspace/evidence/evidence-data";
import type { EvidenceState } from "@/shared/assessment/state";

function item(id: string, over: Partial<EvidenceState> = {}): EvidenceState {
  return {
    id,
    title: `Item ${id}`,
    summary: "",
    origin: null,
    sourceName: "Source",
    sourceUrl: null,
    sourceKind: "media",
    reliability: "C",
    credibility: 3,
    observedAt: "2024-12-10",
    recordedAt: Date.UTC(2024, 11, 14, 9, 0),
    authorId: "u1",
    authorName: "Ana",
    lastReviewedAt: 0,
    links: {},
    ...over,
  };
}

const imagery = item("img", {
  title: "An-124s loading at Khmeimim",
  summary: "Maxar imagery: helicopters dismantled, S-400 moved",
  sourceName: "Maxar Technologies",
  sourceKind: "imagery",
  reliability: "B",
  credibility: 2,
  observedAt: "2024-12-13",
  recordedAt: Date.UTC(2024, 11, 14, 8, 0),
  authorName: "Ben",
  links: { airlift: 1, s400: 1 },
});
const kremlin = item("krem", {
  title: "Peskov: in contact with new authorities",
  summary: "Bases' future to be discussed",
  sourceName: "TASS",
  sourceKind: "official_statement",
  reliability: "C",
  credibility: 3,
  observedAt: "2024-12-11",
  recordedAt: Date.UTC(2024, 11, 14, 10, 0),
  authorName: "ana",
  links: { talks: 1 },
});
const rumour = item("rum", {
  title: "Channel claims Tartus emptied",
  sourceName: "Telegram channel",
  sourceKind: "media",
  reliability: "E",
  credibility: 5,
  observedAt: "2024-12-12",
  recordedAt: Date.UTC(2024, 11, 14, 9, 30),
  authorName: "Carl",
  links: { tartus: -1, airlift: 1 },
});
const all = [imagery, kremlin, rumour];
const ids = (xs: EvidenceState[]) => xs.map((x) => x.id);

describe("grades", () => {
  it("spells out B2 with its meaning and the engine's accuracy", () => {
    expect(gradeMeaning("B", 2)).toBe("B — Usually reliable; 2 — Probably true (accuracy 0.82)");
    expect(gradeMeaning("F", 6)).toBe("F — Reliability cannot be judged; 6 — Truth cannot be judged (accuracy 0.63)");
  });

  it("calls a grade weak when reliability is D–F or credibility 4–6", () => {
    expect(isWeakGrade("A", 1)).toBe(false);
    expect(isWeakGrade("C", 3)).toBe(false);
    expect(isWeakGrade("D", 1)).toBe(true);
    expect(isWeakGrade("F", 2)).toBe(true);
    expect(isWeakGrade("B", 4)).toBe(true);
    expect(isWeakGrade("A", 6)).toBe(true);
  });
});

describe("filterEvidence", () => {
  it("keeps everything with no filter", () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(ids(filterEvidence(all, NO_FILTER))).toEqual(["img", "krem", "rum"]);
  });

  it("searches title, source and summary, case-insensitively, every word", () => {
    expect(ids(filterEvidence(all, { ...NO_FILTER, text: "maxar" }))).toEqual(["img"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, text: "TASS" }))).toEqual(["krem"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, text: "s-400 helicopters" }))).toEqual(["img"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, text: "tartus" }))).toEqual(["rum"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, text: "  " }))).toEqual(["img", "krem", "rum"]);
  });

  it("filters by kind, grade letter and credibility", () => {
    expect(ids(filterEvidence(all, { ...NO_FILTER, kind: "media" }))).toEqual(["rum"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, reliability: "C" }))).toEqual(["krem"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, credibility: 2 }))).toEqual(["img"]);
  });

  it("filters by linked indicator in either direction, and combines filters", () => {
    expect(ids(filterEvidence(all, { ...NO_FILTER, indicatorId: "airlift" }))).toEqual(["img", "rum"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, indicatorId: "tartus" }))).toEqual(["rum"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, indicatorId: "airlift", kind: "imagery" }))).toEqual(["img"]);
    expect(ids(filterEvidence(all, { ...NO_FILTER, indicatorId: "airlift", text: "peskov" }))).toEqual([]);
  });
});

describe("sortEvidence", () => {
  it("sorts by observed date, newest first by default", () => {
    expect(ids(sortEvidence(all, DEFAULT_SORT))).toEqual(["img", "rum", "krem"]);
    expect(ids(sortEvidence(all, { key: "observedAt", direction: "ascending" }))).toEqual(["krem", "rum", "img"]);
  });

  it("sorts by title, source and author ignoring case", () => {
    expect(ids(sortEvidence(all, { key: "title", direction: "ascending" }))).toEqual(["img", "rum", "krem"]);
    expect(ids(sortEvidence(all, { key: "source", direction: "descending" }))).toEqual(["rum", "krem", "img"]);
    // "ana" and "Ben" and "Carl": lowercase does not sort after uppercase.
    expect(ids(sortEvidence(all, { key: "author", direction: "ascending" }))).toEqual(["krem", "img", "rum"]);
  });

  it("sorts grades by the accuracy the engine gives them, not alphabetically", () => {
    const f6 = item("f6", { reliability: "F", credibility: 6 }); // 0.625
    const e5 = item("e5", { reliability: "E", credibility: 5 }); // 0.52
    const b2 = item("b2", { reliability: "B", credibility: 2 }); // 0.82
    expect(ids(sortEvidence([f6, b2, e5], { key: "grade", direction: "ascending" }))).toEqual(["e5", "f6", "b2"]);
  });

  it("sorts by recorded time, kind label and link count", () => {
    expect(ids(sortEvidence(all, { key: "recordedAt", direction: "ascending" }))).toEqual(["img", "rum", "krem"]);
    expect(ids(sortEvidence(all, { key: "kind", direction: "ascending" }))).toEqual(["img", "rum", "krem"]);
    expect(ids(sortEvidence(all, { key: "links", direction: "ascending" }))).toEqual(["krem", "img", "rum"]);
  });

  it("keeps the recorded order for ties in both directions and leaves its input alone", () => {
    const a = item("a");
    const b = item("b");
    const c = item("c");
    const input = [a, b, c];
    expect(ids(sortEvidence(input, { key: "observedAt", direction: "ascending" }))).toEqual(["a", "b", "c"]);
    expect(ids(sortEvidence(input, { key: "observedAt", direction: "descending" }))).toEqual(["a", "b", "c"]);
    expect(ids(input)).toEqual(["a", "b", "c"]);
  });

  it("flips on a second click and starts a new column in its natural direction", () => {
    expect(nextSort(DEFAULT_SORT, "observedAt")).toEqual({ key: "observedAt", direction: "ascending" });
    expect(nextSort(DEFAULT_SORT, "title")).toEqual({ key: "title", direction: "ascending" });
    expect(nextSort({ key: "title", direction: "ascending" }, "recordedAt")).toEqual({
      key: "recordedAt",
      direction: "descending",
    });
  });
});

describe("pageOf", () => {
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it("shows 50 rows a page and says which ones", () => {
    expect(EVIDENCE_PAGE_SIZE).toBe(50);
    const view = pageOf(numbers(2960), 2);
    expect(view.rows).toHaveLength(50);
    expect(view.rows[0]).toBe(51);
    expect(view.rows.at(-1)).toBe(100);
    expect(view).toMatchObject({ page: 2, pageCount: 60, first: 51, last: 100, total: 2960 });
  });

  it("gives a short last page", () => {
    const view = pageOf(numbers(2960), 60);
    expect(view.rows).toEqual(numbers(2960).slice(2950));
    expect(view).toMatchObject({ page: 60, pageCount: 60, first: 2951, last: 2960 });
  });

  it("has no empty page after an exact multiple", () => {
    expect(pageOf(numbers(100), 2, 50)).toMatchObject({ page: 2, pageCount: 2, first: 51, last: 100 });
    expect(pageOf(numbers(100), 3, 50)).toMatchObject({ page: 2, pageCount: 2, first: 51, last: 100 });
    expect(pageOf(numbers(50), 1, 50)).toMatchObject({ page: 1, pageCount: 1, first: 1, last: 50 });
  });

  it("moves to the last page that exists when a filter or a delete shrinks the list under it", () => {
    // Page 3 of 120 rows; a filter leaves 60, then a delete leaves 50.
    expect(pageOf(numbers(120), 3, 50)).toMatchObject({ page: 3, first: 101, last: 120 });
    const filtered = pageOf(numbers(60), 3, 50);
    expect(filtered).toMatchObject({ page: 2, pageCount: 2, first: 51, last: 60 });
    expect(filtered.rows).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
    expect(pageOf(numbers(50), 2, 50)).toMatchObject({ page: 1, pageCount: 1, first: 1, last: 50 });
  });

  it("reads a page before the first, or not a whole number, as the nearest page", () => {
    expect(pageOf(numbers(120), 0, 50)).toMatchObject({ page: 1, first: 1, last: 50 });
    expect(pageOf(numbers(120), -4, 50)).toMatchObject({ page: 1, first: 1 });
    expect(pageOf(numbers(120), 2.7, 50)).toMatchObject({ page: 2, first: 51 });
    expect(pageOf(numbers(120), Number.NaN, 50)).toMatchObject({ page: 1, first: 1 });
    expect(pageOf(numbers(120), Number.POSITIVE_INFINITY, 50)).toMatchObject({ page: 3, first: 101 });
  });

  it("gives an empty list one empty page", () => {
    expect(pageOf([], 1)).toEqual({ rows: [], page: 1, pageCount: 1, first: 0, last: 0, total: 0 });
    expect(pageOf([], 5)).toEqual({ rows: [], page: 1, pageCount: 1, first: 0, last: 0, total: 0 });
  });

  it("leaves its input alone and refuses a page size that is not a positive whole number", () => {
    const input = numbers(3);
    pageOf(input, 1, 2).rows.push(99);
    expect(input).toEqual([1, 2, 3]);
    expect(() => pageOf(input, 1, 0)).toThrow(RangeError);
    expect(() => pageOf(input, 1, 2.5)).toThrow(RangeError);
  });

  it("keeps every row on exactly one page, in order, for any list and size", () => {
    for (const total of [0, 1, 49, 50, 51, 99, 100, 101, 257]) {
      for (const size of [1, 7, 50]) {
        const rows = numbers(total);
        const { pageCount } = pageOf(rows, 1, size);
        const pages = Array.from({ length: pageCount }, (_, i) => pageOf(rows, i + 1, size));
        expect(pages.flatMap((p) => p.rows)).toEqual(rows);
        expect(pages.every((p) => p.rows.length === (p.total === 0 ? 0 : p.last - p.first + 1))).toBe(true);
      }
    }
  });
});

describe("the pager's wording", () => {
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

  it("names the items shown with thousands separators, and says when they are filtered", () => {
    expect(pageRangeLabel(pageOf(numbers(2960), 2), false)).toBe("Items 51–100 of 2,960");
    expect(pageRangeLabel(pageOf(numbers(2960), 60), true)).toBe("Items 2,951–2,960 of 2,960 matching");
    expect(pageRangeLabel(pageOf(numbers(51), 2), false)).toBe("Item 51 of 51");
    expect(pageRangeLabel(pageOf([], 1), true)).toBe("No matching items");
  });

  it("keeps the status line truthful: what matches, and which slice is on screen", () => {
    expect(shownStatus(pageOf(numbers(11), 1), 11, false)).toBe("");
    expect(shownStatus(pageOf(numbers(12), 1), 3000, true)).toBe("Showing 12 of 3,000 evidence items");
    expect(shownStatus(pageOf(numbers(3000), 2), 3000, false)).toBe("Showing 51–100 of 3,000 evidence items");
    expect(shownStatus(pageOf(numbers(120), 3), 3000, true)).toBe(
      "Showing 101–120 of 120 matching evidence items (3,000 in all)",
    );
  });
});

describe("the evidence form's checks", () => {
  const today = "2024-12-14";
  const valid: EvidenceDraft = {
    ...emptyDraft(),
    title: " An-124s loading ",
    sourceName: "Maxar",
    sourceUrl: "https://example.com/khmeimim",
    sourceKind: "imagery",
    reliability: "B",
    credibility: 2,
    observedAt: "2024-12-13",
    links: [{ indicatorId: "airlift", direction: 1 }],
  };

  it("asks for every required field of an empty draft", () => {
    expect(draftErrors(emptyDraft(), today)).toEqual({
      title: "Give the evidence a title",
      sourceName: "Name the source",
      sourceKind: "Choose the kind of source",
      reliability: "Grade the source's reliability (A–F)",
      credibility: "Grade the information's credibility (1–6)",
      observedAt: "Give the date it happened or was reported, as YYYY-MM-DD (UTC)",
    });
  });

  it("passes a complete draft and trims what it sends", () => {
    expect(draftErrors(valid, today)).toEqual({});
    expect(draftFields(valid, today)).toEqual({
      title: "An-124s loading",
      summary: "",
      sourceName: "Maxar",
      sourceUrl: "https://example.com/khmeimim",
      sourceKind: "imagery",
      reliability: "B",
      credibility: 2,
      observedAt: "2024-12-13",
      // Issue 17: a blank origin is none; a typed one is sent with its white space folded.
      origin: null,
    });
    expect(draftFields({ ...valid, sourceUrl: "  " }, today)?.sourceUrl).toBeNull();
    expect(draftFields({ ...valid, origin: "  Maxar   imagery, 13 Dec " }, today)?.origin).toBe(
      "Maxar imagery, 13 Dec",
    );
    expect(draftErrors({ ...valid, origin: "x".repeat(201) }, today).origin).toBe(
      "An origin is at most 200 characters",
    );
  });

  it("treats a blank title or source as missing", () => {
    expect(draftErrors({ ...valid, title: "   " }, today).title).toBe("Give the evidence a title");
    expect(draftErrors({ ...valid, sourceName: "\t" }, today).sourceName).toBe("Name the source");
    expect(draftFields({ ...valid, title: "" }, today)).toBeNull();
  });

  it("wants a URL to start with http:// or https:// when one is given", () => {
    const msg = "Give a web address starting with http:// or https://";
    expect(draftErrors({ ...valid, sourceUrl: "" }, today).sourceUrl).toBeUndefined();
    expect(draftErrors({ ...valid, sourceUrl: "http://tass.ru/x" }, today).sourceUrl).toBeUndefined();
    expect(draftErrors({ ...valid, sourceUrl: "www.tass.ru" }, today).sourceUrl).toBe(msg);
    expect(draftErrors({ ...valid, sourceUrl: "ftp://tass.ru" }, today).sourceUrl).toBe(msg);
    expect(draftErrors({ ...valid, sourceUrl: "javascript:alert(1)" }, today).sourceUrl).toBe(msg);
    expect(draftErrors({ ...valid, sourceUrl: "https://" }, today).sourceUrl).toBe(msg);
  });

  it("refuses an observed-at date after today (UTC) and dates that do not exist", () => {
    expect(draftErrors({ ...valid, observedAt: today }, today).observedAt).toBeUndefined();
    expect(draftErrors({ ...valid, observedAt: "2024-12-15" }, today).observedAt).toMatch(/in the future/);
    // The field and the format are named (issue 13: dates are typed as ISO text in UTC).
    expect(draftErrors({ ...valid, observedAt: "2024-02-30" }, today).observedAt).toBe(
      "Observed on: give a real date as YYYY-MM-DD (UTC), e.g. 2024-12-13",
    );
    expect(draftErrors({ ...valid, observedAt: "13/12/2024" }, today).observedAt).toBe(
      "Observed on: give a real date as YYYY-MM-DD (UTC), e.g. 2024-12-13",
    );
    expect(draftErrors({ ...valid, observedAt: " 2024-12-13 " }, today).observedAt).toBeUndefined();
  });

  it("refuses the same indicator linked twice", () => {
    const links = [
      { indicatorId: "airlift", direction: 1 as const },
      { indicatorId: "airlift", direction: -1 as const },
    ];
    expect(draftErrors({ ...valid, links }, today).links).toBe("The same indicator is linked twice");
  });

  it("reads credibility from a select's string value", () => {
    expect(toCredibility("2")).toBe(2);
    expect(toCredibility("")).toBe("");
    expect(toCredibility("7")).toBe("");
  });

  it("puts the server's field errors beside the fields, links by position under links", () => {
    expect(
      formErrorsFromServer({
        observedAt: "The observed-at date is in the future",
        "links.1.indicatorId": "No indicator with id 'x' in this assessment",
        assessmentId: "ignored",
      }),
    ).toEqual({
      observedAt: "The observed-at date is in the future",
      links: "No indicator with id 'x' in this assessment",
    });
  });
});

describe("an edit becomes the saves it needs", () => {
  const fieldsOf = (e: EvidenceState) => {
    const f = draftFields(draftFromEvidence(e), "2030-01-01");
    if (!f) throw new Error("draft should be valid");
    return f;
  };

  it("sends nothing when nothing changed", () => {
    const edit = evidenceEdit(rumour, fieldsOf(rumour), draftFromEvidence(rumour).links);
    expect(isEmptyEdit(edit)).toBe(true);
  });

  it("sends only changed fields, new or flipped links, and removed links", () => {
    const edit = evidenceEdit(rumour, { ...fieldsOf(rumour), reliability: "D", sourceUrl: "https://t.me/x" }, [
      { indicatorId: "tartus", direction: 1 }, // flipped
      { indicatorId: "s400", direction: -1 }, // new
      // airlift removed
    ]);
    expect(edit).toEqual({
      fields: { reliability: "D", sourceUrl: "https://t.me/x" },
      link: [
        { indicatorId: "tartus", direction: 1 },
        { indicatorId: "s400", direction: -1 },
      ],
      unlink: ["airlift"],
    });
  });

  it("skips what the item already has now, and never sends fields the analyst left alone", () => {
    const edit = evidenceEdit(rumour, { ...fieldsOf(rumour), title: "Mine" }, [{ indicatorId: "s400", direction: 1 }]);
    // Meanwhile someone else changed the summary and already unlinked tartus; an earlier partial save set the title.
    const now = { ...rumour, title: "Mine", summary: "Their summary", links: { airlift: 1 as const } };
    expect(remainingEdit(edit, now)).toEqual({
      fields: null,
      link: [{ indicatorId: "s400", direction: 1 }],
      unlink: ["airlift"],
    });
  });
});

describe("origins in the locker (issue 17)", () => {
  const a = item("a", { origin: "Maxar imagery, 13 Dec", observedAt: "2024-12-13" });
  const b = item("b", { origin: null, observedAt: "2024-12-12" });
  const c = item("c", { origin: "maxar IMAGERY, 13 dec", observedAt: "2024-12-11" });
  const d = item("d", { origin: "TASS, 12 Dec", observedAt: "2024-12-10" });

  it("keeps the items of one origin together, where the first of them stands", () => {
    const sorted = sortEvidence([a, b, c, d], DEFAULT_SORT);
    expect(sorted.map((e) => e.id)).toEqual(["a", "b", "c", "d"]);
    expect(groupByOrigin(sorted).map((e) => e.id)).toEqual(["a", "c", "b", "d"]);
    expect(originCounts([a, b, c, d])).toEqual(
      new Map([
        ["maxar imagery, 13 dec", 2],
        ["tass, 12 dec", 1],
      ]),
    );
  });

  it("filters by origin, or by naming none", () => {
    const only = (origin: string) => filterEvidence([a, b, c, d], { ...NO_FILTER, origin }).map((e) => e.id);
    expect(only(originFilterValue("MAXAR imagery, 13 Dec"))).toEqual(["a", "c"]);
    expect(only(NO_ORIGIN)).toEqual(["b"]);
    expect(only("")).toEqual(["a", "b", "c", "d"]);
    expect(isFiltering({ ...NO_FILTER, origin: NO_ORIGIN })).toBe(true);
  });
});
