"use client";
// Adopting the round: the consensus (median ratings and weights) of the scope, which the facilitator
// may edit cell by cell first, written into the assessment as ONE change with a rationale. The page
// shows what the assessment would say with it before anything is saved.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState, Expectation } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS, scenarioProbabilities } from "@/shared/engine";
import { formatPercent, formatWholePercent } from "@/shared/format";
import { participantModel } from "@/shared/rounds";
import { valueLabel } from "../rounds-data";
import { cellKey, type GroupView, type RoundData, scenarioColumns, scopeRows } from "./round-shared";

interface AdoptProps {
  assessmentId: string;
  view: RoundData;
  group: GroupView;
  /** Told the confirmation: the form goes once the round reads adopted, the panel keeps saying it. */
  onAdopted: (message: string) => void;
}

/**
 * The preview runs the engine on the whole assessment, evidence included, so the form reads it
 * itself, after the page has shown the round (which renders from the lighter rounds.sharedMatrix).
 */
export function AdoptForm(props: AdoptProps) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.assessments.get.queryOptions({ assessmentId: props.assessmentId }));
  if (assessment.error)
    return (
      <p role="alert" className="text-sm text-red-800">
        The adopt form needs the whole assessment, which could not be read: {assessment.error.message}
      </p>
    );
  if (!assessment.data)
    return <p className="text-sm text-slate-600">Reading the assessment to preview the adoption…</p>;
  return <AdoptFormWith {...props} state={assessment.data.state} />;
}

function AdoptFormWith(props: AdoptProps & { state: AssessmentState }) {
  const { assessmentId, state, view, group } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const [edits, setEdits] = useState<Record<string, Expectation>>({});
  const [weightEdits, setWeightEdits] = useState<Record<string, number>>({});
  const [rationale, setRationale] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const scenarios = scenarioColumns(state);
  const rows = scopeRows(state, view);

  const adopted = useMemo(() => {
    const expectations: Record<string, Record<string, Expectation>> = {};
    const weights: Record<string, number> = { ...group.consensus.weights, ...weightEdits };
    for (const [iid, row] of Object.entries(group.consensus.expectations)) expectations[iid] = { ...row };
    for (const [key, v] of Object.entries(edits)) {
      const [iid, sid] = key.split("|") as [string, string];
      expectations[iid] = { ...expectations[iid], [sid]: v };
    }
    return { expectations, weights };
  }, [group, edits, weightEdits]);
  const preview = useMemo(
    () =>
      scenarioProbabilities(
        participantModel(engineModel(state), Object.keys(adopted.expectations), { ...adopted, reasons: {} }),
      ),
    [state, adopted],
  );

  const adopt = useMutation(
    trpc.rounds.adopt.mutationOptions({
      onSuccess: (answer) => {
        setError(null);
        const message = `Adopted as change ${answer.seq} of the assessment.`;
        setDone(message);
        props.onAdopted(message);
        void queryClient.invalidateQueries({ queryKey: trpc.assessments.get.queryKey({ assessmentId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.rounds.sharedMatrix.queryKey({ assessmentId }) });
        void queryClient.invalidateQueries({
          queryKey: trpc.rounds.get.queryKey({ assessmentId, roundId: view.round.id }),
        });
        void queryClient.invalidateQueries({ queryKey: trpc.rounds.list.queryKey({ assessmentId }) });
      },
      onError: (e) => {
        setError(e.message);
        if (e.data?.code === "CONFLICT") {
          void queryClient.invalidateQueries({ queryKey: trpc.assessments.get.queryKey({ assessmentId }) });
        }
      },
    }),
  );
  const editedCount = Object.keys(edits).length + Object.keys(weightEdits).length;

  return (
    <form
      className="space-y-3 rounded-md border border-slate-200 p-3"
      aria-labelledby={`${uid}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!rationale.trim()) {
          setError("Say why the team's judgement is adopted: the history keeps it");
          return;
        }
        const expectations: Record<string, Record<string, Expectation>> = {};
        for (const [key, v] of Object.entries(edits)) {
          const [iid, sid] = key.split("|") as [string, string];
          expectations[iid] = { ...expectations[iid], [sid]: v };
        }
        adopt.mutate({
          assessmentId,
          roundId: view.round.id,
          version: state.version,
          rationale: rationale.trim(),
          expectations,
          weights: weightEdits,
        });
      }}
    >
      <h3 id={`${uid}-title`} className="font-medium">
        Adopt the team&apos;s judgement
      </h3>
      <p className="text-sm text-slate-600">
        Writes the consensus below into the assessment as one change, attributed to round {view.round.number}. Edit a
        cell first if the discussion settled it otherwise. With it the assessment would say:{" "}
        {scenarios.map((s) => `${s.name} ${formatPercent(preview[s.id] ?? 0)}`).join(", ")}.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left">
              <th scope="col" className="py-1 pr-3 font-medium">
                Indicator
              </th>
              {scenarios.map((s) => (
                <th key={s.id} scope="col" className="px-1 py-1 font-medium">
                  {s.name}
                </th>
              ))}
              <th scope="col" className="px-1 py-1 font-medium">
                Weight %
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const name = row.indicator?.name ?? row.indicatorName;
              const weight = adopted.weights[row.indicatorId] ?? 1;
              return (
                <tr key={row.indicatorId} className="border-b border-slate-100">
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    {name}
                  </th>
                  {scenarios.map((s) => {
                    const key = cellKey(row.indicatorId, s.id);
                    const value = adopted.expectations[row.indicatorId]?.[s.id];
                    const consensus = group.consensus.expectations[row.indicatorId]?.[s.id];
                    return (
                      <td key={s.id} className="px-1 py-1">
                        <select
                          className={`input min-w-32 ${key in edits ? "border-amber-500 font-medium" : ""}`}
                          aria-label={`Adopted rating of '${name}' under '${s.name}'`}
                          value={typeof value === "number" ? `n:${value}` : (value ?? "")}
                          onChange={(e) => {
                            const v = e.target.value;
                            const next = v.startsWith("n:") ? Number(v.slice(2)) : (v as Expectation);
                            setEdits(({ [key]: _old, ...rest }) =>
                              next === consensus ? rest : { ...rest, [key]: next },
                            );
                          }}
                        >
                          {typeof consensus === "number" ? (
                            <option value={`n:${consensus}`}>consensus: {valueLabel(consensus)}</option>
                          ) : null}
                          {RATING_KEYS.map((k) => (
                            <option key={k} value={k}>
                              {RATINGS[k].label}
                              {k === consensus ? " (consensus)" : ""}
                            </option>
                          ))}
                        </select>
                      </td>
                    );
                  })}
                  <td className="px-1 py-1">
                    <select
                      className={`input w-32 ${row.indicatorId in weightEdits ? "border-amber-500 font-medium" : ""}`}
                      aria-label={`Adopted weight of '${name}'`}
                      value={String(weight)}
                      onChange={(e) => {
                        const w = Number(e.target.value);
                        const consensusWeight = group.consensus.weights[row.indicatorId];
                        setWeightEdits(({ [row.indicatorId]: _old, ...rest }) =>
                          w === consensusWeight ? rest : { ...rest, [row.indicatorId]: w },
                        );
                      }}
                    >
                      {[...new Set([group.consensus.weights[row.indicatorId] ?? 1, 0, 0.25, 0.5, 0.75, 1])]
                        .sort((a, b) => a - b)
                        .map((w) => (
                          <option key={w} value={String(w)}>
                            {formatWholePercent(w)}
                            {w === group.consensus.weights[row.indicatorId] ? " (consensus)" : ""}
                          </option>
                        ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <label htmlFor={`${uid}-rationale`} className="field-label">
        Rationale (kept in the history)
      </label>
      <input
        id={`${uid}-rationale`}
        className="input"
        value={rationale}
        onChange={(e) => setRationale(e.target.value)}
        placeholder="The team converged on the S-400 row after Thursday's imagery"
      />
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-emerald-800">
          {done}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={adopt.isPending}>
        Adopt as one change{editedCount ? ` (${editedCount} edited)` : ""}
      </button>
    </form>
  );
}
