"use client";
// The analyst's workspace: skip links, question and status on top, the what-if banner, the live
// readout (sticky, so the call stays in view while the analyst works further down), scenarios with
// live probabilities and the chart, the indicator matrix, the evidence locker and the explanations.
import { OpenRounds } from "@/app/components/open-rounds";
import { ProbabilityChart } from "@/app/components/probability-chart";
import { activeScenarios } from "@/shared/assessment/state";
import type { MomentRef } from "@/shared/moment";
import { BelowLongMatrix } from "./below-long-matrix";
import { CommentsProvider } from "./comments/comments-provider";
import { EvidenceLocker } from "./evidence/evidence-locker";
import { ExplanationsPanel } from "./explanations/explanations-panel";
import { IndicatorMatrix } from "./matrix/indicator-matrix";
import { JUMP_IDS } from "./readout/jump";
import { LiveReadout } from "./readout/live-readout";
import { SkipLinks } from "./readout/shortcuts";
import { ScenarioPanel } from "./scenarios/scenario-panel";
import { WhatIfPanel } from "./what-if/what-if-panel";
import { useWorkspace, useWorkspaceSelect, WorkspaceProvider } from "./workspace-context";
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

const whatIfOn = (api: { whatIf: { active: boolean } }) => api.whatIf.active;

/**
 * Reads only whether the what-if is on (it frames the panels then), so a preview re-renders only
 * the panels that show probabilities.
 */
function WorkspaceBody() {
  const whatIf = useWorkspaceSelect(whatIfOn);
  return (
    <div className="space-y-5">
      <SkipLinks />
      <WorkspaceHeader />
      <WhatIfPanel />
      <LiveReadout />
      <div
        className={`space-y-5 ${whatIf ? "rounded-xl outline-2 outline-offset-[6px] outline-violet-400 outline-dashed" : ""}`}
        data-what-if={whatIf || undefined}
      >
        <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <ScenarioPanel />
          <LiveChart />
        </div>
        <IndicatorMatrix />
        <div className="grid gap-5 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          {/* Targets of the skip links and shortcuts (readout/jump.ts): focusable, not in the Tab order. */}
          <div id={JUMP_IDS.evidence} tabIndex={-1} className="min-w-0 focus:outline-none">
            <BelowLongMatrix>
              <EvidenceLocker />
            </BelowLongMatrix>
          </div>
          <div id={JUMP_IDS.explanations} tabIndex={-1} className="min-w-0 focus:outline-none">
            <BelowLongMatrix>
              <ExplanationsPanel />
            </BelowLongMatrix>
          </div>
        </div>
      </div>
    </div>
  );
}

function LiveChart() {
  const { state, result, whatIf } = useWorkspace();
  const active = activeScenarios(state.scenarios);
  return (
    <section className="card p-4" aria-labelledby="chart-heading">
      <h2 id="chart-heading" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
        {whatIf.active ? "Probabilities in the what-if" : "Probabilities now"}
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
