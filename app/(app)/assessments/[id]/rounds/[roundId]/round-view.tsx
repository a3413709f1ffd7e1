"use client";
// One team round as the caller may see it (the server decides: server/rounds/privacy.ts): the
// participant's private copy while they judge, the group view once they may see it, the round
// before this one, and the facilitator's next steps. Live: a notice on the assessment's stream
// (never carrying a value) makes the page read the round again.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { type ReactNode, useMemo, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { formatUtc } from "@/shared/format";
import { AssessmentNav } from "../../assessment-nav";
import { STATUS_LABEL, STATUS_STYLE } from "../rounds-data";
import { FacilitatorPanel } from "./facilitator-panel";
import { GroupSection } from "./group-view";
import { JudgementsTable } from "./judgements-table";
import { PrivateCopy } from "./private-copy";
import { cellKey, judges, type RoundData, roundData } from "./round-shared";

export function RoundView({ assessmentId, roundId }: { assessmentId: string; roundId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const round = useQuery(trpc.rounds.get.queryOptions({ assessmentId, roundId }));
  // The names and shared ratings beside the judgements; the whole assessment (evidence included, for
  // the engine) only while the caller judges, and in the adopt form (which reads it itself).
  const matrix = useQuery(trpc.rounds.sharedMatrix.queryOptions({ assessmentId }));
  const judging = !!round.data && judges(round.data);
  const assessment = useQuery({ ...trpc.assessments.get.queryOptions({ assessmentId }), enabled: judging });
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const data = useMemo(() => (round.data ? roundData(round.data) : null), [round.data]);
  useSubscription(
    trpc.workspace.onChange.subscriptionOptions(
      { assessmentId },
      {
        onData: ({ data: notice }) => {
          void queryClient.invalidateQueries({ queryKey: trpc.rounds.get.queryKey({ assessmentId, roundId }) });
          void queryClient.invalidateQueries({ queryKey: trpc.rounds.judgements.pathKey() });
          // The group view is computed on the current shared model: a change of it moves the figures.
          if (notice.edit) {
            void queryClient.invalidateQueries({ queryKey: trpc.rounds.sharedMatrix.queryKey({ assessmentId }) });
            void queryClient.invalidateQueries({ queryKey: trpc.assessments.get.queryKey({ assessmentId }) });
          }
        },
      },
    ),
  );

  const error = round.error ?? matrix.error ?? (judging ? assessment.error : null);
  if (error) {
    return (
      <div className="space-y-3">
        <AssessmentNav assessmentId={assessmentId} current="rounds" />
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error.message}
        </p>
      </div>
    );
  }
  if (!matrix.data || !data || (judging && !assessment.data))
    return <AssessmentNav assessmentId={assessmentId} current="rounds" />;
  const state = matrix.data;
  const view = data;
  const r = view.round;
  const togglePick = (indicatorId: string, scenarioId: string) =>
    setPicked((current) => {
      const next = new Set(current);
      const key = cellKey(indicatorId, scenarioId);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <div className="space-y-5">
      <section aria-labelledby="round-title" className="space-y-3">
        <AssessmentNav assessmentId={assessmentId} current="rounds" />
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            <Link href={`/assessments/${assessmentId}/rounds`} className="hover:underline">
              Team rounds
            </Link>{" "}
            · {state.title}
          </p>
          <h1
            id="round-title"
            className="mt-0.5 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight"
          >
            Round {r.number}
            <span className={`rounded px-2 py-0.5 text-sm font-medium ${STATUS_STYLE[r.status]}`}>
              {STATUS_LABEL[r.status]}
            </span>
          </h1>
          <p className="mt-1 max-w-3xl text-base text-slate-800">&ldquo;{r.question}&rdquo;</p>
          <p className="mt-1 text-sm text-slate-600">
            Facilitated by {r.facilitator.name} · opened {formatUtc(r.openedAt.getTime())}
            {r.closesAt && r.status === "open" ? ` · closes ${formatUtc(r.closesAt.getTime())}` : ""}
            {r.closedAt && r.status !== "open" ? ` · closed ${formatUtc(r.closedAt.getTime())}` : ""} ·{" "}
            {r.anonymous ? "anonymous (Analyst A, B, …)" : "named"} · {r.submittedCount} of {r.participantCount}{" "}
            submitted
          </p>
          {r.status === "adopted" && r.adoptedSeq ? (
            <p className="mt-1 text-sm text-emerald-800">
              Adopted into the assessment as change {r.adoptedSeq} ·{" "}
              <Link href={`/assessments/${assessmentId}/history`} className="underline">
                see the history
              </Link>
            </p>
          ) : null}
        </div>
        <Participants view={view} />
      </section>

      {view.sharedSinceOpen.changes.length > 0 ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          The shared assessment changed since this round opened ({view.sharedSinceOpen.versions} change
          {view.sharedSinceOpen.versions === 1 ? "" : "s"}; {view.sharedSinceOpen.changes.length} of this round&apos;s
          cells or weights now read differently, marked &ldquo;shared now&rdquo;). The group view is computed on the
          shared model as it is now.
        </p>
      ) : null}

      {judging && view.own && assessment.data ? (
        <PrivateCopy assessmentId={assessmentId} state={assessment.data.state} view={view} />
      ) : null}

      {view.own?.left ? (
        <p className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm">
          You left this round when you left the team or stopped being an analyst: you can no longer judge in it.
        </p>
      ) : null}

      {!view.seesGroup ? (
        <p className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-950">
          {view.hiddenBecause}
        </p>
      ) : view.group ? (
        <GroupSection
          assessmentId={assessmentId}
          state={state}
          view={view}
          group={view.group}
          picked={r.mayManage && r.status !== "abandoned" ? picked : null}
          onPick={togglePick}
        />
      ) : (
        <div className="card p-4">
          <p className="text-sm text-slate-700">{view.groupReason}</p>
          {view.judgements.length > 0 ? (
            <JudgementsTable
              assessmentId={assessmentId}
              state={state}
              view={view}
              roundId={r.id}
              judgements={view.judgements}
            />
          ) : null}
        </div>
      )}

      {view.previous ? (
        <PreviousRound open={!!judging} number={view.previous.number}>
          <JudgementsTable
            assessmentId={assessmentId}
            state={state}
            view={view}
            roundId={view.previous.id}
            judgements={view.previous.judgements}
          />
        </PreviousRound>
      ) : null}

      {r.mayManage ? (
        <FacilitatorPanel
          assessmentId={assessmentId}
          view={view}
          picked={picked}
          onClearPicked={() => setPicked(new Set())}
        />
      ) : null}
    </div>
  );
}

/** The round before, folded: its tables (a row per indicator and analyst) render only once it is opened. */
function PreviousRound(props: { open: boolean; number: number; children: ReactNode }) {
  const [open, setOpen] = useState(props.open);
  return (
    <details className="card p-4" open={props.open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-base font-semibold">
        Round {props.number}: the distribution and reasons this round starts from
      </summary>
      <p className="mt-1 text-sm text-slate-600">
        Round {props.number} is closed, so the team sees its submitted judgements. You start from your own.
      </p>
      {open ? props.children : null}
    </details>
  );
}

function Participants({ view }: { view: RoundData }) {
  const anonymous = view.round.anonymous;
  return (
    <div className="text-sm text-slate-700">
      <span className="font-medium">Participants:</span>{" "}
      {view.participants.map((p, k) => (
        <span key={`${p.name}-${p.label ?? ""}-${p.mine}-${p.left?.at.getTime() ?? ""}`}>
          {k > 0 ? ", " : ""}
          {p.name}
          {p.mine ? ` (you${p.label ? `, ${p.label}` : ""})` : !anonymous && p.label ? ` (${p.label})` : ""}
          {p.submitted === true && !anonymous ? " ✓" : ""}
          {p.left ? (
            <span className="text-amber-800">
              {" "}
              — left the team
              {p.left.counted
                ? "; submitted before, so their judgement counts"
                : " before submitting: no judgement counted"}
            </span>
          ) : null}
        </span>
      ))}
      {anonymous ? (
        <span className="text-slate-500"> · who has submitted is not shown in an anonymous round, only how many</span>
      ) : null}
    </div>
  );
}
