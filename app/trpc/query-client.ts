// One QueryClient factory for server and browser, with superjson in (de)hydration so dates
// survive server rendering.
import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import { transformer } from "@/server/transformer";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1 },
      dehydrate: {
        // Each query's data crosses into the page as one JSON string. React's flight protocol then
        // carries it as a single text chunk, and the browser reads it with a plain JSON.parse: as
        // objects, flight walked every value on the server and revived every value in the browser
        // (~60 ms for the 1.9 MB of a 12 × 300 × 3000 assessment).
        serializeData: (data: unknown) => JSON.stringify(transformer.serialize(data)),
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: (text: string) => transformer.deserialize(JSON.parse(text)) },
    },
  });
}
