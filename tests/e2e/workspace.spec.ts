// The analyst's workspace (issue 4) in real Chromium against the production server: keyboard and
// typed edits show the engine's probabilities, evidence graded B2 lands in the locker, a second
// analyst sees a change live, a stale save is refused and recovered, a viewer cannot edit, every
// control has an accessible name, and screenshots at two widths for a person to look at.
//
// Self-sufficient: on a fresh database it creates the first account itself; after signpost.spec.ts
// it signs in with the credentials that spec left (./helpers.ts). Steps run in order and share state.
import path from "node:path";
import { type Browser, expect, type Locator, type Page, type TestInfo, test } from "@playwright/test";
import Database from "better-sqlite3";
import type { AssessmentState, Expectation } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS } from "@/shared/engine";
import {
  DEMO_TITLE,
  expectedProbabilities,
  fetchAssessment,
  openWorkspace,
  owner,
  serverAt,
  signIn,
  signInOwner,
} from "./helpers";
import { type Person, peopleOfSpec } from "./people";

const analyst = { name: "Anya Analyst", email: "analyst@workspace.e2e.example" };
const viewer = { name: "Wim Viewer", email: "viewer@workspace.e2e.example" };
/** Where playwright.config.ts puts the database, to check what the history kept. */
const DATABASE = path.resolve("tests/.tmp/e2e/signpost.db");
const LIVE_BUDGET_MS = 2_000;

test.describe.configure({ mode: "serial", retries: 0 });

const people = peopleOfSpec();
let ownerSide: Person;
let analystSide: Person;
let assessmentId = "";
/** Cells changed so far, so each step changes a cell nobody touched yet. */
const usedCells = new Set<string>();
/** Chosen by each invited person when they create their account through the link. */
const passwords = new Map<string, string>();

const newPerson = (browser: Browser, testInfo: TestInfo, address: string) => people.add(browser, testInfo, address);

// ---------------------------------------------------------------------------------------------
// Accounts

/**
 * The owner invites a person on /team; the person opens the link in a browser of their own and
 * creates their account with a password they choose, which is returned.
 */
async function invite(
  browser: Browser,
  page: Page,
  person: { name: string; email: string },
  role: "analyst" | "viewer",
) {
  await page.goto("/team");
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation created for ${person.email}` })).toBeVisible();
  const link = await page.getByLabel(`Invitation link for ${person.email}`).inputValue();

  const password = `${role}-chosen-pass-${person.email.length}`;
  const theirs = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.9" } });
  try {
    const invited = await theirs.newPage();
    await invited.goto(link);
    await invited.getByLabel("Your name").fill(person.name);
    await invited.getByLabel("Password", { exact: true }).fill(password);
    await invited.getByRole("button", { name: "Create account and join" }).click();
    await expect(invited.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  } finally {
    await theirs.close();
  }
  return password;
}

// ---------------------------------------------------------------------------------------------
// The workspace

const cellAt = (page: Page, row: number, col: number) => page.locator(`[data-cell="${row}:${col}"]`);

function expectationLabel(e: Expectation | undefined): string {
  if (e === undefined) return "—";
  return typeof e === "number" ? `exactly ${Math.round(e * 100)} %` : RATINGS[e].label;
}

interface RatingChange {
  row: number;
  col: number;
  key: string;
  indicatorId: string;
  scenarioId: string;
  /** The digit that sets `to` (1 highly likely … 5 highly unlikely). */
  digit: string;
  before: string;
  after: string;
  state: AssessmentState;
}

/**
 * A cell not used yet whose new rating visibly moves a probability (the engine's answer,
 * formatted as shown, differs), at or beyond (minRow, minCol) so reaching it takes arrow keys.
 */
function findRatingChange(state: AssessmentState, minRow = 0, minCol = 0): RatingChange {
  const active = state.scenarios.filter((s) => !s.archived);
  const now = expectedProbabilities(state);
  for (let row = minRow; row < state.indicators.length; row++) {
    const indicator = state.indicators[row];
    if (!indicator) continue;
    for (let col = minCol; col < active.length; col++) {
      const scenario = active[col];
      if (!scenario || usedCells.has(`${indicator.id}:${scenario.id}`)) continue;
      const from = indicator.expectations[scenario.id];
      for (const [i, to] of RATING_KEYS.entries()) {
        if (to === from) continue;
        const next: AssessmentState = {
          ...state,
          indicators: state.indicators.map((x) =>
            x.id === indicator.id ? { ...x, expectations: { ...x.expectations, [scenario.id]: to } } : x,
          ),
        };
        const then = expectedProbabilities(next);
        if (Object.keys(now).every((id) => now[id] === then[id])) continue;
        const label = (e: Expectation | undefined) =>
          `${indicator.name} under ${scenario.name}: ${expectationLabel(e)}`;
        return {
          row,
          col,
          key: `${indicator.id}:${scenario.id}`,
          indicatorId: indicator.id,
          scenarioId: scenario.id,
          digit: String(i + 1),
          before: label(from),
          after: label(to),
          state: next,
        };
      }
    }
  }
  throw new Error("no rating change in the demo moves a probability");
}

/** Every scenario's probability on the page equals the engine's for `state`, formatted as the UI does. */
async function expectEngineProbabilities(page: Page, state: AssessmentState) {
  for (const [scenarioId, shown] of Object.entries(expectedProbabilities(state))) {
    await expect(page.getByTestId(`probability-${scenarioId}`)).toHaveText(shown);
  }
}

async function shownProbabilities(page: Page): Promise<Record<string, string>> {
  const entries = await page
    .getByTestId(/^probability-/)
    .evaluateAll((els) => els.map((el) => ({ id: el.getAttribute("data-testid") ?? "", text: el.textContent ?? "" })));
  return Object.fromEntries(entries.map(({ id, text }) => [id.replace("probability-", ""), text]));
}

/** The rationale the history kept with the change that made `version`. */
function rationaleOf(version: number): string | null {
  const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare("select rationale from events where assessment_id = ? and json_extract(payload, '$.version') = ?")
      .get(assessmentId, version) as { rationale: string | null } | undefined;
    return row?.rationale ?? null;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Accessibility: names as Chromium computes them for assistive technology.

const CONTROL_ROLES = new Set([
  "button",
  "checkbox",
  "combobox",
  "date",
  "DateTime",
  "link",
  "listbox",
  "menuitem",
  "menuitemcheckbox",
  "menuitemradio",
  "radio",
  "searchbox",
  "slider",
  "spinbutton",
  "switch",
  "tab",
  "textbox",
]);

/** Every control Chromium exposes on the page, and those of them without an accessible name. */
async function controlNames(page: Page): Promise<{ checked: number; unnamed: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    let checked = 0;
    const unnamed: string[] = [];
    for (const node of nodes) {
      const role = String(node.role?.value ?? "");
      if (node.ignored || !CONTROL_ROLES.has(role)) continue;
      checked++;
      if (String(node.name?.value ?? "").trim()) continue;
      let html = "(no DOM node)";
      if (node.backendDOMNodeId !== undefined) {
        const { object } = await cdp.send("DOM.resolveNode", { backendNodeId: node.backendDOMNodeId });
        const { result } = await cdp.send("Runtime.callFunctionOn", {
          objectId: object.objectId,
          functionDeclaration: "function () { return (this.outerHTML || this.nodeName).slice(0, 240); }",
          returnByValue: true,
        });
        html = String(result.value);
      }
      unnamed.push(`${role}: ${html}`);
    }
    return { checked, unnamed };
  } finally {
    await cdp.detach();
  }
}

async function expectEveryControlNamed(page: Page, where: string, atLeast: number) {
  const { checked, unnamed } = await controlNames(page);
  expect(unnamed, `controls without an accessible name (${where})`).toEqual([]);
  expect(checked, `controls found (${where})`).toBeGreaterThanOrEqual(atLeast);
}

// ---------------------------------------------------------------------------------------------

test("the owner signs in, invites an analyst and a viewer, and opens the demo workspace", async ({
  browser,
}, testInfo) => {
  ownerSide = await newPerson(browser, testInfo, "198.51.100.1");
  const { page } = ownerSide;
  await signInOwner(page);
  passwords.set(analyst.email, await invite(browser, page, analyst, "analyst"));
  passwords.set(viewer.email, await invite(browser, page, viewer, "viewer"));

  await page.goto("/");
  await page.getByRole("main").getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  assessmentId = new URL(page.url()).pathname.split("/").pop() ?? "";
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Indicator matrix" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Evidence locker/ })).toBeVisible();

  // What the page shows on opening is the engine's answer for the server's state.
  const { state, role } = await fetchAssessment(page.request, assessmentId);
  expect(role).toBe("owner");
  await expectEngineProbabilities(page, state);
});

test("screenshots of the demo workspace at 1440×900 and 1024×768", async () => {
  const testInfo = test.info();
  const page = await ownerSide.context.newPage();
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await openWorkspace(page, assessmentId, DEMO_TITLE);
    await expect(page.getByRole("img", { name: /^Bar chart:/ })).toBeVisible();
    const file = testInfo.outputPath(`ws-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`workspace ${width}×${height}`, { path: file, contentType: "image/png" });
  }
  await page.close();
});

test("keyboard only: Tab reaches the matrix, arrows move, Enter opens the menu, a digit sets the rating the engine then reflects", async () => {
  const { page } = ownerSide;
  await openWorkspace(page, assessmentId, DEMO_TITLE);
  const before = await fetchAssessment(page.request, assessmentId);
  const change = findRatingChange(before.state, 1, 1);
  usedCells.add(change.key);

  // From the rationale field, Tab alone walks into the matrix, landing on its first cell.
  await page.getByLabel("Rationale for your next change").focus();
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.hasAttribute("data-cell") ?? false);
  }
  expect(reached, "Tab reaches a matrix cell").toBe(true);
  await expect(cellAt(page, 0, 0)).toBeFocused();

  // Arrows, Home and End move between cells.
  await page.keyboard.press("ArrowRight");
  await expect(cellAt(page, 0, 1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(cellAt(page, 1, 1)).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(cellAt(page, 1, 0)).toBeFocused();
  await page.keyboard.press("End");
  await expect(cellAt(page, 1, 2)).toBeFocused();
  await page.keyboard.press("Home");
  await expect(cellAt(page, 1, 0)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(cellAt(page, 0, 0)).toBeFocused();
  // Tab leaves the matrix and Shift+Tab comes back to the cell last focused.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Tab");
  await expect(cellAt(page, 1, 0)).not.toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(cellAt(page, 1, 0)).toBeFocused();

  // Enter opens the rating menu; Escape closes it and gives focus back to the cell.
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem")).toHaveCount(6);
  await expect(menu.getByRole("menuitem").first()).toContainText("Highly likely");
  // Opened from the keyboard, the menu starts on its first item.
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(cellAt(page, 1, 0)).toBeFocused();

  // 0 asks for an exact likelihood; Escape leaves the rating as it was.
  await page.keyboard.press("0");
  const exact = page.getByRole("dialog", { name: "Exact likelihood" });
  await expect(exact).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(exact).toBeHidden();
  // Closing a dialog gives focus back to what opened it.
  await expect(cellAt(page, 1, 0)).toBeFocused();

  // Walk to the chosen cell with arrows and set its rating with a digit.
  await cellAt(page, 0, 0).focus();
  for (let r = 0; r < change.row; r++) await page.keyboard.press("ArrowDown");
  for (let c = 0; c < change.col; c++) await page.keyboard.press("ArrowRight");
  const cell = cellAt(page, change.row, change.col);
  await expect(cell).toBeFocused();
  await expect(cell).toHaveAttribute("aria-label", change.before);
  const shownBefore = await shownProbabilities(page);
  await page.keyboard.press(change.digit);
  await expect(cell).toHaveAttribute("aria-label", change.after);

  const after = await serverAt(page, assessmentId, before.state.version + 1);
  expect(after.state.indicators[change.row]?.expectations[change.scenarioId]).toBe(
    change.state.indicators[change.row]?.expectations[change.scenarioId],
  );
  await expect(page.getByText("All changes saved")).toBeVisible();
  await expectEngineProbabilities(page, after.state);
  expect(await shownProbabilities(page), "the rating moved a probability").not.toEqual(shownBefore);
  await expect(cell).toBeFocused();
});

test("a weight typed in percent saves on Enter and the probabilities are the engine's", async () => {
  const { page } = ownerSide;
  const before = await fetchAssessment(page.request, assessmentId);
  const now = expectedProbabilities(before.state);
  // The first indicator and weight that visibly move a probability.
  let pick: { index: number; percent: number } | null = null;
  for (const [index, indicator] of before.state.indicators.entries()) {
    for (const percent of [0, 100, 50, 25, 75]) {
      if (Math.round(indicator.weight * 100) === percent) continue;
      const next = {
        ...before.state,
        indicators: before.state.indicators.map((x) => (x.id === indicator.id ? { ...x, weight: percent / 100 } : x)),
      };
      const then = expectedProbabilities(next);
      if (Object.keys(now).some((id) => now[id] !== then[id])) pick = { index, percent };
      if (pick) break;
    }
    if (pick) break;
  }
  expect(pick, "a weight change that moves a probability").not.toBeNull();
  const { index, percent } = pick ?? { index: 0, percent: 0 };
  const indicator = before.state.indicators[index];
  const name = indicator?.name ?? "";

  const typed = page.getByLabel(`Weight of ${name} in percent`, { exact: true });
  const slider = page.getByRole("slider", { name: `Weight of ${name}`, exact: true });
  await expect(typed).toHaveValue(String(Math.round((indicator?.weight ?? 0) * 100)));
  const shownBefore = await shownProbabilities(page);

  // Out of range: refused beside the field, nothing saved.
  await typed.fill("140");
  await expect(typed).toHaveAttribute("aria-invalid", "true");
  await typed.press("Enter");
  await typed.press("Escape");
  await expect(typed).toHaveAttribute("aria-invalid", "false");
  expect((await fetchAssessment(page.request, assessmentId)).state.version).toBe(before.state.version);

  await typed.fill(String(percent));
  await typed.press("Enter");
  const after = await serverAt(page, assessmentId, before.state.version + 1);
  expect(after.state.indicators[index]?.weight).toBeCloseTo(percent / 100, 10);
  await expect(slider).toHaveValue(String(percent));
  await expect(typed).toHaveValue(String(percent));
  await expectEngineProbabilities(page, after.state);
  expect(await shownProbabilities(page), "the weight moved a probability").not.toEqual(shownBefore);
});

test("an evidence item graded B2 and linked to an indicator appears in the locker", async () => {
  const { page } = ownerSide;
  const before = await fetchAssessment(page.request, assessmentId);
  const indicator = before.state.indicators[2] ?? before.state.indicators[0];
  if (!indicator) throw new Error("the demo has no indicators");
  const title = "Satellite imagery: Il-76 turnarounds at Khmeimim doubled";
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  await page.getByRole("button", { name: "Add evidence" }).click();
  const form = page.getByRole("dialog", { name: "Add evidence" });
  await expect(form).toBeVisible();
  await form.getByLabel("Title", { exact: true }).fill(title);
  await form.getByLabel("Source", { exact: true }).fill("Commercial imagery provider");
  await form.getByLabel("Source kind").selectOption({ label: "Imagery" });
  await form.getByLabel("Source URL (optional)").fill("https://imagery.example.org/khmeimim/2024-12-11");
  await form.getByLabel("Source reliability").selectOption({ label: "B — Usually reliable" });
  await form.getByLabel("Information credibility").selectOption({ label: "2 — Probably true" });
  await form.getByLabel("Observed on (YYYY-MM-DD, UTC)").fill(yesterday);
  await expect(form).toContainText("Grade B2");
  await form.getByLabel("Indicator to link").selectOption({ label: indicator.name });
  await form.getByLabel("It says the indicator is").selectOption({ label: "▲ Indicates present" });
  await form.getByRole("button", { name: "Link", exact: true }).click();
  await expect(form.getByRole("listitem").filter({ hasText: indicator.name })).toBeVisible();
  await form.getByRole("button", { name: "Add evidence" }).click();
  await expect(form).toBeHidden();

  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row.locator("abbr")).toHaveText("B2");
  await expect(row.locator("abbr")).toHaveAttribute("title", /Usually reliable.*Probably true/);
  await expect(row).toContainText("Imagery");
  await expect(row).toContainText(owner.name);
  await expect(row.getByRole("listitem").filter({ hasText: indicator.name })).toContainText("▲ present");
  await expect(page.getByRole("region", { name: /Evidence locker/ })).toContainText(
    `Evidence locker (${before.state.evidence.length + 1})`,
  );

  const after = await serverAt(page, assessmentId, before.state.version + 1);
  const saved = after.state.evidence.find((e) => e.title === title);
  expect(saved).toMatchObject({
    reliability: "B",
    credibility: 2,
    sourceKind: "imagery",
    observedAt: yesterday,
    links: { [indicator.id]: 1 },
  });
  await expectEngineProbabilities(page, after.state);
});

test("every control in the workspace has an accessible name (page, evidence form, rating menu)", async () => {
  const { page } = ownerSide;
  await openWorkspace(page, assessmentId, DEMO_TITLE);
  await expectEveryControlNamed(page, "workspace", 50);

  await page.getByRole("button", { name: "Add evidence" }).click();
  const form = page.getByRole("dialog", { name: "Add evidence" });
  await expect(form).toBeVisible();
  await expectEveryControlNamed(page, "evidence form", 10);
  await page.keyboard.press("Escape");
  await expect(form).toBeHidden();

  await cellAt(page, 0, 0).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await expectEveryControlNamed(page, "rating menu", 6);
  await page.keyboard.press("Escape");
});

test(`a second analyst's page shows the owner's change within ${LIVE_BUDGET_MS / 1000} s, without a reload`, async ({
  browser,
}, testInfo) => {
  analystSide = await newPerson(browser, testInfo, "198.51.100.2");
  const other = analystSide.page;
  const password = passwords.get(analyst.email) ?? "";
  expect(await signIn(other, analyst.email, password), "the analyst signs in").toBe(true);
  await openWorkspace(other, assessmentId, DEMO_TITLE);
  await expect(other.getByRole("note")).toHaveCount(0);
  await other.evaluate(() => {
    (window as unknown as { loadedOnce?: boolean }).loadedOnce = true;
  });

  const { page } = ownerSide;
  const before = await fetchAssessment(page.request, assessmentId);
  const change = findRatingChange(before.state);
  usedCells.add(change.key);
  await expect(cellAt(other, change.row, change.col)).toHaveAttribute("aria-label", change.before);

  await cellAt(page, change.row, change.col).focus();
  const started = Date.now();
  await page.keyboard.press(change.digit);
  await expect(cellAt(other, change.row, change.col)).toHaveAttribute("aria-label", change.after, {
    timeout: LIVE_BUDGET_MS,
  });
  const elapsed = Date.now() - started;
  testInfo.annotations.push({ type: "live update", description: `${elapsed} ms from key press to the other page` });
  expect(elapsed).toBeLessThanOrEqual(LIVE_BUDGET_MS);

  await expect(other.getByRole("status").filter({ hasText: `${owner.name} saved a change` })).toBeVisible();
  const after = await serverAt(page, assessmentId, before.state.version + 1);
  await expectEngineProbabilities(other, after.state);
  expect(
    await other.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce),
    "the page was not reloaded",
  ).toBe(true);
  await other.close();
});

test("a stale save is refused with who changed what; reloading their change keeps the analyst's rationale", async () => {
  const { page } = ownerSide;
  // The analyst's page hears nothing (its event stream is cut), so it stays on the version it loaded.
  const stale = await analystSide.context.newPage();
  await stale.route("**/api/trpc/workspace.onChange**", (route) => route.abort());
  await openWorkspace(stale, assessmentId, DEMO_TITLE);
  const loaded = await fetchAssessment(page.request, assessmentId);

  const theirs = findRatingChange(loaded.state);
  usedCells.add(theirs.key);
  const mine = findRatingChange(loaded.state);
  usedCells.add(mine.key);

  // The owner saves first.
  await cellAt(page, theirs.row, theirs.col).focus();
  await page.keyboard.press(theirs.digit);
  await serverAt(page, assessmentId, loaded.state.version + 1);

  // The analyst, still on the old version, gives a rationale and changes another cell.
  const rationale = "ADS-B shows the airlift tempo falling since Tuesday";
  const rationaleField = stale.getByLabel("Rationale for your next change");
  await rationaleField.fill(rationale);
  const myCell = cellAt(stale, mine.row, mine.col);
  await myCell.focus();
  await stale.keyboard.press(mine.digit);

  const conflict = stale.getByRole("alert").filter({ hasText: "Your change was not saved:" });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText(`${owner.name} changed this assessment since you loaded it`);
  await expect(conflict).toContainText(owner.name);
  // Refused: the cell shows the server's rating again, and the server kept only the owner's change.
  await expect(myCell).toHaveAttribute("aria-label", mine.before);
  const refused = await fetchAssessment(page.request, assessmentId);
  expect(refused.state.version).toBe(loaded.state.version + 1);
  await expect(cellAt(stale, theirs.row, theirs.col)).toHaveAttribute("aria-label", theirs.before);

  await conflict.getByRole("button", { name: "Reload their change" }).click();
  await expect(conflict).toBeHidden();
  await expect(cellAt(stale, theirs.row, theirs.col)).toHaveAttribute("aria-label", theirs.after);
  await expect(rationaleField).toHaveValue(rationale);
  await expectEngineProbabilities(stale, refused.state);

  // Applied again on the new version, the change is saved with the rationale kept for the history.
  await myCell.focus();
  await stale.keyboard.press(mine.digit);
  await expect(myCell).toHaveAttribute("aria-label", mine.after);
  const saved = await serverAt(page, assessmentId, refused.state.version + 1);
  await expect(rationaleField).toHaveValue("");
  await expect(stale.getByRole("alert").filter({ hasText: "Your change was not saved:" })).toHaveCount(0);
  expect(rationaleOf(saved.state.version)).toBe(rationale);
  await expectEngineProbabilities(stale, saved.state);
  await stale.close();
});

test("a viewer sees the read-only note, every control disabled, and the server refuses their edits", async ({
  browser,
}, testInfo) => {
  const viewerSide = await newPerson(browser, testInfo, "198.51.100.3");
  const { page } = viewerSide;
  const password = passwords.get(viewer.email) ?? "";
  expect(await signIn(page, viewer.email, password), "the viewer signs in").toBe(true);
  await openWorkspace(page, assessmentId, DEMO_TITLE);

  await expect(page.getByRole("note")).toHaveText(/^Read-only\. You are a viewer/);
  const { state, role } = await fetchAssessment(page.request, assessmentId);
  expect(role).toBe("viewer");
  await expectEngineProbabilities(page, state);

  const cells = page.locator("[data-cell]");
  const active = state.scenarios.filter((s) => !s.archived).length;
  await expect(cells).toHaveCount(state.indicators.length * active);
  const enabled = async (locator: Locator) =>
    locator.evaluateAll((els) => els.filter((el) => !(el as HTMLButtonElement).disabled).map((el) => el.outerHTML));
  // Rating cells stay focusable for reading with the keyboard, but say they are unavailable.
  expect(
    await cells.evaluateAll((els) => els.filter((el) => el.getAttribute("aria-disabled") !== "true").length),
    "rating cells a viewer can use",
  ).toBe(0);
  expect(await enabled(page.getByRole("slider")), "weight sliders a viewer can use").toEqual([]);
  expect(await enabled(page.getByLabel(/^Weight of .* in percent$/)), "weight fields a viewer can use").toEqual([]);
  expect(await enabled(page.getByLabel("Prior weight")), "prior fields a viewer can use").toEqual([]);
  await expect(page.getByLabel("Analytic confidence")).toBeDisabled();
  for (const name of ["Add evidence", "Add indicator", "Add scenario", "Reload their change"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  await expect(page.getByLabel("Rationale for your next change")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Edit|Delete|Unlink|Actions for|Override presence)/ })).toHaveCount(
    0,
  );

  // A click on a cell opens nothing.
  await cells.first().click({ force: true });
  await expect(page.getByRole("menu")).toHaveCount(0);
  // The keyboard moves through the matrix, but Enter and the digits change nothing.
  await cellAt(page, 0, 0).focus();
  await page.keyboard.press("ArrowRight");
  await expect(cellAt(page, 0, 1)).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("1");
  await page.keyboard.press("0");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expectEveryControlNamed(page, "viewer's workspace", 20);

  // And the server refuses an edit sent past the page, from the site's own origin, for the role.
  const indicator = state.indicators[0];
  const scenario = state.scenarios[0];
  const response = await page.request.post("/api/trpc/workspace.setExpectation", {
    headers: { Origin: testInfo.project.use.baseURL ?? "" },
    data: {
      json: {
        assessmentId,
        version: state.version,
        indicatorId: indicator?.id,
        scenarioId: scenario?.id,
        expectation: "highly_likely",
      },
    },
  });
  expect(response.status()).toBe(403);
  const refusal = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
  expect(refusal.error?.json?.data?.code, "refused by the role check (tRPC FORBIDDEN)").toBe("FORBIDDEN");
  expect((await fetchAssessment(page.request, assessmentId)).state.version).toBe(state.version);
});

test("the owner's own save is not announced to them as someone else's change", async () => {
  // The notice of one's own save can arrive over the event stream before the save's answer; the
  // page holds notices while a save is in flight so it does not announce (and refetch) its own change.
  const { page } = ownerSide;
  await openWorkspace(page, assessmentId, DEMO_TITLE);
  const before = await fetchAssessment(page.request, assessmentId);
  const change = findRatingChange(before.state);
  usedCells.add(change.key);
  await cellAt(page, change.row, change.col).focus();
  await page.keyboard.press(change.digit);
  await serverAt(page, assessmentId, before.state.version + 1);
  await expect(page.getByText("All changes saved")).toBeVisible();
  await page.waitForTimeout(1_000);
  await expect(page.getByRole("status").filter({ hasText: "saved a change" })).toHaveCount(0, { timeout: 500 });
});

test("two ratings typed faster than the server answers both save, without a conflict with oneself", async () => {
  // Saves go one at a time, each at the version the previous produced. The first answer is held
  // back so the second rating is typed while the first save is in flight.
  const { page } = ownerSide;
  await openWorkspace(page, assessmentId, DEMO_TITLE);
  const before = await fetchAssessment(page.request, assessmentId);
  const first = findRatingChange(before.state);
  usedCells.add(first.key);
  const second = findRatingChange(first.state);
  usedCells.add(second.key);
  const slow = "**/api/trpc/workspace.setExpectation**";
  await page.route(slow, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  try {
    await cellAt(page, first.row, first.col).focus();
    await page.keyboard.press(first.digit);
    await cellAt(page, second.row, second.col).focus();
    await page.keyboard.press(second.digit);
    const after = await serverAt(page, assessmentId, before.state.version + 2);
    const rating = (c: RatingChange) =>
      after.state.indicators.find((i) => i.id === c.indicatorId)?.expectations[c.scenarioId];
    expect(rating(first)).toBe(RATING_KEYS[Number(first.digit) - 1]);
    expect(rating(second)).toBe(RATING_KEYS[Number(second.digit) - 1]);
    await expect(page.getByText("All changes saved")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "not saved" })).toHaveCount(0);
    await expect(cellAt(page, first.row, first.col)).toHaveAttribute("aria-label", first.after);
    await expect(cellAt(page, second.row, second.col)).toHaveAttribute("aria-label", second.after);
    await expectEngineProbabilities(page, after.state);
  } finally {
    await page.unroute(slow);
  }
});
