// Person names in a JSON export, made to travel: an installation older than the display-name check
// may hold names with control characters or 200,000 characters, which the import refuses
// (`comments.2.authorName: Too big`). Every recorded name — actors, comment and evidence authors,
// in the state and in the history's payloads alike, so replaying the history still gives the
// state — goes through `documentName`. Names the check accepted come out unchanged.
import { documentName } from "@/shared/display-name";
import type { ExportDocument } from "./format";

const NAME_KEYS = new Set(["actorName", "authorName"]);
// Our own payloads nest a few levels; a stored value deeper than this is copied as it is.
const MAX_DEPTH = 32;

/** `value` with every string under a name key made portable; the same object when nothing changes. */
function portable(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((item, k) => {
      const next = portable(item, depth + 1);
      if (next !== item) {
        out ??= value.slice();
        out[k] = next;
      }
    });
    return out ?? value;
  }
  let out: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const next = NAME_KEYS.has(key) && typeof item === "string" ? documentName(item) : portable(item, depth + 1);
    if (next !== item) {
      out ??= { ...(value as Record<string, unknown>) };
      out[key] = next;
    }
  }
  return out ?? value;
}

export function withPortableNames(doc: ExportDocument): ExportDocument {
  return portable(doc, 0) as ExportDocument;
}
