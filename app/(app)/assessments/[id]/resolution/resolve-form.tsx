"use client";
// The form that resolves an active assessment: the scenario that happened, the date and a note.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { IsoDateInput } from "@/app/components/date-inputs";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { TextArea } from "@/app/components/text-field";
import { useTRPC } from "@/app/trpc/client";
import { activeScenarios } from "@/shared/assessment/state";
import { isoDay } from "@/shared/format";
import { RESOLUTION_NOTE_MAX } from "@/shared/limits";
import { formatProbabilityOrDash } from "../compare/compare-data";
import { resolveDraftErrors } from "./resolution-data";
import type { AssessmentView } from "./resolution-shared";
import { useAfterResolution } from "./use-after-resolution";

export function ResolveForm({ assessmentId, view }: { assessmentId: string; view: AssessmentView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const after = useAfterResolution(assessmentId);
  const active = activeScenarios(view.state.scenarios);
  const [scenarioId, setScenarioId] = useState("");
  const [resolvedAt, setResolvedAt] = useState(isoDay());
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const resolve = useMutation(
    trpc.history.resolve.mutationOptions({
      onSuccess: (next) => {
        setErrors({});
        after(next);
      },
      onError: (e) => {
        setErrors({ ...fieldErrorsOf(e), form: e.message });
        if (e.data?.code === "CONFLICT") {
          void queryClient.invalidateQueries({ queryKey: trpc.assessments.get.queryKey({ assessmentId }) });
        }
      },
    }),
  );
  const fieldError = errors.scenarioId ?? errors.resolvedAt ?? errors.note;
  return (
    <section className="card max-w-3xl p-5" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className="text-lg font-semibold">
        Resolve the assessment
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Record the scenario that happened and when. Signpost then scores the probabilities the team gave and shows which
        indicators pointed the right way. You can reopen it later; both stay in the history.
      </p>
      {errors.form && !fieldError ? (
        <p role="alert" className="field-error mt-3">
          {errors.form}
        </p>
      ) : null}
      <form
        className="mt-4 grid gap-4 sm:grid-cols-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const found = resolveDraftErrors(
            { scenarioId, resolvedAt, note },
            { activeScenarioIds: active.map((s) => s.id), createdAt: view.state.createdAt },
          );
          setErrors(found);
          if (Object.keys(found).length) return;
          resolve.mutate({
            assessmentId,
            version: view.state.version,
            scenarioId,
            resolvedAt: resolvedAt.trim(),
            note: note.trim(),
          });
        }}
      >
        <Field id="resolve-scenario" label="Scenario that happened" error={errors.scenarioId}>
          <select
            id="resolve-scenario"
            className="input"
            value={scenarioId}
            onChange={(e) => setScenarioId(e.target.value)}
            aria-invalid={!!errors.scenarioId}
            aria-describedby={errors.scenarioId ? "resolve-scenario-error" : undefined}
          >
            <option value="">Choose…</option>
            {active.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} (now {formatProbabilityOrDash(view.result.probabilities[s.id] ?? 0)})
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="resolve-date"
          label="Date it resolved (YYYY-MM-DD, UTC)"
          error={errors.resolvedAt}
          hint="Not in the future, nor before the assessment was created"
        >
          <IsoDateInput
            id="resolve-date"
            value={resolvedAt}
            onChange={setResolvedAt}
            aria-invalid={!!errors.resolvedAt}
            aria-describedby={errors.resolvedAt ? "resolve-date-error" : "resolve-date-hint"}
          />
        </Field>
        <div className="sm:col-span-2">
          <TextArea
            id="resolve-note"
            label="Note (optional)"
            noun="The note"
            max={RESOLUTION_NOTE_MAX}
            rows={4}
            className="min-h-24"
            value={note}
            onChange={setNote}
            error={errors.note}
            hint="What settled it, and the source"
          />
        </div>
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary" disabled={resolve.isPending}>
            {resolve.isPending ? "Resolving…" : "Resolve and score"}
          </button>
        </div>
      </form>
    </section>
  );
}
