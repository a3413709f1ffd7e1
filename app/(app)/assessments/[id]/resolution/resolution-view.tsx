"use client";
// The resolution tab: analysts and owners resolve an active assessment (scenario, date, note);
// once resolved everyone sees the scorecard (Brier, log and time-weighted Brier scores), the
// resolved scenario's probability over time and the post-mortem of the indicators; analysts and
// owners may reopen it.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/trpc/client";
import { activeScenarios } from "@/shared/assessment/state";
import { formatDay } from "@/shared/format";
import { AssessmentNav } from "../assessment-nav";
import { PostMortem } from "./post-mortem";
import { ProbabilityOverTime } from "./probability-over-time";
import { ReopenButton } from "./reopen-button";
import { type AssessmentView, H2 } from "./resolution-shared";
import { ResolveForm } from "./resolve-form";
import { ScoreTiles } from "./score-tiles";

export function ResolutionView({ assessmentId }: { assessmentId: string }) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.assessments.get.queryOptions({ assessmentId }));
  const view = assessment.data;
  const canResolve = view ? view.role !== "viewer" : false;
  return (
    <div className="space-y-5">
      <AssessmentNav assessmentId={assessmentId} current="resolution" />
      <header>
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Resolution and scores</p>
        <h1 className="mt-0.5 text-2xl font-semibold tracking-tight">{view?.state.title ?? "Assessment"}</h1>
        {view ? <p className="mt-1 max-w-3xl text-slate-700">{view.state.keyQuestion}</p> : null}
      </header>
      {assessment.isError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {assessment.error.message}
        </p>
      ) : !view ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : view.state.status === "resolved" ? (
        <ResolvedView assessmentId={assessmentId} view={view} canReopen={canResolve} />
      ) : view.state.status === "archived" ? (
        <p role="note" className="card p-5 text-sm text-slate-700">
          This assessment is archived. Restore it to resolve it.
        </p>
      ) : canResolve ? (
        <ResolveForm assessmentId={assessmentId} view={view} />
      ) : (
        <p role="note" className="card p-5 text-sm text-slate-700">
          This assessment is not resolved yet. Once the question is settled an analyst or owner records the scenario
          that happened here, and the scores and the post-mortem appear for the whole team.
        </p>
      )}
    </div>
  );
}

function ResolvedView(props: { assessmentId: string; view: AssessmentView; canReopen: boolean }) {
  const trpc = useTRPC();
  const score = useQuery(trpc.history.score.queryOptions({ assessmentId: props.assessmentId }));
  const { state } = props.view;
  const card = score.data;
  const scenario = state.scenarios.find((s) => s.id === state.resolvedScenarioId);
  return (
    <div className="space-y-5">
      <section
        className="card flex flex-wrap items-start justify-between gap-4 border-l-4 p-5"
        style={{ borderLeftColor: scenario?.color ?? "#64748b" }}
        aria-label="Outcome"
      >
        <div className="min-w-0">
          <p className={H2}>Resolved</p>
          <p className="mt-1 text-lg">
            <strong className="font-semibold">{scenario?.name ?? card?.resolvedScenarioName}</strong> happened
            {state.resolvedAt ? (
              <>
                {" "}
                · <time dateTime={state.resolvedAt}>{formatDay(state.resolvedAt)}</time>
              </>
            ) : null}
          </p>
          {state.resolutionNote ? (
            <p className="mt-1 max-w-3xl border-l-2 border-slate-300 pl-2 text-sm text-slate-700">
              {state.resolutionNote}
            </p>
          ) : null}
        </div>
        {props.canReopen ? <ReopenButton assessmentId={props.assessmentId} version={state.version} /> : null}
      </section>
      {score.isError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {score.error.message}
        </p>
      ) : !card ? (
        <p className="text-sm text-slate-500">Scoring…</p>
      ) : (
        <>
          <ScoreTiles card={card} scenarioCount={activeScenarios(state.scenarios).length} />
          <ProbabilityOverTime card={card} color={scenario?.color ?? "#1d4ed8"} />
          <PostMortem card={card} assessmentId={props.assessmentId} />
        </>
      )}
    </div>
  );
}
