"use client";
// The two moment pickers above the comparison, with swap and Compare (which navigates).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { UtcDateTimeInput } from "@/app/components/date-inputs";
import { personLabel } from "@/shared/display-name";
import { changeOptionLabel, compareHref, dateTimeLocalToParam, isoToDateTimeLocal } from "./compare-data";
import type { Baseline, ChangeItem } from "./compare-shared";

export function MomentPickers(props: {
  assessmentId: string;
  fromValue: string;
  toValue: string;
  baselines: Baseline[];
  changes: ChangeItem[];
}) {
  const router = useRouter();
  const [from, setFrom] = useState(props.fromValue);
  const [to, setTo] = useState(props.toValue);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  return (
    <form
      className="card grid gap-3 p-4 md:grid-cols-[1fr_auto_1fr_auto] md:items-start"
      aria-label="Moments to compare"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // "at:" alone: the date and time field is empty or not yet a date and time.
        const next = {
          from:
            from === "at:"
              ? "From: give the date and time as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 17:30"
              : undefined,
          to: to === "at:" ? "To: give the date and time as YYYY-MM-DD HH:MM (UTC), e.g. 2024-12-13 17:30" : undefined,
        };
        setErrors(next);
        if (next.from || next.to) return;
        router.push(compareHref(props.assessmentId, from, to));
      }}
    >
      <MomentPicker
        id="compare-from"
        label="From"
        value={from}
        onChange={setFrom}
        error={errors.from}
        baselines={props.baselines}
        changes={props.changes}
      />
      <div className="md:pt-6">
        <button
          type="button"
          className="btn-secondary"
          aria-label="Swap the two moments"
          title="Swap the two moments"
          onClick={() => {
            setFrom(to);
            setTo(from);
          }}
        >
          ⇄
        </button>
      </div>
      <MomentPicker
        id="compare-to"
        label="To"
        value={to}
        onChange={setTo}
        error={errors.to}
        baselines={props.baselines}
        changes={props.changes}
      />
      <div className="md:pt-6">
        <button type="submit" className="btn-primary">
          Compare
        </button>
      </div>
    </form>
  );
}

/**
 * One end of the comparison: now, a baseline, a change from the list, or a date and time (UTC).
 * `value` is the URL form (`now`, `baseline:<id>`, `seq:<n>`, `at:<ISO>`; `at:` alone while the
 * date-time is still empty).
 */
function MomentPicker(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  baselines: Baseline[];
  changes: ChangeItem[];
}) {
  const isAt = props.value.startsWith("at:");
  const selectValue = isAt ? "at:" : props.value;
  const listed = new Set([
    "now",
    ...props.baselines.map((b) => `baseline:${b.id}`),
    ...props.changes.map((c) => `seq:${c.seq}`),
  ]);
  const unlisted = !isAt && !listed.has(props.value) ? props.value : null;
  const [local, setLocal] = useState(isAt ? isoToDateTimeLocal(props.value.slice(3)) : "");
  const errorId = `${props.id}-error`;
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      <select
        id={props.id}
        className="input"
        value={selectValue}
        aria-invalid={!!props.error}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(e) => {
          const v = e.target.value;
          if (v === "at:") props.onChange(dateTimeLocalToParam(local) ?? "at:");
          else props.onChange(v);
        }}
      >
        <option value="now">Now (the latest change)</option>
        {unlisted ? <option value={unlisted}>{unlisted.replace(/^seq:/, "Change #")}</option> : null}
        {props.baselines.length ? (
          <optgroup label="Baselines">
            {[...props.baselines].reverse().map((b) => (
              <option key={b.id} value={`baseline:${b.id}`}>
                {b.name} (change {b.eventSeq})
              </option>
            ))}
          </optgroup>
        ) : null}
        <option value="at:">A date and time…</option>
        {props.changes.length ? (
          <optgroup label="Changes, newest first">
            {props.changes.map((c) => (
              <option key={c.seq} value={`seq:${c.seq}`}>
                {changeOptionLabel({ ...c, actorName: personLabel(c.actor), at: c.at.getTime() })}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {isAt ? (
        <div className="mt-2 flex items-center gap-2">
          <label htmlFor={`${props.id}-at`} className="text-sm text-slate-600">
            Date and time (UTC, YYYY-MM-DD HH:MM)
          </label>
          <UtcDateTimeInput
            id={`${props.id}-at`}
            className="input w-44"
            value={local}
            aria-invalid={!!props.error}
            aria-describedby={props.error ? errorId : undefined}
            onChange={(text) => {
              setLocal(text);
              props.onChange(dateTimeLocalToParam(text) ?? "at:");
            }}
          />
        </div>
      ) : null}
      {props.error ? (
        <p id={errorId} role="alert" className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
