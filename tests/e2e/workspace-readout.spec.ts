// The call stays in view (issue 13, §1) in real Chromium against the production server: the live
// readout is in the viewport while a bottom-row rating changes and shows the engine's new figure and
// the signed change since the page opened; a changed figure flashes, never under reduced motion; the
// matrix's scenario row and indicator column stay visible while a 300-indicator matrix scrolls; the
// skip link, the readout's link and the g-shortcuts reach the matrix, the evidence and the
// explanations in a key press or two.
//
// Self-sufficient: on a fresh database it creates the first account itself (./helpers.ts).
import { expect, type Page, test } from "@playwright/test";
import { applyChange, type Change, emptyState } from "@/shared/assessment/changes";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState, IndicatorState, ScenarioState } from "@/shared/assessment/state";
import { assess, leadingScenarioId, RATING_KEYS } from "@/shared/engine";
import { formatPercent, formatSignedPoints } from "@/shared/format";
import { DEMO_TITLE, expectedProbabilities, fetchAssessment, openWorkspace, serverAt, signInOwner } from "./helpers";
import { READOUT_PARTS, ratingThatMoves, seriousViolations } from "./readout-helpers";
import { trpcQuery } from "./trpc";

test.describe.configure({ mode: "serial", retries: 0 });

let page: Page;
let demoId = "";
const errors: string[] = [];

test.beforeAll(async ({ browser }, testInfo) => {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 1440, height: 900 },
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.21" },
  });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await signInOwner(page);
  const link = page.getByRole("main").getByRole("link", { name: DEMO_TITLE });
  demoId = ((await link.getAttribute("href")) ?? "").split("/").pop() ?? "";
  expect(demoId).not.toBe("");
});

test.afterEach(() => {
  expect(errors, "uncaught errors in the page").toEqual([]);
});

test.afterAll(async () => {
  await page.context().close();
});

const cellAt = (row: number, col: number) => page.locator(`[data-cell="${row}:${col}"]`);
const readout = () => page.getByTestId("live-readout");

test("the readout stays in view while a bottom-row rating changes, showing the new figure and the change since opening", async () => {
  await openWorkspace(page, demoId, DEMO_TITLE);
  const opened = await fetchAssessment(page.request, demoId);
  const openedP = assess(engineModel(opened.state)).probabilities;
  const last = opened.state.indicators.length - 1;
  const { col, digit, next } = ratingThatMoves(opened.state, last);

  // The readout shows the call as the scenario panel does, with no change yet.
  for (const [id, shown] of Object.entries(expectedProbabilities(opened.state))) {
    await expect(page.getByTestId(`readout-probability-${id}`)).toHaveText(shown);
    await expect(page.getByTestId(`readout-change-${id}`)).toContainText("0 pts");
  }

  // Down at the bottom row the scenario panel has scrolled away; the readout has not.
  const cell = cellAt(last, col);
  await cell.focus();
  await page.evaluate(() => window.scrollBy(0, 400));
  await expect(cell).toBeInViewport();
  const panel = page.getByTestId(`probability-${opened.state.scenarios[0]?.id}`);
  await expect(panel).not.toBeInViewport();
  await expect(readout()).toBeInViewport({ ratio: 1 });

  await page.keyboard.press(digit);
  await expect(readout()).toBeInViewport({ ratio: 1 });
  const nextP = assess(engineModel(next)).probabilities;
  for (const [id, shown] of Object.entries(expectedProbabilities(next))) {
    await expect(page.getByTestId(`readout-probability-${id}`)).toHaveText(shown);
    await expect(page.getByTestId(`readout-change-${id}`)).toContainText(
      formatSignedPoints(((nextP[id] ?? 0) - (openedP[id] ?? 0)) * 100),
    );
  }
  // The leader is marked beside its term, and only it.
  const leader = leadingScenarioId(nextP);
  for (const id of Object.keys(nextP)) {
    const item = page.getByTestId(`readout-${id}`);
    if (id === leader) await expect(item).toContainText("Leading");
    else await expect(item).not.toContainText("Leading");
  }
  // The figures that moved flash once.
  const moved = Object.keys(nextP).filter((id) => formatPercent(nextP[id] ?? 0) !== formatPercent(openedP[id] ?? 0));
  expect(moved.length).toBeGreaterThan(0);
  for (const id of moved) {
    await expect(page.getByTestId(`readout-probability-${id}`)).toHaveClass(/animate-readout-flash/);
  }
  expect(await seriousViolations(page, READOUT_PARTS), "axe on the workspace with the readout").toEqual([]);
  const saved = await serverAt(page, demoId, opened.state.version + 1);
  expect(expectedProbabilities(saved.state)).toEqual(expectedProbabilities(next));
});

test("under prefers-reduced-motion a changed figure does not animate, and still shows its signed change", async () => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  try {
    await openWorkspace(page, demoId, DEMO_TITLE);
    const before = await fetchAssessment(page.request, demoId);
    const row = before.state.indicators.length - 2;
    const { col, digit, next } = ratingThatMoves(before.state, row);
    await cellAt(row, col).focus();
    await page.keyboard.press(digit);
    const shown = expectedProbabilities(next);
    const movedId = Object.keys(shown).find((id) => shown[id] !== expectedProbabilities(before.state)[id]) ?? "";
    const figure = page.getByTestId(`readout-probability-${movedId}`);
    await expect(figure).toHaveText(shown[movedId] ?? "");
    expect(await figure.evaluate((el) => getComputedStyle(el).animationName)).toBe("none");
    await expect(page.getByTestId(`readout-change-${movedId}`)).not.toContainText(/^0 pts/);
    await serverAt(page, demoId, before.state.version + 1);
  } finally {
    await page.emulateMedia({ reducedMotion: "no-preference" });
  }
});

test("from the rationale field the matrix is a Tab and an Enter away; the skip link and g then m reach it too", async () => {
  await openWorkspace(page, demoId, DEMO_TITLE);
  const onCell = () => page.evaluate(() => document.activeElement?.hasAttribute("data-cell") ?? false);

  await page.getByLabel("Rationale for your next change").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("navigation", { name: "Go to" }).getByRole("link", { name: "Matrix" })).toBeFocused();
  await page.keyboard.press("Enter");
  expect(await onCell(), "Tab, Enter from the rationale lands on a matrix cell").toBe(true);
  await expect(cellAt(0, 0)).toBeFocused();

  // The skip link shows only when focused, and lands on the cell last used.
  await page.keyboard.press("ArrowDown");
  const skips = page.getByRole("navigation", { name: "Skip links" });
  const skip = skips.getByRole("link", { name: "Skip to the indicator matrix" });
  expect((await skips.boundingBox())?.width ?? 0, "hidden until focused").toBeLessThanOrEqual(1);
  await skip.focus();
  expect((await skips.boundingBox())?.width ?? 0, "shown when focused").toBeGreaterThan(50);
  await page.keyboard.press("Enter");
  await expect(cellAt(1, 0)).toBeFocused();

  // g then e / x / m, and ? for the list.
  await page.keyboard.press("g");
  await page.keyboard.press("e");
  await expect(page.locator("#evidence-locker")).toBeFocused();
  await expect(page.getByRole("region", { name: /Evidence locker/ })).toBeInViewport();
  await page.keyboard.press("g");
  await page.keyboard.press("x");
  await expect(page.locator("#explanations")).toBeFocused();
  await page.keyboard.press("g");
  await page.keyboard.press("m");
  expect(await onCell()).toBe(true);
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Go to the indicator matrix");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // Typing in a field is typing, not a shortcut.
  const rationale = page.getByLabel("Rationale for your next change");
  await rationale.fill("");
  await rationale.pressSequentially("gm");
  await expect(rationale).toHaveValue("gm");
  await expect(rationale).toBeFocused();
  await rationale.fill("");
});

// ---------------------------------------------------------------------------------------------
// A long matrix: 12 scenarios × 300 indicators, imported as a JSON export of one creation event.

const SCENARIOS = 12;
const INDICATORS = 300;

async function teamId(): Promise<string> {
  return (await trpcQuery<{ active: { id: string } | null }>(page.request, "teams.mine")).active?.id ?? "";
}

async function importLongAssessment(): Promise<{ id: string; state: AssessmentState }> {
  const at = Date.now() - 60_000;
  const scenarios: ScenarioState[] = Array.from({ length: SCENARIOS }, (_, s) => ({
    id: `s${s + 1}`,
    name: `Scenario ${s + 1}`,
    description: "",
    prior: 1,
    color: ["#0072B2", "#D55E00", "#009E73", "#CC79A7"][s % 4] ?? "#0072B2",
    archived: false,
  }));
  const indicators: IndicatorState[] = Array.from({ length: INDICATORS }, (_, i) => ({
    id: `i${i + 1}`,
    name: `Indicator ${i + 1}`,
    description: "",
    weight: 1,
    // A few indicators seen (the last one among them, so rating it moves the call); the rest say nothing yet.
    presenceOverride: i % 50 === 0 || i === INDICATORS - 1 ? 0.8 : null,
    overrideRationale: i % 50 === 0 || i === INDICATORS - 1 ? "Seen on imagery" : null,
    lastReviewedAt: at,
    expectations: Object.fromEntries(scenarios.map((s, k) => [s.id, RATING_KEYS[(i + k) % 5] ?? "could"])),
  }));
  const change: Change = {
    type: "assessment.create",
    assessment: {
      id: "long",
      teamId: "team",
      title: "Long matrix",
      keyQuestion: "Which of twelve?",
      horizon: "2030-01-01",
      confidence: "moderate",
      handling: "",
    },
    scenarios,
    indicators,
    evidence: [],
  };
  const state = applyChange(emptyState(), change, { at });
  const document = {
    formatVersion: 1,
    kind: "signpost.assessment",
    exportedAt: new Date().toISOString(),
    assessment: state,
    baselines: [],
    comments: [],
    events: [
      {
        seq: 1,
        at: new Date(at).toISOString(),
        actorName: "Olivia Owner",
        kind: "assessment.create",
        rationale: null,
        payload: { change, before: null, summary: "Created the assessment 'Long matrix'", version: 1 },
        probabilities: {},
      },
    ],
  };
  const response = await page.request.post(`/api/assessments/import?teamId=${encodeURIComponent(await teamId())}`, {
    headers: { origin: test.info().project.use.baseURL ?? "" },
    data: document,
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { id, state: (await fetchAssessment(page.request, id)).state };
}

test("a 300-indicator matrix keeps its scenario row and indicator column in view while it scrolls", async () => {
  test.setTimeout(120_000);
  const { id, state } = await importLongAssessment();
  await openWorkspace(page, id, "Long matrix");
  const scroll = page.getByTestId("matrix-scroll");
  await scroll.scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById("indicator-matrix")?.scrollIntoView({ block: "start" }));

  // Scrolled to the bottom-right corner of the matrix, inside its box.
  await scroll.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    el.scrollLeft = el.scrollWidth;
  });
  const last = cellAt(INDICATORS - 1, SCENARIOS - 1);
  await expect(last).toBeInViewport();
  const header = page.getByRole("columnheader", { name: `Scenario ${SCENARIOS}`, exact: true });
  const rowHeader = page.getByRole("rowheader", { name: new RegExp(`^Indicator ${INDICATORS}\\b`) });
  await expect(header).toBeInViewport();
  await expect(rowHeader).toBeInViewport();
  await expect(readout()).toBeInViewport({ ratio: 1 });

  // The header row sits at the top of the box and the indicator column at its left, over the cells.
  const box = await scroll.boundingBox();
  const head = await header.boundingBox();
  const side = await rowHeader.boundingBox();
  const corner = await last.boundingBox();
  if (!box || !head || !side || !corner) throw new Error("no layout for the matrix");
  expect(Math.abs(head.y - box.y)).toBeLessThanOrEqual(2);
  expect(Math.abs(side.x - box.x)).toBeLessThanOrEqual(2);
  // …in the cell's column and the cell's row.
  expect(head.x).toBeLessThanOrEqual(corner.x);
  expect(head.x + head.width).toBeGreaterThanOrEqual(corner.x + corner.width);
  expect(side.y).toBeLessThanOrEqual(corner.y);
  expect(side.y + side.height).toBeGreaterThanOrEqual(corner.y + corner.height);
  // The readout above it does not cover the header row.
  const bar = await readout().boundingBox();
  expect((bar?.y ?? 0) + (bar?.height ?? 0)).toBeLessThanOrEqual(head.y + 1);

  const shot = test.info().outputPath("long-matrix-1440.png");
  await page.screenshot({ path: shot });
  await test
    .info()
    .attach("300 indicators scrolled to the bottom-right corner", { path: shot, contentType: "image/png" });

  // The cell names its row and column for assistive technology.
  const indicator = state.indicators[INDICATORS - 1];
  const scenario = state.scenarios[SCENARIOS - 1];
  await expect(last).toHaveAttribute("aria-label", new RegExp(`^${indicator?.name} under ${scenario?.name}: `));

  // Rating that bottom-right cell shows its new figure in the readout, in view all along.
  const { col, digit, next } = ratingThatMoves(state, INDICATORS - 1);
  await cellAt(INDICATORS - 1, col).focus();
  await page.keyboard.press(digit);
  for (const [sid, shown] of Object.entries(expectedProbabilities(next))) {
    await expect(page.getByTestId(`readout-probability-${sid}`)).toHaveText(shown);
  }
  await expect(readout()).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole("columnheader", { name: `Scenario ${col + 1}`, exact: true })).toBeInViewport();
  await expect(rowHeader).toBeInViewport();
  await serverAt(page, id, state.version + 1);
});

test("screenshots: the workspace scrolled to the matrix at 1440 and 1024, readout in view", async () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await openWorkspace(page, demoId, DEMO_TITLE);
    await page.evaluate(() => document.getElementById("indicator-matrix")?.scrollIntoView({ block: "start" }));
    await expect(readout()).toBeInViewport({ ratio: 1 });
    const file = test.info().outputPath(`readout-matrix-${width}.png`);
    await page.screenshot({ path: file });
    await test.info().attach(`matrix with readout ${width}`, { path: file, contentType: "image/png" });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
});
