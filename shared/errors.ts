// Typed domain errors. Domain functions throw these; server/trpc.ts maps them to tRPC codes in
// one place, and the export routes map them to HTTP statuses.

export type DomainErrorCode =
  | "BAD_REQUEST"
  | "NOT_FOUND"
  | "CONFLICT"
  | "FORBIDDEN"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Dotted path of the offending input field, when one field is at fault. */
    readonly field?: string,
    /** Extra structured facts for the client (e.g. who made the conflicting change). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
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
