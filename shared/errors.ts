// Typed domain errors. Domain functions throw these; one table below gives each code the tRPC code
// it travels as and the HTTP status the export and import routes answer with, and one map gives
// the shape of the `details` each code may carry, which the client reads as
// `error.data.details` (server/trpc.ts).
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

/** One change made since the version a refused edit was based on. */
export interface ConflictingChange {
  actor: string;
  summary: string;
  /** Epoch ms. */
  at: number;
}

/** What each code's `details` holds; `never`: that code carries none. */
export interface DomainErrorDetails {
  /** Only the refusal of an oversized batch (app/api/trpc) carries details: the limit. */
  BAD_REQUEST: { maxBatchSize: number };
  NOT_FOUND: never;
  FORBIDDEN: never;
  /** A stale version: the version now and the state changes made since (newest first, at most 5). */
  CONFLICT: { currentVersion: number; changes: ConflictingChange[] };
  PAYLOAD_TOO_LARGE: never;
  /** When the caller may try again, as an ISO time. */
  TOO_MANY_REQUESTS: { retryAt: string };
}

export type DomainErrorCode = keyof DomainErrorDetails;

/** The one table from a domain error code to its tRPC code and HTTP status. */
export const DOMAIN_ERRORS = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", status: 400 },
  FORBIDDEN: { trpc: "FORBIDDEN", status: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", status: 404 },
  CONFLICT: { trpc: "CONFLICT", status: 409 },
  PAYLOAD_TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", status: 413 },
  TOO_MANY_REQUESTS: { trpc: "TOO_MANY_REQUESTS", status: 429 },
} as const satisfies { [C in DomainErrorCode]: { trpc: TRPC_ERROR_CODE_KEY; status: number } };

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  override name = "DomainError";
  constructor(
    readonly code: C,
    message: string,
    /** Dotted path of the offending input field, when one field is at fault. */
    readonly field?: string,
    /** Structured facts for the client, of the shape its code declares (e.g. who made the conflicting change). */
    readonly details?: DomainErrorDetails[C],
  ) {
    super(message);
  }
}

/** The body of an export or import route's refusal (server/export/http.ts), as the import form reads it. */
export interface RouteErrorBody {
  error: { message: string; field?: string };
}

export const badInput = (field: string, message: string) => new DomainError("BAD_REQUEST", message, field);

// SQLite's length() stops at a NUL, so text holding one passed validation and then failed the
// tables' CHECK constraints as a server error; a lone surrogate (half an emoji) is stored as
// U+FFFD while the event log keeps it, so the log no longer replayed to the tables. Nobody types
// either: input carrying one is refused outright.
const LONE_SURROGATE = /\p{Cs}/u;

function unstorableReason(text: string): string | null {
  if (text.includes("\u0000")) return "Text cannot contain the NUL character (U+0000): remove it and try again";
  if (LONE_SURROGATE.test(text)) {
    return "Text must be valid Unicode: it holds half of a character (a broken emoji?); retype it and try again";
  }
  return null;
}

/**
 * A string or key in `value` (a request's input, any shape) that cannot be stored as it is, with
 * the dotted path to it and why; null when there is none.
 */
export function unstorableText(value: unknown): { path: string; message: string } | null {
  // Iterative, and each object once: input may nest deeper than the call stack allows, and
  // superjson can send shared or circular references.
  const stack: [unknown, string][] = [[value, ""]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [item, at] = stack.pop() as [unknown, string];
    if (typeof item === "string") {
      const message = unstorableReason(item);
      if (message) return { path: at || "input", message };
    } else if (item !== null && typeof item === "object" && !seen.has(item)) {
      seen.add(item);
      for (const [key, inner] of Object.entries(item)) {
        const path = at ? `${at}.${key}` : key;
        const message = unstorableReason(key);
        if (message) return { path, message };
        stack.push([inner, path]);
      }
    }
  }
  return null;
}
