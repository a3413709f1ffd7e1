"use client";
// Long text shown as a few lines with "Show more" / "Show less": a 4,000-character summary must not
// make its row a page tall. The button appears only when the text is actually cut (measured, so a
// short text in a wide column has none); words longer than the column wrap instead of overflowing.
import { useId, useLayoutEffect, useRef, useState } from "react";

export function ClampedText({
  text,
  lines = 3,
  className,
  label,
}: {
  text: string;
  /** Lines shown while clamped. */
  lines?: number;
  /** Classes of the text (size and colour). */
  className?: string;
  /** What the text is, for the button's accessible name: "summary of “Imagery 12 Dec”". */
  label?: string;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [cut, setCut] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new text is measured again (the effect reads it from the DOM)
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || open) return;
    const measure = () => setCut(el.scrollHeight > el.clientHeight + 1);
    measure();
    // The column's width decides where lines break: measure again when it changes.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [text, open]);

  return (
    <div>
      <div
        ref={ref}
        id={id}
        className={`whitespace-pre-wrap [overflow-wrap:anywhere] ${className ?? ""}`}
        style={
          open
            ? undefined
            : { display: "-webkit-box", WebkitBoxOrient: "vertical", WebkitLineClamp: lines, overflow: "hidden" }
        }
      >
        {text}
      </div>
      {cut || open ? (
        <button
          type="button"
          className="mt-0.5 text-xs font-medium text-blue-800 underline hover:text-blue-950"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Show less" : "Show more"}
          {label ? <span className="sr-only"> of the {label}</span> : null}
        </button>
      ) : null}
    </div>
  );
}
