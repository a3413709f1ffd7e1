// The one text field of the app: an input or a textarea that keeps everything typed or pasted (no
// maxLength cutting it silently), shows its count as the limit nears and says by how much it is
// over; the form's own check (the shared schema) refuses to save until it fits. The limit comes
// from shared/limits.ts, the words from shared/text-limit.ts. Odd layouts use the parts below.
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { countLabel, overLimitMessage, type TextLength, textLength } from "@/shared/text-limit";

/** What a field says under it: the over-limit message, else the form's error, else the hint; and its count. */
export interface LimitState {
  t: TextLength;
  over: string | null;
  error: string | undefined;
  hint: string | undefined;
}

/** The schemas' words for a text too long ("A title is at most 200 characters", "… under 500 characters"). */
const LENGTH_ERROR = /\b(at most|under) [\d,]+ characters\b/;

export function limitState(
  value: string,
  max: number,
  noun: string,
  error?: string | undefined,
  hint?: string | undefined,
): LimitState {
  const t = textLength(value, max);
  // A form keeps its last submit's errors until the next submit; one about the length no longer
  // stands once the text fits, and must not sit beside a count that says it does.
  const stands = error !== undefined && !(t.over === 0 && LENGTH_ERROR.test(error));
  return { t, over: overLimitMessage(noun, t), error: stands ? error : undefined, hint };
}

/** The ARIA a control needs to be read with its message, hint and count. */
export function limitAria(id: string, s: LimitState) {
  const described = [
    s.over || s.error ? `${id}-error` : s.hint ? `${id}-hint` : null,
    s.t.showCount ? `${id}-count` : null,
  ].filter(Boolean);
  return {
    "aria-invalid": s.over || s.error ? true : undefined,
    "aria-describedby": described.length ? described.join(" ") : undefined,
  } as const;
}

/** The line under a text control: its message (or hint) on the left, its count on the right. */
export function LimitNote({ id, state: s, className }: { id: string; state: LimitState; className?: string }) {
  const message = s.over ?? s.error;
  return (
    <div className={`mt-1 flex items-start justify-between gap-3 ${className ?? ""}`}>
      {/* Polite while typing past the limit (each keystroke changes it); an error from a submit is an alert. */}
      <div aria-live="polite" className="min-w-0">
        {message ? (
          <p id={`${id}-error`} role={s.over ? undefined : "alert"} className="text-sm text-red-700">
            {message}
          </p>
        ) : s.hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {s.hint}
          </p>
        ) : null}
      </div>
      {s.t.showCount ? (
        <span
          id={`${id}-count`}
          className={`shrink-0 text-xs tabular-nums ${s.t.over ? "font-medium text-red-700" : "text-slate-500"}`}
        >
          <span className="sr-only">Characters: </span>
          {countLabel(s.t)}
        </span>
      ) : null}
    </div>
  );
}

type Shared = {
  id: string;
  label: ReactNode;
  /** The field as a sentence starts: "The description". */
  noun: string;
  max: number;
  value: string;
  onChange: (value: string) => void;
  /** The form's or the server's message; a text over its limit says so instead. */
  error?: string | undefined;
  hint?: string | undefined;
  /** Classes of the control, besides `input`. */
  className?: string;
};

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange" | "className" | "maxLength">;
type TextareaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "id" | "value" | "onChange" | "className" | "maxLength" | "rows"
>;

/** A labelled one-line text field with its limit. */
export function TextField(props: Shared & { inputProps?: InputProps }) {
  const s = limitState(props.value, props.max, props.noun, props.error, props.hint);
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      <input
        {...props.inputProps}
        id={props.id}
        className={`input ${props.className ?? ""}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...limitAria(props.id, s)}
      />
      <LimitNote id={props.id} state={s} />
    </div>
  );
}

/** A labelled textarea with its limit. */
export function TextArea(props: Shared & { rows: number; textareaProps?: TextareaProps }) {
  const s = limitState(props.value, props.max, props.noun, props.error, props.hint);
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      <textarea
        {...props.textareaProps}
        id={props.id}
        rows={props.rows}
        className={`input ${props.className ?? ""}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...limitAria(props.id, s)}
      />
      <LimitNote id={props.id} state={s} />
    </div>
  );
}

/** Whether every text fits its limit: a form checks this before it saves, beside its schema. */
export function textsFit(...fields: [value: string, max: number][]): boolean {
  return fields.every(([value, max]) => textLength(value, max).over === 0);
}
