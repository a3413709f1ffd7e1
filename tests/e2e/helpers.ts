// Shared by the browser specs: the accounts they create, and the engine's answer for a state
// fetched from the server, formatted exactly as the workspace shows it.
import type { APIRequestContext } from "@playwright/test";
import superjson from "superjson";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess } from "@/shared/engine";
import { formatPercent } from "@/shared/format";

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
  const input = encodeURIComponent(JSON.stringify({ json: { assessmentId } }));
  const response = await request.get(`/api/trpc/assessments.get?input=${input}`);
  if (!response.ok()) throw new Error(`assessments.get answered ${response.status()}: ${await response.text()}`);
  const body = (await response.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  return superjson.deserialize<AssessmentView>(body.result.data);
}

/** The probability of each active scenario as the workspace formats it, computed by the engine. */
export function expectedProbabilities(state: AssessmentState): Record<string, string> {
  const result = assess(engineModel(state));
  return Object.fromEntries(
    state.scenarios.filter((s) => !s.archived).map((s) => [s.id, formatPercent(result.probabilities[s.id] ?? 0)]),
  );
}
