// Dates and times are typed as ISO text in UTC, the way every page writes them: a browser's own
// date picker would show them in its locale ("12/31/2026, 04:55 PM") under a label saying UTC.
// The field keeps whatever was typed; the form checks it and says which field and which format.
import type { InputHTMLAttributes } from "react";

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "onChange"> & {
  value: string;
  onChange: (value: string) => void;
};

/** A UTC calendar day typed as YYYY-MM-DD. */
export function IsoDateInput({ onChange, className = "input", ...rest }: TextInputProps) {
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      placeholder="YYYY-MM-DD"
      className={`${className} font-mono tabular-nums`}
      {...rest}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A moment typed as YYYY-MM-DD HH:MM, 24-hour UTC. */
export function UtcDateTimeInput({ onChange, className = "input", ...rest }: TextInputProps) {
  return (
    <input
      type="text"
      autoComplete="off"
      spellCheck={false}
      placeholder="YYYY-MM-DD HH:MM"
      className={`${className} font-mono tabular-nums`}
      {...rest}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
