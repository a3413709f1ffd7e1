// Origins of evidence (DESIGN §2.3): the original report an item repeats. How an origin is spelt and
// compared, how many independent reports a set of items is, and when Signpost asks "same origin as …?".
// Pure and browser-safe: the reducer, the locker, the explanations and the exports all use it.

/** An origin as kept: runs of white space made one space, trimmed. */
export function normaliseOrigin(origin: string): string {
  return origin.replace(/\s+/g, " ").trim();
}

/** Two origins are the same report when their keys are equal: normalised and case folded. */
export function originKey(origin: string): string {
  return normaliseOrigin(origin).toLowerCase();
}

/**
 * The origin an item takes: null for none (or only white space), the spelling an item among `items`
 * already uses when it differs only in case or spacing, otherwise the name normalised. Deterministic
 * from the state, so replay gives the same spelling.
 */
export function canonicalOrigin(items: readonly { origin?: string | null }[], origin: string | null): string | null {
  if (origin === null) return null;
  const name = normaliseOrigin(origin);
  if (name === "") return null;
  const key = name.toLowerCase();
  for (const item of items) {
    if (item.origin && originKey(item.origin) === key) return item.origin;
  }
  return name;
}

/** The report an item counts as: its origin's key, or the item itself when it names none. */
export function reportKey(item: { id: string; origin?: string | null }): string {
  return item.origin ? `origin:${originKey(item.origin)}` : `item:${item.id}`;
}

/** How many independent reports some items are: distinct origins, plus every item without one. */
export function independentReports(items: readonly { id: string; origin?: string | null }[]): number {
  return new Set(items.map(reportKey)).size;
}

/** "4 evidence items, 2 independent reports" (explanations, header, briefs). */
export function itemsAndReports(items: number, reports: number): string {
  const i = `${items} evidence item${items === 1 ? "" : "s"}`;
  const r = `${reports} independent report${reports === 1 ? "" : "s"}`;
  return `${i}, ${r}`;
}

/** "3 items, 1 report": the badge of an origin's group in the locker. */
export function groupBadge(items: number, reports: number): string {
  return `${items} item${items === 1 ? "" : "s"}, ${reports} report${reports === 1 ? "" : "s"}`;
}

/** The origins an assessment uses, in the spelling kept, sorted for a picker, with how many items each. */
export function originsInUse(items: readonly { origin?: string | null }[]): { origin: string; items: number }[] {
  const counts = new Map<string, { origin: string; items: number }>();
  for (const item of items) {
    if (!item.origin) continue;
    const key = originKey(item.origin);
    const entry = counts.get(key) ?? { origin: item.origin, items: 0 };
    entry.items++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => a.origin.localeCompare(b.origin));
}

// ── Suggestions ─────────────────────────────────────────────────────────────

/** What a suggestion compares: the fields of an evidence item that name where it came from. */
export interface OriginCandidate {
  id: string;
  title: string;
  sourceName: string;
  sourceUrl: string | null;
  observedAt: string;
  recordedAt: number;
  origin: string | null;
}

/** Why two items look like one report. */
export type OriginMatch = "source URL" | "source name and date" | "title";

export interface OriginSuggestion {
  /** The item the question is asked of: the later of the two. */
  evidenceId: string;
  /** The earlier item it looks like a copy of. */
  otherId: string;
  because: OriginMatch;
  /** What confirming sets on both (the other's origin if it has one, else a new name from the other). */
  origin: string;
}

/** Titles at least this alike (Jaccard index of their word sets) count as near-identical. */
export const TITLE_JACCARD_MIN = 0.8;

/** The unordered pair as a dismissal keeps it: the two ids in code-unit order, joined. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** An address compared without scheme, "www.", fragment, trailing slash or case of the host. */
export function comparableUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^www\./, "");
    const path = u.pathname.replace(/\/+$/, "");
    return `${host}${path}${u.search}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

/** The words of a title: lower case, letters and digits only. */
export function titleWords(title: string): string[] {
  return [...new Set(title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

export function jaccard(a: readonly string[] | ReadonlySet<string>, b: readonly string[]): number {
  const set = a instanceof Set ? a : new Set(a as readonly string[]);
  if (set.size === 0 && b.length === 0) return 0;
  let shared = 0;
  for (const w of b) if (set.has(w)) shared++;
  return shared / (set.size + b.length - shared);
}

/** The name a new origin gets when neither item has one: the earlier item's source and date. */
export function suggestedOriginName(item: OriginCandidate): string {
  return normaliseOrigin(`${item.sourceName}, ${item.observedAt}`).slice(0, 200);
}

/**
 * For every item that looks like a copy of an earlier one (same source address; same source name and
 * observed date; or titles whose word sets have a Jaccard index ≥ 0.8), one suggestion naming the earliest
 * such item, unless the pair was dismissed or both already name an origin (the analyst has decided). Titles are
 * compared through prefix filtering on rare words (two sets this alike must share a word among their
 * rarest few), so a large locker is not compared pair by pair.
 */
export function originSuggestions(
  items: readonly OriginCandidate[],
  dismissed: ReadonlySet<string> = new Set(),
): OriginSuggestion[] {
  const ordered = [...items].sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rank = new Map(ordered.map((e, k) => [e.id, k]));
  const words = new Map(ordered.map((e) => [e.id, titleWords(e.title)]));
  const frequency = new Map<string, number>();
  for (const ws of words.values()) for (const w of ws) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const byUrl = new Map<string, OriginCandidate[]>();
  const byNameDate = new Map<string, OriginCandidate[]>();
  const byWord = new Map<string, OriginCandidate[]>();
  const push = <K>(map: Map<K, OriginCandidate[]>, key: K, item: OriginCandidate) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };

  const out: OriginSuggestion[] = [];
  for (const item of ordered) {
    const url = item.sourceUrl ? comparableUrl(item.sourceUrl) : null;
    const nameDate = `${item.sourceName.trim().toLowerCase()}\u0000${item.observedAt}`;
    const ws = words.get(item.id) ?? [];
    const wordSet = new Set(ws);
    const prefix = [...ws]
      .sort((a, b) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || (a < b ? -1 : 1))
      .slice(0, ws.length - Math.ceil(TITLE_JACCARD_MIN * ws.length) + 1);

    let best: { other: OriginCandidate; because: OriginMatch } | null = null;
    const consider = (other: OriginCandidate, because: OriginMatch) => {
      if (other.id === item.id) return;
      // Both named: the analyst has already said which report each repeats (the same one or not).
      if (item.origin && other.origin) return;
      if (dismissed.has(pairKey(item.id, other.id))) return;
      if (!best || (rank.get(other.id) ?? 0) < (rank.get(best.other.id) ?? 0)) best = { other, because };
    };
    if (url) for (const other of byUrl.get(url) ?? []) consider(other, "source URL");
    for (const other of byNameDate.get(nameDate) ?? []) consider(other, "source name and date");
    const seen = new Set<string>();
    for (const w of prefix) {
      for (const other of byWord.get(w) ?? []) {
        if (seen.has(other.id)) continue;
        seen.add(other.id);
        const theirs = words.get(other.id) ?? [];
        // Sets this far apart in size cannot reach the threshold.
        if (Math.min(ws.length, theirs.length) < TITLE_JACCARD_MIN * Math.max(ws.length, theirs.length)) continue;
        if (jaccard(wordSet, theirs) >= TITLE_JACCARD_MIN) consider(other, "title");
      }
    }
    if (best !== null) {
      const { other, because } = best as { other: OriginCandidate; because: OriginMatch };
      out.push({
        evidenceId: item.id,
        otherId: other.id,
        because,
        origin: other.origin ?? item.origin ?? suggestedOriginName(other),
      });
    }
    if (url) push(byUrl, url, item);
    push(byNameDate, nameDate, item);
    for (const w of prefix) push(byWord, w, item);
  }
  return out;
}

/**
 * The suggestion for one new item (a draft, recorded after every item in `items`) alone: one pass over
 * the locker, cheap enough to run on every keystroke. Gives what originSuggestions gives for it.
 */
export function suggestionFor(
  draft: OriginCandidate,
  items: readonly OriginCandidate[],
  dismissed: ReadonlySet<string> = new Set(),
): OriginSuggestion | null {
  const url = draft.sourceUrl ? comparableUrl(draft.sourceUrl) : null;
  const name = draft.sourceName.trim().toLowerCase();
  const ws = titleWords(draft.title);
  const wordSet = new Set(ws);
  let best: { other: OriginCandidate; because: OriginMatch } | null = null;
  const earlier = (a: OriginCandidate, b: OriginCandidate) =>
    a.recordedAt < b.recordedAt || (a.recordedAt === b.recordedAt && a.id < b.id);
  for (const other of items) {
    if (other.id === draft.id || (draft.origin && other.origin)) continue;
    if (dismissed.has(pairKey(draft.id, other.id))) continue;
    if (best && !earlier(other, best.other)) continue;
    let because: OriginMatch | null = null;
    if (url && other.sourceUrl && comparableUrl(other.sourceUrl) === url) because = "source URL";
    else if (other.sourceName.trim().toLowerCase() === name && other.observedAt === draft.observedAt) {
      because = "source name and date";
    } else {
      const theirs = titleWords(other.title);
      const fits = Math.min(ws.length, theirs.length) >= TITLE_JACCARD_MIN * Math.max(ws.length, theirs.length);
      if (fits && jaccard(wordSet, theirs) >= TITLE_JACCARD_MIN) because = "title";
    }
    if (because) best = { other, because };
  }
  if (!best) return null;
  return {
    evidenceId: draft.id,
    otherId: best.other.id,
    because: best.because,
    origin: best.other.origin ?? draft.origin ?? suggestedOriginName(best.other),
  };
}
