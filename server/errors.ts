// Typed domain errors. Domain functions throw these; server/trpc.ts maps them to tRPC codes in
// one place, and the export routes map them to HTTP statuses.

export type DomainErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "PAYLOAD_TOO_LARGE";

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
export const notFound = (message: string) => new DomainError("NOT_FOUND", message);

/**
 * Where `value` (a request's input, any shape) holds a NUL character (U+0000) in a string or a
 * key, as a dotted path; null when it holds none. SQLite's length() stops at a NUL, so such text
 * passes validation and then fails the tables' CHECK constraints as a server error; nobody types
 * one, so input carrying it is refused outright.
 */
export function nulCharacterPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  // Iterative and bounded: hostile input may be nested deeper than the call stack allows.
  for (let visited = 0; stack.length > 0 && visited < 100_000; visited++) {
    const [item, at] = stack.pop() as [unknown, string];
    if (typeof item === "string") {
      if (item.includes("\u0000")) return at || "input";
    } else if (item !== null && typeof item === "object") {
      for (const [key, inner] of Object.entries(item)) {
        const path = at ? `${at}.${key}` : key;
        if (key.includes("\u0000")) return path;
        stack.push([inner, path]);
      }
    }
  }
  return null;
}

export const NUL_CHARACTER_MESSAGE = "Text cannot contain the NUL character (U+0000): remove it and try again";
