// Team rounds (issue 14) in real Chromium against the production server: three analysts in three
// browser contexts on the demo. Ana opens a round on four indicators; Ben cannot see Ana's values
// before submitting and can after; the heat map and the dispute list appear; round 2 on the top
// disputes narrows the spread; Ana adopts; the workspace shows the adopted ratings and the history
// one change. Screenshots of the private copy, the heat map and the dispute list at two widths.
//
// On a server of its own (./private-server.ts, the build the shared server made), so the shared
// server's first-run spec still finds a fresh database. Steps run in order and share state.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page, type TestInfo, test } from "@playwright/test";
import superjson from "superjson";
import type { RoundView } from "@/server/rounds/view";
import { formatProbabilityRange } from "@/shared/format";
import { DEMO_TITLE, fetchAssessment, signInOwner } from "./helpers";
import { type PrivateServer, startPrivateServer } from "./private-server";

/** Issue 14's offset from the suite's port. */
const PORT = Number(process.env.E2E_ROUNDS_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 14);
let server: PrivateServer | undefined;

const SHOTS = process.env.ROUNDS_SHOTS ?? path.resolve("tests/.tmp/rounds-shots");
const INDICATORS = [
  "Heavy airlift out of Khmeimim",
  "S-400 / air defences dismantled or relocated",
  "Tactical aircraft remain at Khmeimim",
  "Tartus naval activity unchanged",
];
const people = {
  ana: { name: "Ana Rounds", email: "ana@rounds.e2e.example", address: "198.51.100.31" },
  ben: { name: "Ben Rounds", email: "ben@rounds.e2e.example", address: "198.51.100.32" },
  cleo: { name: "Cleo Rounds", email: "cleo@rounds.e2e.example", address: "198.51.100.33" },
} as const;
type Who = keyof typeof people;

test.describe.configure({ mode: "serial", retries: 0 });

interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}
const sides = new Map<Who | "owner", Person>();
let assessmentId = "";
let roundUrl = "";
/** Round 2's range per scenario name, as the round showed it when Ana adopted it. */
let adoptedRanges: [name: string, low: number, high: number][] = [];

/** The round as `rounds.get` answers the person signed in on `p`. */
async function fetchRound(p: Page, roundId: string): Promise<RoundView> {
  const input = encodeURIComponent(JSON.stringify({ json: { assessmentId, roundId } }));
  const response = await p.request.get(`/api/trpc/rounds.get?input=${input}`);
  if (!response.ok()) throw new Error(`rounds.get answered ${response.status()}: ${await response.text()}`);
  const body = (await response.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize<RoundView>(body.result.data);
}

async function newPerson(browser: Browser, testInfo: TestInfo, address: string): Promise<Person> {
  if (!server) throw new Error("the rounds server is not running");
  const context = await browser.newContext({
    baseURL: server.base,
    viewport: testInfo.project.use.viewport ?? null,
    extraHTTPHeaders: { "x-forwarded-for": address },
  });
  const person: Person = { context, page: await context.newPage(), errors: [] };
  person.page.on("pageerror", (e) => person.errors.push(e.message));
  return person;
}
const side = (who: Who | "owner"): Person => {
  const person = sides.get(who);
  if (!person) throw new Error(`${who} has no browser yet`);
  return person;
};
const page = (who: Who | "owner") => side(who).page;

test.beforeEach(() => {
  for (const p of sides.values()) p.errors.length = 0;
});
test.afterEach(() => {
  expect(
    [...sides.values()].flatMap((p) => p.errors),
    "uncaught errors in the page",
  ).toEqual([]);
});
test.beforeAll(async ({ browser: _browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  server = await startPrivateServer("rounds", PORT, { SIGNPOST_TRUSTED_PROXIES: "127.0.0.1, ::1" });
});
test.afterAll(async () => {
  for (const p of sides.values()) await p.context.close();
  server?.stop();
});

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations on the page as it is (as accessibility.spec.ts runs it). */
async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const found = await p.evaluate(async () => {
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

async function shoot(p: Page, name: string, locator?: ReturnType<Page["locator"]>) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1440, 1024]) {
    await p.setViewportSize({ width, height: 900 });
    const file = path.join(SHOTS, `${name}-${width}.png`);
    if (locator) await locator.screenshot({ path: file });
    else await p.screenshot({ path: file, fullPage: true });
  }
  await p.setViewportSize({ width: 1440, height: 900 });
}

/** Rates one cell of the private copy and waits for the draft to be saved. */
async function rate(p: Page, indicator: string, scenario: string, label: string) {
  const select = p.getByLabel(`Your rating of '${indicator}' under '${scenario}'`);
  const saved = p.waitForResponse((r) => r.url().includes("rounds.saveDraft") && r.ok());
  await select.selectOption({ label });
  await saved;
}

async function reason(p: Page, indicator: string, text: string) {
  const field = p.getByLabel(`Your reason for '${indicator}'`);
  await field.fill(text);
  const saved = p.waitForResponse((r) => r.url().includes("rounds.saveDraft") && r.ok());
  await field.blur();
  await saved;
}

async function submit(p: Page) {
  await p.getByRole("button", { name: "Submit my judgement" }).click();
  await expect(p.getByRole("heading", { name: /Your private copy/ })).toBeHidden();
}

test("the owner invites three analysts", async ({ browser }, testInfo) => {
  const owner = await newPerson(browser, testInfo, "198.51.100.30");
  sides.set("owner", owner);
  await signInOwner(owner.page);
  for (const who of Object.keys(people) as Who[]) {
    const person = people[who];
    await owner.page.goto("/team");
    await owner.page.getByLabel("Email", { exact: true }).fill(person.email);
    await owner.page.getByLabel("Role", { exact: true }).selectOption("analyst");
    await owner.page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(
      owner.page.getByRole("status").filter({ hasText: `Invitation created for ${person.email}` }),
    ).toBeVisible();
    const link = await owner.page.getByLabel(`Invitation link for ${person.email}`).inputValue();
    const password = `rounds-pass-${who}-42`;
    const theirs = await newPerson(browser, testInfo, person.address);
    sides.set(who, theirs);
    await theirs.page.goto(link);
    await theirs.page.getByLabel("Your name").fill(person.name);
    await theirs.page.getByLabel("Password", { exact: true }).fill(password);
    await theirs.page.getByRole("button", { name: "Create account and join" }).click();
    await expect(theirs.page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  }
  await owner.page.goto("/");
  const href = await owner.page.getByRole("link", { name: DEMO_TITLE }).first().getAttribute("href");
  assessmentId = href?.split("/").pop() ?? "";
  expect(assessmentId).not.toBe("");
});

test("Ana opens a round on four indicators of the demo, for the three of them", async () => {
  const ana = page("ana");
  await ana.goto(`/assessments/${assessmentId}/rounds`);
  await expect(ana.getByRole("heading", { name: "Open a round" })).toBeVisible();
  expect(await seriousViolations(ana), "the rounds page").toEqual([]);
  await ana.getByRole("button", { name: "None" }).click();
  for (const name of INDICATORS) await ana.getByRole("checkbox", { name }).check();
  // Olivia (owner) is offered too; this round is the three analysts'.
  await ana.getByRole("checkbox", { name: /Olivia Owner/ }).uncheck();
  await ana
    .getByLabel("Question to the participants")
    .fill("Rate the S-400 and airlift rows again after Thursday's imagery");
  await ana.getByRole("button", { name: "Open the round" }).click();
  await expect(ana.getByRole("heading", { name: /Round 1/ })).toBeVisible();
  roundUrl = new URL(ana.url()).pathname;
  await expect(ana.getByRole("heading", { name: /Your private copy/ })).toBeVisible();
  expect(await seriousViolations(ana), "the private copy").toEqual([]);
  // Participants see it on their home page and in the workspace.
  const ben = page("ben");
  await ben.goto("/");
  await expect(ben.getByRole("region", { name: "Team rounds waiting for you" })).toContainText(
    "waits for your judgement",
  );
  await ben.goto(`/assessments/${assessmentId}`);
  await expect(ben.getByRole("region", { name: "Team rounds waiting for you" })).toContainText("Round 1");
});

test("Ana judges privately and submits; Ben cannot see her values before submitting, and can after", async () => {
  const ana = page("ana");
  const [airlift, s400] = INDICATORS as [string, string];
  await rate(ana, s400, "Full exit", "Highly likely");
  await rate(ana, airlift, "Full exit", "Highly likely");
  await rate(ana, s400, "Partial consolidation", "Unlikely");
  await reason(ana, s400, "ANA-REASON: the S-400 left its site on the 13th");
  await shoot(ana, "participant-copy", ana.getByRole("region", { name: /Your private copy/ }));
  await submit(ana);

  const ben = page("ben");
  await ben.goto(roundUrl);
  await expect(ben.getByRole("heading", { name: /Your private copy/ })).toBeVisible();
  await expect(ben.getByText("Submit your judgement to see the others'")).toBeVisible();
  await expect(ben.locator("body")).not.toContainText("ANA-REASON");
  await rate(ben, s400, "Full exit", "Unlikely");
  await rate(ben, s400, "Partial consolidation", "Highly likely");
  await rate(ben, airlift, "Full exit", "Could (either way)");
  await reason(ben, s400, "BEN-REASON: a relocation inside Syria, not an exit");
  await submit(ben);
  await expect(ben.getByRole("heading", { name: "The team's call" })).toBeVisible();
  await expect(ben.locator("body")).toContainText("ANA-REASON");
});

test("Cleo submits; the heat map, the disputes and the pooled call with its range appear", async () => {
  const cleo = page("cleo");
  const [airlift, s400] = INDICATORS as [string, string];
  await cleo.goto(roundUrl);
  await expect(cleo.locator("body")).not.toContainText("BEN-REASON");
  await rate(cleo, s400, "Full exit", "Could (either way)");
  await rate(cleo, airlift, "Full exit", "Likely");
  await submit(cleo);
  const heat = cleo.getByRole("region", { name: "Where the analysts differ" });
  const disputes = cleo.getByRole("region", { name: "Disputes that matter" });
  await expect(heat).toBeVisible();
  await expect(disputes.getByRole("listitem").first()).toContainText(s400);
  await expect(cleo.getByText(/team range|outside the participants' range/).first()).toBeVisible();
  expect(await seriousViolations(cleo), "the group view").toEqual([]);
  await shoot(cleo, "heat-map", heat);
  await shoot(cleo, "dispute-list", disputes);
  await shoot(cleo, "round-1-group", undefined);
});

/** The mean spread on the disputed cells, round by round, from the convergence table. */
async function focusSpreads(p: Page): Promise<number[]> {
  const table = p.getByRole("region", { name: "Convergence" }).getByRole("table");
  await expect(table).toBeVisible();
  const out: number[] = [];
  for (const row of (await table.getByRole("row").all()).slice(1)) {
    // Cells after the row header: mean spread, then the spread on the disputed cells.
    out.push(Number((await row.getByRole("cell").allTextContents())[1]));
  }
  return out;
}

test("round 2 on the top disputes narrows the spread", async () => {
  const ana = page("ana");
  const s400 = INDICATORS[1] as string;
  await ana.goto(roundUrl);
  const disputes = ana.getByRole("region", { name: "Disputes that matter" });
  // The S-400 row's disputes (the widest and most consequential here).
  const ticks = disputes
    .getByRole("listitem")
    .filter({ hasText: s400 })
    .getByRole("checkbox", { name: "Revisit in the next round" });
  await ticks.first().check();
  await ticks.nth(1).check();
  await ana
    .getByLabel("Question to the participants")
    .fill("Look again at the S-400 row: the reasons differ on the imagery");
  await ana.getByRole("button", { name: "Open round 2" }).click();
  await expect(ana.getByRole("heading", { name: /Round 2/ })).toBeVisible();
  roundUrl = new URL(ana.url()).pathname;
  // Each starts from their own round-1 judgement and sees round 1's distribution and reasons.
  await expect(ana.getByLabel(`Your rating of '${s400}' under 'Full exit'`)).toHaveValue("highly_likely");
  await expect(ana.locator("body")).toContainText("BEN-REASON");
  await rate(ana, s400, "Full exit", "Likely");
  await submit(ana);
  const ben = page("ben");
  await ben.goto(roundUrl);
  await rate(ben, s400, "Full exit", "Could (either way)");
  await rate(ben, s400, "Partial consolidation", "Likely");
  await submit(ben);
  const cleo = page("cleo");
  await cleo.goto(roundUrl);
  await rate(cleo, s400, "Full exit", "Likely");
  await submit(cleo);
  const [before, after] = await focusSpreads(cleo);
  expect(before).toBeGreaterThan(0);
  expect(after).toBeLessThan(before as number);
});

test("Ana adopts; the workspace shows the adopted ratings and the history one change", async () => {
  const ana = page("ana");
  await ana.goto(roundUrl);
  const versionBefore = (await fetchAssessment(ana.request, assessmentId)).state.version;
  await expect(ana.getByRole("region", { name: "Convergence" })).toBeVisible();
  expect(await seriousViolations(ana), "the facilitator's view").toEqual([]);
  await shoot(ana, "round-2-facilitator");
  const round = await fetchRound(ana, roundUrl.split("/").pop() ?? "");
  const names = new Map((await fetchAssessment(ana.request, assessmentId)).state.scenarios.map((s) => [s.id, s.name]));
  adoptedRanges = Object.entries(round.group?.range ?? {}).map(([id, [low, high]]) => [names.get(id) ?? id, low, high]);
  expect(adoptedRanges.length).toBeGreaterThan(1);
  await ana.getByLabel("Rationale (kept in the history)").fill("The team converged on the S-400 row after round 2");
  await ana.getByRole("button", { name: /Adopt as one change/ }).click();
  await expect(ana.getByRole("status").filter({ hasText: /Adopted as change/ })).toBeVisible();
  const after = await fetchAssessment(ana.request, assessmentId);
  expect(after.state.version).toBe(versionBefore + 1);
  const s400 = after.state.indicators.find((i) => i.name === INDICATORS[1]);
  // Round 2: likely, could, likely → the median is likely.
  expect(s400?.expectations[after.state.scenarios[0]?.id ?? ""]).toBe("likely");

  const ben = page("ben");
  await ben.goto(`/assessments/${assessmentId}`);
  await expect(ben.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();
  await expect(ben.getByRole("button", { name: `${INDICATORS[1]} under Full exit: Likely` })).toBeVisible();
  await ben.goto(`/assessments/${assessmentId}/history`);
  await expect(ben.getByText(/Adopted the team's judgement from round 2/)).toHaveCount(1);
});

test("the brief states the team's range, the history marks the adoption, and undo stops at it", async () => {
  const ben = page("ben");
  await ben.goto(`/assessments/${assessmentId}/brief`);
  const scenarios = ben.getByRole("table").first();
  await expect(scenarios.getByRole("columnheader", { name: "Team range" })).toBeVisible();
  for (const [name, low, high] of adoptedRanges) {
    await expect(scenarios.getByRole("row").filter({ hasText: name })).toContainText(
      `analysts' estimates ranged ${formatProbabilityRange(low, high)}`,
    );
  }
  await expect(ben.getByText(/Team ranges from round 2, adopted/)).toBeVisible();
  const teamRounds = ben.getByRole("heading", { name: /Team rounds/ });
  await expect(teamRounds).toBeVisible();
  await expect(ben.locator("body")).toContainText("BEN-REASON");
  expect(await seriousViolations(ben), "the brief with the team range").toEqual([]);
  await shoot(ben, "brief-team-range", ben.locator("article").first());

  // The PDF brief says the same on its first page.
  const pdf = await ben.request.get(`/api/assessments/${assessmentId}/export?format=pdf`);
  expect(pdf.ok()).toBe(true);
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, "brief.pdf");
  fs.writeFileSync(file, await pdf.body());
  const firstPage = execFileSync("pdftotext", ["-layout", "-f", "1", "-l", "1", file, "-"], { encoding: "utf8" });
  const [name, low, high] = adoptedRanges[0] ?? ["", 0, 0];
  expect(firstPage.replace(/\s+/g, " ")).toContain(`analysts' estimates ranged ${formatProbabilityRange(low, high)}`);
  expect(firstPage).toContain(name.slice(0, 12));
  execFileSync("pdftoppm", ["-png", "-r", "90", "-f", "1", "-l", "1", file, path.join(SHOTS, "brief-pdf-page")]);

  await ben.goto(`/assessments/${assessmentId}/history`);
  await expect(ben.locator("svg").getByText("▲ Round 2 adopted")).toBeVisible();
  await shoot(ben, "history-adoption", ben.getByRole("figure").first());

  // Ana's last change is the adoption: her Undo is disabled and says why; Ctrl+Z tells her too.
  const ana = page("ana");
  await ana.goto(`/assessments/${assessmentId}`);
  const undo = ana.getByRole("button", { name: "Undo", exact: true });
  await expect(undo).toBeDisabled();
  await expect(undo).toHaveAttribute("title", /undo cannot take back a round's adoption/);
  await expect(undo).toHaveAccessibleDescription(/adoption of round 2/);
});
