"use client";
// The one dialog behind adding and editing a scenario or an indicator: a form with the name and the
// description, any fields of the dialog's own below them, the form-wide error, Cancel and the submit button.
// The caller holds the values and the errors; the dialog runs the one submit step: check, show what is
// wrong or save, show the server's answer on its fields or close.
import type { ReactNode, RefObject } from "react";
import { Dialog } from "@/app/components/dialog";
import { FormActions, formError, NameAndDescription } from "@/app/components/field";
import { useSaving } from "./workspace-context";
import type { SaveError } from "./workspace-saves";

export function NameDescriptionDialog(props: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  returnFocus?: RefObject<HTMLElement | null>;
  title: string;
  /** The dialog's own description, under its title. */
  dialogDescription?: string;
  wide?: boolean;
  /** Ids are `${idPrefix}-name` and `${idPrefix}-description`. */
  idPrefix: string;
  /** "scenario" or "indicator", for the messages. */
  what: string;
  nameMax: number;
  descriptionLabel: string;
  descriptionRows: number;
  name: string;
  description: string;
  onName: (value: string) => void;
  onDescription: (value: string) => void;
  errors: Record<string, string>;
  setErrors: (errors: Record<string, string>) => void;
  /** The fields in `children` that show their own error, so the form-wide one stays out of the way. */
  otherFields?: readonly string[];
  submitLabel: string;
  /** What is wrong with the values, by field; empty when they can be saved. */
  check: () => Record<string, string>;
  /** Saves the checked values; the server's error, if any, is shown on its fields. */
  save: () => Promise<SaveError | null>;
  /** After a successful save, before the dialog closes (an add dialog clears its values). */
  onSaved?: () => void;
  /** The dialog's own fields, after the name and description. */
  children?: ReactNode;
}) {
  const saving = useSaving();
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      returnFocus={props.returnFocus}
      title={props.title}
      wide={props.wide}
      description={props.dialogDescription}
    >
      <form
        className="space-y-3"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const found = props.check();
          props.setErrors(found);
          if (Object.keys(found).length) return;
          const error = await props.save();
          if (error) return props.setErrors({ ...error.fieldErrors, form: error.message });
          props.onSaved?.();
          props.onOpenChange(false);
        }}
      >
        <NameAndDescription
          idPrefix={props.idPrefix}
          what={props.what}
          nameMax={props.nameMax}
          descriptionLabel={props.descriptionLabel}
          descriptionRows={props.descriptionRows}
          name={props.name}
          description={props.description}
          onName={props.onName}
          onDescription={props.onDescription}
          errors={props.errors}
        />
        {props.children}
        <FormActions
          error={formError(props.errors, ["name", "description", ...(props.otherFields ?? [])])}
          saving={saving}
          label={props.submitLabel}
          onCancel={() => props.onOpenChange(false)}
        />
      </form>
    </Dialog>
  );
}
