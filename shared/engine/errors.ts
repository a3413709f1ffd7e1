// The one error the engine throws for a bad model: it names the offending field so a person can fix it.

export class InvalidModelError extends Error {
  /** Path of the offending field, e.g. `indicators[3].expectations.s2`. */
  readonly field: string;
  /** What is wrong with it, without the path: lets a caller that nests a model name the full path. */
  readonly problem: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = "InvalidModelError";
    this.field = field;
    this.problem = problem;
  }
}

/** A value as it should read inside an error message: strings quoted, the rest as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
