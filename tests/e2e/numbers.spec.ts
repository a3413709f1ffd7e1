// Issue 13, §4 and §5 in a real browser: a probability at a band edge reads in its band on every
// page; the leader is marked; drivers speak in odds with nats on request; the demo's passed horizon
// is said on the list, the workspace and the brief, and moving it (with a rationale) is recorded
// in the history; date and time fields are ISO text in UTC; the last owner is offered no way to
// strand the team; every dialog has a Cancel. On a server of its own: it moves the demo's horizon.
import fs from "node:fs";
import path from "node:path";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { DEMO_TITLE, fetchAssessment, openWorkspace, owner, signInOwner } from "./helpers";
import { type PrivateServer, startPrivateServer } from "./private-server";
import { trpcMutation } from "./trpc";

test.describe.configure({ mode: "serial", retries: 0 });

const PORT = Number(process.env.E2E_NUMBERS_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 3);
/** Set to a folder to keep screenshots of what these steps show (1440 and 1024 wide). */
const SHOTS = process.env.NUMBERS_SHOTS;

let server: PrivateServer | undefined;
let context: BrowserContext;
let page: Page;
let baseURL = "";
let demoId = "";
let edgeId = "";
let problems: string[] = [];

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  server = await startPrivateServer("numbers", PORT, { SIGNPOST_TRUSTED_PROXIES: "127.0.0.1, ::1" });
  baseURL = server.base;
  context = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 900 },
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.30" },
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
});

test.beforeEach(() => {
  problems = [];
});

test.afterEach(() => {
  expect(problems, "uncaught errors in the page").toEqual([]);
});

test.afterAll(async () => {
  await context?.close();
  server?.stop();
});

/** A tRPC mutation over HTTP with the page's session, from the site's own origin. */
function mutate<T>(procedure: string, input: Record<string, unknown>): Promise<T> {
  return trpcMutation<T>(page.request, baseURL, procedure, input);
}

async function shot(name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("a probability at a band edge reads in its band, the leader is marked, and the rounding is said", async () => {
  await signInOwner(page);
  await page.getByRole("main").getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  demoId = new URL(page.url()).pathname.split("/").pop() ?? "";
  const demo = await fetchAssessment(page.request, demoId);

  // Priors normalised to exactly 19.5 % and 80.5 %; no indicators, so they are the probabilities.
  const created = await mutate<{ id: string }>("assessments.create", {
    teamId: demo.state.teamId,
    title: "Band edge probe",
    keyQuestion: "Does a figure at a band edge ever contradict its term?",
    horizon: "2030-12-31",
    confidence: "moderate",
    scenarios: [
      { name: "Negotiated retention", prior: 0.195 },
      { name: "Full exit", prior: 0.805 },
    ],
  });
  edgeId = created.id;
  const { state } = await fetchAssessment(page.request, edgeId);
  const [retention, exit] = state.scenarios;
  if (!retention || !exit) throw new Error("the probe has no scenarios");

  await openWorkspace(page, edgeId, "Band edge probe");
  await expect(page.getByTestId(`probability-${retention.id}`)).toHaveText("19.5 %");
  await expect(page.getByTestId(`term-${retention.id}`)).toHaveText("very unlikely");
  await expect(page.getByTestId(`probability-${exit.id}`)).toHaveText("81 %");
  await expect(page.getByTestId(`term-${exit.id}`)).toHaveText("very likely");
  const panel = page.getByRole("region", { name: "Scenarios" });
  // The leader, and only the leader, is marked.
  await expect(panel.getByText("Leading", { exact: true })).toHaveCount(1);
  await expect(panel.getByRole("listitem").filter({ hasText: "Full exit" }).getByText("Leading")).toBeVisible();
  await expect(panel.getByText("Figures are rounded, so they add to 100.5 %, not 100 %.")).toBeVisible();
  // The chart beside the panel says the same figures.
  await expect(page.getByRole("img", { name: /^Bar chart:/ })).toHaveAttribute(
    "aria-label",
    "Bar chart: Negotiated retention 19.5 %, Full exit 81 %",
  );
  await expect(page.getByRole("main")).not.toContainText("20 % · very unlikely");
  await shot("band-edge-workspace");

  await page.goto(`/assessments/${edgeId}/brief`);
  const table = page.getByRole("table").first();
  const row = table.getByRole("row").filter({ hasText: "Negotiated retention" });
  await expect(row).toContainText("19.5 %");
  await expect(row).toContainText("very unlikely");
  await expect(row).not.toContainText("20 %");
  await expect(table.getByRole("row").filter({ hasText: "Full exit" })).toContainText("Leading");
  await expect(page.getByText("Figures are rounded, so they add to 100.5 %, not 100 %.")).toBeVisible();
  await expect(page.getByText("full exit is very likely (81 %, the leading scenario)")).toBeVisible();
});

test("drivers say how many times more or less likely, with nats on request", async () => {
  await openWorkspace(page, demoId, DEMO_TITLE);
  const drivers = page.getByRole("list", { name: "Drivers of Full exit" });
  await expect(drivers).toContainText(/\d\.\d\d× (more|less) likely/);
  await expect(drivers).not.toContainText("nats");
  await page.getByLabel("Show nats (weight of evidence)").check();
  await expect(drivers).toContainText(/[+−]\d\.\d\d nats/);
  if (SHOTS) {
    await page.getByRole("region", { name: "Explanations" }).screenshot({ path: path.join(SHOTS, "drivers-1440.png") });
  }
  await page.getByLabel("Show nats (weight of evidence)").uncheck();
});

test("the demo's passed horizon is said on the list, the workspace and the brief, and moving it is recorded", async () => {
  const passed = /Horizon passed \d+ (days|weeks|months|years) ago \(2025-06-30\)/;
  await page.goto("/");
  const item = page.getByRole("main").getByRole("listitem").filter({ hasText: DEMO_TITLE });
  await expect(item.getByText(passed)).toBeVisible();
  await expect(item.getByRole("link", { name: "Resolve it" })).toHaveAttribute(
    "href",
    `/assessments/${demoId}/resolution`,
  );
  await shot("horizon-list");

  await page.goto(`/assessments/${demoId}/brief`);
  const briefNote = page.getByRole("region", { name: "Horizon passed" });
  await expect(briefNote).toContainText(passed);
  await expect(briefNote.getByRole("link", { name: "Resolve it" })).toBeVisible();
  await shot("horizon-brief");

  // The list's link opens the workspace with the dialog up; Cancel closes it and saves nothing.
  await page.goto("/");
  const before = (await fetchAssessment(page.request, demoId)).state.version;
  await item.getByRole("link", { name: "Move the horizon" }).click();
  const dialog = page.getByRole("dialog", { name: "Move the horizon" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/assessments/${demoId}$`));
  expect((await fetchAssessment(page.request, demoId)).state.version).toBe(before);

  const note = page.getByRole("region", { name: "Horizon passed" });
  await expect(note).toContainText(passed);
  await shot("horizon-workspace");
  await note.getByRole("button", { name: "Move the horizon" }).click();
  await expect(dialog).toBeVisible();
  // Nothing typed: both fields say what they want; a locale date is refused naming the format.
  await dialog.getByRole("button", { name: "Move the horizon" }).click();
  await expect(dialog.getByText("Give the new horizon as YYYY-MM-DD (UTC)")).toBeVisible();
  await expect(
    dialog.getByText("Say why the horizon moves: the history keeps the reason with the change"),
  ).toBeVisible();
  const date = dialog.getByLabel("New horizon (YYYY-MM-DD, UTC)");
  await expect(date).toHaveAttribute("type", "text");
  await date.fill("06/30/2027");
  await dialog.getByLabel("Why it moves (required)").fill("Withdrawal talks extended to mid-2027");
  await dialog.getByRole("button", { name: "Move the horizon" }).click();
  await expect(dialog.getByText("New horizon: give a real date as YYYY-MM-DD (UTC), e.g. 2027-06-30")).toBeVisible();
  expect((await fetchAssessment(page.request, demoId)).state.version).toBe(before);
  await shot("horizon-dialog");
  await date.fill("2027-06-30");
  await dialog.getByRole("button", { name: "Move the horizon" }).click();
  await expect(dialog).toBeHidden();
  await expect(note).toBeHidden();
  await expect(page.getByText("Horizon 2027-06-30")).toBeVisible();
  const after = await fetchAssessment(page.request, demoId);
  expect(after.state.version).toBe(before + 1);
  expect(after.state.horizon).toBe("2027-06-30");

  // One change in the history, with its reason.
  await page.goto(`/assessments/${demoId}/history`);
  const change = page.getByRole("main").getByText("Moved the horizon from 2025-06-30 to 2027-06-30").first();
  await expect(change).toBeVisible();
  await expect(page.getByRole("main").getByText("Withdrawal talks extended to mid-2027").first()).toBeVisible();
});

test("every date and time field is ISO text in UTC, and a wrong one names the field and the format", async () => {
  const noLocalePickers = async (where: string) => {
    await expect(
      page.locator('input[type="date"], input[type="datetime-local"], input[type="time"]'),
      where,
    ).toHaveCount(0);
  };

  await page.goto("/assessments/new");
  const horizon = page.getByLabel("Horizon (YYYY-MM-DD, UTC)");
  await expect(horizon).toHaveAttribute("type", "text");
  await expect(horizon).toHaveAttribute("placeholder", "YYYY-MM-DD");
  await noLocalePickers("new assessment");
  await horizon.fill("12/31/2026");
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByText("Horizon: give a real date as YYYY-MM-DD (UTC), e.g. 2027-06-30")).toBeVisible();

  await openWorkspace(page, demoId, DEMO_TITLE);
  await page.getByRole("button", { name: "Add evidence" }).click();
  const evidence = page.getByRole("dialog", { name: "Add evidence" });
  await expect(evidence.getByLabel("Observed on (YYYY-MM-DD, UTC)")).toHaveAttribute("type", "text");
  await noLocalePickers("evidence form");
  await evidence.getByRole("button", { name: "Cancel" }).click();

  await page.goto(`/assessments/${demoId}/history`);
  await noLocalePickers("history");
  const jump = page.getByLabel("Date and time (UTC, YYYY-MM-DD HH:MM)");
  await jump.fill("13/12/2024 17:30");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByText("Date and time: give it as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 17:30")).toBeVisible();

  await page.goto(`/assessments/${demoId}/brief`);
  await noLocalePickers("brief");
  const asOf = page.getByLabel("As of (UTC, YYYY-MM-DD HH:MM)");
  // It starts from the moment shown, written as every page writes a time.
  await expect(asOf).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await asOf.fill("2024-12-13 12:00");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/at=2024-12-13T12%3A00%3A00.000Z|at=2024-12-13T12:00:00.000Z/);
  await expect(page.getByText(/Briefing the assessment as it was on 2024-12-13 1\d:\d\d UTC/)).toBeVisible();

  await page.goto(`/assessments/${demoId}/compare`);
  await page.getByLabel("From", { exact: true }).selectOption("at:");
  await noLocalePickers("compare");
  await expect(page.locator("#compare-from-at")).toHaveAttribute("placeholder", "YYYY-MM-DD HH:MM");

  await page.goto(`/assessments/${demoId}/resolution`);
  await expect(page.getByLabel("Date it resolved (YYYY-MM-DD, UTC)")).toHaveAttribute("type", "text");
  await noLocalePickers("resolution");
});

test("every dialog of the workspace has a Cancel beside its submit, which closes it and saves nothing", async () => {
  await openWorkspace(page, demoId, DEMO_TITLE);
  const before = (await fetchAssessment(page.request, demoId)).state.version;
  const actionsMenu = async (item: string) => {
    await page
      .getByRole("button", { name: /^Actions for / })
      .first()
      .click();
    await page.getByRole("menuitem", { name: item }).click();
  };
  const openers: { dialog: RegExp; action: string; open: () => Promise<void> }[] = [
    {
      dialog: /^Add scenario$/,
      action: "Add scenario",
      open: () => page.getByRole("region", { name: "Scenarios" }).getByRole("button", { name: "Add scenario" }).click(),
    },
    {
      dialog: /^Edit scenario/,
      action: "Save",
      open: () =>
        page
          .getByRole("button", { name: /^Edit / })
          .first()
          .click(),
    },
    {
      dialog: /^Add indicator$/,
      action: "Add indicator",
      open: () => page.getByRole("button", { name: "Add indicator" }).click(),
    },
    { dialog: /^Edit indicator$/, action: "Save", open: () => actionsMenu("Edit…") },
    { dialog: /^Delete “/, action: "Delete indicator", open: () => actionsMenu("Delete…") },
    {
      dialog: /^Presence of/,
      action: "Set override",
      open: () =>
        page
          .getByRole("button", { name: /^Override presence of / })
          .first()
          .click(),
    },
    {
      dialog: /^Add evidence$/,
      action: "Add evidence",
      open: () => page.getByRole("button", { name: "Add evidence" }).click(),
    },
  ];
  for (const { open, dialog: name, action } of openers) {
    await open();
    const dialog = page.getByRole("dialog", { name });
    await expect(dialog, String(name)).toBeVisible();
    const cancel = dialog.getByRole("button", { name: "Cancel", exact: true });
    const act = dialog.getByRole("button", { name: action, exact: true });
    await expect(cancel, `${name} has Cancel`).toBeVisible();
    await expect(act, `${name} has ${action}`).toBeVisible();
    // Cancel sits in the same row as the button that acts.
    const [c, a] = [await cancel.boundingBox(), await act.boundingBox()];
    expect(c && a && Math.abs(c.y - a.y) < 4, `${name}: Cancel beside ${action}`).toBe(true);
    await cancel.click();
    await expect(dialog, `${name} closes on Cancel`).toBeHidden();
  }
  expect((await fetchAssessment(page.request, demoId)).state.version).toBe(before);
});

test("the last owner is offered no role change and no leave; the invitation link copies with a confirmation", async () => {
  await page.goto("/team");
  const me = page.getByRole("row").filter({ hasText: "(you)" });
  await expect(me).toContainText(owner.name);
  await expect(me.getByRole("combobox")).toHaveCount(0);
  await expect(me.getByRole("button")).toHaveCount(0);
  await expect(me).toContainText(
    "The team's only owner: make someone else an owner before changing this role or leaving.",
  );
  await shot("team-last-owner");

  await page.getByLabel("Email", { exact: true }).fill("copy.me@e2e.example");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const link = page.getByLabel("Invitation link for copy.me@e2e.example");
  await expect(link).toHaveValue(/\/invite\//);
  const copy = page.getByRole("button", { name: "Copy the link for copy.me@e2e.example" });
  await copy.click();
  await expect(page.getByRole("status").filter({ hasText: /^Copied$/ })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await link.inputValue());
  await shot("team-copied");
});
