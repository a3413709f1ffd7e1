"use client";
// Adds an indicator: its name, what to look for, its weight and a rating under each active scenario.
import { useState } from "react";
import { Field } from "@/app/components/field";
import { indicatorText, weight as weightSchema } from "@/shared/assessment/schemas";
import { activeScenarios } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS, type Rating } from "@/shared/engine";
import { fieldErrors, typedNumber } from "@/shared/forms";
import { INDICATOR_NAME_MAX } from "@/shared/limits";
import { NameDescriptionDialog } from "../name-description-dialog";
import { useWorkspaceStable } from "../workspace-context";

export function AddIndicatorDialog(props: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const ws = useWorkspaceStable();
  const active = activeScenarios(ws.serverState.scenarios);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [weight, setWeight] = useState("100");
  const [ratings, setRatings] = useState<Record<string, Rating>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <NameDescriptionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Add indicator"
      wide
      dialogDescription="Rate how likely the indicator is to be seen under each scenario."
      idPrefix="new-indicator"
      what="indicator"
      nameMax={INDICATOR_NAME_MAX}
      descriptionLabel="What to look for (optional)"
      descriptionRows={2}
      name={name}
      description={description}
      onName={setName}
      onDescription={setDescription}
      errors={errors}
      otherFields={["weight", ...active.map((s) => `expectations.${s.id}`)]}
      setErrors={setErrors}
      submitLabel="Add indicator"
      check={() => {
        const found = fieldErrors(indicatorText.safeParse({ name, description }));
        if (!weightSchema.safeParse(typedNumber(weight) / 100).success)
          found.weight = "Weight is a percent from 0 to 100";
        return found;
      }}
      save={() => {
        const expectations = Object.fromEntries(active.map((s) => [s.id, ratings[s.id] ?? "could"]));
        return ws.save("addIndicator", { name, description, weight: Number(weight) / 100, expectations });
      }}
      onSaved={() => {
        setName("");
        setDescription("");
        setWeight("100");
        setRatings({});
      }}
    >
      <Field
        id="new-indicator-weight"
        label="Weight (%)"
        error={errors.weight}
        hint="Discount indicators that are redundant with others or only partly relevant."
      >
        <input
          id="new-indicator-weight"
          className="input w-24"
          inputMode="numeric"
          value={weight}
          onChange={(e) => setWeight(e.target.value)}
          aria-invalid={!!errors.weight}
        />
      </Field>
      <fieldset className="grid gap-2 sm:grid-cols-2">
        <legend className="field-label">Likelihood of seeing it under each scenario</legend>
        {active.map((s) => (
          <Field key={s.id} id={`new-indicator-rating-${s.id}`} label={s.name} error={errors[`expectations.${s.id}`]}>
            <select
              id={`new-indicator-rating-${s.id}`}
              className="input"
              value={ratings[s.id] ?? "could"}
              onChange={(e) => setRatings((r) => ({ ...r, [s.id]: e.target.value as Rating }))}
            >
              {RATING_KEYS.map((k) => (
                <option key={k} value={k}>
                  {RATINGS[k].label}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </fieldset>
    </NameDescriptionDialog>
  );
}
