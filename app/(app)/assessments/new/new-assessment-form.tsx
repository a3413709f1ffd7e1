"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { IsoDateInput } from "@/app/components/date-inputs";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { TextArea, TextField } from "@/app/components/text-field";
import { useTRPC } from "@/app/trpc/client";
import { newAssessmentForm } from "@/shared/assessment/form-schemas";
import type { Confidence } from "@/shared/assessment/state";
import { formatProbability, isoDay } from "@/shared/format";
import { fieldErrors } from "@/shared/forms";
import {
  DESCRIPTION_MAX,
  HANDLING_MAX,
  KEY_QUESTION_MAX,
  MAX_ACTIVE_SCENARIOS,
  MIN_ACTIVE_SCENARIOS,
  SCENARIO_NAME_MAX,
  TITLE_MAX,
} from "@/shared/limits";

interface ScenarioDraft {
  name: string;
  description: string;
  prior: string;
}

export function NewAssessmentForm({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [keyQuestion, setKeyQuestion] = useState("");
  const [horizon, setHorizon] = useState("");
  const [confidence, setConfidence] = useState<Confidence>("moderate");
  const [handling, setHandling] = useState("");
  const [scenarios, setScenarios] = useState<ScenarioDraft[]>([
    { name: "", description: "", prior: "1" },
    { name: "", description: "", prior: "1" },
  ]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.assessments.create.mutationOptions({
      onSuccess: (data) => router.push(`/assessments/${data.id}`),
      onError: (error) => setErrors({ ...fieldErrorsOf(error), form: error.message }),
    }),
  );

  const priors = scenarios.map((s) => Number(s.prior));
  const total = priors.reduce((a, b) => a + (Number.isFinite(b) && b > 0 ? b : 0), 0);

  function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const found = fieldErrors(
      newAssessmentForm(isoDay()).safeParse({ title, keyQuestion, horizon, confidence, handling, scenarios }),
    );
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate({
      teamId,
      title,
      keyQuestion,
      horizon: horizon.trim(),
      confidence,
      handling,
      scenarios: scenarios.map((s) => ({ name: s.name, description: s.description, prior: Number(s.prior) })),
    });
  }

  const update = (i: number, patch: Partial<ScenarioDraft>) =>
    setScenarios((list) => list.map((s, k) => (k === i ? { ...s, ...patch } : s)));

  return (
    <form onSubmit={submit} noValidate className="card space-y-5 p-6">
      <TextField
        id="title"
        label="Title"
        noun="The title"
        max={TITLE_MAX}
        value={title}
        onChange={setTitle}
        error={errors.title}
      />
      <TextArea
        id="keyQuestion"
        label="Key question"
        noun="The key question"
        max={KEY_QUESTION_MAX}
        rows={2}
        value={keyQuestion}
        onChange={setKeyQuestion}
        error={errors.keyQuestion}
        hint="One question with a horizon, e.g. “What will Russia’s military posture in Syria be by mid-2025?”"
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="horizon" label="Horizon (YYYY-MM-DD, UTC)" error={errors.horizon}>
          <IsoDateInput
            id="horizon"
            value={horizon}
            onChange={setHorizon}
            aria-invalid={!!errors.horizon}
            aria-describedby={errors.horizon ? "horizon-error" : undefined}
          />
        </Field>
        <Field id="confidence" label="Analytic confidence">
          <select
            id="confidence"
            className="input"
            value={confidence}
            onChange={(e) => setConfidence(e.target.value as typeof confidence)}
          >
            <option value="low">Low</option>
            <option value="moderate">Moderate</option>
            <option value="high">High</option>
          </select>
        </Field>
        <TextField
          id="handling"
          label="Handling marking"
          noun="The handling marking"
          max={HANDLING_MAX}
          value={handling}
          onChange={setHandling}
          error={errors.handling}
          hint="Printed on every exported page."
          inputProps={{ placeholder: "UNCLASSIFIED" }}
        />
      </div>

      <fieldset>
        <legend className="field-label">Scenarios</legend>
        {errors.scenarios ? (
          <p role="alert" className="field-error">
            {errors.scenarios}
          </p>
        ) : null}
        <div className="space-y-3">
          {scenarios.map((s, i) => {
            const p = Number(s.prior);
            const share = total > 0 && Number.isFinite(p) && p > 0 ? formatProbability(p / total) : null;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no identity until saved
              <div key={i} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_8rem_auto]">
                <TextField
                  id={`scenario-${i}-name`}
                  label={`Scenario ${i + 1} name`}
                  noun={`The name of scenario ${i + 1}`}
                  max={SCENARIO_NAME_MAX}
                  value={s.name}
                  onChange={(name) => update(i, { name })}
                  error={errors[`scenarios.${i}.name`]}
                />
                <Field
                  id={`scenario-${i}-prior`}
                  label="Prior weight"
                  error={errors[`scenarios.${i}.prior`]}
                  hint={share === null ? undefined : `= ${share} after normalising`}
                >
                  <input
                    id={`scenario-${i}-prior`}
                    className="input"
                    inputMode="decimal"
                    value={s.prior}
                    onChange={(e) => update(i, { prior: e.target.value })}
                    aria-invalid={!!errors[`scenarios.${i}.prior`]}
                  />
                </Field>
                <div className="flex items-end">
                  <button
                    type="button"
                    className="btn-secondary"
                    disabled={scenarios.length <= MIN_ACTIVE_SCENARIOS}
                    onClick={() => setScenarios((list) => list.filter((_, k) => k !== i))}
                    aria-label={`Remove scenario ${i + 1}`}
                  >
                    Remove
                  </button>
                </div>
                <div className="sm:col-span-3">
                  <TextArea
                    id={`scenario-${i}-description`}
                    label="Description (optional)"
                    noun={`The description of scenario ${i + 1}`}
                    max={DESCRIPTION_MAX}
                    rows={2}
                    value={s.description}
                    onChange={(description) => update(i, { description })}
                    error={errors[`scenarios.${i}.description`]}
                  />
                </div>
              </div>
            );
          })}
        </div>
        <button
          type="button"
          className="btn-secondary mt-3"
          disabled={scenarios.length >= MAX_ACTIVE_SCENARIOS}
          onClick={() => setScenarios((l) => [...l, { name: "", description: "", prior: "1" }])}
        >
          Add scenario
        </button>
      </fieldset>

      {errors.form && Object.keys(errors).length === 1 ? (
        <p role="alert" className="field-error">
          {errors.form}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="submit" className="btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create assessment"}
        </button>
      </div>
    </form>
  );
}
