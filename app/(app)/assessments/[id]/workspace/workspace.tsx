"use client";
// The analyst's workspace: question and status on top, scenarios with live probabilities and the
// chart, the indicator matrix, the evidence locker and the explanations of the call.
import { OpenRounds } from "@/app/components/open-rounds";
import { ProbabilityChart } from "@/app/components/probability-chart";
import { activeScenarios } from "@/shared/assessment/state";
import type { MomentRef } from "@/shared/moment";
import { BelowLongMatrix } from "./below-long-matrix";
import { CommentsProvider } from "./comments/comments-provider";
import { EvidenceLocker } from "./evidence/evidence-locker";
import { ExplanationsPanel } from "./explanations/explanations-panel";
import { IndicatorMatrix } from "./matrix/indicator-matrix";
import { ScenarioPanel } from "./scenarios/scenario-panel";
import { useWorkspace, WorkspaceProvider } from "./workspace-context";
import { WorkspaceHeader } from "./workspace-header";

export function Workspace({ assessmentId, asOf }: { assessmentId: string; asOf?: MomentRef | undefined }) {
  return (
    <WorkspaceProvider assessmentId={assessmentId} asOf={asOf}>
      <CommentsProvider>
        <OpenRounds assessmentId={assessmentId} />
        <WorkspaceBody />
      </CommentsProvider>
    </WorkspaceProvider>
  );
}

/** Reads no context itself, so a preview re-renders only the panels that show probabilities. */
function WorkspaceBody() {
  return (
    <div className="space-y-5">
      <WorkspaceHeader />
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <ScenarioPanel />
        <LiveChart />
      </div>
      <IndicatorMatrix />
      <div className="grid gap-5 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <BelowLongMatrix>
          <EvidenceLocker />
        </BelowLongMatrix>
        <BelowLongMatrix>
          <ExplanationsPanel />
        </BelowLongMatrix>
      </div>
    </div>
  );
}

function LiveChart() {
  const { state, result } = useWorkspace();
  const active = activeScenarios(state.scenarios);
  return (
    <section className="card p-4" aria-labelledby="chart-heading">
      <h2 id="chart-heading" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
        Probabilities now
      </h2>
      <ProbabilityChart
        scenarios={active.map((s) => ({
          id: s.id,
          name: s.name,
          color: s.color,
          probability: result.probabilities[s.id] ?? 0,
        }))}
      />
    </section>
  );
}
