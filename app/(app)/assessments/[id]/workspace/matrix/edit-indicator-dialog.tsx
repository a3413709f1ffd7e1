"use client";
// Renames an indicator or changes what to look for.
import { type RefObject, useState } from "react";
import { indicatorText } from "@/shared/assessment/schemas";
import type { IndicatorState } from "@/shared/assessment/state";
import { fieldErrors } from "@/shared/forms";
import { INDICATOR_NAME_MAX } from "@/shared/limits";
import { NameDescriptionDialog } from "../name-description-dialog";
import { useWorkspaceActions } from "../workspace-context";

export function EditIndicatorDialog(props: {
  indicator: IndicatorState;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  returnFocus: RefObject<HTMLElement | null>;
}) {
  const ws = useWorkspaceActions();
  const [name, setName] = useState(props.indicator.name);
  const [description, setDescription] = useState(props.indicator.description);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <NameDescriptionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      returnFocus={props.returnFocus}
      title="Edit indicator"
      idPrefix="edit-indicator"
      what="indicator"
      nameMax={INDICATOR_NAME_MAX}
      descriptionLabel="What to look for"
      descriptionRows={3}
      name={name}
      description={description}
      onName={setName}
      onDescription={setDescription}
      errors={errors}
      setErrors={setErrors}
      submitLabel="Save"
      check={() => fieldErrors(indicatorText.safeParse({ name, description }))}
      save={() => ws.save("updateIndicator", { indicatorId: props.indicator.id, name, description })}
    />
  );
}
