// One QueryClient factory for server and browser, with superjson in (de)hydration so dates
// survive server rendering.
import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import { transformer } from "@/shared/transformer";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1 },
      dehydrate: {
        serializeData: transformer.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: transformer.deserialize },
    },
  });
}
