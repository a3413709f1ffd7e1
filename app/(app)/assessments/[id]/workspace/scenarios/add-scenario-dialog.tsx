"use client";
// Adds a scenario: its name, description and prior weight; every indicator rates it "could".
import { memo, useState } from "react";
import { Field } from "@/app/components/field";
import { newScenarioForm } from "@/shared/assessment/form-schemas";
import { fieldErrors } from "@/shared/forms";
import { SCENARIO_NAME_MAX } from "@/shared/limits";
import { NameDescriptionDialog } from "../name-description-dialog";
import { useWorkspaceStable } from "../workspace-context";

export const AddScenarioDialog = memo(function AddScenarioDialog(props: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const ws = useWorkspaceStable();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [prior, setPrior] = useState("1");
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <NameDescriptionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Add scenario"
      dialogDescription="Every indicator starts as “could go either way” for the new scenario, so nothing moves until you rate it."
      idPrefix="new-scenario"
      what="scenario"
      nameMax={SCENARIO_NAME_MAX}
      descriptionLabel="Description (optional)"
      descriptionRows={2}
      name={name}
      description={description}
      onName={setName}
      onDescription={setDescription}
      errors={errors}
      otherFields={["prior"]}
      setErrors={setErrors}
      submitLabel="Add scenario"
      check={() => fieldErrors(newScenarioForm.safeParse({ name, description, prior }))}
      save={() =>
        ws.save("addScenario", { name, description, prior: newScenarioForm.parse({ name, description, prior }).prior })
      }
      onSaved={() => {
        setName("");
        setDescription("");
        setPrior("1");
      }}
    >
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
    </NameDescriptionDialog>
  );
});
