"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { horizonPassed } from "@/shared/assessment/horizon";
import { formatDayTime, formatProbability } from "@/shared/format";

const STATUS_STYLE: Record<string, string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  resolved: "bg-blue-50 text-blue-800 ring-blue-600/20",
  archived: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

export function AssessmentList(props: { teamId: string; staleAfterDays: number; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const input = { teamId: props.teamId, includeArchived: showArchived };
  const list = useQuery(trpc.assessments.list.queryOptions(showArchived ? input : { teamId: props.teamId }));
  const archive = useMutation(
    trpc.assessments.setArchived.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.assessments.list.pathKey() }),
    }),
  );

  if (list.isPending) return <p className="text-sm text-slate-500">Loading assessments…</p>;
  if (list.isError)
    return (
      <p role="alert" className="text-sm text-red-700">
        {list.error.message}
      </p>
    );

  return (
    <div>
      <label className="mb-3 inline-flex items-center gap-2 text-sm text-slate-600">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Show archived
      </label>
      {archive.error ? (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {archive.error.message}
        </p>
      ) : null}
      {list.data.length === 0 ? (
        <div className="card p-8 text-center text-sm text-slate-600">No assessments yet in this team.</div>
      ) : (
        <ul className="grid gap-3">
          {list.data.map((a) => {
            const passed = horizonPassed(a);
            return (
              <li key={a.id} className="card p-4">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link
                        id={`title-${a.id}`}
                        href={`/assessments/${a.id}`}
                        className="text-lg font-semibold text-slate-900 hover:text-blue-800 hover:underline"
                      >
                        {a.title}
                      </Link>
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[a.status] ?? ""}`}
                      >
                        {a.status}
                      </span>
                      {a.staleIndicatorCount > 0 ? (
                        <span
                          className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-600/30"
                          title={`${a.staleIndicatorCount} indicator(s) not reviewed for more than ${props.staleAfterDays} days`}
                        >
                          stale · {a.staleIndicatorCount}
                        </span>
                      ) : null}
                    </div>
                    <p className="mt-1 text-sm text-slate-700">{a.keyQuestion}</p>
                    {passed ? (
                      <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-amber-900">
                        <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium ring-1 ring-inset ring-amber-600/30">
                          {passed.sentence}
                        </span>
                        {props.canEdit ? (
                          <>
                            <Link
                              className="text-xs font-medium text-blue-800 underline-offset-2 hover:underline"
                              href={`/assessments/${a.id}/resolution`}
                              aria-describedby={`title-${a.id}`}
                            >
                              Resolve it
                            </Link>
                            <Link
                              className="text-xs font-medium text-blue-800 underline-offset-2 hover:underline"
                              href={`/assessments/${a.id}?moveHorizon=1`}
                              aria-describedby={`title-${a.id}`}
                            >
                              Move the horizon
                            </Link>
                          </>
                        ) : null}
                      </p>
                    ) : null}
                    <p className="mt-2 text-xs text-slate-500">
                      Horizon {a.horizon} · {a.scenarioCount} scenarios · {a.indicatorCount} indicators ·{" "}
                      {a.evidenceCount} evidence items
                      {a.lastChange
                        ? ` · last change ${formatDayTime(a.lastChange.at.getTime())} by ${a.lastChange.actorName}`
                        : ""}
                    </p>
                  </div>
                  <div className="flex flex-col items-end gap-2">
                    {a.leading ? (
                      <p className="text-right text-sm">
                        <span className="block text-xs font-semibold uppercase tracking-wide text-slate-500">
                          Leading
                        </span>
                        <span
                          className="mr-1 inline-block h-2.5 w-2.5 rounded-full"
                          style={{ background: a.leading.color }}
                          aria-hidden
                        />
                        <span className="font-medium">{a.leading.name}</span>
                        <span className="text-slate-600">
                          {" "}
                          {formatProbability(a.leading.probability)} · {a.leading.term}
                        </span>
                        <span className="block text-xs text-slate-500">{a.confidence} confidence</span>
                      </p>
                    ) : a.level ? (
                      <p className="text-right text-sm">
                        <span className="block text-xs font-semibold uppercase tracking-wide text-slate-500">
                          No single leader
                        </span>
                        <span className="font-medium">{a.level.names.join(" and ")}</span>
                        <span className="text-slate-600">
                          {" "}
                          level at {formatProbability(a.level.probability)} · {a.level.term}
                        </span>
                        <span className="block text-xs text-slate-500">{a.confidence} confidence</span>
                      </p>
                    ) : null}
                    {props.canEdit && a.status !== "resolved" ? (
                      <button
                        type="button"
                        className="btn-secondary text-xs"
                        disabled={archive.isPending}
                        onClick={async () => {
                          const view = await queryClient.fetchQuery(
                            trpc.assessments.get.queryOptions({ assessmentId: a.id }),
                          );
                          archive.mutate({
                            assessmentId: a.id,
                            version: view.state.version,
                            archived: a.status !== "archived",
                          });
                        }}
                      >
                        {a.status === "archived" ? "Restore" : "Archive"}
                      </button>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
