"use client";
// Baselines: named moments ("Brief to J2, 13 Dec 2024") to come back to and compare with now.
// Analysts and owners set and delete them; viewers see the list and the links.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useId, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { fieldErrorsOf } from "@/app/components/field";
import { TextField } from "@/app/components/text-field";
import { useTRPC } from "@/app/trpc/client";
import { baselineName } from "@/shared/assessment/schemas";
import { formatUtc } from "@/shared/format";
import { BASELINE_NAME_MAX } from "@/shared/limits";
import { workspaceHref } from "@/shared/moment";

interface Baseline {
  id: string;
  name: string;
  eventSeq: number;
  createdAt: Date;
}

export function BaselinesPanel(props: { assessmentId: string; canEdit: boolean; latestSeq: number | undefined }) {
  const { assessmentId, canEdit } = props;
  const uid = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const baselines = useQuery(trpc.history.baselines.queryOptions({ assessmentId }));
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Baseline | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Setting or deleting a baseline appends an event: the chart, the list and the facets change too.
  const refreshHistory = () => queryClient.invalidateQueries({ queryKey: trpc.history.pathKey() });

  const create = useMutation(
    trpc.history.createBaseline.mutationOptions({
      onSuccess: async (created) => {
        setName("");
        setNotice(`Baseline “${created.name}” set at change ${created.eventSeq}.`);
        await refreshHistory();
      },
      onError: (error) => setNameError(fieldErrorsOf(error).name ?? error.message),
    }),
  );
  const remove = useMutation(
    trpc.history.deleteBaseline.mutationOptions({
      onSuccess: async () => {
        setNotice(deleting ? `Baseline “${deleting.name}” deleted.` : null);
        setDeleting(null);
        await refreshHistory();
      },
      onError: (error) => {
        setProblem(`Deleting “${deleting?.name ?? "the baseline"}” failed: ${error.message}`);
        setDeleting(null);
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const checked = baselineName.safeParse(name);
    if (!checked.success) {
      setNameError(checked.error.issues[0]?.message);
      return;
    }
    setNameError(undefined);
    create.mutate({ assessmentId, name: checked.data });
  }

  const list = baselines.data ?? [];
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
        Baselines ({list.length})
      </h2>
      <p className="mb-3 text-sm text-slate-600">Named moments to come back to and to compare with now.</p>

      {problem ? (
        <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      <p role="status" className={notice ? "mb-3 text-sm text-emerald-800" : "sr-only"}>
        {notice}
      </p>

      {baselines.error ? (
        <p role="alert" className="text-sm text-red-800">
          The baselines could not be loaded: {baselines.error.message}
        </p>
      ) : list.length === 0 ? (
        <p className="text-sm text-slate-500">
          {baselines.isPending ? "Loading…" : "No baselines yet."}
          {canEdit && !baselines.isPending ? " Set one before a brief so you can later see what changed since." : null}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {[...list].reverse().map((b) => (
            <li key={b.id} className="py-2 text-sm">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{b.name}</p>
                  <p className="text-xs text-slate-500">
                    <time dateTime={b.createdAt.toISOString()}>{formatUtc(b.createdAt.getTime())}</time> · change{" "}
                    {b.eventSeq}
                  </p>
                </div>
                {canEdit ? (
                  <button
                    type="button"
                    className="btn-danger px-2 py-0.5 text-xs"
                    onClick={() => {
                      setProblem(null);
                      setNotice(null);
                      setDeleting(b);
                    }}
                  >
                    Delete<span className="sr-only"> baseline {b.name}</span>
                  </button>
                ) : null}
              </div>
              <p className="mt-1 flex flex-wrap gap-x-3 text-xs">
                <Link
                  className="text-blue-800 underline decoration-blue-300 hover:text-blue-950"
                  href={workspaceHref(assessmentId, { baselineId: b.id })}
                >
                  View as of it<span className="sr-only"> ({b.name})</span>
                </Link>
                <Link
                  className="text-blue-800 underline decoration-blue-300 hover:text-blue-950"
                  href={`/assessments/${assessmentId}/compare?from=baseline:${b.id}`}
                >
                  Compare with now<span className="sr-only"> ({b.name})</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}

      {canEdit ? (
        <form onSubmit={submit} noValidate className="mt-3 border-t border-slate-100 pt-3">
          <div className="flex flex-wrap items-start gap-2">
            <div className="min-w-52 flex-1">
              <TextField
                id={`${uid}-name`}
                label="Set a baseline at the current moment"
                noun="The baseline name"
                max={BASELINE_NAME_MAX}
                value={name}
                onChange={(value) => {
                  setName(value);
                  setNameError(undefined);
                }}
                error={nameError}
                hint={
                  props.latestSeq ? `Names the assessment as it is now, after change ${props.latestSeq}.` : undefined
                }
                inputProps={{ placeholder: "e.g. Brief to J2, 13 Dec 2024" }}
              />
            </div>
            <button type="submit" className="btn-primary mt-6" disabled={create.isPending}>
              {create.isPending ? "Setting…" : "Set baseline"}
            </button>
          </div>
        </form>
      ) : null}

      <Dialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open && !remove.isPending) setDeleting(null);
        }}
        title="Delete this baseline?"
        description={
          deleting
            ? `“${deleting.name}” (${formatUtc(deleting.createdAt.getTime())}) will no longer be listed or offered for comparison. The history itself is kept: the moment can still be opened by its time.`
            : undefined
        }
      >
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => setDeleting(null)} disabled={remove.isPending}>
            Cancel
          </button>
          <button
            type="button"
            className="btn-danger"
            disabled={remove.isPending}
            onClick={() => deleting && remove.mutate({ assessmentId, baselineId: deleting.id })}
          >
            {remove.isPending ? "Deleting…" : "Delete baseline"}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
