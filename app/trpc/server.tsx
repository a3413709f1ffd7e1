import "server-only";
// Server components read through the same router as the browser, without HTTP: `trpc` prefetches
// into the query cache that <HydrateClient> hands to the browser; `serverCaller` answers a page
// that renders the data itself. `errorShape` reads a refusal as the browser would
// (server/trpc.ts's formatter), for a page that shows it in place of its content.
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { getErrorShape, getTRPCErrorFromUnknown } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { appRouter, createCaller } from "@/server/root";
import { createContext } from "@/server/trpc";
import { makeQueryClient } from "./query-client";

export const getQueryClient = cache(makeQueryClient);

/** One context per request: the session is looked up once however many reads a page makes. */
const requestContext = cache(async () => createContext({ headers: await headers() }));

export const trpc = createTRPCOptionsProxy({
  ctx: requestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** The router's caller for this request. */
export const serverCaller = cache(async () => createCaller(await requestContext()));

/** Anything a procedure threw, as its error shape: the message a person reads and the typed `data`. */
export function errorShape(error: unknown) {
  return getErrorShape({
    config: appRouter._def._config,
    error: getTRPCErrorFromUnknown(error),
    type: "query",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
}

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
