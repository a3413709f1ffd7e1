"use client";
// An indicator's weight: a slider previewed on every frame and saved on release, and a typed percent
// saved on Enter or blur (Escape drops it).
import { useState } from "react";
import { weight as weightSchema } from "@/shared/assessment/schemas";
import type { IndicatorState } from "@/shared/assessment/state";
import { formatPercentValue } from "@/shared/format";
import { typedNumber } from "@/shared/forms";
import { useWorkspaceActions } from "../workspace-context";

export function WeightControl({ indicator, canEdit }: { indicator: IndicatorState; canEdit: boolean }) {
  const ws = useWorkspaceActions();
  const [draft, setDraft] = useState<number | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const percent = draft ?? Math.round(indicator.weight * 100);

  function previewWeight(value: number) {
    setDraft(value);
    const saved = ws.savedState();
    ws.preview({
      ...saved,
      indicators: saved.indicators.map((i) => (i.id === indicator.id ? { ...i, weight: value / 100 } : i)),
    });
  }

  async function commit(value: number) {
    setDraft(null);
    setTyped(null);
    const server = ws.savedState().indicators.find((i) => i.id === indicator.id);
    if (server && Math.round(server.weight * 100) === value) {
      ws.preview(null);
      return;
    }
    const result = await ws.save("updateIndicator", { indicatorId: indicator.id, weight: value / 100 });
    setError(result ? (result.fieldErrors.weight ?? result.message) : null);
  }

  return (
    <div className="flex w-40 items-center gap-1.5">
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
        onChange={(e) => previewWeight(Number(e.target.value))}
        onPointerUp={(e) => void commit(Number((e.target as HTMLInputElement).value))}
        onKeyUp={(e) => {
          if (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End" || e.key.startsWith("Page")) {
            void commit(Number((e.target as HTMLInputElement).value));
          }
        }}
      />
      <input
        className="input w-14 px-1 py-0.5 text-right text-xs tabular-nums"
        inputMode="numeric"
        aria-label={`Weight of ${indicator.name} in percent`}
        aria-invalid={!!error}
        title={error ?? undefined}
        disabled={!canEdit}
        value={typed ?? String(percent)}
        onChange={(e) => {
          setTyped(e.target.value);
          const v = Number(e.target.value);
          if (Number.isInteger(v) && weightSchema.safeParse(typedNumber(e.target.value) / 100).success) {
            setError(null);
            previewWeight(v);
          } else setError("Weight is a whole percent from 0 to 100");
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !error && typed !== null) void commit(Number(typed));
          if (e.key === "Escape") {
            setTyped(null);
            setDraft(null);
            setError(null);
            ws.preview(null);
          }
        }}
        onBlur={() => {
          if (!error && typed !== null) void commit(Number(typed));
        }}
      />
      <span className="text-xs text-slate-500" aria-hidden>
        %
      </span>
      {error ? (
        <span role="alert" className="sr-only">
          {error}
        </span>
      ) : null}
    </div>
  );
}
