// End to end against the production server on a fresh database (see playwright.config.ts). It must
// be the first spec to use the shared server (files run in name order): specs named before it start
// their own (tests/e2e/private-server.ts).
// The steps build on each other — first account, an invited viewer, a team joined and left, a new
// assessment, a new password — so
// they run in order in one browser page and are never retried on their own.
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { DEMO_TITLE, expectSignIn, owner } from "./helpers";

const DEMO_SCENARIOS = ["Full exit", "Partial consolidation", "Negotiated retention"];
const PROBABILITY = /^\d{1,3}(\.\d)? %$/;
// ICD 203 words of estimative probability.
const PROBABILITY_TERM =
  /almost no chance|very unlikely|unlikely|roughly even chance|likely|very likely|almost certain/;
const WRONG_PASSWORD = "That email and password do not match an account";

const newOwnerPassword = owner.newPassword;
const viewer = { name: "Victor Viewer", email: "viewer@e2e.example", password: "viewer-chosen-pass-7" };

test.describe.configure({ mode: "serial", retries: 0 });

let context: BrowserContext;
let page: Page;
/** Uncaught errors in the page: any one fails the step it happened in. */
let pageErrors: string[] = [];

test.beforeAll(async ({ browser }, testInfo) => {
  context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: testInfo.project.use.viewport ?? null,
  });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

test.beforeEach(() => {
  pageErrors = [];
});

test.afterEach(() => {
  expect(pageErrors, "uncaught errors in the page").toEqual([]);
});

test.afterAll(async () => {
  await context?.close();
});

async function signOut() {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

/** The list item of an assessment on the list page, found by its link. */
function assessmentItem(title: string) {
  return page
    .getByRole("main")
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: title }) });
}

/** The scenarios of the open assessment, one list item each. */
function scenarioItems() {
  return page.getByRole("region", { name: "Scenarios", exact: true }).getByRole("listitem");
}

function isoDate(offsetDays: number) {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

test("first run: every page leads to creating the first account, which sees the demo", async () => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first account" })).toBeVisible();

  // Any other page leads there too while no account exists.
  await page.goto("/team");
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email", { exact: true }).fill(owner.email);
  await page.getByLabel("Password", { exact: true }).fill(owner.password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  const demo = assessmentItem(DEMO_TITLE);
  await expect(demo).toHaveCount(1);
  // The leading scenario with its probability in numbers and words.
  await expect(demo).toContainText(new RegExp(`(${DEMO_SCENARIOS.join("|")})\\s*\\d{1,3} % · \\S`));
  await expect(page.getByRole("link", { name: "New assessment" })).toBeVisible();

  // Setup is closed once an account exists.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
});

test("sign out, then sign in: a wrong password is refused, the right one lets the owner in", async () => {
  await page.goto("/");
  await signOut();

  // Signed out, the list leads to sign-in.
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("Email", { exact: true }).fill(owner.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: WRONG_PASSWORD })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);

  await expectSignIn(page, owner.email, owner.password);
  await expect(assessmentItem(DEMO_TITLE)).toHaveCount(1);
});

test("the demo shows its three scenarios with probabilities in numbers and words", async () => {
  await page.goto("/");
  await assessmentItem(DEMO_TITLE).getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  await expect(page.getByRole("heading", { name: DEMO_TITLE, level: 1 })).toBeVisible();

  const scenarios = scenarioItems();
  await expect(scenarios).toHaveCount(3);
  let total = 0;
  for (const name of DEMO_SCENARIOS) {
    const item = scenarios.filter({ hasText: name });
    await expect(item).toHaveCount(1);
    const probability = item.getByTestId(/^probability-/);
    await expect(probability).toHaveText(PROBABILITY);
    total += Number.parseFloat(((await probability.textContent()) ?? "").trim());
    await expect(item).toContainText(PROBABILITY_TERM);
  }
  expect(Math.abs(total - 100)).toBeLessThanOrEqual(2);
});

test("a viewer invited by the owner creates their account through the link, reads the demo, cannot create assessments", async () => {
  await page.goto("/team");
  await page.getByLabel("Email", { exact: true }).fill(viewer.email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Invite", exact: true }).click();

  // The same answer for any address: an invitation and a link to share, never a password.
  await expect(page.getByRole("status").filter({ hasText: `Invitation created for ${viewer.email}` })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /password/i })).toHaveCount(0);
  const link = await page.getByLabel(`Invitation link for ${viewer.email}`).inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  const pending = page.getByRole("table", { name: "Pending invitations" });
  await expect(pending.getByRole("row").filter({ hasText: viewer.email })).toContainText("viewer");
  // Invited is not a member yet.
  await expect(page.getByRole("row").filter({ hasText: viewer.email })).toHaveCount(1);

  await signOut();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join Analysis team" })).toBeVisible();
  await expect(page.getByText(`invites ${viewer.email} to join Analysis team as viewer`)).toBeVisible();
  await page.getByLabel("Your name").fill(viewer.name);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Use at least 10 characters" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(viewer.password);
  await page.getByRole("button", { name: "Create account and join" }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(`${viewer.name} · viewer`);
  await expect(assessmentItem(DEMO_TITLE)).toHaveCount(1);
  await expect(page.getByRole("link", { name: "New assessment" })).toHaveCount(0);

  await page.goto("/assessments/new");
  await expect(page.getByRole("heading", { name: "Viewers cannot create assessments" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create assessment" })).toHaveCount(0);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
  await page.goto("/");
  await signOut();
});

test("an invitation accepted on the home page with its link; an owner who leaves the team lands home and the switcher drops it", async () => {
  await expectSignIn(page, owner.email, owner.password);
  await page.goto("/team");
  await page.getByLabel("Team name").fill("Side desk");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { name: "Side desk", level: 1 })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(viewer.email);
  await page.getByLabel("Role", { exact: true }).selectOption("owner");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation created for ${viewer.email}` })).toBeVisible();
  const sideLink = await page.getByLabel(`Invitation link for ${viewer.email}`).inputValue();
  // Back in the demo's team for the steps after this one.
  await page.getByRole("combobox", { name: "Team" }).selectOption({ label: "Analysis team (owner)" });
  await expect(page.getByRole("heading", { name: "Analysis team", level: 1 })).toBeVisible();
  await signOut();

  await expectSignIn(page, viewer.email, viewer.password);
  const invitations = page.getByRole("region", { name: "Invitations" });
  await expect(invitations).toContainText(`${owner.name} invited you to join Side desk as owner`);
  // Listed, but accepted only with the link the owner shared: an address alone proves nothing.
  await expect(invitations.getByRole("button", { name: /^Accept the invitation/ })).toHaveCount(0);
  const linkField = invitations.getByLabel("Invitation link");
  await linkField.fill(`${new URL(sideLink).origin}/invite/made-up-token`);
  await invitations.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(invitations.getByRole("alert")).toContainText("This link does not open an invitation to your address");
  await expect(invitations).toContainText("Side desk");
  await linkField.fill(` ${sideLink} `);
  await invitations.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(invitations).toHaveCount(0);
  const switcher = page.getByRole("combobox", { name: "Team" });
  await expect(switcher.getByRole("option")).toHaveText(["Analysis team (viewer)", "Side desk (owner)"]);
  await expect(page.getByRole("banner")).toContainText(`${viewer.name} · owner`);

  await page.goto("/team");
  await expect(page.getByRole("heading", { name: "Side desk", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Leave the team" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Team" })).toHaveCount(0);
  await expect(page.getByRole("banner")).toContainText("Analysis team");
  await expect(page.getByRole("banner")).toContainText(`${viewer.name} · viewer`);
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await signOut();
});

test("the owner creates an assessment: bad input is refused beside the fields, good input is saved", async () => {
  await expectSignIn(page, owner.email, owner.password);
  await page.getByRole("link", { name: "New assessment" }).click();
  await expect(page).toHaveURL(/\/assessments\/new$/);
  await expect(page.getByRole("heading", { name: "New assessment", level: 1 })).toBeVisible();

  const title = page.getByLabel("Title", { exact: true });
  const horizon = page.getByLabel("Horizon");
  const firstPrior = page.getByLabel("Prior weight").first();

  // Empty title, a horizon in the past, a prior of 0.
  await page.getByLabel("Key question").fill("Will the test pass?");
  await horizon.fill("2020-01-01");
  await page.getByLabel("Scenario 1 name").fill("Yes");
  await page.getByLabel("Scenario 2 name").fill("No");
  await firstPrior.fill("0");
  await page.getByRole("button", { name: "Create assessment" }).click();

  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: "Give the assessment a title" })).toBeVisible();
  await expect(horizon).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: "The horizon is in the past" })).toBeVisible();
  await expect(firstPrior).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: "A prior must be greater than 0" })).toBeVisible();
  await expect(page).toHaveURL(/\/assessments\/new$/);

  // Nothing was written.
  await page.goto("/");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(1);

  const newTitle = "Will the ceasefire hold through spring";
  await page.goto("/assessments/new");
  await page.getByLabel("Title", { exact: true }).fill(newTitle);
  await page.getByLabel("Key question").fill("Will the ceasefire announced this week still hold in 90 days?");
  await page.getByLabel("Horizon").fill(isoDate(120));
  await page.getByLabel("Analytic confidence").selectOption("low");
  await page.getByLabel("Handling marking").fill("UNCLASSIFIED");
  await page.getByLabel("Scenario 1 name").fill("Ceasefire holds");
  await page.getByLabel("Prior weight").nth(0).fill("3");
  await page.getByLabel("Scenario 2 name").fill("Ceasefire collapses");
  await page.getByLabel("Prior weight").nth(1).fill("1");
  await page.getByRole("button", { name: "Create assessment" }).click();

  await expect(page).toHaveURL(/\/assessments\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { name: newTitle, level: 1 })).toBeVisible();
  const scenarios = scenarioItems();
  await expect(scenarios).toHaveCount(2);
  // No evidence yet: the probabilities are the normalised priors.
  await expect(scenarios.filter({ hasText: "Ceasefire holds" }).getByTestId(/^probability-/)).toHaveText("75 %");
  await expect(scenarios.filter({ hasText: "Ceasefire collapses" }).getByTestId(/^probability-/)).toHaveText("25 %");

  await page.goto("/");
  await expect(assessmentItem(newTitle)).toHaveCount(1);
  await expect(assessmentItem(DEMO_TITLE)).toHaveCount(1);
});

test("the owner changes their password and signs in with the new one", async () => {
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();

  await page.getByLabel("Current password").fill("not-the-password-1");
  await page.getByLabel("New password").fill(newOwnerPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: "That is not your current password" })).toBeVisible();

  await page.getByLabel("Current password").fill(owner.password);
  await page.getByLabel("New password").fill(newOwnerPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed.");

  await signOut();
  await page.getByLabel("Email", { exact: true }).fill(owner.email);
  await page.getByLabel("Password", { exact: true }).fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: WRONG_PASSWORD })).toBeVisible();

  await expectSignIn(page, owner.email, newOwnerPassword);
  await expect(assessmentItem(DEMO_TITLE)).toHaveCount(1);
});
