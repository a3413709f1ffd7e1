"use client";
// The browser's tRPC client: batched HTTP for queries and mutations, server-sent events for
// subscriptions (which reconnect on their own), superjson (with a fast path for plain JSON) on every link.
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  isTRPCClientError,
  splitLink,
  type TRPCClientErrorLike,
} from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";
import type { AppRouter } from "@/server/root";
import { MAX_BATCH_SIZE, transformer } from "@/shared/transformer";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * A refused call as the page reads it: `data.code`, `data.fieldErrors` and, per code, `data.details`
 * of its declared shape (server/trpc.ts, shared/errors.ts).
 */
export type ClientError = TRPCClientErrorLike<AppRouter>;

/** `error` as a tRPC call's error, or null when something else was thrown. */
export function clientErrorOf(error: unknown): ClientError | null {
  return isTRPCClientError<AppRouter>(error) ? error : null;
}

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer }),
          false: httpBatchLink({ url: "/api/trpc", transformer, maxItems: MAX_BATCH_SIZE }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
