// What-if, without writing history (issue 13, §2), in real Chromium against the production server:
// hypothetical ratings, presence and evidence change the readout (saved call beside the what-if
// call, the engine's figures) while the page sends no mutation, the version stays and another
// analyst's page sees nothing; another analyst's saved change moves the saved base and the what-if
// re-applies on top; applying saves each change with the rationale; a refusal stops the rest and
// says what was saved and what was not; leaving asks first; the collection priorities open it; a
// viewer may explore but not apply. Screenshots in what-if mode at 1440 and 1024.
//
// Self-sufficient: on a fresh database it creates the first account itself (./helpers.ts).
import { type Browser, expect, type Page, type TestInfo, test } from "@playwright/test";
import { applyChange, type Change } from "@/shared/assessment/changes";
import type { AssessmentState, EvidenceState } from "@/shared/assessment/state";
import {
  DEMO_TITLE,
  expectedProbabilities,
  fetchAssessment,
  openWorkspace,
  serverAt,
  signIn,
  signInOwner,
  versionOf,
} from "./helpers";
import { type Person, peopleOfSpec } from "./people";
import {
  type RatingMove,
  READOUT_PARTS,
  seriousViolations,
  someRatingThatMoves,
  watchMutations,
} from "./readout-helpers";
import { trpcQuery } from "./trpc";

test.describe.configure({ mode: "serial", retries: 0 });

const analyst = { name: "Wren What-if", email: "analyst@what-if.e2e.example" };
const viewer = { name: "Vera Viewer", email: "viewer@what-if.e2e.example" };

const people = peopleOfSpec();
let owner: Person;
let other: Person;
let demoId = "";
const passwords = new Map<string, string>();

const newPerson = (browser: Browser, testInfo: TestInfo, address: string) =>
  people.add(browser, testInfo, address, { width: 1440, height: 900 });

/** The owner invites a person on /team, who creates their account through the link. */
async function invite(browser: Browser, page: Page, person: { name: string; email: string }, role: string) {
  await page.goto("/team");
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation created for ${person.email}` })).toBeVisible();
  const link = await page.getByLabel(`Invitation link for ${person.email}`).inputValue();
  const password = `${role}-what-if-pass-${person.email.length}`;
  const theirs = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.39" } });
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
  passwords.set(person.email, password);
}

const cellAt = (page: Page, row: number, col: number) => page.locator(`[data-cell="${row}:${col}"]`);
const toggle = (page: Page) => page.getByRole("button", { name: "What-if mode" });
const panel = (page: Page) => page.getByTestId("what-if-panel");
const steps = (page: Page) => page.getByRole("list", { name: "Hypothetical changes" }).getByRole("listitem");

/** The readout shows `whatIf`'s figures, each beside the saved one. */
async function expectReadout(page: Page, saved: AssessmentState, whatIf: AssessmentState) {
  const was = expectedProbabilities(saved);
  for (const [id, shown] of Object.entries(expectedProbabilities(whatIf))) {
    await expect(page.getByTestId(`readout-probability-${id}`)).toHaveText(shown);
    await expect(page.getByTestId(`readout-${id}`)).toContainText(`saved ${was[id]}`);
  }
}

/** The change set of `history.changes` for the newest `limit` events, newest first. */
async function latestEvents(page: Page, limit: number) {
  return (
    await trpcQuery<{ items: { seq: number; kind: string; rationale: string | null }[] }>(
      page.request,
      "history.changes",
      { assessmentId: demoId, limit },
    )
  ).items;
}

/** Rates one cell by keyboard on `page`. */
async function rate(page: Page, move: RatingMove) {
  await cellAt(page, move.row, move.col).focus();
  await page.keyboard.press(move.digit);
  await expect(cellAt(page, move.row, move.col)).toHaveAttribute("aria-label", move.label);
}

test("the owner invites an analyst and a viewer, and both open the demo", async ({ browser }, testInfo) => {
  owner = await newPerson(browser, testInfo, "198.51.100.31");
  await signInOwner(owner.page);
  const link = owner.page.getByRole("main").getByRole("link", { name: DEMO_TITLE });
  demoId = ((await link.getAttribute("href")) ?? "").split("/").pop() ?? "";
  await invite(browser, owner.page, analyst, "analyst");
  await invite(browser, owner.page, viewer, "viewer");
  other = await newPerson(browser, testInfo, "198.51.100.32");
  expect(await signIn(other.page, analyst.email, passwords.get(analyst.email) ?? "")).toBe(true);
  await openWorkspace(other.page, demoId, DEMO_TITLE);
});

// The what-if built in the first test, kept for the next ones.
let base: AssessmentState;
let whatIfChanges: Change[] = [];
const evidenceTitle = "What-if: S-400 seen back at its Khmeimim site";

function withWhatIf(saved: AssessmentState): AssessmentState {
  return whatIfChanges.reduce((s, c) => applyChange(s, c, { at: Date.now() }), saved);
}

test("a what-if changes the readout, sends no mutation, writes no event, and the other analyst sees nothing", async () => {
  const { page } = owner;
  await openWorkspace(page, demoId, DEMO_TITLE);
  base = (await fetchAssessment(page.request, demoId)).state;
  const mutations = watchMutations(page);
  const otherBefore = await other.page.getByTestId(/^probability-/).allTextContents();

  await toggle(page).click();
  await expect(toggle(page)).toHaveAttribute("aria-pressed", "true");
  await expect(panel(page)).toContainText("What-if mode: nothing here is saved");
  await expect(page.getByTestId("live-readout")).toContainText("What-if · not saved");
  // The rationale of a real change makes no sense here: the banner takes its place.
  await expect(page.getByLabel("Rationale for your next change")).toHaveCount(0);

  // A hypothetical rating, by keyboard in the matrix.
  const move = someRatingThatMoves(base, 3);
  await rate(page, move);
  // Hypothetical absence of the first indicator, from the banner.
  const first = base.indicators[0];
  if (!first) throw new Error("the demo has no indicators");
  await panel(page).getByLabel("Indicator", { exact: true }).selectOption({ label: first.name });
  await panel(page).getByRole("button", { name: "Seen absent" }).click();
  // Hypothetical evidence, through the locker's own form.
  const linked = base.indicators[1];
  if (!linked) throw new Error("the demo has too few indicators");
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByRole("button", { name: "Add evidence" }).click();
  const form = page.getByRole("dialog", { name: "Add evidence" });
  await form.getByLabel("Title", { exact: true }).fill(evidenceTitle);
  await form.getByLabel("Source", { exact: true }).fill("Commercial imagery");
  await form.getByLabel("Source kind").selectOption({ label: "Imagery" });
  await form.getByLabel("Source reliability").selectOption({ label: "B — Usually reliable" });
  await form.getByLabel("Information credibility").selectOption({ label: "2 — Probably true" });
  await form.getByLabel("Observed on (YYYY-MM-DD, UTC)").fill(yesterday);
  await form.getByLabel("Indicator to link").selectOption({ label: linked.name });
  await form.getByLabel("It says the indicator is").selectOption({ label: "▼ Indicates absent" });
  await form.getByRole("button", { name: "Link", exact: true }).click();
  await form.getByRole("button", { name: "Add evidence" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: evidenceTitle })).toHaveCount(1);

  await expect(steps(page)).toHaveCount(3);
  const item: EvidenceState = {
    id: "hypothetical",
    title: evidenceTitle,
    summary: "",
    sourceName: "Commercial imagery",
    sourceUrl: null,
    sourceKind: "imagery",
    reliability: "B",
    credibility: 2,
    observedAt: yesterday,
    recordedAt: 0,
    authorId: null,
    authorName: "",
    lastReviewedAt: 0,
    links: { [linked.id]: -1 },
    origin: null,
  };
  whatIfChanges = [
    move.change,
    { type: "indicator.setPresence", indicatorId: first.id, presence: 0, rationale: "what-if" },
    { type: "evidence.add", evidence: item },
  ];
  await expectReadout(page, base, withWhatIf(base));
  expect(await seriousViolations(page, READOUT_PARTS), "axe on the workspace in what-if mode").toEqual([]);

  // Nothing left the browser, nothing was written, and the other analyst sees the saved call.
  await page.waitForTimeout(1_000);
  expect(mutations, "tRPC mutations sent in what-if mode").toEqual([]);
  expect(await versionOf(page, demoId)).toBe(base.version);
  await expect(cellAt(other.page, move.row, move.col)).not.toHaveAttribute("aria-label", move.label);
  expect(await other.page.getByTestId(/^probability-/).allTextContents()).toEqual(otherBefore);
  await expect(other.page.getByRole("row").filter({ hasText: evidenceTitle })).toHaveCount(0);
  await expect(other.page.getByTestId("what-if-panel")).toHaveCount(0);
  await expect(other.page.getByRole("status").filter({ hasText: "saved a change" })).toHaveCount(0);
});

test("another analyst's saved change moves the saved call, and the what-if re-applies on top of it", async () => {
  const { page } = owner;
  const theirs = someRatingThatMoves(base, 6);
  await rate(other.page, theirs);
  const saved = (await serverAt(page, demoId, base.version + 1)).state;
  await expect(page.getByRole("status").filter({ hasText: `${analyst.name} saved a change` })).toBeVisible();
  await expect(cellAt(page, theirs.row, theirs.col)).toHaveAttribute("aria-label", theirs.label);
  await expectReadout(page, saved, withWhatIf(saved));
  await expect(steps(page)).toHaveCount(3);
  base = saved;
});

test("screenshots of the what-if at 1440 and 1024", async () => {
  const { page } = owner;
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    const top = test.info().outputPath(`what-if-top-${width}.png`);
    await page.screenshot({ path: top });
    await test.info().attach(`what-if ${width}`, { path: top, contentType: "image/png" });
    await page.evaluate(() => document.getElementById("indicator-matrix")?.scrollIntoView({ block: "start" }));
    await expect(page.getByTestId("live-readout")).toBeInViewport({ ratio: 1 });
    const matrix = test.info().outputPath(`what-if-matrix-${width}.png`);
    await page.screenshot({ path: matrix });
    await test.info().attach(`what-if matrix ${width}`, { path: matrix, contentType: "image/png" });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
});

test("applying saves each hypothetical change through the normal path, each with the one rationale", async () => {
  const { page } = owner;
  const rationale = "If the S-400 battery is seen back on its pad";
  const apply = panel(page).getByRole("button", { name: "Apply 3 as real changes" });
  // A rationale is required.
  await apply.click();
  await expect(panel(page)).toContainText("Give a rationale");
  expect(await versionOf(page, demoId)).toBe(base.version);

  await panel(page).getByLabel("Rationale for applying the what-if").fill(rationale);
  await apply.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved 3 changes from the what-if" })).toBeVisible();
  await expect(panel(page)).toHaveCount(0);
  await expect(toggle(page)).toHaveAttribute("aria-pressed", "false");

  const after = (await serverAt(page, demoId, base.version + 3)).state;
  expect(after.version).toBe(base.version + 3);
  const events = await latestEvents(page, 3);
  expect(events.map((e) => e.kind).reverse()).toEqual([
    "indicator.setExpectation",
    "indicator.setPresence",
    "evidence.add",
  ]);
  expect(events.map((e) => e.rationale)).toEqual([rationale, rationale, rationale]);
  expect(after.indicators[0]).toMatchObject({ presenceOverride: 0, overrideRationale: rationale });
  expect(after.evidence.find((e) => e.title === evidenceTitle)).toMatchObject({
    reliability: "B",
    credibility: 2,
    links: { [base.indicators[1]?.id ?? ""]: -1 },
  });
  // The saved call is the what-if call the readout showed.
  expect(expectedProbabilities(after)).toEqual(expectedProbabilities(withWhatIf(base)));
  for (const [id, shown] of Object.entries(expectedProbabilities(after))) {
    await expect(page.getByTestId(`probability-${id}`)).toHaveText(shown);
    await expect(other.page.getByTestId(`probability-${id}`)).toHaveText(shown);
  }
  base = after;
});

test("a refusal part-way stops the apply, says what was saved and what was not, and keeps the rest", async () => {
  const { page } = owner;
  await openWorkspace(page, demoId, DEMO_TITLE);
  const saved = (await fetchAssessment(page.request, demoId)).state;
  await toggle(page).click();
  const one = someRatingThatMoves(saved, 4);
  await rate(page, one);
  const two = someRatingThatMoves(one.next, 5);
  await rate(page, two);
  const third = saved.indicators[2];
  if (!third) throw new Error("the demo has too few indicators");
  await panel(page).getByLabel("Indicator", { exact: true }).selectOption({ label: third.name });
  await panel(page).getByRole("button", { name: "Seen present" }).click();
  await expect(steps(page)).toHaveCount(3);
  const summaries = await steps(page).evaluateAll((items) =>
    items.map((li) => (li.firstElementChild?.textContent ?? "").trim()),
  );

  // While the second save is on its way, the other analyst saves a change of their own: the
  // server refuses the second as made on a version that is no longer current.
  let sent = 0;
  const route = "**/api/trpc/workspace.**";
  await page.route(route, async (r) => {
    if (r.request().method() === "POST" && ++sent === 2) {
      const before = await versionOf(other.page, demoId);
      await rate(other.page, someRatingThatMoves((await fetchAssessment(other.page.request, demoId)).state, 7));
      await serverAt(other.page, demoId, before + 1);
    }
    await r.continue();
  });
  try {
    const rationale = "Two sightings on one day";
    await panel(page).getByLabel("Rationale for applying the what-if").fill(rationale);
    await panel(page).getByRole("button", { name: "Apply 3 as real changes" }).click();
    const outcome = panel(page).getByRole("status");
    await expect(outcome).toContainText(`Saved 1 change: ${summaries[0]}.`);
    await expect(outcome).toContainText(`Refused: ${summaries[1]}:`);
    await expect(outcome).toContainText(`Not tried after it: ${summaries[2]}.`);
    await expect(outcome).toContainText("What was not saved stays in the what-if.");
    // The refused and the untried stay in the what-if, the rationale in its field.
    await expect(steps(page)).toHaveCount(2);
    await expect(panel(page).getByLabel("Rationale for applying the what-if")).toHaveValue(rationale);
    expect(await versionOf(page, demoId)).toBe(saved.version + 2);

    // Once the page holds the other analyst's change, the rest applies.
    const reload = page.getByRole("button", { name: "Reload their change" });
    if (await reload.isVisible()) await reload.click();
    await expect(page.getByTestId(/^readout-probability-/).first()).toBeVisible();
    await panel(page).getByRole("button", { name: "Apply 2 as real changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved 2 changes from the what-if" })).toBeVisible();
    const after = await serverAt(page, demoId, saved.version + 4);
    expect(after.state.indicators[2]?.presenceOverride).toBe(1);
    const events = await latestEvents(page, 4);
    expect(events.filter((e) => e.rationale === rationale)).toHaveLength(3);
  } finally {
    await page.unroute(route);
  }
});

test("leaving a what-if with changes asks first: Cancel keeps them, Discard drops them and nothing was saved", async () => {
  const { page } = owner;
  await openWorkspace(page, demoId, DEMO_TITLE);
  const saved = (await fetchAssessment(page.request, demoId)).state;
  const mutations = watchMutations(page);
  // g then w opens it from the keyboard.
  await page.keyboard.press("g");
  await page.keyboard.press("w");
  await expect(panel(page)).toBeVisible();
  const move = someRatingThatMoves(saved, 1);
  await rate(page, move);

  await toggle(page).click();
  const ask = page.getByRole("dialog", { name: "Leave the what-if?" });
  await expect(ask).toContainText("1 hypothetical change will be discarded");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  await expect(steps(page)).toHaveCount(1);

  await cellAt(page, 0, 0).focus();
  await page.keyboard.press("g");
  await page.keyboard.press("w");
  await ask.getByRole("button", { name: "Discard and leave" }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(cellAt(page, move.row, move.col)).not.toHaveAttribute("aria-label", move.label);
  for (const [id, shown] of Object.entries(expectedProbabilities(saved))) {
    await expect(page.getByTestId(`readout-probability-${id}`)).toHaveText(shown);
  }
  expect(mutations).toEqual([]);
  expect(await versionOf(page, demoId)).toBe(saved.version);
});

test("in a what-if Ctrl+Z takes back the last hypothetical change and Ctrl+Shift+Z puts it back; a link to another page asks first", async () => {
  const { page } = owner;
  await openWorkspace(page, demoId, DEMO_TITLE);
  const saved = (await fetchAssessment(page.request, demoId)).state;
  const mutations = watchMutations(page);
  await page.keyboard.press("g");
  await page.keyboard.press("w");
  await expect(panel(page)).toBeVisible();
  const first = someRatingThatMoves(saved, 1);
  const second = [2, 3, 4, 5].map((row) => someRatingThatMoves(saved, row)).find((m) => m.row !== first.row);
  if (!second) throw new Error("no second row moves the call");
  await rate(page, first);
  await rate(page, second);
  await expect(steps(page)).toHaveCount(2);

  await cellAt(page, 0, 0).focus();
  await page.keyboard.press("Control+z");
  await expect(steps(page)).toHaveCount(1);
  await expect(cellAt(page, second.row, second.col)).not.toHaveAttribute("aria-label", second.label);
  await expect(cellAt(page, first.row, first.col)).toHaveAttribute("aria-label", first.label);
  await page.keyboard.press("Control+Shift+z");
  await expect(steps(page)).toHaveCount(2);
  await expect(cellAt(page, second.row, second.col)).toHaveAttribute("aria-label", second.label);
  // The buttons do the same.
  await panel(page).getByRole("button", { name: "Take back" }).click();
  await expect(steps(page)).toHaveCount(1);
  await panel(page).getByRole("button", { name: "Put back" }).click();
  await expect(steps(page)).toHaveCount(2);

  // A tab of the assessment is a link to another page: asked first, in the workspace's dialog.
  const history = page.getByRole("navigation", { name: "Assessment" }).getByRole("link", { name: "History" });
  await history.click();
  const ask = page.getByRole("dialog", { name: "Leave the what-if?" });
  await expect(ask).toContainText("2 hypothetical changes will be discarded");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  expect(new URL(page.url()).pathname).toBe(`/assessments/${demoId}`);
  await expect(steps(page)).toHaveCount(2);
  await history.click();
  await ask.getByRole("button", { name: "Discard and leave" }).click();
  await page.waitForURL(`**/assessments/${demoId}/history`);
  expect(mutations).toEqual([]);
  expect(await versionOf(page, demoId)).toBe(saved.version);
});

test("the collection priorities open the what-if with the indicator seen present, or absent", async () => {
  const { page } = owner;
  await openWorkspace(page, demoId, DEMO_TITLE);
  const saved = (await fetchAssessment(page.request, demoId)).state;
  // A priority whose presence comes from evidence (no override saved), so both links change it.
  const labels = await page
    .getByRole("button", { name: /^See the call if seen present: / })
    .evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? ""));
  const names = labels.map((l) => l.replace("See the call if seen present: ", ""));
  const indicator = saved.indicators.find((i) => names.includes(i.name) && i.presenceOverride === null);
  if (!indicator) throw new Error(`no collection priority without an override among ${names.join(", ")}`);
  const name = indicator.name;
  await page.getByRole("button", { name: `See the call if seen present: ${name}` }).click();
  await expect(panel(page)).toBeVisible();
  await expect(steps(page)).toHaveCount(1);
  await expect(steps(page).first()).toContainText(`Set the presence of '${name}' to 100 %`);
  // The readout is in view right there, beside the explanations.
  await expect(page.getByTestId("live-readout")).toBeInViewport({ ratio: 1 });
  const present = applyChange(
    saved,
    { type: "indicator.setPresence", indicatorId: indicator.id, presence: 1, rationale: "x" },
    { at: 1 },
  );
  await expectReadout(page, saved, present);

  // The absent link replaces it: one presence per indicator.
  await page.getByRole("button", { name: `See the call if seen absent: ${name}` }).click();
  await expect(steps(page)).toHaveCount(1);
  await expect(steps(page).first()).toContainText(`Set the presence of '${name}' to 0 %`);
  const absent = applyChange(
    saved,
    { type: "indicator.setPresence", indicatorId: indicator.id, presence: 0, rationale: "x" },
    { at: 1 },
  );
  await expectReadout(page, saved, absent);

  await toggle(page).click();
  await page.getByRole("button", { name: "Discard and leave" }).click();
  await expect(panel(page)).toHaveCount(0);
  expect(await versionOf(page, demoId)).toBe(saved.version);
});

test("a viewer may explore a what-if but not apply it", async ({ browser }, testInfo) => {
  const side = await newPerson(browser, testInfo, "198.51.100.33");
  const { page } = side;
  expect(await signIn(page, viewer.email, passwords.get(viewer.email) ?? "")).toBe(true);
  await openWorkspace(page, demoId, DEMO_TITLE);
  const saved = (await fetchAssessment(page.request, demoId)).state;
  await expect(page.getByRole("note")).toHaveText(/^Read-only\. You are a viewer/);
  const mutations = watchMutations(page);

  await toggle(page).click();
  await expect(page.getByRole("note")).toHaveCount(0);
  await expect(panel(page)).toContainText("As a viewer you can explore a what-if, but not save it");
  const move = someRatingThatMoves(saved, 2);
  await rate(page, move);
  await expectReadout(page, saved, move.next);
  await expect(panel(page).getByRole("button", { name: /^Apply/ })).toHaveCount(0);
  expect(mutations).toEqual([]);

  await toggle(page).click();
  await page.getByRole("button", { name: "Discard and leave" }).click();
  await expect(page.getByRole("note")).toHaveText(/^Read-only\. You are a viewer/);
  await expect(cellAt(page, move.row, move.col)).toHaveAttribute("aria-disabled", "true");
  expect(await versionOf(page, demoId)).toBe(saved.version);
});
