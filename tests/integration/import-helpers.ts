// Shared by the import tests: the import route called as Next calls it, with a session cookie
// from real better-auth, and every table an import writes counted, to prove a refusal wrote nothing.

import { count } from "drizzle-orm";
import { POST } from "@/app/api/assessments/import/route";
import { getDb } from "@/db/connection";
import { first } from "@/db/first";
import * as schema from "@/db/tables";
import { getAuth } from "@/server/auth";
import { type RowCounts, rowCounts, type TestUser } from "./harness";

const cookies = new Map<string, string>();

/** Signs in through better-auth once per user and keeps the session cookie, as a browser would. */
export async function cookieOf(user: TestUser): Promise<string> {
  const known = cookies.get(user.email);
  if (known) return known;
  const res = await getAuth().api.signInEmail({
    body: { email: user.email, password: user.password },
    asResponse: true,
  });
  if (res.status !== 200) throw new Error(`sign-in as ${user.email} answered ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  cookies.set(user.email, cookie);
  return cookie;
}

/** POST /api/assessments/import?teamId=… as `user`, same-origin; a stream body goes without a length. */
export async function importAs(
  user: TestUser,
  teamId: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<Response> {
  const init: RequestInit & { duplex?: "half" } = {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: "http://127.0.0.1",
      host: "127.0.0.1",
      cookie: await cookieOf(user),
      ...headers,
    },
    body,
  };
  if (body instanceof ReadableStream) init.duplex = "half";
  return POST(new Request(`http://127.0.0.1/api/assessments/import?teamId=${teamId}`, init));
}

const WRITTEN = {
  baselines: schema.baselines,
  comments: schema.comments,
  checkpoints: schema.checkpoints,
  seriesBlocks: schema.seriesBlocks,
  expectations: schema.expectations,
  evidenceLinks: schema.evidenceLinks,
} as const;

export type ImportCounts = RowCounts & Record<keyof typeof WRITTEN, number>;

/** Rows in every table an import writes (and the accounts and teams around them). */
export async function importCounts(): Promise<ImportCounts> {
  const db = getDb();
  const out = { ...(await rowCounts()) } as ImportCounts;
  for (const [name, table] of Object.entries(WRITTEN) as [
    keyof typeof WRITTEN,
    (typeof WRITTEN)[keyof typeof WRITTEN],
  ][]) {
    out[name] = first(await db.select({ n: count() }).from(table))?.n ?? 0;
  }
  return out;
}
