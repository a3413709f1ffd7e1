// tRPC over plain HTTP as the app sends it: superjson bodies, mutations from the site's own origin (the
// server refuses a cross-site write), with the cookies of the request context's browser context.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import superjson from "superjson";

async function answer<T>(procedure: string, response: APIResponse): Promise<T> {
  if (!response.ok()) throw new Error(`${procedure} answered ${response.status()}: ${await response.text()}`);
  const body = (await response.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize<T>(body.result.data);
}

/** A query's answer; `input` undefined sends none (procedures that take no input). */
export async function trpcQuery<T>(request: APIRequestContext, procedure: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  return answer<T>(procedure, await request.get(`/api/trpc/${procedure}${query}`));
}

/** A mutation's answer, sent with `Origin: origin` (the site's base URL). */
export async function trpcMutation<T = unknown>(
  request: APIRequestContext,
  origin: string,
  procedure: string,
  input: unknown,
): Promise<T> {
  const response = await request.post(`/api/trpc/${procedure}`, {
    headers: { Origin: origin },
    data: superjson.serialize(input),
  });
  return answer<T>(procedure, response);
}
