// Pure helpers behind the evidence locker: grade wording, sorting, filtering and paging the table, and
// the add/edit form's draft (its checks as the analyst types, and the saves a finished draft becomes).
import { evidenceForm } from "@/shared/assessment/form-schemas";
import { originKey } from "@/shared/assessment/origins";
import type { Direction, EvidenceFields, EvidenceState, SourceKind } from "@/shared/assessment/state";
import {
  CREDIBILITY,
  CREDIBILITY_GRADES,
  type Credibility,
  evidenceAccuracy,
  RELIABILITY,
  RELIABILITY_GRADES,
  type Reliability,
} from "@/shared/engine";
import { fieldErrors } from "@/shared/forms";

// ---------------------------------------------------------------------------------------------
// Grades and labels

export const SOURCE_KINDS: readonly { kind: SourceKind; label: string }[] = [
  { kind: "imagery", label: "Imagery" },
  { kind: "official_statement", label: "Official statement" },
  { kind: "media", label: "Media" },
  { kind: "expert", label: "Expert" },
  { kind: "report", label: "Report" },
  { kind: "other", label: "Other" },
];

export function sourceKindLabel(kind: SourceKind): string {
  return SOURCE_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** "B2". */
export function gradeCode(reliability: Reliability, credibility: Credibility): string {
  return `${reliability}${credibility}`;
}

/** "B — Usually reliable; 2 — Probably true (accuracy 0.82)": the hover text of a grade. */
export function gradeMeaning(reliability: Reliability, credibility: Credibility): string {
  const accuracy = evidenceAccuracy(reliability, credibility).toFixed(2);
  return `${RELIABILITY[reliability].label}; ${CREDIBILITY[credibility].label} (accuracy ${accuracy})`;
}

/** A source that is not usually reliable or worse (D, E, F) or information doubtful or worse (4, 5, 6). */
export function isWeakGrade(reliability: Reliability, credibility: Credibility): boolean {
  return reliability === "D" || reliability === "E" || reliability === "F" || credibility >= 4;
}

// ---------------------------------------------------------------------------------------------
// Filtering and sorting the table

export interface EvidenceFilter {
  /** Matched case-insensitively against title, source name and summary. */
  text: string;
  kind: SourceKind | "";
  reliability: Reliability | "";
  credibility: Credibility | "";
  /** Only items linked to this indicator (either direction). */
  indicatorId: string;
  /** originFilterValue(origin) for the items of one origin, NO_ORIGIN for items that name none, "" for any. */
  origin: string;
}

/** The origin filter's value for items that name no origin (each its own report). */
export const NO_ORIGIN = "none";

/** The origin filter's value for one origin: prefixed, so no origin's name can read as NO_ORIGIN. */
export function originFilterValue(origin: string): string {
  return `origin:${originKey(origin)}`;
}

export const NO_FILTER: EvidenceFilter = {
  text: "",
  kind: "",
  reliability: "",
  credibility: "",
  indicatorId: "",
  origin: "",
};

export function isFiltering(filter: EvidenceFilter): boolean {
  return (
    filter.text.trim() !== "" ||
    filter.kind !== "" ||
    filter.reliability !== "" ||
    filter.credibility !== "" ||
    filter.indicatorId !== "" ||
    filter.origin !== ""
  );
}

export function filterEvidence(items: readonly EvidenceState[], filter: EvidenceFilter): EvidenceState[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((e) => {
    if (filter.kind && e.sourceKind !== filter.kind) return false;
    if (filter.reliability && e.reliability !== filter.reliability) return false;
    if (filter.credibility && e.credibility !== filter.credibility) return false;
    if (filter.indicatorId && e.links[filter.indicatorId] === undefined) return false;
    if (filter.origin === NO_ORIGIN && e.origin) return false;
    if (filter.origin && filter.origin !== NO_ORIGIN && (!e.origin || originFilterValue(e.origin) !== filter.origin)) {
      return false;
    }
    if (words.length === 0) return true;
    const haystack = `${e.title}\n${e.sourceName}\n${e.summary}\n${e.origin ?? ""}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export const EVIDENCE_SORT_KEYS = [
  "title",
  "source",
  "kind",
  "grade",
  "observedAt",
  "recordedAt",
  "author",
  "links",
] as const;
export type EvidenceSortKey = (typeof EVIDENCE_SORT_KEYS)[number];
export type SortDirection = "ascending" | "descending";

export interface EvidenceSort {
  key: EvidenceSortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: EvidenceSort = { key: "observedAt", direction: "descending" };

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function compareBy(key: EvidenceSortKey, a: EvidenceState, b: EvidenceState): number {
  switch (key) {
    case "title":
      return collator.compare(a.title, b.title);
    case "source":
      return collator.compare(a.sourceName, b.sourceName);
    case "kind":
      return collator.compare(sourceKindLabel(a.sourceKind), sourceKindLabel(b.sourceKind));
    case "grade":
      // By the accuracy the engine gives the grade, so "ascending" reads weakest to strongest;
      // equal accuracies (B3 and C2) fall back to the code.
      return (
        evidenceAccuracy(a.reliability, a.credibility) - evidenceAccuracy(b.reliability, b.credibility) ||
        collator.compare(gradeCode(a.reliability, a.credibility), gradeCode(b.reliability, b.credibility))
      );
    case "observedAt":
      return a.observedAt.localeCompare(b.observedAt);
    case "recordedAt":
      return a.recordedAt - b.recordedAt;
    case "author":
      return collator.compare(a.authorName, b.authorName);
    case "links":
      return Object.keys(a.links).length - Object.keys(b.links).length;
  }
}

/** A sorted copy; ties keep the recorded order (the sort is stable, and ties do not flip with direction). */
export function sortEvidence(items: readonly EvidenceState[], sort: EvidenceSort): EvidenceState[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => sign * compareBy(sort.key, a.item, b.item) || a.index - b.index)
    .map((x) => x.item);
}

/**
 * Items of one origin shown together (issue 17): each origin's items move up to where its first item
 * stands in `sorted`, in their sorted order; items without origin stay where they are.
 */
export function groupByOrigin(sorted: readonly EvidenceState[]): EvidenceState[] {
  if (!sorted.some((e) => e.origin)) return [...sorted];
  const groups = new Map<string, EvidenceState[]>();
  for (const e of sorted) {
    if (!e.origin) continue;
    const key = originKey(e.origin);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const out: EvidenceState[] = [];
  const placed = new Set<string>();
  for (const e of sorted) {
    if (!e.origin) out.push(e);
    else {
      const key = originKey(e.origin);
      if (placed.has(key)) continue;
      placed.add(key);
      out.push(...(groups.get(key) ?? [e]));
    }
  }
  return out;
}

/** Per origin key, how many items of the assessment name it: the locker's "3 items, 1 report" badge. */
export function originCounts(items: readonly EvidenceState[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of items) if (e.origin) counts.set(originKey(e.origin), (counts.get(originKey(e.origin)) ?? 0) + 1);
  return counts;
}

/** Clicking a header: the same column flips direction; a new column starts A–Z, or highest first for dates, grades and link counts. */
export function nextSort(current: EvidenceSort, key: EvidenceSortKey): EvidenceSort {
  if (current.key === key) {
    return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  }
  const highestFirst = key === "observedAt" || key === "recordedAt" || key === "grade" || key === "links";
  return { key, direction: highestFirst ? "descending" : "ascending" };
}

// ---------------------------------------------------------------------------------------------
// Paging the table: sorting and filtering see every item, the page shows a slice (3,000 rows at
// once took seconds to hydrate).

export const EVIDENCE_PAGE_SIZE = 50;

export interface TablePage<T> {
  rows: T[];
  /** 1-based, clamped to the pages that exist: a filter or a delete can shrink the list under it. */
  page: number;
  /** At least 1: an empty list is one empty page. */
  pageCount: number;
  /** 1-based positions of the first and last row shown; both 0 for an empty list. */
  first: number;
  last: number;
  total: number;
}

/** Page `page` (1-based) of `rows`, `size` to a page; a page beyond either end gives the nearest one. */
export function pageOf<T>(rows: readonly T[], page: number, size: number = EVIDENCE_PAGE_SIZE): TablePage<T> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A page holds a whole number of rows, not ${size}`);
  const total = rows.length;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const clamped = Math.min(Math.max(Number.isNaN(page) ? 1 : Math.trunc(page), 1), pageCount);
  const start = (clamped - 1) * size;
  const shown = rows.slice(start, start + size);
  return {
    rows: shown,
    page: clamped,
    pageCount,
    first: shown.length === 0 ? 0 : start + 1,
    last: start + shown.length,
    total,
  };
}

const count = (n: number) => n.toLocaleString("en-GB");

/** The pager's text: "Items 51–100 of 2,960", "Item 51 of 51", with "matching" while a filter is on. */
export function pageRangeLabel(view: TablePage<unknown>, filtering: boolean): string {
  if (view.total === 0) return filtering ? "No matching items" : "No items";
  const of = `of ${count(view.total)}${filtering ? " matching" : ""}`;
  return view.first === view.last
    ? `Item ${count(view.first)} ${of}`
    : `Items ${count(view.first)}–${count(view.last)} ${of}`;
}

/**
 * What the screen reader's status line says: the old "Showing 12 of 3,000 evidence items" while a
 * filter fits on one page, and which slice is shown once there are pages (read out on Next too).
 */
export function shownStatus(view: TablePage<unknown>, all: number, filtering: boolean): string {
  if (view.pageCount === 1) return filtering ? `Showing ${count(view.total)} of ${count(all)} evidence items` : "";
  const range = `${count(view.first)}–${count(view.last)}`;
  return filtering
    ? `Showing ${range} of ${count(view.total)} matching evidence items (${count(all)} in all)`
    : `Showing ${range} of ${count(all)} evidence items`;
}

// ---------------------------------------------------------------------------------------------
// The add/edit form

export interface EvidenceLinkDraft {
  indicatorId: string;
  direction: Direction;
}

/** What the form holds: strings as typed, grades unset until chosen. */
export interface EvidenceDraft {
  title: string;
  summary: string;
  sourceName: string;
  sourceUrl: string;
  sourceKind: SourceKind | "";
  reliability: Reliability | "";
  credibility: Credibility | "";
  observedAt: string;
  /** The original report it repeats, as typed or picked; empty for none. */
  origin: string;
  links: EvidenceLinkDraft[];
}

export type DraftField = Exclude<keyof EvidenceDraft, "links">;

/** The draft's fields in form order, links last: where the first error is looked for and focused. */
export const DRAFT_FIELDS: readonly DraftField[] = [
  "title",
  "summary",
  "sourceName",
  "sourceUrl",
  "sourceKind",
  "reliability",
  "credibility",
  "observedAt",
  "origin",
];

export type FormErrors = Partial<Record<DraftField | "links", string>>;

export function emptyDraft(): EvidenceDraft {
  return {
    title: "",
    summary: "",
    sourceName: "",
    sourceUrl: "",
    sourceKind: "",
    reliability: "",
    credibility: "",
    observedAt: "",
    origin: "",
    links: [],
  };
}

export function draftFromEvidence(e: EvidenceState): EvidenceDraft {
  return {
    title: e.title,
    summary: e.summary,
    sourceName: e.sourceName,
    sourceUrl: e.sourceUrl ?? "",
    sourceKind: e.sourceKind,
    reliability: e.reliability,
    credibility: e.credibility,
    observedAt: e.observedAt,
    origin: e.origin ?? "",
    links: Object.entries(e.links).map(([indicatorId, direction]) => ({ indicatorId, direction })),
  };
}

export function isReliability(v: string): v is Reliability {
  return (RELIABILITY_GRADES as readonly string[]).includes(v);
}

export function toCredibility(v: string): Credibility | "" {
  const n = Number(v);
  return (CREDIBILITY_GRADES as readonly number[]).includes(n) ? (n as Credibility) : "";
}

/** Field name → message for every problem of the draft; empty when it may be saved. */
export function draftErrors(draft: EvidenceDraft, today: string): FormErrors {
  // The router's evidence schema, with the form's words for what is still empty.
  return fieldErrors(evidenceForm(today).safeParse(draft));
}

/** The evidence fields of a valid draft, as addEvidence and updateEvidence take them. */
export type EvidenceFieldsInput = EvidenceFields;

/** The fields of a draft that passed draftErrors, as the schema leaves them (trimmed, a blank URL null); null if it did not. */
export function draftFields(draft: EvidenceDraft, today: string): EvidenceFieldsInput | null {
  const parsed = evidenceForm(today).safeParse(draft);
  if (!parsed.success) return null;
  const { links: _links, origin, ...fields } = parsed.data;
  return { ...fields, origin: origin ?? null };
}

/** The saves that turn an existing item into the edited draft: changed fields, then link changes. */
export interface EvidenceEdit {
  /** Only the fields that differ; null when none do. */
  fields: Partial<EvidenceFieldsInput> | null;
  /** New links, and links whose direction changed (linkEvidence replaces the direction). */
  link: EvidenceLinkDraft[];
  unlink: string[];
}

export function evidenceEdit(
  original: EvidenceState,
  fields: EvidenceFieldsInput,
  links: EvidenceLinkDraft[],
): EvidenceEdit {
  const before: EvidenceFieldsInput = {
    title: original.title,
    summary: original.summary,
    sourceName: original.sourceName,
    sourceUrl: original.sourceUrl,
    sourceKind: original.sourceKind,
    reliability: original.reliability,
    credibility: original.credibility,
    observedAt: original.observedAt,
    origin: original.origin,
  };
  const changed: Partial<EvidenceFieldsInput> = {};
  for (const key of Object.keys(fields) as (keyof EvidenceFieldsInput)[]) {
    if (fields[key] !== before[key]) Object.assign(changed, { [key]: fields[key] });
  }
  // An origin typed in another case or spacing is the same report: the server keeps the existing spelling.
  if (fields.origin && before.origin && originKey(fields.origin) === originKey(before.origin)) delete changed.origin;
  const wanted = new Map(links.map((l) => [l.indicatorId, l.direction]));
  return {
    fields: Object.keys(changed).length > 0 ? changed : null,
    link: links.filter((l) => original.links[l.indicatorId] !== l.direction),
    unlink: Object.keys(original.links).filter((id) => !wanted.has(id)),
  };
}

/**
 * What is still to save of `edit` (made against the item as it was when the form opened) given the
 * item as it is now: changes someone else or an earlier partial save already made are skipped, and
 * fields the analyst did not touch are never sent, so another analyst's change to them stands.
 */
export function remainingEdit(edit: EvidenceEdit, current: EvidenceState): EvidenceEdit {
  const fields = Object.fromEntries(
    Object.entries(edit.fields ?? {}).filter(
      ([key, value]) => (current as unknown as Record<string, unknown>)[key] !== value,
    ),
  ) as Partial<EvidenceFieldsInput>;
  return {
    fields: Object.keys(fields).length > 0 ? fields : null,
    link: edit.link.filter((l) => current.links[l.indicatorId] !== l.direction),
    unlink: edit.unlink.filter((id) => current.links[id] !== undefined),
  };
}

export function isEmptyEdit(edit: EvidenceEdit): boolean {
  return edit.fields === null && edit.link.length === 0 && edit.unlink.length === 0;
}

/** Server field errors of addEvidence name links by position ("links.0.indicatorId"): fold them into "links". */
export function formErrorsFromServer(fieldErrors: Record<string, string>): FormErrors {
  const out: FormErrors = {};
  const fields: readonly string[] = DRAFT_FIELDS;
  for (const [key, message] of Object.entries(fieldErrors)) {
    if (key === "links" || key.startsWith("links.") || key === "indicatorId" || key === "direction") {
      out.links ??= message;
    } else if (fields.includes(key)) {
      out[key as DraftField] = message;
    }
  }
  return out;
}
