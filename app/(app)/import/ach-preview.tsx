"use client";
// The preview of an ACH matrix before anything is saved (issue 16 §3): the mapping in words, the
// new assessment's fields, each hypothesis with its prior, and each row's weight and ratings as
// drop-downs the analyst may change. Flagged cells (NA or empty) stand out. Saving sends the plan,
// as adjusted, to assessments.createFromMatrix, checked first with the same schema.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { IsoDateInput } from "@/app/components/date-inputs";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { TextArea, TextField } from "@/app/components/text-field";
import { useTRPC } from "@/app/trpc/client";
import { type AchPreview, matrixPlan } from "@/shared/assessment/matrix-import";
import type { Confidence } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS, type Rating } from "@/shared/engine";
import { DAY_MS, isoDay } from "@/shared/format";
import { fieldErrors } from "@/shared/forms";
import { HANDLING_MAX, KEY_QUESTION_MAX, TITLE_MAX } from "@/shared/limits";

const RATING_WORD: Record<Rating, string> = {
  highly_likely: "Highly likely",
  likely: "Likely",
  could: "Could",
  unlikely: "Unlikely",
  highly_unlikely: "Highly unlikely",
};

/** A share as the percent a person types ("60"), and back. */
const percentText = (share: number) => String(Math.round(share * 1000) / 10);

export function AchPreviewForm({ teamId, preview }: { teamId: string; preview: AchPreview }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [title, setTitle] = useState(preview.fileName.replace(/\.[^.]*$/, "").replace(/[-_]+/g, " "));
  const [keyQuestion, setKeyQuestion] = useState("");
  const [horizon, setHorizon] = useState(isoDay(Date.now() + 182 * DAY_MS));
  const [confidence, setConfidence] = useState<Confidence>("moderate");
  const [handling, setHandling] = useState("");
  const [priors, setPriors] = useState(preview.scenarios.map((s) => String(s.prior)));
  const [weights, setWeights] = useState(preview.indicators.map((i) => percentText(i.weight)));
  const [ratings, setRatings] = useState(preview.indicators.map((i) => i.cells.map((c) => c.rating)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.assessments.createFromMatrix.mutationOptions({
      onSuccess: (data) => router.push(`/assessments/${data.id}`),
      onError: (error) => {
        const found = Object.fromEntries(
          Object.entries(fieldErrorsOf(error)).map(([k, v]) => [k.replace(/^plan\./, ""), v]),
        );
        setErrors({ ...found, form: error.message });
      },
    }),
  );
  const changed = ratings.reduce(
    (n, row, k) => n + row.filter((r, j) => r !== preview.indicators[k]?.cells[j]?.rating).length,
    0,
  );

  function submit(ev: React.FormEvent) {
    ev.preventDefault();
    const plan = {
      title,
      keyQuestion,
      horizon: horizon.trim(),
      confidence,
      handling,
      scenarios: preview.scenarios.map((s, k) => ({ name: s.name, prior: Number(priors[k]) })),
      indicators: preview.indicators.map((i, k) => ({
        name: i.name,
        description: i.description,
        weight: Number(weights[k]) / 100,
        expectations: ratings[k] ?? [],
      })),
    };
    const found = fieldErrors(matrixPlan.safeParse(plan));
    if (plan.horizon < isoDay()) found.horizon = "The horizon is in the past: pick a date from today on";
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate({ teamId, plan });
  }

  const cellError = (path: string) => errors[path];

  return (
    <form onSubmit={submit} noValidate className="card space-y-5 p-5" aria-label="ACH matrix preview">
      <div>
        <h2 className="text-lg font-semibold">
          ACH matrix from {preview.fileName}
          {preview.sheet !== preview.fileName.replace(/\.[^.]*$/, "") ? ` (sheet ${preview.sheet})` : ""}
        </h2>
        <p className="text-sm text-slate-600">
          {preview.scenarios.length} hypotheses become scenarios, {preview.indicators.length} rows become indicators.
          Nothing is saved until you create the assessment; change any rating or weight first.
        </p>
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-slate-700" aria-label="How the matrix is mapped">
          {preview.mapping.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {preview.flagged > 0 ? (
          <p className="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {preview.flagged} {preview.flagged === 1 ? "cell was" : "cells were"} NA or empty and read as “Could”
            (outlined): check {preview.flagged === 1 ? "it" : "them"}.
          </p>
        ) : null}
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="ach-title"
          label="Title"
          noun="The title"
          max={TITLE_MAX}
          value={title}
          onChange={setTitle}
          error={errors.title}
        />
        <TextField
          id="ach-handling"
          label="Handling marking"
          noun="The handling marking"
          max={HANDLING_MAX}
          value={handling}
          onChange={setHandling}
          error={errors.handling}
        />
      </div>
      <TextArea
        id="ach-question"
        label="Key question"
        noun="The key question"
        max={KEY_QUESTION_MAX}
        rows={2}
        value={keyQuestion}
        onChange={setKeyQuestion}
        error={errors.keyQuestion}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="ach-horizon" label="Horizon (YYYY-MM-DD, UTC)" error={errors.horizon}>
          <IsoDateInput id="ach-horizon" value={horizon} onChange={setHorizon} aria-invalid={!!errors.horizon} />
        </Field>
        <Field id="ach-confidence" label="Analytic confidence">
          <select
            id="ach-confidence"
            className="input"
            value={confidence}
            onChange={(e) => setConfidence(e.target.value as Confidence)}
          >
            <option value="low">Low</option>
            <option value="moderate">Moderate</option>
            <option value="high">High</option>
          </select>
        </Field>
      </div>

      <div className="overflow-x-auto">
        <table className="min-w-full border-collapse text-sm">
          <caption className="sr-only">Ratings mapped from the matrix</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left align-bottom">
              <th scope="col" className="py-2 pr-3 font-semibold">
                Indicator
              </th>
              <th scope="col" className="px-2 py-2 font-semibold">
                Weight %
              </th>
              {preview.scenarios.map((s, k) => (
                <th key={s.cell} scope="col" className="px-2 py-2 font-semibold">
                  <div>{s.name}</div>
                  <label className="mt-1 flex items-center gap-1 text-xs font-normal text-slate-600">
                    Prior
                    <input
                      className="input w-16 py-0.5 text-xs"
                      inputMode="decimal"
                      aria-label={`Prior of ${s.name}`}
                      value={priors[k] ?? ""}
                      onChange={(e) => setPriors((p) => p.map((v, j) => (j === k ? e.target.value : v)))}
                    />
                  </label>
                  {cellError(`scenarios.${k}.prior`) ? (
                    <p className="field-error">{cellError(`scenarios.${k}.prior`)}</p>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.indicators.map((indicator, k) => (
              <tr key={indicator.row} className="border-b border-slate-100 align-top">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <div className="font-medium">{indicator.name}</div>
                  <div className="text-xs text-slate-500">
                    Row {indicator.row} · weight from {indicator.weightFrom}
                  </div>
                </th>
                <td className="px-2 py-2">
                  <input
                    className="input w-20 py-1"
                    inputMode="decimal"
                    aria-label={`Weight of ${indicator.name}, percent`}
                    value={weights[k] ?? ""}
                    onChange={(e) => setWeights((w) => w.map((v, j) => (j === k ? e.target.value : v)))}
                  />
                  {cellError(`indicators.${k}.weight`) ? (
                    <p className="field-error">{cellError(`indicators.${k}.weight`)}</p>
                  ) : null}
                </td>
                {indicator.cells.map((cell, j) => {
                  const rating = ratings[k]?.[j] ?? cell.rating;
                  const adjusted = rating !== cell.rating;
                  return (
                    <td key={cell.cell} className="px-2 py-2">
                      <select
                        className={`input min-w-[10.5rem] py-1 ${cell.flagged ? "ring-2 ring-amber-400" : ""} ${adjusted ? "bg-sky-50" : ""}`}
                        aria-label={`${indicator.name} under ${preview.scenarios[j]?.name}`}
                        value={rating}
                        onChange={(e) =>
                          setRatings((all) =>
                            all.map((row, r) =>
                              r === k ? row.map((v, c) => (c === j ? (e.target.value as Rating) : v)) : row,
                            ),
                          )
                        }
                      >
                        {RATING_KEYS.map((key) => (
                          <option key={key} value={key}>
                            {RATING_WORD[key]} ({RATINGS[key].likelihood})
                          </option>
                        ))}
                      </select>
                      <div className="mt-0.5 text-xs text-slate-500">
                        {cell.cell}: {cell.code || "empty"}
                        {cell.flagged ? " · flagged" : ""}
                        {adjusted ? " · changed" : ""}
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {errors.form || Object.keys(errors).length ? (
        <p role="alert" className="field-error">
          {errors.form ?? "Fix the fields marked above; nothing was saved."}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create the assessment"}
        </button>
        <span className="text-sm text-slate-600">
          {changed === 0
            ? "Ratings as mapped."
            : `${changed} ${changed === 1 ? "rating" : "ratings"} changed from the mapping.`}
        </span>
      </div>
    </form>
  );
}
