// What the parts of the resolution page share: the shapes of the server's answers and the heading style.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type AssessmentView = Outputs["assessments"]["get"];
export type Scorecard = Outputs["history"]["score"];

export const H2 = "text-xs font-semibold uppercase tracking-wide text-slate-500";
