// Every page, checked with axe-core in the browser: no serious or critical violations. One test per
// page, on a server of this spec's own (a fresh database, so the first-account page can be seen).
// axe's script is evaluated through the DevTools protocol, which the CSP does not govern
// (@axe-core/playwright wants Node 22). Pages that open menus or dialogs are audited open too.

import fs from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { DEMO_TITLE, fetchAssessment, openWorkspace } from "./helpers";
import { type PrivateServer, startPrivateServer } from "./private-server";
import { trpcMutation } from "./trpc";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const OWNER = { name: "Ada Owner", email: "ada@axe.example", password: "ada-axe-pass-42" };

let server: PrivateServer;
/** The owner's signed-in context, made once per worker (a failed test restarts the worker). */
let ownerContext: BrowserContext | undefined;

test.beforeAll(async () => {
  server = await startPrivateServer("axe", Number(process.env.E2E_PORT ?? 3210) + 45);
});
test.afterAll(async () => {
  await ownerContext?.close();
  server?.stop();
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; html: string }[];
}

/** axe-core's serious and critical violations on the page as it is now, one line per rule and node. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes }));
  });
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}: ${v.help}) at ${JSON.stringify(n.target)}: ${n.html.slice(0, 160)}`),
    );
}

async function expectNoSeriousViolations(page: Page, what: string) {
  expect(await seriousViolations(page), `axe on ${what}`).toEqual([]);
}

/** The first account, signed in: created through the setup page's API if the setup test did not. */
async function owner(browser: Browser): Promise<Page> {
  if (!ownerContext) {
    ownerContext = await browser.newContext({ baseURL: server.base });
    const request = ownerContext.request;
    const signIn = await request.post("/api/auth/sign-in/email", {
      headers: { Origin: server.base },
      data: { email: OWNER.email, password: OWNER.password },
    });
    if (!signIn.ok()) {
      const signUp = await request.post("/api/auth/sign-up/email", {
        headers: { Origin: server.base },
        data: OWNER,
      });
      expect(signUp.ok(), await signUp.text()).toBe(true);
    }
  }
  return ownerContext.newPage();
}

/** The demo assessment's id, from the list. */
async function demoId(page: Page): Promise<string> {
  await page.goto("/");
  const href = await page.getByRole("main").getByRole("link", { name: DEMO_TITLE }).getAttribute("href");
  const id = href?.split("/").pop();
  if (!id) throw new Error("the demo assessment is not on the list");
  return id;
}

/** A tRPC mutation over HTTP with the page's cookies; the answer's data. */
const mutate = <T>(page: Page, procedure: string, input: unknown) =>
  trpcMutation<T>(page.request, server.base, procedure, input);

test("setup: the first-account page on a fresh server", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await page.goto("/");
  await page.waitForURL(/\/(setup|sign-in)$/);
  test.skip(!page.url().endsWith("/setup"), "the first account exists already (the worker restarted)");
  await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
  await expectNoSeriousViolations(page, "the setup page");
  // Refused input shows its message: audited with it.
  await page.getByRole("button", { name: "Create account" }).click();
  await expectNoSeriousViolations(page, "the setup page with its messages");
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("Email", { exact: true }).fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  await context.close();
});

test("sign-in", async ({ browser }) => {
  await (await owner(browser)).close();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectNoSeriousViolations(page, "the sign-in page");
  await page.getByLabel("Email", { exact: true }).fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password-42");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await expectNoSeriousViolations(page, "the sign-in page with its refusal");
  await context.close();
});

test("list (home)", async ({ browser }) => {
  const page = await owner(browser);
  await page.goto("/");
  await expect(page.getByRole("main").getByRole("link", { name: DEMO_TITLE })).toBeVisible();
  await expectNoSeriousViolations(page, "the list of assessments");
  await page.close();
});

test("new assessment", async ({ browser }) => {
  const page = await owner(browser);
  await page.goto("/assessments/new");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "the new-assessment form");
  // Sent empty: every field says what is missing.
  await page.getByRole("button", { name: /Create/ }).click();
  await expect(page.getByRole("main").getByRole("alert").first()).toBeVisible();
  await expectNoSeriousViolations(page, "the new-assessment form with its messages");
  await page.close();
});

test("workspace", async ({ browser }) => {
  const page = await owner(browser);
  const id = await demoId(page);
  await openWorkspace(page, id, DEMO_TITLE);
  await expectNoSeriousViolations(page, "the workspace");
  // A rating cell's menu, open.
  await page.locator('[data-cell="0:0"]').focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await expectNoSeriousViolations(page, "the workspace with a rating menu open");
  await page.keyboard.press("Escape");
  // The evidence form, open.
  await page.getByRole("button", { name: "Add evidence" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "the workspace with the evidence form open");
  await page.keyboard.press("Escape");
  // The comments of the assessment, open.
  await page.getByRole("button", { name: `Comments on ${DEMO_TITLE}` }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "the workspace with the comments open");
  await page.close();
});

test("workspace in what-if mode", async ({ browser }) => {
  const page = await owner(browser);
  const id = await demoId(page);
  await openWorkspace(page, id, DEMO_TITLE);
  const toggle = page.getByRole("button", { name: "What-if mode" });
  // The what-if mode (issue 13 §2) is built beside this spec; the audit starts once it is in the build.
  test.skip((await toggle.count()) === 0, "no what-if mode in this build yet");
  await toggle.click();
  await expect(page.getByTestId("what-if-panel")).toBeVisible();
  await expectNoSeriousViolations(page, "the workspace in what-if mode");
  // With a hypothetical change made: the saved and the what-if call side by side.
  const cell = page.locator('[data-cell="0:0"]');
  const label = (await cell.getAttribute("aria-label")) ?? "";
  await cell.focus();
  await page.keyboard.press(label.endsWith("Highly likely") ? "5" : "1");
  await expect(cell).not.toHaveAttribute("aria-label", label);
  await expectNoSeriousViolations(page, "the workspace in what-if mode with a hypothetical rating");
  await page.close();
});

test("history", async ({ browser }) => {
  const page = await owner(browser);
  const id = await demoId(page);
  await page.goto(`/assessments/${id}/history`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("figure", { name: /Timeline of/ })).toBeVisible();
  await expectNoSeriousViolations(page, "the history");
  await page.close();
});

test("compare", async ({ browser }) => {
  const page = await owner(browser);
  const id = await demoId(page);
  await page.goto(`/assessments/${id}/compare`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "compare");
  await page.close();
});

test("resolution", async ({ browser }) => {
  const page = await owner(browser);
  const id = await demoId(page);
  // Active: the form that resolves it.
  await page.goto(`/assessments/${id}/resolution`);
  await expect(page.getByLabel("Scenario that happened")).toBeVisible();
  await expectNoSeriousViolations(page, "the resolution form");
  // Resolved: the scorecard and the post-mortem, on an assessment of its own.
  const mine = await page.request.get("/api/trpc/teams.mine");
  const teamId = ((await mine.json()) as { result: { data: { json: { active: { id: string } } } } }).result.data.json
    .active.id;
  const created = await mutate<{ id: string; version: number }>(page, "assessments.create", {
    teamId,
    title: "Axe resolution probe",
    keyQuestion: "Will the probe resolve?",
    horizon: "2027-01-01",
    confidence: "moderate",
    scenarios: [
      { name: "It resolves", prior: 0.5 },
      { name: "It does not", prior: 0.5 },
    ],
  });
  const { state } = await fetchAssessment(page.request, created.id);
  await mutate(page, "history.resolve", {
    assessmentId: created.id,
    version: state.version,
    scenarioId: state.scenarios[0]?.id,
    resolvedAt: new Date().toISOString().slice(0, 10),
    note: "Resolved for the accessibility audit.",
  });
  await page.goto(`/assessments/${created.id}/resolution`);
  await expect(page.getByRole("heading", { name: /Post-mortem/ })).toBeVisible();
  await expectNoSeriousViolations(page, "a resolved assessment's scorecard");
  await page.close();
});

test("brief", async ({ browser }) => {
  const page = await owner(browser);
  const id = await demoId(page);
  await page.goto(`/assessments/${id}/brief`);
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "the brief");
  await page.close();
});

test("team, the invitation link and the home page's invitations", async ({ browser }) => {
  const page = await owner(browser);
  await page.goto("/team");
  await page.getByLabel("Email").fill("ben@axe.example");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByLabel(/Invitation link for/).inputValue();
  await expectNoSeriousViolations(page, "the team page");

  const invitee = await browser.newContext({ baseURL: server.base });
  const linkPage = await invitee.newPage();
  await linkPage.goto(link);
  await expect(linkPage.getByRole("heading", { name: /Join/ })).toBeVisible();
  await expectNoSeriousViolations(linkPage, "the invitation link page");

  // Ben creates his account through the link; a second team's invitation then waits on his home page.
  await linkPage.getByLabel("Your name").fill("Ben Invitee");
  await linkPage.getByLabel("Password").fill("ben-axe-pass-42");
  await linkPage.getByRole("button", { name: "Create account and join" }).click();
  await linkPage.waitForURL(`${server.base}/`);
  await mutate(page, "teams.create", { name: "Second team" });
  await page.goto("/team");
  await page.getByLabel("Email").fill("ben@axe.example");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByLabel(/Invitation link for/)).toBeVisible();
  await expectNoSeriousViolations(page, "the team page of a second team, with an invitation");
  await linkPage.goto("/");
  await expect(linkPage.getByRole("heading", { name: "Invitations" })).toBeVisible();
  await expectNoSeriousViolations(linkPage, "the home page with an invitation");
  await invitee.close();
  await page.close();
});

test("account", async ({ browser }) => {
  const page = await owner(browser);
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "the account page");
  await page.close();
});

test("import", async ({ browser }) => {
  const page = await owner(browser);
  await page.goto("/import");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "the import page");
  // The preview of an ACH matrix (issue 16): the mapping table with a drop-down per cell.
  await page.getByLabel("Spreadsheet (.xlsx or .csv)").setInputFiles({
    name: "ach.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Evidence,Credibility,Full exit,Stay\nAircraft loading,High,CC,I\nTalks,Low,NA,C\n"),
  });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("form", { name: "ACH matrix preview" })).toBeVisible();
  await expectNoSeriousViolations(page, "the ACH matrix preview");
  await page.close();
});
