// A labelled form field with its error beside it, wired for screen readers.
import type { ReactNode } from "react";
import type { ClientError } from "@/app/trpc/client";
import { DESCRIPTION_MAX } from "@/shared/limits";
import { TextArea, TextField } from "./text-field";

export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      {props.children}
      {props.hint && !props.error ? (
        <p id={`${props.id}-hint`} className="mt-1 text-xs text-slate-500">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} role="alert" className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Field errors from a tRPC error (server/trpc.ts's formatter), keyed by dotted path. */
export function fieldErrorsOf(error: ClientError | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, messages] of Object.entries(error?.data?.fieldErrors ?? {})) {
    if (messages[0]) out[key] = messages[0];
  }
  return out;
}

/** The form-wide error, unless one of `fields` already shows its own beside the field. */
export function formError(errors: Record<string, string>, fields: readonly string[]): string | undefined {
  return fields.some((f) => errors[f]) ? undefined : errors.form;
}

/**
 * The foot of a dialog's form: its form-wide error, then Cancel beside the submit button. Cancel
 * closes without saving; what was typed is dropped only because the person asked for it.
 */
export function FormActions(props: {
  error?: string | undefined;
  saving: boolean;
  label: string;
  onCancel: () => void;
}) {
  return (
    <>
      {props.error ? (
        <p role="alert" className="field-error">
          {props.error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn-primary" disabled={props.saving}>
          {props.label}
        </button>
      </div>
    </>
  );
}

/** The name and description every add and edit dialog of a scenario or an indicator starts with. */
export function NameAndDescription(props: {
  /** Ids are `${idPrefix}-name` and `${idPrefix}-description`. */
  idPrefix: string;
  /** What is named: "scenario" or "indicator", for the messages ("The scenario name is …"). */
  what: string;
  nameMax: number;
  descriptionLabel: string;
  descriptionRows: number;
  name: string;
  description: string;
  onName: (value: string) => void;
  onDescription: (value: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      <TextField
        id={`${props.idPrefix}-name`}
        label="Name"
        noun={`The ${props.what} name`}
        max={props.nameMax}
        value={props.name}
        onChange={props.onName}
        error={props.errors.name}
      />
      <TextArea
        id={`${props.idPrefix}-description`}
        label={props.descriptionLabel}
        noun="The description"
        max={DESCRIPTION_MAX}
        rows={props.descriptionRows}
        value={props.description}
        onChange={props.onDescription}
        error={props.errors.description}
      />
    </>
  );
}
