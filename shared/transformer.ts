// The wire format of every tRPC call and of server-rendered query data: superjson, with a fast
// path. superjson walks every value to record the types JSON loses (dates, maps, undefined…) and
// every shared reference; on a large assessment (1.9 MB of plain numbers and strings) that walk
// took ~45 ms of a ~50 ms answer. A value that is plain JSON already needs none of it, and
// `{ json: value }` is exactly what superjson would emit for it, so either side can read the other.
import superjson from "superjson";

type SuperJSONResult = ReturnType<typeof superjson.serialize>;

/** Past this depth the value goes the slow way, which also copes with cycles. */
const MAX_DEPTH = 64;

/**
 * True when JSON round-trips `value` exactly: plain objects and arrays of strings, finite numbers
 * (not -0), booleans and null; no undefined, dates, maps, sets, class instances or deep nesting.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          // A hole reads as undefined, which JSON would turn into null.
          if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (key === "__proto__" || !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// Values a worker thread (server/offload) already found plain JSON before sending them: a structured
// clone of plain JSON is plain JSON, and walking a 3 MB as-of view again cost the event loop 17 ms.
const vouchedPlain = new WeakSet<object>();

/** Marks `value` as checked with isPlainJson elsewhere, so serializing it skips the walk. */
export function vouchPlainJson(value: unknown): void {
  if (typeof value === "object" && value !== null) vouchedPlain.add(value);
}

/**
 * The key of a value that stands for JSON written elsewhere (server/offload/answers.ts: a worker
 * thread wrote it): serializing it yields a placeholder string the HTTP handler replaces with the
 * written bytes, so the wire carries `{ json: value }` as for any plain value. Server-only values;
 * a shared key, so this module stays free of Node's modules for the browser.
 */
export const PREWRITTEN: unique symbol = Symbol.for("signpost.prewritten-json");

interface Prewritten {
  [PREWRITTEN]: () => string;
}

function isPrewritten(value: unknown): value is Prewritten {
  return typeof value === "object" && value !== null && PREWRITTEN in value;
}

function serialize(value: unknown): SuperJSONResult {
  if (isPrewritten(value)) return { json: value[PREWRITTEN]() } as SuperJSONResult;
  const plain = (typeof value === "object" && value !== null && vouchedPlain.has(value)) || isPlainJson(value);
  return plain ? ({ json: value } as SuperJSONResult) : superjson.serialize(value);
}

function deserialize<T = unknown>(payload: SuperJSONResult): T {
  // No meta means nothing to restore: the JSON value is the value.
  return payload.meta === undefined ? (payload.json as T) : superjson.deserialize<T>(payload);
}

export const transformer = { serialize, deserialize };

/**
 * The most procedure calls one HTTP request may batch (issue 11, finding 5: one GET of ten as-of
 * views answered 29 MB after 7 s). The server refuses a larger batch with 400 naming this number;
 * the browser's link splits its batches to fit.
 */
export const MAX_BATCH_SIZE = 10;
