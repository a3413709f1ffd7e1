// A labelled file chooser with its hint and error, as the import forms ask for a file: choosing a
// new file reports it (or null) so the form can clear what it said about the last one.
import { Field } from "@/app/components/field";

const FILE_INPUT =
  "block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-50";

export function FileField(props: {
  id: string;
  name: string;
  label: string;
  hint: string;
  accept: string;
  error: string | null;
  onFile: (file: File | null) => void;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error ?? undefined} hint={props.hint}>
      <input
        id={props.id}
        name={props.name}
        type="file"
        accept={props.accept}
        className={FILE_INPUT}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : `${props.id}-hint`}
        onChange={(e) => props.onFile(e.target.files?.[0] ?? null)}
      />
    </Field>
  );
}
