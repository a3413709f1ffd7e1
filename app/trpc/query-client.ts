// One QueryClient factory for server and browser, with superjson in (de)hydration so dates
// survive server rendering.
import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import { transformer } from "@/shared/transformer";

/** Texts shorter than this are parsed again rather than kept. */
const KEEP_FROM_CHARS = 64 * 1024;
/** At most this many written texts wait to be hydrated on the server. */
const KEPT_AT_MOST = 8;

/**
 * On the server only: each large text a dehydration wrote → the value it was written from. The
 * server's own render of the client components hydrates that same text in the same request (from
 * another bundle of this module, hence globalThis) and takes the value back instead of parsing
 * megabytes again. Each entry is taken once; a few at most wait, the oldest dropped first (the
 * payload of a client-side navigation is never hydrated on the server).
 */
function keptOnServer(): Map<string, unknown> | null {
  if (typeof window !== "undefined") return null;
  const g = globalThis as { signpostWrittenQueryData?: Map<string, unknown> };
  g.signpostWrittenQueryData ??= new Map();
  return g.signpostWrittenQueryData;
}

/** On the server, the text already written for a large value still in use (server/assessments/assessments.ts keeps views). */
const textOnServer = new WeakMap<object, string>();

/**
 * Each query's data crosses into the page as one JSON string. React's flight protocol then carries
 * it as a single text chunk, and the browser reads it with a plain JSON.parse: as objects, flight
 * walked every value on the server and revived every value in the browser (~60 ms for the 1.9 MB
 * of a 12 × 300 × 3000 assessment).
 */
function serializeData(data: unknown): string {
  const kept = keptOnServer();
  const object = typeof data === "object" && data !== null ? data : null;
  const known = kept && object ? textOnServer.get(object) : undefined;
  const text = known ?? JSON.stringify(transformer.serialize(data));
  if (kept && text.length >= KEEP_FROM_CHARS) {
    // Query data is never changed in place: the same object read again (a cached view) has this text.
    if (object && !known) textOnServer.set(object, text);
    kept.set(text, data);
    for (const oldest of kept.keys()) {
      if (kept.size <= KEPT_AT_MOST) break;
      kept.delete(oldest);
    }
  }
  return text;
}

function deserializeData(text: string): unknown {
  const kept = keptOnServer();
  // A long string's Map key is compared by content, without hashing it all: a lookup costs ~0.1 ms.
  if (kept?.has(text)) {
    const value = kept.get(text);
    kept.delete(text);
    return value;
  }
  return transformer.deserialize(JSON.parse(text));
}

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1 },
      dehydrate: {
        serializeData,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData },
    },
  });
}
