"use client";
import { memo } from "react";
// One row of the evidence locker: the item, its source (linked when it is a web address), grade,
// dates, author and links, with unlink, edit and delete for analysts.
import { ClampedText } from "@/app/components/clamped-text";
import { groupBadge } from "@/shared/assessment/origins";
import { webUrl } from "@/shared/assessment/source-url";
import type { EvidenceState } from "@/shared/assessment/state";
import { formatUtcMinute } from "@/shared/format";
import { CommentsBadge } from "../comments/comments-badge";
import { useSaving } from "../workspace-context";
import { gradeCode, gradeMeaning, isWeakGrade, sourceKindLabel } from "./evidence-data";

export interface RowActions {
  unlink: (item: EvidenceState, indicatorId: string) => void;
  edit: (item: EvidenceState) => void;
  remove: (item: EvidenceState) => void;
}

/**
 * One evidence row; memoised on the item, so a save that changes one item re-renders that row only
 * (the query keeps the other items' objects). It reads no context: `saving` lives in UnlinkButton.
 */
export const EvidenceRow = memo(function EvidenceRow({
  item: e,
  canEdit,
  indicatorName,
  actions,
  originItems = 0,
  originContinues = false,
}: {
  item: EvidenceState;
  canEdit: boolean;
  indicatorName: ReadonlyMap<string, string>;
  actions: RowActions;
  /** How many items of the assessment share this item's origin (0 when it names none). */
  originItems?: number;
  /** The row follows another of its origin: it says so briefly instead of repeating the badge. */
  originContinues?: boolean;
}) {
  // Links only to the web: an older or imported address may be anything that starts with "http".
  const href = webUrl(e.sourceUrl)?.href;
  return (
    <tr className={`border-b border-slate-100 align-top last:border-b-0 ${originItems > 1 ? "bg-sky-50/40" : ""}`}>
      <th
        scope="row"
        className={`max-w-80 py-2 pr-2 text-left font-normal ${originItems > 1 ? "border-l-4 border-l-sky-300 pl-2" : ""}`}
      >
        <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{e.title}</span>{" "}
        <CommentsBadge kind="evidence" id={e.id} name={e.title} />
        {e.origin && originContinues ? (
          <span className="mt-1 block text-xs text-sky-900">
            <span aria-hidden>↳ </span>same report: {e.origin}
          </span>
        ) : e.origin ? (
          <span className="mt-1 flex flex-wrap items-center gap-1 text-xs">
            <span className="text-slate-500">Origin:</span>
            <span className="text-slate-700 [overflow-wrap:anywhere]">{e.origin}</span>
            <span className="rounded-full bg-sky-100 px-1.5 py-px font-medium text-sky-900 whitespace-nowrap">
              {groupBadge(Math.max(1, originItems), 1)}
            </span>
          </span>
        ) : null}
        {e.summary ? (
          <ClampedText
            text={e.summary}
            lines={2}
            className="mt-0.5 text-xs text-slate-500"
            label={`summary of “${e.title}”`}
          />
        ) : null}
      </th>
      <td className="px-2 py-2 text-xs">
        {href ? (
          <a
            href={href}
            className="text-blue-800 underline hover:text-blue-950"
            target="_blank"
            rel="noopener noreferrer"
          >
            {e.sourceName}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : (
          e.sourceName
        )}
      </td>
      <td className="px-2 py-2 text-xs whitespace-nowrap">{sourceKindLabel(e.sourceKind)}</td>
      <td className="px-2 py-2">
        <abbr
          title={gradeMeaning(e.reliability, e.credibility)}
          className={`cursor-help rounded px-1 font-mono text-xs font-semibold no-underline ${isWeakGrade(e.reliability, e.credibility) ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-800"}`}
        >
          {gradeCode(e.reliability, e.credibility)}
        </abbr>
      </td>
      <td className="px-2 py-2 text-xs whitespace-nowrap tabular-nums">{e.observedAt}</td>
      <td className="px-2 py-2 text-xs whitespace-nowrap tabular-nums text-slate-600">
        {formatUtcMinute(e.recordedAt)}
        <span className="block text-slate-500">reviewed {formatUtcMinute(e.lastReviewedAt)}</span>
      </td>
      <td className="px-2 py-2 text-xs text-slate-600">{e.authorName}</td>
      <td className="px-2 py-2">
        {Object.keys(e.links).length === 0 ? (
          <span className="text-xs text-slate-500">not linked</span>
        ) : (
          <ul className="space-y-0.5">
            {Object.entries(e.links).map(([indicatorId, direction]) => {
              const name = indicatorName.get(indicatorId) ?? "(deleted indicator)";
              return (
                <li key={indicatorId} className="flex items-start gap-1 text-xs">
                  <span className={direction === 1 ? "text-emerald-800" : "text-rose-800"}>
                    {direction === 1 ? "▲ present" : "▼ absent"}
                    <span className="sr-only">:</span>
                  </span>
                  <span className="min-w-0 flex-1 text-slate-700">{name}</span>
                  {canEdit ? (
                    <UnlinkButton
                      label={`Unlink “${e.title}” from “${name}”`}
                      onUnlink={() => actions.unlink(e, indicatorId)}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </td>
      {canEdit ? (
        <td className="py-2 pl-2">
          <div className="flex gap-1">
            <button
              type="button"
              className="btn-secondary px-2 py-0.5 text-xs"
              aria-label={`Edit “${e.title}”`}
              onClick={() => actions.edit(e)}
            >
              Edit
            </button>
            <button
              type="button"
              className="btn-danger px-2 py-0.5 text-xs"
              aria-label={`Delete “${e.title}”`}
              onClick={() => actions.remove(e)}
            >
              Delete
            </button>
          </div>
        </td>
      ) : null}
    </tr>
  );
});

/** Disabled while any save is in flight; reading `saving` here keeps the rows out of every save. */
function UnlinkButton({ label, onUnlink }: { label: string; onUnlink: () => void }) {
  const saving = useSaving();
  return (
    <button
      type="button"
      className="shrink-0 rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-red-700 disabled:opacity-50"
      aria-label={label}
      title="Unlink"
      disabled={saving}
      onClick={onUnlink}
    >
      ✕
    </button>
  );
}
