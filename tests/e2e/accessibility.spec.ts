// The pages issue 11 added or changed (the team page's invitations, the invitation link, the home
// page's pending invitations), checked with axe-core in the browser: no serious or critical
// violations. axe's script is evaluated through the DevTools protocol, which the CSP does not govern.

import fs from "node:fs";
import { createRequire } from "node:module";
import { expect, type Page, test } from "@playwright/test";
import { type PrivateServer, startPrivateServer } from "./private-server";

test.describe.configure({ mode: "serial" });

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let server: PrivateServer;

test.beforeAll(async () => {
  server = await startPrivateServer("axe", Number(process.env.E2E_PORT ?? 3210) + 45);
});
test.afterAll(() => server?.stop());

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: JSON.stringify(v.nodes.map((n) => n.target)),
    }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ${v.nodes}`);
}

test("the team page, an invitation link and the home page's invitations have no serious axe violations", async ({
  browser,
}) => {
  const owner = await browser.newContext({ baseURL: server.base });
  const page = await owner.newPage();
  const signUp = await page.request.post("/api/auth/sign-up/email", {
    headers: { Origin: server.base },
    data: { name: "Ada Owner", email: "ada@axe.example", password: "ada-axe-pass-42" },
  });
  expect(signUp.ok()).toBe(true);
  await page.goto("/team");
  await page.getByLabel("Email").fill("ben@axe.example");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByLabel(/Invitation link for/).inputValue();
  expect(await seriousViolations(page), "team page").toEqual([]);

  const invitee = await browser.newContext({ baseURL: server.base });
  const linkPage = await invitee.newPage();
  await linkPage.goto(link);
  await expect(linkPage.getByRole("heading", { name: /Join/ })).toBeVisible();
  expect(await seriousViolations(linkPage), "invitation link page").toEqual([]);

  // Ben creates his account through the link; a second team's invitation then waits on his home page.
  await linkPage.getByLabel("Your name").fill("Ben Invitee");
  await linkPage.getByLabel("Password").fill("ben-axe-pass-42");
  await linkPage.getByRole("button", { name: "Create account and join" }).click();
  await linkPage.waitForURL(`${server.base}/`);
  const second = await page.request.post("/api/trpc/teams.create", {
    headers: { Origin: server.base },
    data: { json: { name: "Second team" } },
  });
  expect(second.ok()).toBe(true);
  await page.goto("/team");
  await page.getByLabel("Email").fill("ben@axe.example");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByLabel(/Invitation link for/)).toBeVisible();
  await linkPage.goto("/");
  await expect(linkPage.getByRole("heading", { name: "Invitations" })).toBeVisible();
  expect(await seriousViolations(linkPage), "home page with an invitation").toEqual([]);
  await owner.close();
  await invitee.close();
});
