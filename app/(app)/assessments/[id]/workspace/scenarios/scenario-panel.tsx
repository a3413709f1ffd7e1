"use client";
// Scenarios with their live probability, ICD 203 term and the team's confidence; analysts add,
// rename, describe, reorder, set priors (shown normalised, remainder visible) and archive.
import { useState } from "react";
import { activeScenarios } from "@/shared/assessment/state";
import { leadingScenarioId } from "@/shared/engine";
import { formatPercent, roundingNote } from "@/shared/format";
import { useWorkspace } from "../workspace-context";
import { AddScenarioDialog } from "./add-scenario-dialog";
import { ScenarioRow } from "./scenario-row";

export function ScenarioPanel() {
  const ws = useWorkspace();
  const { state, result } = ws;
  const active = activeScenarios(state.scenarios);
  const archived = state.scenarios.filter((s) => s.archived);
  const priorTotal = active.reduce((sum, s) => sum + s.prior, 0);
  const [adding, setAdding] = useState(false);
  const probabilities = active.map((s) => result.probabilities[s.id] ?? 0);
  const leading = leadingScenarioId(Object.fromEntries(active.map((s, k) => [s.id, probabilities[k] ?? 0])));
  const note = roundingNote(probabilities);

  return (
    <section className="card p-4" aria-labelledby="scenarios-heading">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="scenarios-heading" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Scenarios
        </h2>
        {ws.canEdit ? (
          <button type="button" className="btn-secondary text-xs" onClick={() => setAdding(true)}>
            Add scenario
          </button>
        ) : null}
      </div>
      <div className="mb-3" aria-label="Priors, normalised" role="img">
        <div className="flex h-2 overflow-hidden rounded-full bg-slate-100">
          {active.map((s) => (
            <div key={s.id} style={{ width: `${(s.prior / priorTotal) * 100}%`, background: s.color }} />
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          Priors, normalised: {active.map((s) => `${s.name} ${formatPercent(s.prior / priorTotal)}`).join(" · ")}
        </p>
      </div>
      <ol className="divide-y divide-slate-100">
        {active.map((s, index) => (
          <ScenarioRow
            key={s.id}
            scenario={s}
            index={index}
            count={active.length}
            priorTotal={priorTotal}
            probability={result.probabilities[s.id] ?? 0}
            term={result.terms[s.id] ?? ""}
            leading={s.id === leading}
          />
        ))}
      </ol>
      {note ? <p className="mt-1 text-xs text-slate-500">{note}</p> : null}
      {archived.length ? (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-600">Archived scenarios ({archived.length})</summary>
          <ul className="mt-2 space-y-1">
            {archived.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2">
                <span className="text-slate-600">{s.name}</span>
                {ws.canEdit ? (
                  <button
                    type="button"
                    className="btn-secondary text-xs"
                    onClick={() => void ws.save("setScenarioArchived", { scenarioId: s.id, archived: false })}
                  >
                    Restore
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <AddScenarioDialog open={adding} onOpenChange={setAdding} />
    </section>
  );
}
