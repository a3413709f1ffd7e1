"use client";
// The rounds tab: every team round of the assessment with where it stands, and (analysts and
// owners) the form that opens one. Values never show here: a round's page shows what the caller
// may see of it.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/trpc/client";
import { formatUtcMinute } from "@/shared/format";
import { AssessmentNav } from "../assessment-nav";
import { OpenRoundForm } from "./open-round-form";
import { STATUS_LABEL, STATUS_STYLE } from "./rounds-data";

export function RoundsIndex({ assessmentId }: { assessmentId: string }) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.assessments.get.queryOptions({ assessmentId }));
  const rounds = useQuery(trpc.rounds.list.queryOptions({ assessmentId }));
  const error = assessment.error ?? rounds.error;
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
  if (!assessment.data || !rounds.data) return <AssessmentNav assessmentId={assessmentId} current="rounds" />;
  const { state, role } = assessment.data;
  const open = rounds.data.find((r) => r.status === "open");

  return (
    <div className="space-y-5">
      <section aria-labelledby="rounds-title" className="space-y-3">
        <AssessmentNav assessmentId={assessmentId} current="rounds" />
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Team rounds</p>
          <h1 id="rounds-title" className="mt-0.5 text-2xl font-semibold tracking-tight">
            {state.title}
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            In a round each participant rates the matrix privately, then sees the group&apos;s spread and reasons, the
            disputes that move the call most, and the team&apos;s pooled call with its range. Nobody sees anyone&apos;s
            values before submitting their own; the shared assessment changes only when the facilitator adopts the
            result.
          </p>
        </div>
      </section>

      <section aria-labelledby="rounds-list" className="card p-4">
        <h2 id="rounds-list" className="text-base font-semibold">
          Rounds
        </h2>
        {rounds.data.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No round has been run on this assessment yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {rounds.data.map((r) => (
              <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/assessments/${assessmentId}/rounds/${r.id}`}
                      className="font-medium text-blue-800 hover:underline"
                    >
                      Round {r.number}
                    </Link>
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[r.status]}`}>
                      {STATUS_LABEL[r.status]}
                    </span>
                    {r.me ? (
                      <span className="text-xs text-slate-600">
                        you are {r.me.label}
                        {r.me.left
                          ? " (left)"
                          : r.me.submitted
                            ? ", submitted"
                            : r.status === "open"
                              ? ", not yet submitted"
                              : ""}
                      </span>
                    ) : null}
                  </p>
                  <p className="mt-0.5 text-sm text-slate-700">{r.question}</p>
                  <p className="mt-0.5 text-xs text-slate-500">
                    {r.scopeSize} indicator{r.scopeSize === 1 ? "" : "s"} · {r.submittedCount} of {r.participantCount}{" "}
                    submitted · {r.anonymous ? "anonymous" : "named"} · opened by {r.facilitator.name}{" "}
                    {formatUtcMinute(r.openedAt.getTime())} UTC
                    {r.status === "open" && r.closesAt ? ` · closes ${formatUtcMinute(r.closesAt.getTime())} UTC` : ""}
                  </p>
                </div>
                <Link href={`/assessments/${assessmentId}/rounds/${r.id}`} className="btn-secondary">
                  {r.status === "open" && r.me && !r.me.submitted && !r.me.left ? "Judge" : "Open"}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {role === "viewer" ? (
        <p className="text-sm text-slate-600">
          Viewers read a round once it has closed; analysts and owners take part and open rounds.
        </p>
      ) : state.status !== "active" ? (
        <p className="text-sm text-slate-600">This assessment is {state.status}: no round can be opened on it.</p>
      ) : open ? (
        <p className="text-sm text-slate-600">
          Round {open.number} is open: close or abandon it before opening another (one round at a time).
        </p>
      ) : (
        <OpenRoundForm assessmentId={assessmentId} teamId={state.teamId} indicators={state.indicators} />
      )}
    </div>
  );
}
