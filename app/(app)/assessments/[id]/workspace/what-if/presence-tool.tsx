"use client";
// Hypothetical presence in two clicks: pick an indicator, say it is seen present, seen absent, or
// give a presence in percent. It records a what-if step like any other control.
import { useId, useState } from "react";
import { presence as presenceSchema } from "@/shared/assessment/schemas";
import { formatPercent } from "@/shared/format";
import { typedNumber } from "@/shared/forms";
import { useWorkspaceStable } from "../workspace-context";

export function PresenceTool() {
  const { whatIf, serverState, serverResult } = useWorkspaceStable();
  const indicators = serverState.indicators;
  const [indicatorId, setIndicatorId] = useState(indicators[0]?.id ?? "");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const uid = useId();
  const chosen = indicators.find((i) => i.id === indicatorId);
  if (indicators.length === 0) return null;

  function set(presence: number | null) {
    if (!chosen) return setError("Pick an indicator first.");
    const problem = whatIf.record({ procedure: "setPresence", input: { indicatorId: chosen.id, presence } });
    setError(problem?.message ?? null);
  }

  return (
    <fieldset className="rounded border border-violet-200 bg-white px-3 py-2">
      <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-violet-800">
        Hypothetical presence
      </legend>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <label htmlFor={`${uid}-indicator`} className="field-label text-xs">
            Indicator
          </label>
          <select
            id={`${uid}-indicator`}
            className="input"
            value={indicatorId}
            onChange={(e) => {
              setIndicatorId(e.target.value);
              setError(null);
            }}
          >
            {indicators.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        <span className="pb-1.5 text-xs text-slate-600">
          now {formatPercent(serverResult.presence[indicatorId] ?? 0.5)}
          {chosen?.presenceOverride !== null && chosen?.presenceOverride !== undefined ? " (override)" : ""}
        </span>
        <button type="button" className="btn-secondary" onClick={() => set(1)}>
          Seen present
        </button>
        <button type="button" className="btn-secondary" onClick={() => set(0)}>
          Seen absent
        </button>
        <form
          className="flex items-end gap-1"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const checked = presenceSchema.safeParse(typedNumber(value) / 100);
            if (!value.trim() || !checked.success) return setError("Presence is a percent from 0 to 100.");
            set(checked.data);
          }}
        >
          <div>
            <label htmlFor={`${uid}-value`} className="field-label text-xs">
              Presence (%)
            </label>
            <input
              id={`${uid}-value`}
              className="input w-20"
              inputMode="decimal"
              value={value}
              aria-invalid={!!error}
              onChange={(e) => setValue(e.target.value)}
            />
          </div>
          <button type="submit" className="btn-secondary">
            Set
          </button>
        </form>
        {chosen?.presenceOverride !== null ? (
          <button type="button" className="btn-secondary" onClick={() => set(null)}>
            Back to evidence
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="field-error text-xs">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
