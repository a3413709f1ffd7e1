"use client";
// Renames a scenario or changes its description.
import { memo, useState } from "react";
import { scenarioText } from "@/shared/assessment/schemas";
import type { ScenarioState } from "@/shared/assessment/state";
import { fieldErrors } from "@/shared/forms";
import { SCENARIO_NAME_MAX } from "@/shared/limits";
import { NameDescriptionDialog } from "../name-description-dialog";
import { useWorkspaceStable } from "../workspace-context";

/** Memoised: a closed dialog under every scenario need not re-render on each drag frame. */
export const EditScenarioDialog = memo(function EditScenarioDialog(props: {
  scenario: ScenarioState;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const ws = useWorkspaceStable();
  const [name, setName] = useState(props.scenario.name);
  const [description, setDescription] = useState(props.scenario.description);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <NameDescriptionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={`Edit scenario`}
      idPrefix="scenario"
      what="scenario"
      nameMax={SCENARIO_NAME_MAX}
      descriptionLabel="Description"
      descriptionRows={3}
      name={name}
      description={description}
      onName={setName}
      onDescription={setDescription}
      errors={errors}
      setErrors={setErrors}
      submitLabel="Save"
      check={() => fieldErrors(scenarioText.safeParse({ name, description }))}
      save={() => ws.save("updateScenario", { scenarioId: props.scenario.id, name, description })}
    />
  );
});
