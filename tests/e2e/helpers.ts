// Shared by the browser specs: the accounts they create, signing in, opening the workspace and
// waiting for the server to reach a version, and the engine's answer for a state fetched from the
// server, formatted exactly as the workspace shows it.
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess } from "@/shared/engine";
import { formatPercent } from "@/shared/format";
import { trpcQuery } from "./trpc";

export const DEMO_TITLE = "Russian military posture in Syria";

/** The first account. signpost.spec.ts creates it and later changes its password to `newPassword`. */
export const owner = {
  name: "Olivia Owner",
  email: "owner@e2e.example",
  password: "first-owner-pass-42",
  newPassword: "second-owner-pass-43",
};

export interface AssessmentView {
  state: AssessmentState;
  role: "owner" | "analyst" | "viewer";
}

/** `assessments.get` over plain HTTP (tRPC, superjson), with the cookies of `request`'s context. */
export async function fetchAssessment(request: APIRequestContext, assessmentId: string): Promise<AssessmentView> {
  return trpcQuery<AssessmentView>(request, "assessments.get", { assessmentId });
}

/** The probability of each active scenario as the workspace formats it, computed by the engine. */
export function expectedProbabilities(state: AssessmentState): Record<string, string> {
  const result = assess(engineModel(state));
  return Object.fromEntries(
    state.scenarios.filter((s) => !s.archived).map((s) => [s.id, formatPercent(result.probabilities[s.id] ?? 0)]),
  );
}

// ---------------------------------------------------------------------------------------------
// Signing in

/** Signs in on /sign-in: true once the list of assessments shows, false when the form refused. */
export async function signIn(page: Page, email: string, password: string): Promise<boolean> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const list = page.getByRole("heading", { name: "Assessments", level: 1 });
  // Either the list or the form's message (Next's route announcer, outside main, is an alert too).
  await expect(list.or(page.getByRole("main").getByRole("alert")).first()).toBeVisible();
  return list.isVisible();
}

/** Signs in and expects it to work: the sign-in page, then the list of assessments at `/`. */
export async function expectSignIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
}

/** Creates the first account on a fresh database, or signs the owner in with either known password. */
export async function signInOwner(page: Page) {
  await page.goto("/");
  await page.waitForURL(/\/(setup|sign-in)$/);
  if (page.url().endsWith("/setup")) {
    await page.getByLabel("Your name").fill(owner.name);
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.newPassword);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
    return;
  }
  for (const password of [owner.newPassword, owner.password]) {
    if (await signIn(page, owner.email, password)) return;
  }
  throw new Error(`cannot sign in as ${owner.email} with either password in tests/e2e/helpers.ts`);
}

// ---------------------------------------------------------------------------------------------
// The workspace

/** Opens an assessment's workspace and waits until it is live: the change subscription starts after hydration. */
export async function openWorkspace(page: Page, assessmentId: string, title: string) {
  const subscribed = page.waitForRequest((r) => r.url().includes("/api/trpc/workspace.onChange"));
  await page.goto(`/assessments/${assessmentId}`);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await subscribed;
}

export async function versionOf(page: Page, assessmentId: string) {
  return (await fetchAssessment(page.request, assessmentId)).state.version;
}

/** The server's view once it has reached `version`. */
export async function serverAt(page: Page, assessmentId: string, version: number) {
  await expect
    .poll(async () => await versionOf(page, assessmentId), { message: `the server reaches version ${version}` })
    .toBeGreaterThanOrEqual(version);
  return fetchAssessment(page.request, assessmentId);
}
