// A labelled form field with its error beside it, wired for screen readers.
import type { ReactNode } from "react";
import type { ClientError } from "@/app/trpc/client";
import { DESCRIPTION_MAX } from "@/shared/limits";

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
  nameMax: number;
  descriptionLabel: string;
  descriptionRows: number;
  name: string;
  description: string;
  onName: (value: string) => void;
  onDescription: (value: string) => void;
  errors: Record<string, string>;
}) {
  const nameId = `${props.idPrefix}-name`;
  const descriptionId = `${props.idPrefix}-description`;
  return (
    <>
      <Field id={nameId} label="Name" error={props.errors.name}>
        <input
          id={nameId}
          className="input"
          maxLength={props.nameMax}
          value={props.name}
          onChange={(e) => props.onName(e.target.value)}
          aria-invalid={!!props.errors.name}
        />
      </Field>
      <Field id={descriptionId} label={props.descriptionLabel} error={props.errors.description}>
        <textarea
          id={descriptionId}
          className="input"
          rows={props.descriptionRows}
          maxLength={DESCRIPTION_MAX}
          value={props.description}
          onChange={(e) => props.onDescription(e.target.value)}
          aria-invalid={!!props.errors.description}
        />
      </Field>
    </>
  );
}
