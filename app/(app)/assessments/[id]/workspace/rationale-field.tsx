"use client";
// The rationale for the analyst's next change: one line kept with it in the history. It keeps what
// was typed; past its limit it says by how much, and the next save waits until it fits
// (workspace-saves.ts refuses to send it).
import { LimitNote, limitAria, limitState } from "@/app/components/text-field";
import { RATIONALE_MAX } from "@/shared/limits";

export const RATIONALE_NOUN = "The rationale";

export function RationaleField({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  const s = limitState(value, RATIONALE_MAX, RATIONALE_NOUN);
  return (
    <div className="max-w-xl min-w-64 flex-1">
      <input
        id="rationale"
        className="input"
        placeholder="Optional, one line: kept with the change in the history"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...limitAria("rationale", s)}
      />
      {s.t.showCount ? <LimitNote id="rationale" state={s} /> : null}
    </div>
  );
}
