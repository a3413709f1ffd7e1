"use client";
// An indicator's weight: a slider previewed on every frame and saved on release, and a typed percent
// saved on Enter or blur (Escape drops it). A typed value out of range is said beside the field;
// once focus leaves, the field and the slider show the saved weight again, never a refused one.
import { useState } from "react";
import { TypedNumberMessage, useTypedNumber } from "@/app/components/typed-number";
import { weight as weightSchema } from "@/shared/assessment/schemas";
import type { IndicatorState } from "@/shared/assessment/state";
import { formatPercentValue } from "@/shared/format";
import { typedNumber } from "@/shared/forms";
import { useWorkspaceActions } from "../workspace-context";

const RANGE = "a weight is a whole percent from 0 to 100";

/** A typed percent as a weight's percent, or why it is not one. */
export function parseWeightPercent(text: string): { value: number } | { error: string } {
  const v = typedNumber(text);
  const shown = text.trim();
  if (Number.isNaN(v)) return { error: shown ? `“${shown}” is not a number: ${RANGE}` : `Type a weight: ${RANGE}` };
  if (!Number.isInteger(v)) return { error: `${shown} % is not a whole percent: ${RANGE}` };
  if (!weightSchema.safeParse(v / 100).success) return { error: `${shown} % is out of range: ${RANGE}` };
  return { value: v };
}

export function WeightControl({ indicator, canEdit }: { indicator: IndicatorState; canEdit: boolean }) {
  const ws = useWorkspaceActions();
  const [draft, setDraft] = useState<number | null>(null);
  const saved = Math.round(indicator.weight * 100);
  const percent = draft ?? saved;
  const messageId = `weight-${indicator.id}-message`;

  function previewWeight(value: number | null) {
    setDraft(value);
    if (value === null) return ws.preview(null);
    const state = ws.savedState();
    ws.preview({
      ...state,
      indicators: state.indicators.map((i) => (i.id === indicator.id ? { ...i, weight: value / 100 } : i)),
    });
  }

  const isSaved = (value: number) =>
    Math.round((ws.savedState().indicators.find((i) => i.id === indicator.id)?.weight ?? Number.NaN) * 100) === value;

  async function save(value: number): Promise<string | null> {
    const result = await ws.save("updateIndicator", { indicatorId: indicator.id, weight: value / 100 });
    setDraft(null);
    return result ? (result.fieldErrors.weight ?? result.message) : null;
  }

  const typed = useTypedNumber({
    savedText: String(saved),
    savedLabel: formatPercentValue(saved),
    noun: "The weight",
    parse: parseWeightPercent,
    preview: previewWeight,
    save,
    isSaved,
  });

  async function commitSlider(value: number) {
    if (isSaved(value)) {
      previewWeight(null);
      return;
    }
    const problem = await save(value);
    if (problem) previewWeight(null);
  }

  return (
    <div className="w-40">
      <div className="flex items-center gap-1.5">
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={percent}
          disabled={!canEdit}
          aria-label={`Weight of ${indicator.name}`}
          aria-valuetext={formatPercentValue(percent)}
          className="w-20 accent-blue-700"
          onChange={(e) => {
            typed.clear();
            previewWeight(Number(e.target.value));
          }}
          onPointerUp={(e) => void commitSlider(Number((e.target as HTMLInputElement).value))}
          onKeyUp={(e) => {
            if (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End" || e.key.startsWith("Page")) {
              void commitSlider(Number((e.target as HTMLInputElement).value));
            }
          }}
        />
        <input
          className="input w-14 px-1 py-0.5 text-right text-xs tabular-nums"
          inputMode="numeric"
          aria-label={`Weight of ${indicator.name} in percent`}
          aria-invalid={typed.invalid}
          aria-describedby={typed.message ? messageId : undefined}
          disabled={!canEdit}
          value={typed.typing ? typed.text : String(percent)}
          onChange={(e) => typed.onChange(e.target.value)}
          onKeyDown={typed.onKeyDown}
          onBlur={typed.onBlur}
        />
        <span className="text-xs text-slate-500" aria-hidden>
          %
        </span>
      </div>
      <TypedNumberMessage id={messageId} message={typed.message} className="mt-1 whitespace-normal" />
    </div>
  );
}
