// One report, counted once (issue 17, DESIGN §2.3), in real Chromium against the production server:
// an analyst adds a second outlet's copy of the demo's Maxar imagery, takes Signpost's "same origin
// as …?" in the form, and the probabilities do not move; the locker shows the release's items
// together ("5 items, 1 report"), filters by origin, and the explanations and the header say how
// many independent reports there are. A wrong suggestion is dismissed and stays dismissed after a
// reload. Screenshots of the locker, the suggestion and the explanations at 1440 and 1024 wide.
//
// Self-sufficient: on a fresh database it creates the first account itself (./helpers.ts).
import { type Browser, type BrowserContext, expect, type Page, type TestInfo, test } from "@playwright/test";
import superjson from "superjson";
import {
  DEMO_TITLE,
  expectedProbabilities,
  fetchAssessment,
  openWorkspace,
  serverAt,
  signIn,
  signInOwner,
} from "./helpers";

test.describe.configure({ mode: "serial", retries: 0 });

const analyst = { name: "Otto Origin", email: "analyst@origin.e2e.example", password: "analyst-origin-pass-17" };
const MAXAR = "Maxar imagery release, 13 Dec 2024";
const COPY_TITLE = "Imagery: two An-124s loading, helicopters dismantled at Khmeimim air base";
const WRONG_TITLE = "Foreign Ministry: embassy in Damascus keeps working";
const MFA_TITLE = "Foreign Ministry: in contact with insurgents, bases guaranteed";

let context: BrowserContext;
let page: Page;
let demoId = "";
const errors: string[] = [];

async function invite(browser: Browser, testInfo: TestInfo) {
  const ownerContext = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.71" },
  });
  try {
    const owner = await ownerContext.newPage();
    await signInOwner(owner);
    const link = owner.getByRole("main").getByRole("link", { name: DEMO_TITLE });
    demoId = ((await link.getAttribute("href")) ?? "").split("/").pop() ?? "";
    await owner.goto("/team");
    await owner.getByLabel("Email", { exact: true }).fill(analyst.email);
    await owner.getByLabel("Role", { exact: true }).selectOption("analyst");
    await owner.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(
      owner.getByRole("status").filter({ hasText: `Invitation created for ${analyst.email}` }),
    ).toBeVisible();
    const invitation = await owner.getByLabel(`Invitation link for ${analyst.email}`).inputValue();
    const invited = await ownerContext
      .browser()
      ?.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.72" } });
    if (!invited) throw new Error("no browser");
    try {
      const p = await invited.newPage();
      await p.goto(invitation);
      await p.getByLabel("Your name").fill(analyst.name);
      await p.getByLabel("Password", { exact: true }).fill(analyst.password);
      await p.getByRole("button", { name: "Create account and join" }).click();
      await expect(p.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
    } finally {
      await invited.close();
    }
  } finally {
    await ownerContext.close();
  }
}

test.beforeAll(async ({ browser }, testInfo) => {
  await invite(browser, testInfo);
  context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 1440, height: 900 },
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.73" },
  });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  expect(await signIn(page, analyst.email, analyst.password)).toBe(true);
});

test.afterAll(async () => {
  await context?.close();
});

test.afterEach(() => {
  expect(errors, "no uncaught errors in the page").toEqual([]);
});

/** The probabilities the workspace shows, by scenario id. */
async function shown(p: Page): Promise<Record<string, string>> {
  const cells = p.getByTestId(/^probability-/);
  const ids = await cells.evaluateAll((els) =>
    els.map((el) => [el.getAttribute("data-testid") ?? "", el.textContent ?? ""]),
  );
  return Object.fromEntries(ids.map(([id, text]) => [(id as string).replace("probability-", ""), text as string]));
}

async function originDismissals(p: Page): Promise<[string, string][]> {
  const input = encodeURIComponent(JSON.stringify({ json: { assessmentId: demoId } }));
  const response = await p.request.get(`/api/trpc/assessments.originDismissals?input=${input}`);
  const body = (await response.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize<{ pairs: [string, string][] }>(body.result.data).pairs;
}

async function shoot(p: Page, name: string, locator: ReturnType<Page["locator"]>) {
  const testInfo = test.info();
  for (const width of [1440, 1024]) {
    await p.setViewportSize({ width, height: 900 });
    await locator.scrollIntoViewIfNeeded();
    const file = testInfo.outputPath(`${name}-${width}.png`);
    await locator.screenshot({ path: file });
    await testInfo.attach(`${name} ${width}`, { path: file, contentType: "image/png" });
  }
  await p.setViewportSize({ width: 1440, height: 900 });
}

test("a second outlet's copy of the Maxar imagery, given its suggested origin, leaves the probabilities where they were", async () => {
  await openWorkspace(page, demoId, DEMO_TITLE);
  const before = await fetchAssessment(page.request, demoId);
  const shownBefore = await shown(page);
  expect(shownBefore).toEqual(expectedProbabilities(before.state));
  const airlift = before.state.indicators.find((i) => i.name === "Heavy airlift out of Khmeimim");
  if (!airlift) throw new Error("the demo has no airlift indicator");
  await expect(page.getByText("8 independent reports from 11 evidence items")).toBeVisible();

  await page.getByRole("button", { name: "Add evidence" }).click();
  const form = page.getByRole("dialog", { name: "Add evidence" });
  await form.getByLabel("Title", { exact: true }).fill(COPY_TITLE);
  await form.getByLabel("Source", { exact: true }).fill("Wire service, citing Maxar");
  await form.getByLabel("Source kind").selectOption({ label: "Media" });
  await form.getByLabel("Source URL (optional)").fill("https://wire.example.org/2024/12/13/khmeimim-an-124");
  await form.getByLabel("Source reliability").selectOption({ label: "C — Fairly reliable" });
  await form.getByLabel("Information credibility").selectOption({ label: "3 — Possibly true" });
  await form.getByLabel("Observed on (YYYY-MM-DD, UTC)").fill("2024-12-13");
  await form.getByLabel("Indicator to link").selectOption({ label: airlift.name });
  await form.getByRole("button", { name: "Link", exact: true }).click();

  // Near-identical title: Signpost asks, naming the item and the origin it would share.
  const suggestion = form.getByRole("status").filter({ hasText: "Same origin as" });
  await expect(suggestion).toContainText("Imagery: two An-124s loading, helicopters dismantled at Khmeimim");
  await expect(suggestion).toContainText("(same title)");
  await shoot(page, "origin-form-suggestion", form);
  await form.getByRole("button", { name: `Use origin “${MAXAR}”` }).click();
  await expect(form.getByLabel("Origin (optional)")).toHaveValue(MAXAR);
  await expect(form.getByRole("status").filter({ hasText: "Counts as one report with" })).toBeVisible();
  await form.getByRole("button", { name: "Add evidence" }).click();
  await expect(form).toBeHidden();

  const after = await serverAt(page, demoId, before.state.version + 1);
  const copy = after.state.evidence.find((e) => e.title === COPY_TITLE);
  expect(copy?.origin).toBe(MAXAR);
  // The copy counts once with the imagery: not one probability moves.
  expect(await shown(page)).toEqual(shownBefore);
  expect(expectedProbabilities(after.state)).toEqual(shownBefore);

  const locker = page.getByRole("region", { name: /Evidence locker/ });
  const row = page.getByRole("row").filter({ hasText: COPY_TITLE });
  // The release's items stand together: the badge on the first, "same report" on those that follow.
  await expect(row).toContainText(`same report: ${MAXAR}`);
  const first = page.getByRole("row").filter({ hasText: "5 items, 1 report" });
  await expect(first).toHaveCount(1);
  await expect(first).toContainText(`Origin:${MAXAR}`);
  await expect(page.getByText("8 independent reports from 12 evidence items")).toBeVisible();
  await shoot(page, "origin-header", page.getByRole("region", { name: DEMO_TITLE }).first());

  // Filter by origin: the release's five items, shown together.
  await page.getByLabel("Filter by origin").selectOption({ label: `${MAXAR} (5)` });
  await expect(locker.getByRole("row").filter({ hasText: MAXAR })).toHaveCount(5);
  await expect(locker.getByRole("row").filter({ hasText: `same report: ${MAXAR}` })).toHaveCount(4);
  await shoot(page, "origin-locker-group", locker);
  await page.getByRole("button", { name: "Clear filters" }).click();

  const explanations = page.getByRole("region", { name: "Explanations" });
  await expect(explanations).toContainText("Heavy airlift out of Khmeimim: 2 evidence items, 1 independent report");
  await shoot(page, "origin-explanations", explanations.getByRole("region", { name: "What the call leans on" }));
});

test("a wrong suggestion, dismissed, stays dismissed after a reload", async () => {
  await openWorkspace(page, demoId, DEMO_TITLE);
  const before = await fetchAssessment(page.request, demoId);
  const shownBefore = await shown(page);

  // Same source and day as the ministry's statement of 8 December, but another statement.
  await page.getByRole("button", { name: "Add evidence" }).click();
  const form = page.getByRole("dialog", { name: "Add evidence" });
  await form.getByLabel("Title", { exact: true }).fill(WRONG_TITLE);
  await form.getByLabel("Source", { exact: true }).fill("Russian Foreign Ministry statement");
  await form.getByLabel("Source kind").selectOption({ label: "Official statement" });
  await form.getByLabel("Source reliability").selectOption({ label: "C — Fairly reliable" });
  await form.getByLabel("Information credibility").selectOption({ label: "3 — Possibly true" });
  await form.getByLabel("Observed on (YYYY-MM-DD, UTC)").fill("2024-12-08");
  await expect(form.getByRole("status").filter({ hasText: "Same origin as" })).toContainText(MFA_TITLE);
  // Not taken: the item is its own report.
  await form.getByRole("button", { name: "Add evidence" }).click();
  await expect(form).toBeHidden();
  const after = await serverAt(page, demoId, before.state.version + 1);
  const wrong = after.state.evidence.find((e) => e.title === WRONG_TITLE);
  const mfa = after.state.evidence.find((e) => e.title === MFA_TITLE);
  if (!wrong || !mfa) throw new Error("the items are missing");
  expect(wrong.origin).toBeNull();
  expect(await shown(page)).toEqual(shownBefore);

  // The locker asks again, about the saved item.
  const suggestions = page.getByRole("region", { name: /Possible copies of one report/ });
  const notTheSame = suggestions.getByRole("button", { name: `Not the same: “${WRONG_TITLE}” and “${MFA_TITLE}”` });
  await expect(notTheSame).toBeVisible();
  await expect(suggestions).toContainText("same source name and date");
  await shoot(page, "origin-locker-suggestion", suggestions);
  await notTheSame.click();
  await expect(notTheSame).toHaveCount(0);
  expect(await originDismissals(page)).toContainEqual([wrong.id, mfa.id].sort());
  // Not an event: the version is where the addition left it.
  expect((await fetchAssessment(page.request, demoId)).state.version).toBe(after.state.version);

  await page.reload();
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: WRONG_TITLE })).toHaveCount(1);
  await expect(page.getByRole("button", { name: `Not the same: “${WRONG_TITLE}” and “${MFA_TITLE}”` })).toHaveCount(0);
  await expect(page.getByText("Possible copies of one report")).toHaveCount(0);
});
