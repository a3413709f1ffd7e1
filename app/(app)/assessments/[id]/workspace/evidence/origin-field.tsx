"use client";
// The evidence form's origin (DESIGN §2.3): the original report the item repeats, picked from the
// origins the assessment already uses or named anew, and, while a new item is typed, Signpost's
// "same origin as …?" when it looks like a copy of an item already in the locker.
import { useMemo } from "react";
import { TextField } from "@/app/components/text-field";
import { type OriginSuggestion, originKey, originsInUse, suggestionFor } from "@/shared/assessment/origins";
import type { EvidenceState } from "@/shared/assessment/state";
import { ORIGIN_MAX } from "@/shared/limits";
import type { EvidenceDraft } from "./evidence-data";

/** The id the draft goes by among the locker's items while it has none. */
const DRAFT_ID = "\u0000draft";

/** The suggestion for a new item's draft, if it looks like a copy of an item already saved. */
export function draftSuggestion(draft: EvidenceDraft, items: readonly EvidenceState[]): OriginSuggestion | null {
  if (!draft.title.trim() && !draft.sourceUrl.trim()) return null;
  const candidate = {
    id: DRAFT_ID,
    title: draft.title,
    sourceName: draft.sourceName,
    sourceUrl: draft.sourceUrl.trim() || null,
    observedAt: draft.observedAt,
    recordedAt: Number.MAX_SAFE_INTEGER,
    origin: draft.origin.trim() || null,
  };
  return suggestionFor(candidate, items);
}

export function OriginField({
  id,
  draft,
  items,
  isNew,
  originalId = null,
  error,
  onChange,
  onAccept,
}: {
  id: string;
  draft: EvidenceDraft;
  items: readonly EvidenceState[];
  isNew: boolean;
  /** The item being edited, which does not count as one report with itself. */
  originalId?: string | null;
  error: string | undefined;
  onChange: (origin: string) => void;
  /** The analyst took the suggestion: the draft gets its origin, and the other item too when it has none. */
  onAccept: (suggestion: OriginSuggestion) => void;
}) {
  const origins = useMemo(() => originsInUse(items), [items]);
  const suggestion = useMemo(() => (isNew ? draftSuggestion(draft, items) : null), [isNew, draft, items]);
  const other = suggestion ? items.find((e) => e.id === suggestion.otherId) : undefined;
  const listId = `${id}-origins`;
  // The saved items this one would count as one report with, once its origin is typed or taken.
  const key = draft.origin.trim() ? originKey(draft.origin) : null;
  const sameReport = key ? items.filter((e) => e.id !== originalId && e.origin && originKey(e.origin) === key) : [];
  const pending = suggestion && other && key === originKey(suggestion.origin) && !other.origin ? other : null;

  return (
    <div>
      <TextField
        id={id}
        label="Origin (optional)"
        noun="The origin"
        max={ORIGIN_MAX}
        value={draft.origin}
        onChange={onChange}
        error={error}
        hint="The original report it repeats: items of one origin count once per indicator"
        inputProps={{ list: listId, autoComplete: "off" }}
      />
      <datalist id={listId}>
        {origins.map((o) => (
          <option key={o.origin} value={o.origin}>
            {`${o.items} item${o.items === 1 ? "" : "s"}`}
          </option>
        ))}
      </datalist>
      {sameReport.length > 0 || pending ? (
        <p role="status" className="mt-2 text-xs text-sky-900">
          {pending
            ? `Counts as one report with “${pending.title}”, which gets the same origin when you save.`
            : `Counts as one report with “${(sameReport[0] as EvidenceState).title}”${
                sameReport.length > 1 ? ` and ${sameReport.length - 1} more` : ""
              }: on each indicator only the best grade of them counts.`}
        </p>
      ) : suggestion && other ? (
        <div
          role="status"
          className="mt-2 flex flex-wrap items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-xs text-sky-900"
        >
          <span className="min-w-0 flex-1">
            Same origin as “{other.title}”? (same {suggestion.because}) It would count as one report with it, as “
            {suggestion.origin}”.
          </span>
          <button type="button" className="btn-secondary py-1 text-xs" onClick={() => onAccept(suggestion)}>
            Use origin “{suggestion.origin}”
          </button>
        </div>
      ) : null}
    </div>
  );
}
