// Nothing lost without a word (issue 13 §3), in real Chromium against the production server: a
// text pasted past its limit is kept, said to be over by how much, and not saved; a weight or a
// prior typed out of range is said beside the field and, once focus leaves, the field shows the
// saved value again; long text is clamped with "Show more"; an analyst undoes and redoes their own
// change by keyboard and by button, and the history shows both events. Screenshots of the clamp and
// of a too-long field at 1440 and 1024 go to /work/notes/lossless when that folder exists.
//
// On a server of its own (./private-server.ts), since it creates an assessment the other specs'
// lists do not expect; it creates the first account itself.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { fetchAssessment, openWorkspace, serverAt, signInOwner } from "./helpers";
import { type PrivateServer, startPrivateServer } from "./private-server";
import { trpcMutation } from "./trpc";

test.describe.configure({ mode: "serial", retries: 0 });

const NOTES = "/work/notes/lossless";
const TITLE = "Will the ceasefire in the north hold through the winter?";
const LONG = (n: number, word = "lorem ") => word.repeat(Math.ceil(n / word.length)).slice(0, n);

/** This spec's server: the shared build, on its own port and database. */
const PORT = Number(process.env.E2E_LOSSLESS_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 73);
let server: PrivateServer | undefined;
let baseURL = "";
let context: BrowserContext;
let page: Page;
let assessmentId = "";
const errors: string[] = [];

async function shot(name: string, width: number, height: number, target?: { locator: ReturnType<Page["locator"]> }) {
  await page.setViewportSize({ width, height });
  const file = fs.existsSync(NOTES)
    ? path.join(NOTES, `${name}-${width}.png`)
    : test.info().outputPath(`${name}-${width}.png`);
  if (target) await target.locator.screenshot({ path: file });
  else await page.screenshot({ path: file });
  await test.info().attach(`${name} ${width}`, { path: file, contentType: "image/png" });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's serious and critical violations on the page as it is (as tests/e2e/accessibility.spec.ts
 * runs it), or only in the elements `include` selects.
 */
async function seriousViolations(include?: string[]): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async (include) => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context?: unknown,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run(include ? { include: include.map((sel) => [sel]) } : undefined)).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: JSON.stringify(v.nodes.map((n) => n.target)),
    }));
  }, include);
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ${v.nodes}`);
}

/** Calls a tRPC mutation from the page's own origin, as the app does. */
async function mutate(procedure: string, input: Record<string, unknown>) {
  await trpcMutation(page.request, baseURL, procedure, input);
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(60_000);
  server = await startPrivateServer("lossless", PORT, { SIGNPOST_TRUSTED_PROXIES: "127.0.0.1, ::1" });
  baseURL = server.base;
  context = await browser.newContext({
    baseURL,
    viewport: testInfo.project.use.viewport ?? null,
    extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.31" },
  });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
});
test.afterAll(async () => {
  await context?.close();
  server?.stop();
});
test.afterEach(() => {
  expect(errors, "uncaught errors in the page").toEqual([]);
});

test("a new assessment keeps a 100,000-character description, says by how much it is over, and is not created until it fits", async () => {
  await signInOwner(page);
  await page.goto("/assessments/new");
  await expect(page.getByRole("heading", { name: "New assessment", level: 1 })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill(TITLE);
  await page.getByLabel("Key question").fill("Will the ceasefire along the northern line hold until 1 March?");
  const horizon = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Horizon").fill(horizon);
  await page.getByLabel("Scenario 1 name").fill("Ceasefire holds");
  await page.getByLabel("Scenario 2 name").fill("Ceasefire collapses");

  const description = page.getByLabel("Description (optional)").first();
  await description.fill(LONG(100_000));
  // Kept whole: no maxLength cut it.
  expect(await description.evaluate((el) => (el as HTMLTextAreaElement).value.length)).toBe(100_000);
  const over = page.getByText(
    "The description of scenario 1 is 98,000 characters over its limit of 2,000: shorten it to save",
  );
  await expect(over).toBeVisible();
  await expect(description).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("100,000 / 2,000")).toBeVisible();

  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page).toHaveURL(/\/assessments\/new$/);
  await expect(over).toBeVisible();
  expect(await description.evaluate((el) => (el as HTMLTextAreaElement).value.length)).toBe(100_000);

  // A title past its limit says so too, and the count shows from 80 % of the limit.
  const title = page.getByLabel("Title", { exact: true });
  await title.fill(LONG(210, "x"));
  await expect(page.getByText("The title is 10 characters over its limit of 200: shorten it to save")).toBeVisible();
  await title.fill(TITLE);

  await description.fill(LONG(1_900).trim());
  await expect(over).toBeHidden();
  // The last submit's "at most 2,000 characters" does not stay beside a text that now fits.
  await expect(page.getByText("A description is at most 2,000 characters")).toHaveCount(0);
  await expect(page.getByText(/1,\d{3} \/ 2,000$/)).toBeVisible();
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await shot("new-assessment-count", width, height, { locator: page.locator("form") });
  }
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/assessments\/(?!new$)[^/]+$/);
  assessmentId = new URL(page.url()).pathname.split("/").pop() ?? "";

  // An indicator with a long description and an evidence item with a 4,000-character summary, for the clamp.
  const { state } = await fetchAssessment(page.request, assessmentId);
  const [holds, collapses] = state.scenarios.map((s) => s.id);
  await mutate("workspace.addIndicator", {
    assessmentId,
    version: state.version,
    name: "Artillery duels reported along the line",
    description: LONG(1_500, "Count exchanges of fire reported by monitors each night. "),
    weight: 0.6,
    expectations: { [holds ?? ""]: "unlikely", [collapses ?? ""]: "likely" },
  });
  const withIndicator = await serverAt(page, assessmentId, state.version + 1);
  await mutate("workspace.addEvidence", {
    assessmentId,
    version: withIndicator.state.version,
    title: "Monitors report quiet nights",
    summary: LONG(4_000, "Monitors on the northern line logged no exchanges of fire for six nights. "),
    sourceName: "OSCE monitoring mission",
    sourceKind: "report",
    reliability: "B",
    credibility: 2,
    observedAt: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    links: [{ indicatorId: withIndicator.state.indicators[0]?.id, direction: -1 }],
  });
  await serverAt(page, assessmentId, withIndicator.state.version + 1);
});

test("long text is clamped to a few lines with Show more and Show less", async () => {
  await openWorkspace(page, assessmentId, TITLE);
  const scenarios = page.getByRole("region", { name: "Scenarios" });
  const more = scenarios.getByRole("button", { name: /^Show more/ });
  await expect(more).toHaveCount(1);
  const description = scenarios.getByText(/^lorem lorem/);
  const clampedHeight = (await description.boundingBox())?.height ?? 0;
  expect(clampedHeight).toBeLessThan(60);
  await more.click();
  await expect(scenarios.getByRole("button", { name: /^Show less/ })).toHaveAttribute("aria-expanded", "true");
  expect((await description.boundingBox())?.height ?? 0).toBeGreaterThan(clampedHeight * 3);
  await scenarios.getByRole("button", { name: /^Show less/ }).click();

  const locker = page.getByRole("region", { name: /Evidence locker/ });
  const row = locker.getByRole("row").filter({ hasText: "Monitors report quiet nights" });
  await expect(row.getByRole("button", { name: /^Show more/ })).toBeVisible();
  expect((await row.boundingBox())?.height ?? 0, "a 4,000-character summary keeps its row short").toBeLessThan(160);

  const matrix = page.getByRole("region", { name: "Indicator matrix" });
  await expect(matrix.getByRole("button", { name: /^Show more/ })).toHaveCount(1);

  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await shot("clamp-scenarios", width, height, { locator: scenarios });
    await shot("clamp-locker", width, height, { locator: locker });
  }
});

test("a scenario description pasted past its limit is kept and said to be over; Save refuses and nothing is saved", async () => {
  const before = await fetchAssessment(page.request, assessmentId);
  await page.getByRole("button", { name: "Edit Ceasefire holds" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit scenario" });
  const description = dialog.getByLabel("Description");
  // Pasted as one insertion, the way a paste arrives.
  await description.fill("");
  await description.focus();
  await page.keyboard.insertText(LONG(100_000));
  expect(await description.evaluate((el) => (el as HTMLTextAreaElement).value.length)).toBe(100_000);
  const over = dialog.getByText("The description is 98,000 characters over its limit of 2,000: shorten it to save");
  await expect(over).toBeVisible();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeVisible();
  await expect(over).toBeVisible();
  expect(await description.evaluate((el) => (el as HTMLTextAreaElement).value.length)).toBe(100_000);
  expect((await fetchAssessment(page.request, assessmentId)).state.version).toBe(before.state.version);
  expect(await seriousViolations(), "the dialog with a text over its limit").toEqual([]);

  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await shot("too-long-field", width, height);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  const after = await fetchAssessment(page.request, assessmentId);
  expect(after.state.version).toBe(before.state.version);
  expect(after.state.scenarios[0]?.description).toBe(before.state.scenarios[0]?.description);
});

test("a weight typed out of range is said beside the field; after blur the field and the slider show the saved weight", async () => {
  const before = await fetchAssessment(page.request, assessmentId);
  const indicator = before.state.indicators[0];
  const name = indicator?.name ?? "";
  const typed = page.getByLabel(`Weight of ${name} in percent`, { exact: true });
  const slider = page.getByRole("slider", { name: `Weight of ${name}`, exact: true });
  await expect(typed).toHaveValue("60");

  for (const [text, reason] of [
    ["200", "200 % is out of range: a weight is a whole percent from 0 to 100"],
    ["0.5", "0.5 % is not a whole percent: a weight is a whole percent from 0 to 100"],
  ] as const) {
    await typed.fill(text);
    const message = page.getByRole("alert").filter({ hasText: reason });
    await expect(message).toBeVisible();
    // Visible for real: not a one-pixel screen-reader text or a tooltip.
    expect((await message.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await expect(slider).toHaveValue("60");
    await page.getByRole("heading", { name: TITLE, level: 1 }).click();
    await expect(typed).toHaveValue("60");
    await expect(slider).toHaveValue("60");
    await expect(page.getByRole("alert").filter({ hasText: reason })).toContainText(
      "Not saved: the weight stays at 60 %.",
    );
    // The field shows the saved weight, not in error: the message says what was refused.
    await expect(typed).toHaveAttribute("aria-invalid", "false");
    expect((await fetchAssessment(page.request, assessmentId)).state.version).toBe(before.state.version);
    if (text === "200") {
      for (const [width, height] of [
        [1440, 900],
        [1024, 768],
      ] as const) {
        await shot("weight-refused", width, height, {
          locator: page.getByRole("region", { name: "Indicator matrix" }),
        });
      }
    }
  }

  // This section's parts of the workspace: the weight with its message, the clamp's buttons, undo and redo.
  expect(
    await seriousViolations([
      'input[aria-label$="in percent"]',
      'input[type="range"]',
      '[id^="weight-"][id$="-message"]',
      "button[aria-expanded][aria-controls]",
      "[aria-keyshortcuts]",
      "#rationale",
    ]),
    "the refused weight, the clamped text and undo",
  ).toEqual([]);

  // The prior of a scenario likewise.
  const prior = page.getByLabel("Prior weight").first();
  await expect(prior).toHaveValue("1");
  await prior.fill("0");
  await expect(
    page.getByRole("alert").filter({ hasText: "“0” is not a prior: a prior must be greater than 0" }),
  ).toBeVisible();
  await page.getByRole("heading", { name: TITLE, level: 1 }).click();
  await expect(prior).toHaveValue("1");
  await expect(page.getByRole("alert").filter({ hasText: "Not saved: the prior stays at 1." })).toBeVisible();
  expect((await fetchAssessment(page.request, assessmentId)).state.version).toBe(before.state.version);
});

test("undo and redo by keyboard and by button, each a new event the history shows", async () => {
  const before = await fetchAssessment(page.request, assessmentId);
  const name = before.state.indicators[0]?.name ?? "";
  const typed = page.getByLabel(`Weight of ${name} in percent`, { exact: true });
  await typed.fill("40");
  await typed.press("Enter");
  const changed = await serverAt(page, assessmentId, before.state.version + 1);
  expect(changed.state.indicators[0]?.weight).toBeCloseTo(0.4, 10);
  const undoButton = page.getByRole("button", { name: /^Undo/ });
  await expect(undoButton).toBeEnabled();

  // In a text field Ctrl+Z is the browser's own undo of the text: nothing is reverted.
  const rationale = page.getByLabel("Rationale for your next change");
  await rationale.fill("Typing here");
  await rationale.press("Control+z");
  expect((await fetchAssessment(page.request, assessmentId)).state.version).toBe(changed.state.version);
  await rationale.fill("");

  // Anywhere else in the workspace it undoes the analyst's own last change.
  await page.getByRole("heading", { name: TITLE, level: 1 }).click();
  await page.keyboard.press("Control+z");
  const undone = await serverAt(page, assessmentId, changed.state.version + 1);
  expect(undone.state.indicators[0]?.weight).toBeCloseTo(0.6, 10);
  await expect(typed).toHaveValue("60");
  await expect(page.getByRole("status").filter({ hasText: /^Undone: #\d+ Set the weight/ })).toBeVisible();
  await shot("undo-controls", 1440, 900);

  await page.keyboard.press("Control+Shift+z");
  const redone = await serverAt(page, assessmentId, undone.state.version + 1);
  expect(redone.state.indicators[0]?.weight).toBeCloseTo(0.4, 10);
  await expect(typed).toHaveValue("40");

  await undoButton.click();
  const undoneAgain = await serverAt(page, assessmentId, redone.state.version + 1);
  expect(undoneAgain.state.indicators[0]?.weight).toBeCloseTo(0.6, 10);
  await page.getByRole("button", { name: /^Redo/ }).click();
  const redoneAgain = await serverAt(page, assessmentId, undoneAgain.state.version + 1);
  expect(redoneAgain.state.indicators[0]?.weight).toBeCloseTo(0.4, 10);
  await page.keyboard.press("Control+y");
  // Nothing left to redo: the button says so and the key changes nothing.
  await expect(page.getByRole("button", { name: /^Redo/ })).toBeDisabled();
  expect((await fetchAssessment(page.request, assessmentId)).state.version).toBe(redoneAgain.state.version);

  await page.goto(`/assessments/${assessmentId}/history`);
  const changeSeq = before.state.version + 1;
  await expect(page.getByText(`Undo of #${changeSeq}: Set the weight of '${name}' to 40 %`).first()).toBeVisible();
  await expect(page.getByText(/^Redo, reverting the undo #\d+: Set the weight of/).first()).toBeVisible();
  await expect(page.getByText(`Set the weight of '${name}' to 40 %`, { exact: true })).toBeVisible();
});
