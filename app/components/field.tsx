// A labelled form field with its error beside it, wired for screen readers.
import type { ReactNode } from "react";

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
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const data = (error as { data?: { fieldErrors?: Record<string, string[]> | null } } | null)?.data;
  const out: Record<string, string> = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? {})) {
    if (messages[0]) out[key] = messages[0];
  }
  return out;
}
