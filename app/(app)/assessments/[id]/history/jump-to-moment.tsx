"use client";
// Jump to a moment: pick a UTC date and time and open the workspace as it was then. The as-of
// view is fetched first, so a time before the assessment existed shows the server's reason here
// (and a good one opens instantly from the cache).
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { UtcDateTimeInput } from "@/app/components/date-inputs";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { clientErrorOf, useTRPC } from "@/app/trpc/client";
import { workspaceHref } from "@/shared/moment";
import { momentToOpen } from "./history-data";

export function JumpToMoment({ assessmentId }: { assessmentId: string }) {
  const uid = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);

  async function show(e: FormEvent) {
    e.preventDefault();
    const checked = momentToOpen(value, Date.now());
    if ("error" in checked) {
      setError(checked.error);
      return;
    }
    setError(undefined);
    setChecking(true);
    try {
      await queryClient.fetchQuery({
        ...trpc.history.asOf.queryOptions({ assessmentId, moment: { at: checked.iso } }),
        // A refused moment will be refused again: say why at once.
        retry: false,
      });
      router.push(workspaceHref(assessmentId, { at: checked.iso }));
    } catch (problem) {
      const fields = fieldErrorsOf(clientErrorOf(problem));
      setError(
        fields.asOf ??
          fields["moment.at"] ??
          (problem instanceof Error ? problem.message : "That moment cannot be shown"),
      );
    } finally {
      setChecking(false);
    }
  }

  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
        Jump to a moment
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        See the whole workspace as it stood at any past time, read-only, with the probabilities recomputed then.
      </p>
      <form onSubmit={show} noValidate className="flex flex-wrap items-start gap-2">
        <div className="min-w-52 flex-1">
          <Field id={`${uid}-at`} label="Date and time (UTC, YYYY-MM-DD HH:MM)" error={error}>
            <UtcDateTimeInput
              id={`${uid}-at`}
              value={value}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${uid}-at-error` : undefined}
              onChange={(text) => {
                setValue(text);
                setError(undefined);
              }}
            />
          </Field>
        </div>
        <button type="submit" className="btn-primary mt-6" disabled={checking}>
          {checking ? "Checking…" : "Show"}
        </button>
      </form>
    </section>
  );
}
