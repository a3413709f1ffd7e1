"use client";
// The participant's private copy: their own matrix for the round's indicators (a blank cell keeps
// the shared value), a weight and a one-line reason per indicator, and their own probabilities
// beside the shared ones, computed live in the browser by the same engine. Each change is saved as a
// draft only they can read; submitting makes it final for the round and opens the group's view.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState, Expectation } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS, scenarioProbabilities } from "@/shared/engine";
import { formatPercent, formatWholePercent } from "@/shared/format";
import { JUDGEMENT_REASON_MAX } from "@/shared/limits";
import { type JudgementValues, judgementReason, participantModel } from "@/shared/rounds";
import { valueLabel } from "../rounds-data";
import { cellKey, type RoundData, scenarioColumns, scopeRows } from "./round-shared";

type Patch = {
  expectations?: Record<string, Record<string, Expectation | null>>;
  weights?: Record<string, number | null>;
  reasons?: Record<string, string | null>;
};

function applyLocal(values: JudgementValues, patch: Patch): JudgementValues {
  const next: JudgementValues = {
    expectations: { ...values.expectations },
    weights: { ...values.weights },
    reasons: { ...values.reasons },
  };
  for (const [iid, row] of Object.entries(patch.expectations ?? {})) {
    const merged = { ...next.expectations[iid] };
    for (const [sid, v] of Object.entries(row)) {
      if (v === null) delete merged[sid];
      else merged[sid] = v;
    }
    next.expectations[iid] = merged;
  }
  for (const [iid, w] of Object.entries(patch.weights ?? {})) {
    if (w === null) delete next.weights[iid];
    else next.weights[iid] = w;
  }
  for (const [iid, r] of Object.entries(patch.reasons ?? {})) {
    if (!r) delete next.reasons[iid];
    else next.reasons[iid] = r;
  }
  return next;
}

export function PrivateCopy({
  assessmentId,
  state,
  view,
}: {
  assessmentId: string;
  state: AssessmentState;
  view: RoundData;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const roundId = view.round.id;
  const [draft, setDraft] = useState<JudgementValues>(
    () => view.own?.values ?? { expectations: {}, weights: {}, reasons: {} },
  );
  // What is typed in the weight and reason fields, kept as typed until it is valid and saved.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>("Your draft is saved as you go; only you can read it.");
  const [error, setError] = useState<string | null>(null);
  const rows = scopeRows(state, view);
  const scenarios = scenarioColumns(state);
  const scope = rows.map((r) => r.indicatorId);
  const focus = new Set(view.round.focus.map((c) => cellKey(c.indicatorId, c.scenarioId)));
  const changed = new Map(
    view.sharedSinceOpen.changes.map((c) => [cellKey(c.indicatorId, c.scenarioId ?? "weight"), c]),
  );

  const shared = useMemo(() => engineModel(state), [state]);
  const sharedP = useMemo(() => scenarioProbabilities(shared), [shared]);
  const mineP = useMemo(() => scenarioProbabilities(participantModel(shared, scope, draft)), [shared, scope, draft]);

  const save = useMutation(
    trpc.rounds.saveDraft.mutationOptions({
      onSuccess: () => {
        setError(null);
        setStatus("Draft saved. Only you can read it until you submit.");
      },
      onError: (e) => setError(`Not saved: ${e.message}`),
    }),
  );
  const submit = useMutation(
    trpc.rounds.submit.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.rounds.get.queryKey({ assessmentId, roundId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.rounds.list.queryKey({ assessmentId }) });
      },
      onError: (e) => setError(e.message),
    }),
  );
  const send = (patch: Patch) => {
    setDraft((d) => applyLocal(d, patch));
    setStatus("Saving…");
    save.mutate({ assessmentId, roundId, ...patch });
  };

  const commitWeight = (indicatorId: string) => {
    const text = typed[`w:${indicatorId}`];
    if (text === undefined) return;
    const key = `w:${indicatorId}`;
    if (text.trim() === "") {
      setFieldErrors(({ [key]: _gone, ...rest }) => rest);
      send({ weights: { [indicatorId]: null } });
      return;
    }
    const pct = Number(text);
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) {
      setFieldErrors((e) => ({ ...e, [key]: `A weight is a percent from 0 to 100; "${text}" is not saved` }));
      return;
    }
    setFieldErrors(({ [key]: _gone, ...rest }) => rest);
    send({ weights: { [indicatorId]: pct / 100 } });
  };
  const commitReason = (indicatorId: string) => {
    const key = `r:${indicatorId}`;
    const text = typed[key];
    if (text === undefined) return;
    const parsed = judgementReason.safeParse(text);
    if (!parsed.success) {
      const over = text.trim().length - JUDGEMENT_REASON_MAX;
      setFieldErrors((e) => ({
        ...e,
        [key]: `${parsed.error.issues[0]?.message ?? "Not a reason"}${over > 0 ? `: ${over} characters too long` : ""}; not saved yet`,
      }));
      return;
    }
    setFieldErrors(({ [key]: _gone, ...rest }) => rest);
    send({ reasons: { [indicatorId]: parsed.data || null } });
  };
  const pending = Object.keys(fieldErrors).length > 0;

  return (
    <section aria-labelledby={`${uid}-title`} className="card p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={`${uid}-title`} className="text-lg font-semibold">
            Your private copy <span className="text-sm font-normal text-slate-600">({view.own?.label})</span>
          </h2>
          <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
            Rate each cell as you see it; a blank cell keeps the shared rating. Nobody sees your values before you
            submit, and you see nobody&apos;s before yours is in. The shared assessment is untouched.
          </p>
        </div>
        <div className="text-right">
          <button
            type="button"
            className="btn-primary"
            disabled={submit.isPending || save.isPending || pending}
            onClick={() => submit.mutate({ assessmentId, roundId })}
          >
            {submit.isPending ? "Submitting…" : "Submit my judgement"}
          </button>
          <p className="mt-1 max-w-56 text-xs text-slate-500">
            Final for this round; you then see the others&apos; judgements.
          </p>
        </div>
      </div>
      <p aria-live="polite" className={`mt-2 text-sm ${error ? "text-red-700" : "text-slate-600"}`}>
        {error ?? (pending ? "Fix the fields marked below: they are not saved yet." : status)}
      </p>

      <h3 className="mt-3 text-sm font-medium">Your probabilities, live</h3>
      <div className="mt-1 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {scenarios.map((s) => {
          const mine = mineP[s.id] ?? 0;
          const was = sharedP[s.id] ?? 0;
          return (
            <div key={s.id} className="rounded-md border border-slate-200 px-3 py-2">
              <p className="flex items-center gap-2 text-sm font-medium">
                <span aria-hidden className="inline-block size-3 rounded-sm" style={{ background: s.color }} />
                {s.name}
              </p>
              <p className="text-xl font-semibold tabular-nums">{formatPercent(mine)}</p>
              <p className="text-xs text-slate-600">shared assessment: {formatPercent(was)}</p>
            </div>
          );
        })}
      </div>

      <div className="mt-4 overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Your ratings, weights and reasons for the round&apos;s indicators</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left">
              <th scope="col" className="py-1.5 pr-3 font-medium">
                Indicator
              </th>
              {scenarios.map((s) => (
                <th key={s.id} scope="col" className="px-1.5 py-1.5 font-medium">
                  {s.name}
                </th>
              ))}
              <th scope="col" className="px-1.5 py-1.5 font-medium">
                Weight %
              </th>
              <th scope="col" className="px-1.5 py-1.5 font-medium">
                One-line reason
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const indicator = row.indicator;
              const name = indicator?.name ?? row.indicatorName;
              const wKey = `w:${row.indicatorId}`;
              const rKey = `r:${row.indicatorId}`;
              const weightText =
                typed[wKey] ??
                (draft.weights[row.indicatorId] === undefined
                  ? ""
                  : String(Math.round((draft.weights[row.indicatorId] ?? 0) * 100)));
              const reasonText = typed[rKey] ?? draft.reasons[row.indicatorId] ?? "";
              const weightChange = changed.get(cellKey(row.indicatorId, "weight"));
              return (
                <tr key={row.indicatorId} className="border-b border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    {name}
                  </th>
                  {scenarios.map((s) => {
                    const mine = draft.expectations[row.indicatorId]?.[s.id];
                    const sharedValue = indicator?.expectations[s.id];
                    const change = changed.get(cellKey(row.indicatorId, s.id));
                    const isFocus = focus.has(cellKey(row.indicatorId, s.id));
                    return (
                      <td key={s.id} className={`px-1.5 py-2 ${isFocus ? "bg-amber-50" : ""}`}>
                        <select
                          className={`input min-w-36 ${mine === undefined ? "text-slate-500" : "font-medium"} ${isFocus ? "ring-2 ring-amber-400" : ""}`}
                          aria-label={`Your rating of '${name}' under '${s.name}'`}
                          value={mine === undefined ? "" : typeof mine === "number" ? `n:${mine}` : mine}
                          onChange={(e) => {
                            const v = e.target.value;
                            send({
                              expectations: {
                                [row.indicatorId]: {
                                  [s.id]:
                                    v === "" ? null : v.startsWith("n:") ? Number(v.slice(2)) : (v as Expectation),
                                },
                              },
                            });
                          }}
                        >
                          <option value="">Shared: {valueLabel(sharedValue)}</option>
                          {RATING_KEYS.map((k) => (
                            <option key={k} value={k}>
                              {RATINGS[k].label}
                            </option>
                          ))}
                          {typeof mine === "number" ? (
                            <option value={`n:${mine}`}>exactly {formatWholePercent(mine)}</option>
                          ) : null}
                        </select>
                        {isFocus ? <p className="mt-0.5 text-xs text-amber-800">disputed last round</p> : null}
                        {change ? (
                          <p className="mt-0.5 text-xs text-amber-800">
                            shared now {valueLabel(change.now)} (was {valueLabel(change.was)})
                          </p>
                        ) : null}
                      </td>
                    );
                  })}
                  <td className="px-1.5 py-2">
                    <input
                      className="input w-20"
                      inputMode="decimal"
                      aria-label={`Your weight of '${name}' in percent`}
                      placeholder={indicator ? String(Math.round(indicator.weight * 100)) : ""}
                      value={weightText}
                      aria-invalid={!!fieldErrors[wKey]}
                      onChange={(e) => setTyped((t) => ({ ...t, [wKey]: e.target.value }))}
                      onBlur={() => commitWeight(row.indicatorId)}
                    />
                    {weightChange ? (
                      <p className="mt-0.5 text-xs text-amber-800">
                        shared now {formatWholePercent(Number(weightChange.now))}
                      </p>
                    ) : null}
                    {fieldErrors[wKey] ? (
                      <p role="alert" className="field-error text-xs">
                        {fieldErrors[wKey]}
                      </p>
                    ) : null}
                  </td>
                  <td className="px-1.5 py-2">
                    <input
                      className="input min-w-56"
                      aria-label={`Your reason for '${name}'`}
                      placeholder="Why you rate it so, in one line"
                      value={reasonText}
                      aria-invalid={!!fieldErrors[rKey]}
                      onChange={(e) => setTyped((t) => ({ ...t, [rKey]: e.target.value }))}
                      onBlur={() => commitReason(row.indicatorId)}
                    />
                    {reasonText.trim().length > JUDGEMENT_REASON_MAX - 40 ? (
                      <p className="mt-0.5 text-xs text-slate-500">
                        {reasonText.trim().length} / {JUDGEMENT_REASON_MAX}
                      </p>
                    ) : null}
                    {fieldErrors[rKey] ? (
                      <p role="alert" className="field-error text-xs">
                        {fieldErrors[rKey]}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
