// What every form does with a shared schema: reads a typed number, says a field is still empty, and
// turns a failed safeParse into the messages shown beside the fields, keyed as the server keys its
// field errors (server/trpc.ts), so a form shows its own check and the server's alike.
import { z } from "zod";

/** Field path → its first message, as the server's field errors key them ("scenarios.0.name"); {} when valid. */
export function fieldErrors(result: { success: boolean; error?: z.ZodError | undefined }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** `schema`, after `message` for a value left empty (a blank text, an unchosen select). */
export const required = <T extends z.ZodType>(message: string, schema: T) =>
  z
    .unknown()
    .refine((v) => (typeof v === "string" ? v.trim() !== "" : v !== null && v !== undefined), { message, abort: true })
    .pipe(schema);

/** A number typed in a text field: blank is no number at all (Number("") would be 0). */
export const typedNumber = (text: string): number => (text.trim() === "" ? Number.NaN : Number(text));
