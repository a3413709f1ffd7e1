import { expect, test } from "@playwright/test";
import { type PrivateServer, startPrivateServer } from "./private-server";

test.describe.configure({ mode: "serial" });

/** A failed sign-in for a different unknown account each time, so only the per-address limit counts. */
function failedSignIn(server: PrivateServer, i: number, forwardedFor: string): Promise<number> {
  return fetch(`${server.base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.base, "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ email: `nobody-${i}@example.org`, password: "not anybody's password" }),
  }).then((r) => r.status);
}

test("finding 1: rotating X-Forwarded-For buys no more password checks from one client", async () => {
  const server = await startPrivateServer("forwarding-41", Number(process.env.E2E_PORT ?? 3210) + 41);
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await failedSignIn(server, i, `203.0.113.${i + 1}`));
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  } finally {
    server.stop();
  }
});

test("finding 1: behind a trusted proxy, each forwarded client has its own limit", async () => {
  const server = await startPrivateServer("forwarding-42", Number(process.env.E2E_PORT ?? 3210) + 42, {
    SIGNPOST_TRUSTED_PROXIES: "127.0.0.1, ::1",
  });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await failedSignIn(server, i, `203.0.113.${i + 1}`));
    expect(statuses).toEqual(Array(12).fill(401));
    // One forwarded client still stops at ten.
    const one: number[] = [];
    for (let i = 0; i < 11; i++) one.push(await failedSignIn(server, 100 + i, "198.51.100.7"));
    expect(one).toEqual([...Array(10).fill(401), 429]);
  } finally {
    server.stop();
  }
});

test("finding 9: a made-up X-Forwarded-Host does not make a foreign Origin this site's", async () => {
  const server = await startPrivateServer("forwarding-43", Number(process.env.E2E_PORT ?? 3210) + 43);
  try {
    const res = await fetch(`${server.base}/api/trpc/teams.create`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "https://evil.example",
        "x-forwarded-host": "evil.example",
        cookie: "better-auth.session_token=made.up",
      },
      body: JSON.stringify({ json: { name: "Made elsewhere" } }),
    });
    expect(res.status).toBe(403);
  } finally {
    server.stop();
  }
});

test("finding 1: the sign-in form says when a locked account may try again", async ({ page }) => {
  // Behind a trusted proxy the ten guesses come from ten addresses, so only the account's limit holds.
  const server = await startPrivateServer("forwarding-44", Number(process.env.E2E_PORT ?? 3210) + 44, {
    SIGNPOST_TRUSTED_PROXIES: "127.0.0.1, ::1",
  });
  try {
    const account = { name: "Locked Out", email: "locked@e2e.example", password: "the-right-password-1" };
    const signUp = await fetch(`${server.base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.base },
      body: JSON.stringify(account),
    });
    expect(signUp.status).toBe(200);
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${server.base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.base, "x-forwarded-for": `192.0.2.${i}` },
        body: JSON.stringify({ email: account.email, password: "a wrong guess, again" }),
      });
      expect(res.status).toBe(401);
    }
    await page.goto(`${server.base}/sign-in`);
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText(/Too many failed sign-ins for this account: try again at \d\d:\d\d UTC/)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  } finally {
    server.stop();
  }
});

test("finding 5: the front server answers /api/health itself, with the app's safe headers", async ({ request }) => {
  const get = await request.get("/api/health");
  expect(get.status()).toBe(200);
  expect(await get.json()).toEqual({ ok: true, database: "ok", store: "sqlite", version: expect.any(String) });
  expect(get.headers()).toMatchObject({
    "content-type": "application/json",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  const head = await request.head("/api/health?probe=1");
  expect(head.status()).toBe(200);
  expect(await head.body()).toHaveLength(0);
  // Anything but GET and HEAD is Next's route, which has no such method.
  expect((await request.post("/api/health", { headers: { origin: "http://localhost" } })).status()).toBe(405);
});
