import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess, RATING_KEYS } from "@/shared/engine";
import { DEMO_TITLE, fetchAssessment, openWorkspace, owner, serverAt, signInOwner, versionOf } from "./helpers";
import { type PrivateServer, startPrivateServer } from "./private-server";
import { trpcMutation, trpcQuery } from "./trpc";

test.describe.configure({ mode: "serial", retries: 0 });

const BASELINE = "E2E baseline";
const RESOLVED_AS = "Partial consolidation";
const RESOLVED_AT = "2025-06-30";
const XSS = {
  evidence: `<img src=x onerror="window.__xss=1">`,
  comment: "<script>window.__xss=1</script>",
  scenario: `"><svg onload="window.__xss=1">`,
  indicator: `<iframe src="javascript:window.__xss=1"></iframe>`,
};
const XSS_TITLE = "E2E hostile text probe";

/** This spec's server: the production build `npm start` made for the shared one, on another port. */
const PORT = Number(process.env.E2E_REVIEW_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1);
let server: PrivateServer | undefined;

let context: BrowserContext;
let page: Page;
let baseURL = "";
let demoId = "";
/** Uncaught errors and dialogs (alert, confirm…) in the page: any one fails the step it happened in. */
let problems: string[] = [];

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(60_000);
  server = await startPrivateServer("review", PORT, { SIGNPOST_TRUSTED_PROXIES: "127.0.0.1, ::1" });
  baseURL = server.base;
  context = await browser.newContext({
    baseURL,
    viewport: testInfo.project.use.viewport ?? null,
    // Its own client address, believed from loopback: the sign-in rate limit counts per client.
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.20" },
  });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", async (dialog) => {
    problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
    await dialog.dismiss();
  });
});

test.beforeEach(() => {
  problems = [];
});

test.afterEach(() => {
  expect(problems, "uncaught errors or dialogs in the page").toEqual([]);
});

test.afterAll(async () => {
  await context?.close();
  server?.stop();
});

// ---------------------------------------------------------------------------------------------

/** A tRPC mutation over HTTP with the page's session, from the site's own origin (superjson body). */
function mutate<T>(procedure: string, input: Record<string, unknown>): Promise<T> {
  return trpcMutation<T>(page.request, baseURL, procedure, input);
}

interface RatingChange {
  row: number;
  col: number;
  digit: string;
  indicatorName: string;
  /** The scenario whose probability moves most, and by how many points. */
  scenarioId: string;
  points: number;
}

/** The rating change (cell and digit) that moves some probability the most, away from `avoid` cells. */
function biggestRatingChange(state: AssessmentState, avoid: Set<string>): RatingChange {
  const active = state.scenarios.filter((s) => !s.archived);
  const now = assess(engineModel(state)).probabilities;
  let best: RatingChange | undefined;
  for (const [row, indicator] of state.indicators.entries()) {
    for (const [col, scenario] of active.entries()) {
      if (avoid.has(`${row}:${col}`)) continue;
      for (const [i, to] of RATING_KEYS.entries()) {
        if (indicator.expectations[scenario.id] === to) continue;
        const next = assess(
          engineModel({
            ...state,
            indicators: state.indicators.map((x) =>
              x.id === indicator.id ? { ...x, expectations: { ...x.expectations, [scenario.id]: to } } : x,
            ),
          }),
        ).probabilities;
        for (const s of active) {
          const points = ((next[s.id] ?? 0) - (now[s.id] ?? 0)) * 100;
          if (!best || Math.abs(points) > Math.abs(best.points)) {
            best = { row, col, digit: String(i + 1), indicatorName: indicator.name, scenarioId: s.id, points };
          }
        }
      }
    }
  }
  if (!best) throw new Error("no rating change is possible in the demo");
  return best;
}

/** Sets a rating with the keyboard on a matrix cell and waits for the server to keep it. */
async function rateWithKeyboard(change: RatingChange) {
  const before = await versionOf(page, demoId);
  const cell = page.locator(`[data-cell="${change.row}:${change.col}"]`);
  await cell.focus();
  await page.keyboard.press(change.digit);
  await serverAt(page, demoId, before + 1);
  await expect(page.getByText("All changes saved")).toBeVisible();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function expectNoScriptRan(where: string) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `no payload ran (${where})`).toBe(
    undefined,
  );
}

// ---------------------------------------------------------------------------------------------

test("review: a change, a baseline, another change; Compare attributes the move; the as-of view is read-only; resolve, score and reopen", async () => {
  await signInOwner(page);
  await page.getByRole("main").getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  demoId = new URL(page.url()).pathname.split("/").pop() ?? "";
  const start = await fetchAssessment(page.request, demoId);
  expect(start.state.status, "the demo starts active").toBe("active");

  // A first change, with the keyboard.
  await openWorkspace(page, demoId, DEMO_TITLE);
  const used = new Set<string>();
  const first = biggestRatingChange(start.state, used);
  used.add(`${first.row}:${first.col}`);
  await rateWithKeyboard(first);

  // A baseline on the History tab.
  await page.getByRole("navigation", { name: "Assessment" }).getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${demoId}/history$`));
  await page.getByLabel("Set a baseline at the current moment").fill(BASELINE);
  await page.getByRole("button", { name: "Set baseline" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Baseline “${BASELINE}” set at change` })).toBeVisible();
  const baselineSeq = Number(
    /set at change (\d+)/.exec((await page.getByRole("status").filter({ hasText: BASELINE }).textContent()) ?? "")?.[1],
  );
  expect(baselineSeq).toBeGreaterThan(0);
  await expect(
    page
      .getByRole("region", { name: /^Baselines \(/ })
      .getByRole("listitem")
      .filter({ hasText: BASELINE }),
  ).toContainText(`change ${baselineSeq}`);

  // Another change, the one Compare should explain.
  await openWorkspace(page, demoId, DEMO_TITLE);
  const afterBaseline = await fetchAssessment(page.request, demoId);
  const second = biggestRatingChange(afterBaseline.state, used);
  expect(Math.abs(second.points), "the second change moves a scenario by at least a point").toBeGreaterThan(1);
  await rateWithKeyboard(second);
  const moved = afterBaseline.state.scenarios.find((s) => s.id === second.scenarioId);

  // Compare: by default the latest baseline against now.
  await page.getByRole("navigation", { name: "Assessment" }).getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${demoId}/compare`));
  await expect(page.getByLabel("From", { exact: true })).toHaveValue(/^baseline:/);
  await expect(page.getByLabel("From", { exact: true }).locator("option:checked")).toContainText(BASELINE);
  const table = page.getByRole("region", { name: "Probabilities side by side" });
  await expect(table.getByRole("table")).toBeVisible();
  await expect(table.getByRole("columnheader", { name: new RegExp(`^From #${baselineSeq}$`) })).toBeVisible();
  for (const s of afterBaseline.state.scenarios.filter((x) => !x.archived)) {
    await expect(table.getByRole("rowheader", { name: s.name })).toBeVisible();
  }
  const sign = second.points > 0 ? "\\+" : "−";
  await expect(table.getByRole("row", { name: new RegExp(escapeRegExp(moved?.name ?? "")) })).toContainText(
    new RegExp(`${sign}\\d+(\\.\\d)? pts`),
  );
  const why = page.getByRole("region", { name: "Why they moved" });
  await expect(
    why.getByText(new RegExp(`^${escapeRegExp(moved?.name ?? "")} ${sign}\\d+ pts: mostly '`)),
  ).toContainText(`mostly '${second.indicatorName}'`);

  // The as-of view, opened from the change list: an earlier change, shown read-only.
  await page.getByRole("navigation", { name: "Assessment" }).getByRole("link", { name: "History" }).click();
  const changes = page.getByRole("list", { name: "Changes" });
  await expect(changes.getByRole("listitem").first()).toBeVisible();
  await changes
    .getByRole("link", { name: /^View as of this change/ })
    .nth(1)
    .click();
  await expect(page).toHaveURL(/\?seq=\d+$/);
  const seq = Number(new URL(page.url()).searchParams.get("seq"));
  const banner = page.getByRole("status").filter({ hasText: /^As of / });
  await expect(banner).toContainText(
    new RegExp(`As of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC — change ${seq} of \\d+`),
  );
  await expect(banner).toContainText("Read-only.");
  const latest = Number(/change \d+ of (\d+)/.exec((await banner.textContent()) ?? "")?.[1]);
  expect(seq).toBeLessThan(latest);
  const cells = page.locator("[data-cell]");
  await expect(cells.first()).toBeVisible();
  expect(
    await cells.evaluateAll((els) => els.filter((el) => el.getAttribute("aria-disabled") !== "true").length),
    "rating cells usable in the as-of view",
  ).toBe(0);
  for (const name of ["Add evidence", "Add indicator", "Add scenario"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  await expect(page.getByLabel("Rationale for your next change")).toHaveCount(0);
  await cells.first().click({ force: true });
  await expect(page.getByRole("menu")).toHaveCount(0);

  // Resolve with a scenario and a date: the scorecard and the post-mortem.
  await page.goto(`/assessments/${demoId}/resolution`);
  await expect(page.getByRole("heading", { name: "Resolve the assessment" })).toBeVisible();
  const resolvedScenario = afterBaseline.state.scenarios.find((s) => s.name === RESOLVED_AS);
  expect(resolvedScenario, `the demo has the scenario ${RESOLVED_AS}`).toBeTruthy();
  await page.getByLabel("Scenario that happened").selectOption(resolvedScenario?.id ?? "");
  await page.getByLabel("Date it resolved").fill(RESOLVED_AT);
  await page.getByLabel("Note (optional)").fill("E2E: the base at Tartus kept, Khmeimim reduced");
  await page.getByRole("button", { name: "Resolve and score" }).click();
  const outcome = page.getByRole("region", { name: "Outcome" });
  await expect(outcome).toContainText(`${RESOLVED_AS} happened`);
  await expect(outcome.locator("time")).toHaveAttribute("datetime", RESOLVED_AT);
  const scores = page.getByRole("region", { name: "Scores" });
  await expect(scores).toContainText("Final Brier score");
  await expect(scores).toContainText("Log score");
  await expect(scores).toContainText("Time-weighted Brier");
  await expect(scores.getByTestId("final-brier")).toHaveText(/^[0-2]\.\d\d$/);
  await expect(scores.getByTestId("log-score")).toHaveText(/\d bits$/);
  await expect(scores.getByTestId("time-weighted-brier")).toHaveText(/^[0-2]\.\d\d$/);
  const postMortem = page.getByRole("region", { name: "Post-mortem: which signposts served us" });
  await expect(postMortem.getByRole("columnheader", { name: "Effect on its odds" })).toBeVisible();
  await expect(postMortem.getByRole("row")).toHaveCount(afterBaseline.state.indicators.length + 1);
  expect((await fetchAssessment(page.request, demoId)).state.status).toBe("resolved");

  // Reopen, confirming in the dialog, so the demo is active and editable again for later specs.
  await outcome.getByRole("button", { name: "Reopen" }).click();
  const confirm = page.getByRole("dialog", { name: "Reopen this assessment?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Reopen" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("heading", { name: "Resolve the assessment" })).toBeVisible();
  const reopened = await fetchAssessment(page.request, demoId);
  expect(reopened.state.status).toBe("active");
  await openWorkspace(page, demoId, DEMO_TITLE);
  await expect(page.getByLabel("Rationale for your next change")).toBeEditable();
});

test("exports from the brief's menu: every format offered, Markdown with the scenario table, PDF a real PDF", async () => {
  await page.goto(`/assessments/${demoId}/brief`);
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Export" }).click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const item = (label: string) => menu.getByRole("menuitem", { name: new RegExp(`^${label}`) });
  for (const label of ["PDF", "Word", "Markdown", "JSON", "CSV — indicator matrix", "CSV — evidence"]) {
    await expect(item(label)).toBeVisible();
  }
  const markdownHref = await item("Markdown").getAttribute("href");
  const pdfHref = await item("PDF").getAttribute("href");
  expect(markdownHref).toContain("format=md");
  expect(pdfHref).toContain("format=pdf");
  await page.keyboard.press("Escape");

  const { state } = await fetchAssessment(page.request, demoId);
  const markdown = await page.request.get(markdownHref ?? "");
  expect(markdown.status()).toBe(200);
  const text = await markdown.text();
  expect(text).toContain(`# ${DEMO_TITLE}`);
  expect(text).toMatch(/^\| Scenario \| Probability \| Estimative term \| .+ \|$/m);
  for (const s of state.scenarios.filter((x) => !x.archived)) {
    expect(text).toMatch(new RegExp(`^\\| ${escapeRegExp(s.name)} \\| \\d{1,3}(\\.\\d)? % \\|`, "m"));
  }

  const pdf = await page.request.get(pdfHref ?? "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toMatch(/^application\/pdf/);
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
  expect(bytes.length).toBeGreaterThan(5_000);
});

test("the brief measures from the baseline named by ?compareTo=, and by the older ?baseline= of saved links", async () => {
  const baselines = await trpcQuery<{ id: string; name: string; eventSeq: number }[]>(
    page.request,
    "history.baselines",
    {
      assessmentId: demoId,
    },
  );
  // The earliest baseline: not the one the brief measures from by default once a later one exists.
  const chosen = [...baselines].sort((a, b) => a.eventSeq - b.eventSeq)[0];
  if (!chosen) throw new Error("the demo has no baseline");
  const since = page.getByRole("heading", { name: new RegExp(`^What changed since “${escapeRegExp(chosen.name)}”`) });

  for (const query of [`compareTo=${chosen.id}`, `baseline=${chosen.id}`]) {
    await page.goto(`/assessments/${demoId}/brief?${query}`);
    await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 }), query).toBeVisible();
    await expect(page.getByLabel("Changes since"), query).toHaveValue(chosen.id);
    await expect(since, query).toBeVisible();
    // The page's own links use the new name.
    await page.getByRole("button", { name: "Export" }).click();
    const href = await page
      .getByRole("menu")
      .getByRole("menuitem", { name: /^Markdown/ })
      .getAttribute("href");
    expect(href, query).toContain(`compareTo=${chosen.id}`);
    expect(href, query).not.toContain("baseline=");
    await page.keyboard.press("Escape");
  }

  // A moment the URL cannot name is refused with the parameter and the fix, and a way back to now.
  await page.goto(`/assessments/${demoId}/brief?seq=first`);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("seq='first' is not a change number");
  await alert.getByRole("link", { name: "Show the brief as of now" }).click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${demoId}/brief$`));
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
});

test("hostile text in evidence, comments, scenario and indicator names shows as text on every page and runs nothing", async () => {
  // A separate assessment in the demo's team holds the payloads, so the demo stays as it was.
  const demo = await fetchAssessment(page.request, demoId);
  const created = await mutate<{ id: string; version: number }>("assessments.create", {
    teamId: demo.state.teamId,
    title: XSS_TITLE,
    keyQuestion: "Does user text ever run as code in the browser?",
    horizon: "2030-12-31",
    confidence: "moderate",
    scenarios: [
      { name: XSS.scenario, prior: 1 },
      { name: "Everything renders as text", prior: 1 },
    ],
  });
  const id = created.id;
  let { state } = await fetchAssessment(page.request, id);
  const [hostile, plain] = state.scenarios;
  await mutate("workspace.addIndicator", {
    assessmentId: id,
    version: state.version,
    name: XSS.indicator,
    weight: 1,
    expectations: { [hostile?.id ?? ""]: "highly_likely", [plain?.id ?? ""]: "unlikely" },
  });
  ({ state } = await fetchAssessment(page.request, id));
  // A baseline before the evidence, so Compare (latest baseline → now) lists and attributes it.
  await mutate("history.createBaseline", { assessmentId: id, name: "Before the hostile evidence" });
  ({ state } = await fetchAssessment(page.request, id));
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await mutate("workspace.addEvidence", {
    assessmentId: id,
    version: state.version,
    title: XSS.evidence,
    sourceName: "E2E",
    sourceKind: "media",
    reliability: "B",
    credibility: 2,
    observedAt: yesterday,
    links: [{ indicatorId: state.indicators[0]?.id, direction: 1 }],
  });
  await mutate("history.addComment", { assessmentId: id, targetKind: "assessment", targetId: id, body: XSS.comment });

  const visible = async (text: string, where: string) => {
    await expect(
      page.getByText(text, { exact: false }).filter({ visible: true }).first(),
      `“${text}” shown as text (${where})`,
    ).toBeVisible();
  };

  // The workspace: scenario, indicator and evidence as text; then the comments panel.
  await openWorkspace(page, id, XSS_TITLE);
  await visible(XSS.scenario, "workspace");
  await visible(XSS.indicator, "workspace");
  await visible(XSS.evidence, "workspace");
  await expect(page.locator("main img[src='x'], main svg[onload], main iframe")).toHaveCount(0);
  await expectNoScriptRan("workspace");
  await page.getByRole("button", { name: new RegExp(`^Comments on ${XSS_TITLE}`) }).click();
  const comments = page.getByRole("dialog", { name: "Comments on the assessment" });
  await expect(comments).toBeVisible();
  await expect(comments.getByRole("article", { name: `Comment by ${owner.name}` })).toContainText(XSS.comment);
  await expectNoScriptRan("comments panel");
  await page.keyboard.press("Escape");
  await expect(comments).toBeHidden();

  // History: the change list names the evidence and the indicator.
  await page.goto(`/assessments/${id}/history`);
  await expect(page.getByRole("heading", { name: XSS_TITLE, level: 1 })).toBeVisible();
  const changes = page.getByRole("list", { name: "Changes" });
  await expect(changes.getByText(XSS.evidence, { exact: false }).first()).toBeVisible();
  await expect(changes.getByText(XSS.indicator, { exact: false }).first()).toBeVisible();
  await expectNoScriptRan("history");

  // Compare: the hostile scenario in the table, the evidence in the attribution.
  await page.goto(`/assessments/${id}/compare`);
  const table = page.getByRole("region", { name: "Probabilities side by side" });
  await expect(table.getByRole("rowheader", { name: XSS.scenario })).toBeVisible();
  await expect(page.getByRole("region", { name: "Why they moved" })).toContainText(
    new RegExp(
      `${escapeRegExp(XSS.scenario)} \\+\\d+ pts: mostly '${escapeRegExp(XSS.indicator)}', after '${escapeRegExp(XSS.evidence)}'`,
    ),
  );
  await visible(XSS.evidence, "compare");
  await expectNoScriptRan("compare");

  // The brief.
  await page.goto(`/assessments/${id}/brief`);
  await expect(page.getByRole("heading", { name: XSS_TITLE, level: 1 })).toBeVisible();
  await visible(XSS.scenario, "brief");
  await expectNoScriptRan("brief");
  await expect(page.locator("img[src='x'], svg[onload], iframe")).toHaveCount(0);
});
