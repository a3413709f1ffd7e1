"use client";
// Scenarios with their live probability, ICD 203 term and the team's confidence; analysts add,
// rename, describe, reorder, set priors (shown normalised, remainder visible) and archive.
import { memo, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { Field, FormActions, formError, NameAndDescription } from "@/app/components/field";
import { newScenarioForm } from "@/shared/assessment/form-schemas";
import { priorSchema, scenarioText } from "@/shared/assessment/schemas";
import type { ScenarioState } from "@/shared/assessment/state";
import { fieldErrors, typedNumber } from "@/shared/forms";
import { SCENARIO_NAME_MAX } from "@/shared/limits";
import { CommentsBadge } from "./comments-panel";
import { formatPercent } from "./format";
import { useSaving, useWorkspace, useWorkspaceStable } from "./workspace-context";

export function ScenarioPanel() {
  const ws = useWorkspace();
  const { state, result } = ws;
  const active = state.scenarios.filter((s) => !s.archived);
  const archived = state.scenarios.filter((s) => s.archived);
  const priorTotal = active.reduce((sum, s) => sum + s.prior, 0);
  const [adding, setAdding] = useState(false);

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
          />
        ))}
      </ol>
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

/** Reads only the stable half: its probability and term come as props, so a preview re-renders just those. */
function ScenarioRow(props: {
  scenario: ScenarioState;
  index: number;
  count: number;
  priorTotal: number;
  probability: number;
  term: string;
}) {
  const ws = useWorkspaceStable();
  const s = props.scenario;
  const [editing, setEditing] = useState(false);
  const [prior, setPrior] = useState<string | null>(null);
  const [priorError, setPriorError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const shown = prior ?? String(s.prior);
  const parsed = Number(shown);
  const valid = priorSchema.safeParse(typedNumber(shown)).success;
  const othersTotal = props.priorTotal - s.prior;
  const share = valid ? parsed / (parsed + othersTotal) : null;

  function previewPrior(text: string) {
    setPrior(text);
    const checked = priorSchema.safeParse(typedNumber(text));
    if (checked.success) {
      const value = checked.data;
      setPriorError(null);
      ws.preview({
        ...ws.serverState,
        scenarios: ws.serverState.scenarios.map((x) => (x.id === s.id ? { ...x, prior: value } : x)),
      });
    } else {
      setPriorError(checked.error.issues[0]?.message ?? null);
    }
  }

  async function commitPrior() {
    if (prior === null) return;
    if (!valid) return;
    if (parsed === s.prior) {
      setPrior(null);
      ws.preview(null);
      return;
    }
    const error = await ws.save("updateScenario", { scenarioId: s.id, prior: parsed });
    setPriorError(error ? (error.fieldErrors.prior ?? error.message) : null);
    if (!error) setPrior(null);
  }

  const move = (toIndex: number) => void ws.save("moveScenario", { scenarioId: s.id, toIndex });

  return (
    <li className="py-3">
      <div className="flex items-start gap-3">
        <span className="mt-1.5 h-3 w-3 shrink-0 rounded-full" style={{ background: s.color }} aria-hidden />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <div className="flex items-center gap-2">
              <h3 className="font-medium">{s.name}</h3>
              <CommentsBadge kind="scenario" id={s.id} name={s.name} />
            </div>
            <p className="text-right">
              <span className="text-xl font-semibold tabular-nums" data-testid={`probability-${s.id}`}>
                {formatPercent(props.probability)}
              </span>
            </p>
          </div>
          <p className="text-sm text-slate-600">
            <span className="font-medium text-slate-800" data-testid={`term-${s.id}`}>
              {props.term}
            </span>
            <span className="text-slate-500"> · {ws.serverState.confidence} confidence</span>
          </p>
          {s.description ? <p className="mt-0.5 text-xs text-slate-500">{s.description}</p> : null}
          <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
            <label htmlFor={`prior-${s.id}`} className="text-slate-600">
              Prior weight
            </label>
            <input
              id={`prior-${s.id}`}
              className="input w-20 py-0.5 text-xs"
              inputMode="decimal"
              value={shown}
              disabled={!ws.canEdit}
              aria-invalid={!!priorError}
              aria-describedby={`prior-${s.id}-share`}
              onChange={(e) => previewPrior(e.target.value)}
              onBlur={() => void commitPrior()}
              onKeyDown={(e) => {
                if (e.key === "Enter") void commitPrior();
                if (e.key === "Escape") {
                  setPrior(null);
                  setPriorError(null);
                  ws.preview(null);
                }
              }}
            />
            <span id={`prior-${s.id}-share`} className="text-slate-500">
              {share === null
                ? ""
                : `= ${formatPercent(share)} of the prior; the other scenarios share ${formatPercent(1 - share)}`}
            </span>
            {ws.canEdit ? (
              <span className="ml-auto flex gap-1">
                <button
                  type="button"
                  className="btn-secondary px-2 py-0.5 text-xs"
                  disabled={props.index === 0}
                  onClick={() => move(props.index - 1)}
                  aria-label={`Move ${s.name} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn-secondary px-2 py-0.5 text-xs"
                  disabled={props.index === props.count - 1}
                  onClick={() => move(props.index + 1)}
                  aria-label={`Move ${s.name} down`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn-secondary px-2 py-0.5 text-xs"
                  onClick={() => setEditing(true)}
                  aria-label={`Edit ${s.name}`}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="btn-secondary px-2 py-0.5 text-xs"
                  disabled={props.count <= 2}
                  title={props.count <= 2 ? "An assessment needs at least two active scenarios" : undefined}
                  onClick={async () => {
                    const error = await ws.save("setScenarioArchived", { scenarioId: s.id, archived: true });
                    setNotice(error?.message ?? null);
                  }}
                  aria-label={`Archive ${s.name}`}
                >
                  Archive
                </button>
              </span>
            ) : null}
          </div>
          {priorError ? (
            <p className="field-error text-xs" role="alert">
              {priorError}
            </p>
          ) : null}
          {notice ? (
            <p className="field-error text-xs" role="alert">
              {notice}
            </p>
          ) : null}
        </div>
      </div>
      {editing ? <EditScenarioDialog scenario={s} open onOpenChange={setEditing} /> : null}
    </li>
  );
}

/** Memoised: a closed dialog under every scenario need not re-render on each drag frame. */
const EditScenarioDialog = memo(function EditScenarioDialog(props: {
  scenario: ScenarioState;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const [name, setName] = useState(props.scenario.name);
  const [description, setDescription] = useState(props.scenario.description);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title={`Edit scenario`}>
      <form
        className="space-y-3"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const found = fieldErrors(scenarioText.safeParse({ name, description }));
          if (Object.keys(found).length) return setErrors(found);
          const error = await ws.save("updateScenario", { scenarioId: props.scenario.id, name, description });
          if (error) setErrors({ ...error.fieldErrors, form: error.message });
          else props.onOpenChange(false);
        }}
      >
        <NameAndDescription
          idPrefix="scenario"
          nameMax={SCENARIO_NAME_MAX}
          descriptionLabel="Description"
          descriptionRows={3}
          name={name}
          description={description}
          onName={setName}
          onDescription={setDescription}
          errors={errors}
        />
        <FormActions error={formError(errors, ["name", "description"])} saving={saving} label="Save" />
      </form>
    </Dialog>
  );
});

const AddScenarioDialog = memo(function AddScenarioDialog(props: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [prior, setPrior] = useState("1");
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Add scenario"
      description="Every indicator starts as “could go either way” for the new scenario, so nothing moves until you rate it."
    >
      <form
        className="space-y-3"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const checked = newScenarioForm.safeParse({ name, description, prior });
          setErrors(fieldErrors(checked));
          if (!checked.success) return;
          const error = await ws.save("addScenario", { name, description, prior: checked.data.prior });
          if (error) setErrors({ ...error.fieldErrors, form: error.message });
          else {
            setName("");
            setDescription("");
            setPrior("1");
            props.onOpenChange(false);
          }
        }}
      >
        <NameAndDescription
          idPrefix="new-scenario"
          nameMax={SCENARIO_NAME_MAX}
          descriptionLabel="Description (optional)"
          descriptionRows={2}
          name={name}
          description={description}
          onName={setName}
          onDescription={setDescription}
          errors={errors}
        />
        <Field
          id="new-scenario-prior"
          label="Prior weight"
          error={errors.prior}
          hint="Priors are normalised to sum to 1."
        >
          <input
            id="new-scenario-prior"
            className="input"
            inputMode="decimal"
            value={prior}
            onChange={(e) => setPrior(e.target.value)}
            aria-invalid={!!errors.prior}
          />
        </Field>
        <FormActions error={formError(errors, ["name", "description", "prior"])} saving={saving} label="Add scenario" />
      </form>
    </Dialog>
  );
});
