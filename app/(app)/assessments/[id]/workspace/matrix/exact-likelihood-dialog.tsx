"use client";
// A cell's exact likelihood, in percent, instead of one of the five ratings (key 0 in the matrix).
import { type RefObject, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { Field } from "@/app/components/field";
import { expectation } from "@/shared/assessment/schemas";
import type { Expectation } from "@/shared/assessment/state";
import { RATINGS } from "@/shared/engine";
import { typedNumber } from "@/shared/forms";

export function ExactLikelihoodDialog(props: {
  open: boolean;
  returnFocus: RefObject<HTMLElement | null>;
  onOpenChange: (o: boolean) => void;
  initial: Expectation | undefined;
  onSave: (value: number) => Promise<void>;
}) {
  const start =
    typeof props.initial === "number" ? props.initial : props.initial ? RATINGS[props.initial].likelihood : 0.5;
  const [text, setText] = useState(String(Math.round(start * 100)));
  const v = Number(text);
  const error = expectation.safeParse(typedNumber(text) / 100).success ? null : "Give a percent from 1 to 99";
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      returnFocus={props.returnFocus}
      title="Exact likelihood"
      description="The chance of seeing this indicator if the scenario is true."
    >
      <form
        noValidate
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!error) await props.onSave(v / 100);
        }}
      >
        <Field id="exact-likelihood" label="Likelihood (%)" error={error ?? undefined}>
          <input
            id="exact-likelihood"
            className="input"
            inputMode="decimal"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!!error}
            aria-describedby={error ? "exact-likelihood-error" : undefined}
          />
        </Field>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => props.onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={!!error}>
            Set likelihood
          </button>
        </div>
      </form>
    </Dialog>
  );
}
