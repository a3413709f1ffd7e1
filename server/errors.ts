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
