"use client";
// The comment count beside a scenario, an indicator, an evidence item or the title.
import { useContext } from "react";
import { CommentsContext } from "./comments-context";
import { type CommentTargetKind, commentBadgeLabel, targetKey } from "./comments-data";

/** "💬 3" beside an item; opens that item's comments. Renders nothing outside a CommentsProvider. */
export function CommentsBadge({ kind, id, name }: { kind: CommentTargetKind; id: string; name: string }) {
  const api = useContext(CommentsContext);
  if (!api) return null;
  const count = api.counts ? (api.counts.get(targetKey(kind, id)) ?? 0) : null;
  return (
    <button
      type="button"
      title={count ? `${count} comment${count === 1 ? "" : "s"}` : "Comment"}
      onClick={() => api.open({ kind, id, name })}
      className={`inline-flex shrink-0 items-center gap-0.5 rounded-full border px-1.5 py-px align-middle text-xs font-normal tabular-nums hover:border-blue-400 hover:bg-blue-50 ${count ? "border-blue-200 bg-blue-50 text-blue-900" : "border-slate-200 text-slate-500"}`}
    >
      <BubbleIcon />
      {/* Named by its text, not aria-label: a name that differs from the visible count fails WCAG 2.5.3. */}
      <span className="sr-only">{count === null ? `Comments on ${name}` : commentBadgeLabel(name, count)}</span>
      <span aria-hidden>{count}</span>
    </button>
  );
}

/** A speech bubble drawn inline: the 💬 emoji shows as an empty box where no emoji font is installed. */
function BubbleIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3 w-3" fill="currentColor">
      <path d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z" />
    </svg>
  );
}
