// The analyst's loop by keyboard alone: no click, no mouse, only page.keyboard (navigation to a page
// by address is allowed; what is on it is reached with Tab). It creates the first account, rates a
// cell, moves a weight with the slider and types one, overrides a presence, adds a graded and linked
// evidence item and edits it, comments, sets a baseline, exports, and invites and promotes a team
// member; every element Tab lands on shows a focus ring. The server's state is checked after each step.

import { type BrowserContext, expect, type Locator, type Page, test } from "@playwright/test";
import { DEMO_TITLE, fetchAssessment } from "./helpers";
import { type PrivateServer, startPrivateServer } from "./private-server";
import { trpcMutation, trpcQuery } from "./trpc";

test.describe.configure({ mode: "serial", retries: 0 });

const OWNER = { name: "Kim Keys", email: "kim@keys.example", password: "kim-keys-pass-42" };
let server: PrivateServer;
let context: BrowserContext;
let page: Page;
let demoId = "";

test.beforeAll(async ({ browser }) => {
  server = await startPrivateServer("keyboard", Number(process.env.E2E_PORT ?? 3210) + 48);
  context = await browser.newContext({ baseURL: server.base, acceptDownloads: true });
  page = await context.newPage();
});
test.afterAll(async () => {
  await context?.close();
  server?.stop();
});

/** Why the focused element shows no focus indicator (outline or ring), or null when it shows one. */
function missingFocusRing(p: Page): Promise<string | null> {
  return p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    // A colour seen: not transparent (Tailwind composes rings from several shadows, some transparent).
    const opaque = (color: string) => {
      const parts = color.match(/rgba?\(([^)]*)\)/)?.[1]?.split(",") ?? [];
      return parts.length === 3 || (parts.length === 4 && Number.parseFloat(parts[3] ?? "0") > 0);
    };
    const outline =
      style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0 && opaque(style.outlineColor);
    const ring = (style.boxShadow.match(/rgba?\([^)]*\)[^,]*/g) ?? []).some((shadow) => {
      const lengths = shadow
        .replace(/rgba?\([^)]*\)/, "")
        .trim()
        .split(/\s+/)
        .map(Number.parseFloat);
      return opaque(shadow) && lengths.some((length) => length > 0);
    });
    if (outline || ring) return null;
    const name = el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 50) ?? "";
    return `<${el.tagName.toLowerCase()}> "${name}" shows no focus ring`;
  });
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus, checking the focus ring of every
 * element on the way; the number of presses it took.
 */
async function tabTo(p: Page, target: Locator, { back = false, max = 300 } = {}): Promise<number> {
  await expect(target).toBeAttached();
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
    await p.keyboard.press(back ? "Shift+Tab" : "Tab");
    expect(await missingFocusRing(p)).toBeNull();
  }
  throw new Error(`${target} was not reached with ${max} presses of ${back ? "Shift+Tab" : "Tab"}`);
}

async function serverState() {
  return (await fetchAssessment(page.request, demoId)).state;
}

test("the first account, by keyboard", async () => {
  await page.goto("/setup");
  await tabTo(page, page.getByLabel("Your name"));
  await page.keyboard.type(OWNER.name);
  await page.keyboard.press("Tab");
  await page.keyboard.type(OWNER.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(OWNER.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  const demo = page.getByRole("main").getByRole("link", { name: DEMO_TITLE });
  demoId = ((await demo.getAttribute("href")) ?? "").split("/").pop() ?? "";
  await tabTo(page, demo);
  const subscribed = page.waitForRequest((r) => r.url().includes("/api/trpc/workspace.onChange"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await subscribed;
});

test("rate a cell: Tab into the matrix, an arrow key, a digit", async () => {
  const before = await serverState();
  const indicator = before.indicators[0];
  const scenario = before.scenarios.filter((s) => !s.archived)[1];
  if (!indicator || !scenario) throw new Error("the demo has no first indicator or second scenario");
  // Tab reaches the matrix at its first cell (one tab stop for the whole grid); ArrowRight moves.
  await tabTo(page, page.locator('[data-cell="0:0"]'));
  await page.keyboard.press("ArrowRight");
  await expect(page.locator('[data-cell="0:1"]')).toBeFocused();
  const rating = indicator.expectations[scenario.id] === "likely" ? "unlikely" : "likely";
  await page.keyboard.press(rating === "likely" ? "2" : "4");
  await expect(page.locator('[data-cell="0:1"]')).toHaveAccessibleName(new RegExp(`${rating}$`, "i"));
  await expect.poll(async () => (await serverState()).indicators[0]?.expectations[scenario.id]).toBe(rating);
});

test("change a weight: the slider by arrow keys, then the percent typed", async () => {
  const indicator = (await serverState()).indicators[0];
  if (!indicator) throw new Error("no first indicator");
  const slider = page.getByRole("slider", { name: `Weight of ${indicator.name}` });
  // From the focused cell the next stops are the row's weight slider and its field.
  await tabTo(page, slider);
  const from = Math.round(indicator.weight * 100);
  await page.keyboard.press(from >= 100 ? "ArrowLeft" : "ArrowRight");
  const moved = from >= 100 ? from - 5 : from + 5;
  await expect.poll(async () => Math.round(((await serverState()).indicators[0]?.weight ?? 0) * 100)).toBe(moved);

  await page.keyboard.press("Tab");
  const field = page.getByRole("textbox", { name: `Weight of ${indicator.name} in percent` });
  await expect(field).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("35");
  await page.keyboard.press("Enter");
  await expect.poll(async () => Math.round(((await serverState()).indicators[0]?.weight ?? 0) * 100)).toBe(35);
  await expect(slider).toHaveValue("35");
});

test("override a presence in its dialog", async () => {
  const indicator = (await serverState()).indicators[0];
  if (!indicator) throw new Error("no first indicator");
  await tabTo(page, page.getByRole("button", { name: `Override presence of ${indicator.name}` }));
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  // The dialog starts on its first field.
  await expect(dialog.getByLabel("Presence (%)")).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("80");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Seen on two passes, keyboard walkthrough");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await serverState()).indicators[0]?.presenceOverride).toBe(0.8);
  // Focus comes back to where the dialog was opened from.
  await expect(page.getByRole("button", { name: `Override presence of ${indicator.name}` })).toBeFocused();
});

test("add a graded evidence item linked to an indicator, then edit it", async () => {
  const state = await serverState();
  const indicator = state.indicators[1];
  if (!indicator) throw new Error("no second indicator");
  await tabTo(page, page.getByRole("button", { name: "Add evidence" }));
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add evidence" });
  await expect(dialog.getByLabel("Title")).toBeFocused();
  await page.keyboard.type("Keyboard-only sighting");
  await tabTo(page, dialog.getByLabel("Source", { exact: true }));
  await page.keyboard.type("Keyboard desk");
  await tabTo(page, dialog.getByLabel("Source kind"));
  await page.keyboard.type("Imagery");
  await tabTo(page, dialog.getByLabel("Source reliability"));
  await page.keyboard.type("B");
  await tabTo(page, dialog.getByLabel("Information credibility"));
  await page.keyboard.type("2");
  const observed = dialog.getByLabel("Observed on (YYYY-MM-DD, UTC)");
  await tabTo(page, observed);
  // Every date input is ISO text (issue 13 §5), typed as it reads.
  await page.keyboard.type("2025-01-15");
  await expect(dialog.getByText("Grade B2")).toBeVisible();
  await tabTo(page, dialog.getByLabel("Indicator to link"));
  await page.keyboard.type(indicator.name.slice(0, 12));
  await tabTo(page, dialog.getByRole("button", { name: "Link", exact: true }));
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("button", { name: `Remove link to ${indicator.name}` })).toBeVisible();
  await tabTo(page, dialog.getByRole("button", { name: "Add evidence" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  const added = (await serverState()).evidence.find((e) => e.title === "Keyboard-only sighting");
  expect(added).toMatchObject({ reliability: "B", credibility: 2, sourceKind: "imagery", observedAt: "2025-01-15" });
  expect(added?.links).toEqual({ [indicator.id]: 1 });

  // Edit it: its row's Edit button, the title changed, saved with Enter.
  await tabTo(page, page.getByRole("button", { name: "Edit “Keyboard-only sighting”" }), { back: true });
  await page.keyboard.press("Enter");
  const edit = page.getByRole("dialog", { name: "Edit evidence" });
  await expect(edit.getByLabel("Title")).toBeFocused();
  await page.keyboard.press("End");
  await page.keyboard.type(", confirmed");
  await page.keyboard.press("Enter");
  await expect(edit).toBeHidden();
  await expect
    .poll(async () => (await serverState()).evidence.some((e) => e.title === "Keyboard-only sighting, confirmed"))
    .toBe(true);
});

test("comment on the assessment", async () => {
  await page.keyboard.press("ControlOrMeta+Home");
  await tabTo(page, page.getByRole("button", { name: new RegExp(`^Comments on ${DEMO_TITLE}`) }), { back: true });
  await page.keyboard.press("Enter");
  const panel = page.getByRole("dialog", { name: "Comments on the assessment" });
  await expect(panel).toBeVisible();
  await tabTo(page, panel.getByLabel("Add a comment"));
  await page.keyboard.type("Typed without a mouse.");
  await tabTo(page, panel.getByRole("button", { name: "Post comment" }));
  await page.keyboard.press("Enter");
  await expect(panel.getByText("Typed without a mouse.")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
});

test("export the JSON from the Export menu", async () => {
  await tabTo(page, page.getByRole("button", { name: "Export" }), { back: true });
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  for (let i = 0; i < 6; i++) {
    if (await menu.getByRole("menuitem", { name: /^JSON/ }).evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press("ArrowDown");
    expect(await missingFocusRing(page)).toBeNull();
  }
  await expect(menu.getByRole("menuitem", { name: /^JSON/ })).toBeFocused();
  const download = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  const file = await (await download).path();
  const { readFile } = await import("node:fs/promises");
  const exported = JSON.parse(await readFile(file, "utf8")) as { assessment?: { title?: string } };
  expect(JSON.stringify(exported)).toContain("Keyboard-only sighting, confirmed");
});

test("set a baseline on the history page", async () => {
  await page.goto(`/assessments/${demoId}/history`);
  await tabTo(page, page.getByLabel("Set a baseline at the current moment"));
  await page.keyboard.type("Keyboard baseline");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Keyboard baseline", { exact: true })).toBeVisible();
});

test("team: invite by keyboard, the invitee joins by keyboard, the owner changes the role", async ({ browser }) => {
  await page.goto("/team");
  await tabTo(page, page.getByLabel("Email", { exact: true }));
  await page.keyboard.type("lee@keys.example");
  await tabTo(page, page.getByRole("button", { name: "Invite" }));
  await page.keyboard.press("Enter");
  const link = await page.getByLabel("Invitation link for lee@keys.example").inputValue();

  const invitee = await browser.newContext({ baseURL: server.base });
  const lee = await invitee.newPage();
  await lee.goto(link);
  await tabTo(lee, lee.getByLabel("Your name"));
  await lee.keyboard.type("Lee Keys");
  await tabTo(lee, lee.getByLabel("Password"));
  await lee.keyboard.type("lee-keys-pass-42");
  await lee.keyboard.press("Enter");
  await lee.waitForURL(`${server.base}/`);
  await invitee.close();

  await page.reload();
  const role = page.getByLabel("Role of Lee Keys");
  await tabTo(page, role);
  const from = await role.inputValue();
  await page.keyboard.type(from === "viewer" ? "analyst" : "viewer");
  await expect(role).not.toHaveValue(from);
  const to = await role.inputValue();
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByLabel("Role of Lee Keys").inputValue();
    })
    .toBe(to);
});

test("a long matrix: the page brings its first rows, the rest follow, the arrow keys and Tab walk them all", async () => {
  const ROWS = 80;
  // An assessment of 80 indicators, built over tRPC (the mouse-free walk below is what is tested).
  const post = <T>(procedure: string, input: unknown) => trpcMutation<T>(page.request, server.base, procedure, input);
  const teamId = (await trpcQuery<{ active: { id: string } }>(page.request, "teams.mine")).active.id;
  const created = await post<{ id: string; version: number }>("assessments.create", {
    teamId,
    title: "Long matrix by keyboard",
    keyQuestion: "Does every row arrive?",
    horizon: "2030-01-01",
    confidence: "moderate",
    scenarios: [
      { name: "Rows arrive", prior: 0.5 },
      { name: "Rows go missing", prior: 0.5 },
    ],
  });
  const { state } = await fetchAssessment(page.request, created.id);
  let version = state.version;
  for (let i = 1; i <= ROWS; i++) {
    const answer = await post<{ version: number }>("workspace.addIndicator", {
      assessmentId: created.id,
      version,
      name: `Signpost ${i}`,
      expectations: Object.fromEntries(state.scenarios.map((s) => [s.id, "could"])),
    });
    version = answer.version;
  }

  // The server's page holds the first rows and a spacer for the rest, not all 80.
  const html = await (await page.request.get(`/assessments/${created.id}`)).text();
  const served = html.match(/data-cell="\d+:0"/g)?.length ?? 0;
  expect(served).toBeGreaterThan(0);
  expect(served).toBeLessThan(ROWS);

  await page.goto(`/assessments/${created.id}`);
  // Every row arrives once the page is live.
  await expect(page.getByRole("rowheader", { name: `Signpost ${ROWS}` })).toBeAttached();
  await expect(page.locator("[data-cell]")).toHaveCount(ROWS * 2);

  // The arrow keys walk the first column to the last row, which scrolls into view.
  await tabTo(page, page.locator('[data-cell="0:0"]'));
  for (let row = 1; row < ROWS; row++) await page.keyboard.press("ArrowDown");
  await expect(page.locator(`[data-cell="${ROWS - 1}:0"]`)).toBeFocused();
  await expect(page.locator(`[data-cell="${ROWS - 1}:0"]`)).toBeInViewport();
  // Tab goes on from the last row's controls to the evidence locker.
  await tabTo(page, page.getByRole("button", { name: "Add evidence" }), { max: 20 });
});
