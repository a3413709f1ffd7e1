// An evidence item's source address: one rule for the evidence form, the workspace router and the
// import, and the one way every rendering (page, Word, PDF, Markdown) turns a stored address into
// a link. Safe for the browser: zod and the WHATWG URL parser only.
import { z } from "zod";
import { SOURCE_URL_MAX } from "@/shared/limits";

const CONTROL = /\p{Cc}/u;

/**
 * The address as a parsed URL when a link may point at it — an absolute http:// or https://
 * address with a host — and null otherwise. Stored addresses are checked again on every rendering:
 * older installations and imported histories kept anything that merely started with "http".
 */
export function webUrl(text: string | null | undefined): URL | null {
  // The parser drops tabs and line breaks silently: an address holding one is not what it seems.
  if (!text || CONTROL.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return null;
  return url;
}

/** Why `text` cannot be a source address, or null when it can. */
export function sourceUrlProblem(text: string): string | null {
  if (text.length > SOURCE_URL_MAX) return `A URL is at most ${SOURCE_URL_MAX.toLocaleString("en")} characters`;
  if (CONTROL.test(text)) return "A web address cannot hold line breaks, tabs or other control characters";
  if (!webUrl(text)) return "Give a web address starting with http:// or https://";
  return null;
}

/** A source address as stored: an absolute http(s) URL the WHATWG parser reads, at most 2,000 characters. */
export const httpUrl = z.string().superRefine((text, ctx) => {
  const problem = sourceUrlProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
