"use client";
// A number typed into a small field that saves on Enter or blur (a weight, a prior): previewed while
// it is valid, said to be wrong in words beside the field while it is not, and never left showing a
// value that is neither saved nor being saved. Once focus leaves, a refused value goes back to the
// saved one and the message stays to say what was refused and why.
import { useEffect, useRef, useState } from "react";

export interface TypedNumberOptions {
  /** The saved value as the field shows it ("60" for a weight of 0.6). */
  savedText: string;
  /** The saved value in words, for the messages ("60 %"); by default `savedText`. */
  savedLabel?: string;
  /** The field as a sentence starts: "The weight" (said beside it, so its row need not be named). */
  noun: string;
  /** The value of a typed text, or why it is not one ("A weight is a whole percent from 0 to 100"). */
  parse: (text: string) => { value: number } | { error: string };
  /** Shows the value in the preview (null: the saved state again). */
  preview: (value: number | null) => void;
  /** Saves the value; resolves to null or the reason it was refused. */
  save: (value: number) => Promise<string | null>;
  /** Whether `value` is what is saved already (nothing to save). */
  isSaved: (value: number) => boolean;
}

export interface TypedNumber {
  /** What the field shows: the text typed, or the saved value. */
  text: string;
  /** Whether something typed is in the field (valid, refused or being saved). */
  typing: boolean;
  /** Whether the field holds a typed text that is not a value: aria-invalid. A refused one already gone back is not. */
  invalid: boolean;
  /** Shown beside the field: why the typed text is not a value, or why the last one was not saved. */
  message: string | null;
  onChange: (text: string) => void;
  onBlur: () => void;
  onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => void;
  /** Forgets what was typed (another control, such as a slider, took over). */
  clear: () => void;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function useTypedNumber(o: TypedNumberOptions): TypedNumber {
  const [typed, setTyped] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Enter saves, and the blur that follows must not save the same value again.
  const saving = useRef(false);
  // "Not saved: it stays at 60 %" is no longer true once the saved value changes (a later save, or
  // another analyst's): the message goes.
  const shownWith = useRef(o.savedText);
  useEffect(() => {
    if (shownWith.current === o.savedText) return;
    shownWith.current = o.savedText;
    if (typed === null) setMessage(null);
  }, [o.savedText, typed]);

  function backToSaved(reason: string | null) {
    setTyped(null);
    o.preview(null);
    setMessage(reason);
  }

  async function commit() {
    if (typed === null || saving.current) return;
    const parsed = o.parse(typed);
    if ("error" in parsed) {
      backToSaved(`${parsed.error}. Not saved: ${lower(o.noun)} stays at ${o.savedLabel ?? o.savedText}.`);
      return;
    }
    if (o.isSaved(parsed.value)) {
      backToSaved(null);
      return;
    }
    // The typed value stays in the field while it is being saved: it is the pending one.
    saving.current = true;
    const problem = await o.save(parsed.value).finally(() => {
      saving.current = false;
    });
    if (problem)
      backToSaved(
        `${problem.replace(/\.$/, "")}. Not saved: ${lower(o.noun)} stays at ${o.savedLabel ?? o.savedText}.`,
      );
    else setTyped(null);
  }

  return {
    text: typed ?? o.savedText,
    typing: typed !== null,
    invalid: typed !== null && message !== null,
    message,
    onChange(text) {
      setTyped(text);
      const parsed = o.parse(text);
      if ("error" in parsed) {
        // The preview and any slider go back to the saved value while the field says what is wrong.
        o.preview(null);
        setMessage(parsed.error);
      } else {
        setMessage(null);
        o.preview(parsed.value);
      }
    },
    onBlur() {
      void commit();
    },
    onKeyDown(e) {
      if (e.key === "Enter") void commit();
      if (e.key === "Escape") backToSaved(null);
    },
    clear() {
      setTyped(null);
      setMessage(null);
    },
  };
}

/** The message beside a typed-number field, visible (not a tooltip), read out when it appears. */
export function TypedNumberMessage({
  id,
  message,
  className,
}: {
  id: string;
  message: string | null;
  className?: string;
}) {
  return message ? (
    <p id={id} role="alert" className={`text-xs text-red-700 ${className ?? ""}`}>
      {message}
    </p>
  ) : null;
}
