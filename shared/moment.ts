// Naming a moment of an assessment's history, one way everywhere: the `MomentRef` type, its zod
// schema for the tRPC inputs, the reader of every page's and the export route's URL, and the
// writer of those URLs. Pure and browser-safe.
//
// In a URL (the workspace, the brief, the export route):
//   seq=12                    after change 12
//   at=2024-12-13T18:00:00Z   as it stood then (`asOf=` is the same; no zone reads as UTC; a bare
//                             day is its midnight UTC)
//   baseline=<id>             where that baseline points
// and where changes are measured from a baseline (the brief and its export):
//   compareTo=<id>            the baseline to measure from; `baseline=` is its older name there,
//                             still read so that saved links keep working
// The compare page names each end in one value: from=baseline:<id>, seq:12, at:<ISO> or now.
import { z } from "zod";
import { zId } from "@/shared/assessment/schemas";
import { COUNTER_MAX, COUNTER_TOO_BIG, ID_MAX } from "@/shared/limits";

/** A moment: after change `seq`, at the ISO date-time `at`, or where a baseline points; `{}` is now. At most one is set. */
export interface MomentRef {
  seq?: number;
  /** ISO date-time. */
  at?: string;
  baselineId?: string;
}

/** A moment as the tRPC procedures take it (`history.asOf`, `history.compare`, `assessments.brief`). */
export const momentRefSchema = z
  .object({
    seq: z
      .number()
      .int("A change number is a whole number")
      .min(1, "Change numbers start at 1")
      .max(COUNTER_MAX, `A change number ${COUNTER_TOO_BIG}`)
      .optional(),
    at: z.iso
      .datetime({ offset: true, error: "Give the moment as an ISO date-time such as 2024-12-12T08:00:00Z" })
      .optional(),
    baselineId: zId.optional(),
  })
  .refine((m) => [m.seq, m.at, m.baselineId].filter((v) => v !== undefined).length <= 1, {
    message: "Name the moment one way: a change number, a date-time or a baseline",
  });

/**
 * The moment and the comparison of the brief as `assessments.brief` takes them (spread into its
 * input with the assessment's id): `asOf` the moment, `compareTo` the baseline its changes are
 * measured from. `baselineId` is the older name of `compareTo`, still read; `oneComparison` refuses
 * the two naming different baselines.
 */
export const comparedMomentFields = {
  asOf: momentRefSchema.optional(),
  compareTo: zId.optional(),
  baselineId: zId.optional(),
};

/**
 * The refinement of an input with `comparedMomentFields` (`.refine(...oneComparison)`): `compareTo`
 * and its older name may both be given only when they name the same baseline.
 */
export const oneComparison: [
  check: (input: { compareTo?: string | undefined; baselineId?: string | undefined }) => boolean,
  issue: { path: string[]; message: string },
] = [
  (input) => input.compareTo === undefined || input.baselineId === undefined || input.compareTo === input.baselineId,
  { path: ["baselineId"], message: "baselineId is the older name of compareTo: give compareTo alone" },
];

/** A refusal: the parameter at fault and a sentence that says how to write it. */
export interface MomentRefusal {
  ok: false;
  param: string;
  error: string;
}

// ── Date-times ──────────────────────────────────────────────────────────────

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A date-time as a URL may carry it, with its zone or without (read as UTC, as the app shows
 * times), or a bare day (its midnight UTC), as UTC ISO: "2024-12-12T10:00+02:00" →
 * "2024-12-12T08:00:00.000Z". Null when it is not one.
 */
export function parseDateTime(text: string): string | null {
  if (!DATE_TIME.test(text)) return null;
  const ms = Date.parse(text.includes("T") && !ZONE.test(text) ? `${text}Z` : text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const LOCAL_INPUT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,3})?)?$/;

/** How a date and time is typed everywhere (the inputs are text, never the browser's locale picker). */
export const UTC_MINUTE_FORMAT = "YYYY-MM-DD HH:MM";

/**
 * A date and time typed as UTC, "2024-12-13 17:30" (or with a "T", as a URL or an older
 * `datetime-local` value has it), in epoch ms; null when it is not one, including days that do not
 * exist (2024-02-30) and hours past 23.
 */
export function parseUtcInput(value: string): number | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [, day = "", hour = "", minute = ""] = m;
  if (Number(hour) > 23 || Number(minute) > 59) return null;
  const ms = Date.parse(`${day}T${value.trim().slice(11)}Z`);
  // Date.parse rolls 2024-02-30 over into March: a day that does not exist is no date.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? null : ms;
}

/** A date and time typed as UTC (parseUtcInput), as ISO; null when it is not one. */
export function utcInputToIso(value: string): string | null {
  const ms = parseUtcInput(value);
  return ms === null ? null : new Date(ms).toISOString();
}

// ── Reading a URL ───────────────────────────────────────────────────────────

/** A page's `searchParams` as Next gives them, or a route's `URLSearchParams`. */
export type QueryParams = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

/** One parameter: the first of repeated values, trimmed; blank counts as absent. */
export function queryValue(query: QueryParams, name: string): string | undefined {
  const raw = query instanceof URLSearchParams ? (query.get(name) ?? undefined) : query[name];
  return (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
}

/** What a URL asks for: the moment (undefined for now) and, where pages compare, the baseline to measure from. */
export interface MomentQuery {
  ok: true;
  moment: MomentRef | undefined;
  compareTo: string | undefined;
  /** The parameter that named `compareTo`: links saved before `compareTo=` existed say `baseline=`. */
  compareToParam: "compareTo" | "baseline" | undefined;
}

const CHANGE_NUMBER = /^\d+$/;

const refuse = (param: string, error: string): MomentRefusal => ({ ok: false, param, error });

function baselineRefusal(param: string, value: string): MomentRefusal | null {
  return value.length > ID_MAX
    ? refuse(param, `${param}='${value.slice(0, 24)}…' is not a baseline id: choose a baseline on the History tab`)
    : null;
}

/**
 * The moment named by a page's or a route's URL (see the top of this file). `compare: true` on
 * pages that measure changes from a baseline (the brief, the export route): there `compareTo=` (or
 * its older name `baseline=`) names that baseline, and a moment cannot be a baseline. Every refusal
 * names the parameter and says how to write it.
 */
export function readMomentQuery(query: QueryParams, options: { compare?: boolean } = {}): MomentQuery | MomentRefusal {
  const compare = options.compare ?? false;
  const named: { param: string; ref: MomentRef }[] = [];

  const seq = queryValue(query, "seq");
  if (seq !== undefined) {
    if (!CHANGE_NUMBER.test(seq) || !Number.isSafeInteger(Number(seq)) || Number(seq) < 1) {
      return refuse("seq", `seq='${seq}' is not a change number: write a whole number from 1, such as seq=12`);
    }
    named.push({ param: "seq", ref: { seq: Number(seq) } });
  }
  for (const param of ["at", "asOf"]) {
    const text = queryValue(query, param);
    if (text === undefined) continue;
    const at = parseDateTime(text);
    if (at === null) {
      return refuse(
        param,
        `${param}='${text}' is not a date-time: write it the ISO way, such as ${param}=2024-12-13T18:00:00Z`,
      );
    }
    named.push({ param, ref: { at } });
  }
  const baseline = queryValue(query, "baseline");
  if (baseline !== undefined && !compare) {
    const refused = baselineRefusal("baseline", baseline);
    if (refused) return refused;
    named.push({ param: "baseline", ref: { baselineId: baseline } });
  }
  const [first, second] = named;
  if (first && second) {
    return refuse(
      second.param,
      `Name the moment one way: ${first.param}= and ${second.param}= are both given; keep one of them`,
    );
  }

  let compareTo: string | undefined;
  let compareToParam: MomentQuery["compareToParam"];
  if (compare) {
    const given = queryValue(query, "compareTo");
    if (given !== undefined && baseline !== undefined && given !== baseline) {
      return refuse("baseline", "baseline= is the older name of compareTo=: give compareTo= alone");
    }
    compareTo = given ?? baseline;
    compareToParam = given !== undefined ? "compareTo" : baseline !== undefined ? "baseline" : undefined;
    const refused = compareTo === undefined ? null : baselineRefusal(compareToParam ?? "compareTo", compareTo);
    if (refused) return refused;
  }
  return { ok: true, moment: first?.ref, compareTo, compareToParam };
}

// ── Writing a URL ───────────────────────────────────────────────────────────

/** The parameters `readMomentQuery` reads back as `moment` (none for now). */
export function momentQuery(moment: MomentRef | undefined): URLSearchParams {
  const query = new URLSearchParams();
  if (moment?.seq !== undefined) query.set("seq", String(moment.seq));
  else if (moment?.at !== undefined) query.set("at", moment.at);
  else if (moment?.baselineId !== undefined) query.set("baseline", moment.baselineId);
  return query;
}

/** A moment of a comparing page (the brief, the export route): a change number or a time, never a baseline. */
export type ComparedMoment = { seq: number } | { at: string };

/** A comparing page's moment as its links write it; undefined for now (and for a baseline, which such pages never name). */
export function comparedMoment(ref: MomentRef | undefined): ComparedMoment | undefined {
  if (ref?.seq !== undefined) return { seq: ref.seq };
  if (ref?.at !== undefined) return { at: ref.at };
  return undefined;
}

/** The parameters `readMomentQuery(…, { compare: true })` reads back as `moment` and `compareTo`. */
export function comparedMomentQuery(
  moment: ComparedMoment | undefined,
  compareTo: string | undefined,
): URLSearchParams {
  const query = momentQuery(moment);
  if (compareTo) query.set("compareTo", compareTo);
  return query;
}

function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The workspace as it stood at a moment, read-only; the live workspace for `undefined` or `{}`. */
export function workspaceHref(assessmentId: string, moment: MomentRef | undefined): string {
  return withQuery(`/assessments/${assessmentId}`, momentQuery(moment));
}

/** The brief at a moment (now for `undefined`), its changes measured from `compareTo` (else the latest baseline before it). */
export function briefHref(assessmentId: string, moment: ComparedMoment | undefined, compareTo?: string): string {
  return withQuery(`/assessments/${assessmentId}/brief`, comparedMomentQuery(moment, compareTo));
}

// ── The compare page: each end in one value ─────────────────────────────────

export type MomentParse = { ok: true; ref: MomentRef | undefined } | MomentRefusal;

/**
 * Reads one end of a comparison (`param` is "from" or "to"): `now`, `baseline:<id>`, `seq:<n>` or
 * `at:<ISO>`. A missing parameter gives `ref: undefined` (the server's default end).
 */
export function parseMomentParam(raw: string | string[] | undefined, param = "from"): MomentParse {
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return { ok: true, ref: undefined };
  if (value === "now") return { ok: true, ref: {} };
  const colon = value.indexOf(":");
  const kind = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? "" : value.slice(colon + 1).trim();
  if (kind === "baseline" && rest) return baselineRefusal(param, rest) ?? { ok: true, ref: { baselineId: rest } };
  if (kind === "seq") {
    if (CHANGE_NUMBER.test(rest) && Number(rest) >= 1 && Number.isSafeInteger(Number(rest))) {
      return { ok: true, ref: { seq: Number(rest) } };
    }
    return refuse(param, `${param}='${value}' is not a change number: write ${param}=seq:12`);
  }
  if (kind === "at") {
    const at = rest.includes("T") ? parseDateTime(rest) : null;
    if (at) return { ok: true, ref: { at } };
    return refuse(param, `${param}='${value}' is not a date-time: write ${param}=at:2024-12-12T08:00:00Z`);
  }
  return refuse(param, `${param}='${value}' names no moment: use now, baseline:<id>, seq:<n> or at:<date-time>`);
}

/** One end of a comparison as the URL writes it: the inverse of `parseMomentParam`. */
export function momentParam(ref: MomentRef | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.baselineId !== undefined) return `baseline:${ref.baselineId}`;
  if (ref.seq !== undefined) return `seq:${ref.seq}`;
  if (ref.at !== undefined) return `at:${ref.at}`;
  return "now";
}
