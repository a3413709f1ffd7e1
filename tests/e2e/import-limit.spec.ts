import { expect, test } from "@playwright/test";
import superjson from "superjson";
import { IMPORT_LIMIT_BYTES } from "@/server/export/import-limit";
import { type PrivateServer, startPrivateServer } from "./private-server";

test.describe.configure({ mode: "serial", retries: 0 });

const PORT = Number(process.env.E2E_IMPORT_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 2);
const BASE = `http://127.0.0.1:${PORT}`;
const MB = 1024 * 1024;
let server: PrivateServer | undefined;
let cookie = "";
let teamId = "";
let exported = "";

async function query<T>(procedure: string, input: unknown): Promise<T> {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const res = await fetch(`${BASE}/api/trpc/${procedure}?input=${encoded}`, { headers: { cookie } });
  const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  if (!res.ok) throw new Error(`${procedure} answered ${res.status}: ${JSON.stringify(body)}`);
  return superjson.deserialize<T>(body.result.data);
}

/**
 * The demo's export after leading spaces: one valid JSON document, `bytes` long, that stops being
 * JSON if anything cuts its end off (as the proxy's buffer did).
 */
function padded(bytes: number): string {
  return `${" ".repeat(bytes - Buffer.byteLength(exported))}${exported}`;
}

async function importBody(body: BodyInit, chunked = false): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${BASE}/api/assessments/import?teamId=${encodeURIComponent(teamId)}`, {
    method: "POST",
    headers: { cookie, origin: BASE, "content-type": "application/json" },
    body,
    ...(chunked ? { duplex: "half" } : {}),
  } as RequestInit);
  return { status: res.status, json: await res.json() };
}

/** `text` as a stream of 64 KB chunks: fetch sends it chunked, without a content-length. */
function stream(text: string): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 64 * 1024));
      at += 64 * 1024;
    },
  });
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startPrivateServer("import", PORT);
  const res = await fetch(`${BASE}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ name: "Imogen Importer", email: "importer@e2e.example", password: "import-limit-pass-42" }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const mine = await query<{ active: { id: string } | null }>("teams.mine", undefined);
  teamId = mine.active?.id ?? "";
  const list = await query<{ id: string }[]>("assessments.list", { teamId });
  const demoId = list[0]?.id ?? "";
  const file = await fetch(`${BASE}/api/assessments/${demoId}/export?format=json`, { headers: { cookie } });
  expect(file.status).toBe(200);
  exported = await file.text();
});

test.afterAll(() => {
  server?.stop();
});

test("finding 7: valid documents of 12, 15 and 19 MB pass the proxy whole and import (201)", async () => {
  for (const size of [12, 15, 19]) {
    const { status, json } = await importBody(padded(size * MB));
    expect(status, `${size} MB: ${JSON.stringify(json)}`).toBe(201);
  }
});

test("finding 7: a 19 MB document sent without a content-length (chunked) imports too", async () => {
  const { status, json } = await importBody(stream(padded(19 * MB)), true);
  expect(status, JSON.stringify(json)).toBe(201);
});

test("finding 7: 21 MB is refused with 413 and the limit in words, declared or chunked", async () => {
  const limit = `at most ${IMPORT_LIMIT_BYTES / MB} MB`;
  const declared = await importBody(padded(21 * MB));
  expect(declared.status).toBe(413);
  expect(JSON.stringify(declared.json)).toContain(limit);
  const chunked = await importBody(stream(padded(21 * MB)), true);
  expect(chunked.status, JSON.stringify(chunked.json)).toBe(413);
  expect(JSON.stringify(chunked.json)).toContain(limit);
});
