"use client";
// An indicator's presence: derived from its evidence, or an override with its rationale set in a
// dialog (and cleared there).
import { useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { Field } from "@/app/components/field";
import { TextField, textsFit } from "@/app/components/text-field";
import { OVERRIDE_WITHOUT_RATIONALE, presence } from "@/shared/assessment/schemas";
import type { IndicatorState } from "@/shared/assessment/state";
import { formatPercent } from "@/shared/format";
import { typedNumber } from "@/shared/forms";
import { OVERRIDE_RATIONALE_MAX } from "@/shared/limits";
import { useSaving, useWorkspaceActions } from "../workspace-context";

const PRESENCE_RANGE = "Presence is a percent from 0 to 100";

export function PresenceCell({
  indicator,
  presence,
  canEdit,
}: {
  indicator: IndicatorState;
  presence: number;
  canEdit: boolean;
}) {
  const [open, setOpen] = useState(false);
  const overridden = indicator.presenceOverride !== null;
  return (
    <div className="w-32">
      <span
        className="tabular-nums"
        title={overridden ? `Override: ${indicator.overrideRationale ?? ""}` : "Derived from the linked evidence"}
      >
        {formatPercent(presence)}
      </span>
      <span className="block text-xs text-slate-500">{overridden ? "override" : "from evidence"}</span>
      {canEdit ? (
        <button
          type="button"
          className="text-xs text-blue-800 underline"
          onClick={() => setOpen(true)}
          aria-label={`Override presence of ${indicator.name}`}
        >
          {overridden ? "Change override" : "Override…"}
        </button>
      ) : null}
      {/* Mounted only while open: 300 closed dialogs each cost a render on every save. */}
      {open ? <PresenceDialog indicator={indicator} open onOpenChange={setOpen} /> : null}
    </div>
  );
}

function PresenceDialog(props: { indicator: IndicatorState; open: boolean; onOpenChange: (o: boolean) => void }) {
  const ws = useWorkspaceActions();
  const saving = useSaving();
  const [value, setValue] = useState(String(Math.round((props.indicator.presenceOverride ?? 0.5) * 100)));
  const [rationale, setRationale] = useState(props.indicator.overrideRationale ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Said as it is typed, not only on submit: the override is not set while it reads out of range.
  const outOfRange = presence.safeParse(typedNumber(value) / 100).success ? null : PRESENCE_RANGE;
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={`Presence of “${props.indicator.name}”`}
      description="An override replaces the presence derived from evidence. Say why: the rationale is kept in the history."
    >
      <form
        className="space-y-3"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const v = Number(value);
          const found: Record<string, string> = {};
          if (outOfRange) found.presence = outOfRange;
          if (!rationale.trim()) found.overrideRationale = OVERRIDE_WITHOUT_RATIONALE;
          else if (!textsFit([rationale, OVERRIDE_RATIONALE_MAX])) found.overrideRationale = "Shorten the rationale";
          setErrors(found);
          if (Object.keys(found).length) return;
          const error = await ws.save("setPresence", {
            indicatorId: props.indicator.id,
            presence: v / 100,
            overrideRationale: rationale,
          });
          if (error) setErrors({ ...error.fieldErrors, form: error.message });
          else props.onOpenChange(false);
        }}
      >
        <Field id="presence-value" label="Presence (%)" error={outOfRange ?? errors.presence}>
          <input
            id="presence-value"
            className="input"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={!!(outOfRange ?? errors.presence)}
            aria-describedby={(outOfRange ?? errors.presence) ? "presence-value-error" : undefined}
          />
        </Field>
        <TextField
          id="presence-rationale"
          label="Rationale (required)"
          noun="The rationale"
          max={OVERRIDE_RATIONALE_MAX}
          value={rationale}
          onChange={setRationale}
          error={errors.overrideRationale}
        />
        {errors.form ? <p className="field-error">{errors.form}</p> : null}
        <div className="flex justify-between gap-2">
          {props.indicator.presenceOverride !== null ? (
            <button
              type="button"
              className="btn-secondary"
              onClick={async () => {
                const error = await ws.save("setPresence", { indicatorId: props.indicator.id, presence: null });
                if (error) setErrors({ form: error.message });
                else props.onOpenChange(false);
              }}
            >
              Clear override
            </button>
          ) : (
            <span />
          )}
          <span className="flex gap-2">
            <button type="button" className="btn-secondary" onClick={() => props.onOpenChange(false)}>
              Cancel
            </button>
            <button type="submit" className="btn-primary" disabled={saving}>
              Set override
            </button>
          </span>
        </div>
      </form>
    </Dialog>
  );
}
