"use client";
import { useState } from "react";
// One active scenario: its live probability and ICD 203 term, its prior (previewed as typed, with
// its normalised share), and for analysts the buttons to reorder, edit and archive it.
import { ClampedText } from "@/app/components/clamped-text";
import { LeadingBadge } from "@/app/components/leading-badge";
import { TypedNumberMessage, useTypedNumber } from "@/app/components/typed-number";
import { priorSchema } from "@/shared/assessment/schemas";
import type { ScenarioState } from "@/shared/assessment/state";
import { formatPercent } from "@/shared/format";
import { typedNumber } from "@/shared/forms";
import { CommentsBadge } from "../comments/comments-badge";
import { useWorkspaceStable } from "../workspace-context";
import { EditScenarioDialog } from "./edit-scenario-dialog";

/** Reads only the stable half: its probability and term come as props, so a preview re-renders just those. */
export function ScenarioRow(props: {
  scenario: ScenarioState;
  index: number;
  count: number;
  priorTotal: number;
  probability: number;
  term: string;
  /** The scenario the call favours: marked beside its term, so "43 % · unlikely" is not misread. */
  leading: boolean;
}) {
  const ws = useWorkspaceStable();
  const s = props.scenario;
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const prior = useTypedNumber({
    savedText: String(s.prior),
    noun: "The prior",
    parse: (text) => {
      const checked = priorSchema.safeParse(typedNumber(text));
      if (checked.success) return { value: checked.data };
      const why = checked.error.issues[0]?.message ?? "A prior must be a number greater than 0";
      return {
        error: text.trim() ? `“${text.trim()}” is not a prior: ${why.charAt(0).toLowerCase()}${why.slice(1)}` : why,
      };
    },
    preview: (value) =>
      ws.preview(
        value === null
          ? null
          : {
              ...ws.serverState,
              scenarios: ws.serverState.scenarios.map((x) => (x.id === s.id ? { ...x, prior: value } : x)),
            },
      ),
    isSaved: (value) => value === s.prior,
    save: async (value) => {
      const error = await ws.save("updateScenario", { scenarioId: s.id, prior: value });
      return error ? (error.fieldErrors.prior ?? error.message) : null;
    },
  });
  const checked = priorSchema.safeParse(typedNumber(prior.text));
  const othersTotal = props.priorTotal - s.prior;
  const share = checked.success ? checked.data / (checked.data + othersTotal) : null;

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
            {props.leading ? <LeadingBadge /> : null}
            <span className="text-slate-500"> · {ws.serverState.confidence} confidence</span>
          </p>
          {s.description ? (
            <ClampedText
              text={s.description}
              lines={2}
              className="mt-0.5 text-xs text-slate-500"
              label={`description of ${s.name}`}
            />
          ) : null}
          <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
            <label htmlFor={`prior-${s.id}`} className="text-slate-600">
              Prior weight
            </label>
            <input
              id={`prior-${s.id}`}
              className="input w-20 py-0.5 text-xs"
              inputMode="decimal"
              value={prior.text}
              disabled={!ws.canEdit}
              aria-invalid={prior.invalid}
              aria-describedby={prior.message ? `prior-${s.id}-message` : `prior-${s.id}-share`}
              onChange={(e) => prior.onChange(e.target.value)}
              onBlur={prior.onBlur}
              onKeyDown={prior.onKeyDown}
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
          <TypedNumberMessage id={`prior-${s.id}-message`} message={prior.message} className="mt-1" />
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
