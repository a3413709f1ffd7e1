"use client";
// The locker's pager, under the table once the items fill more than one page.
import { useRef } from "react";
import { flushSync } from "react-dom";
import type { EvidenceState } from "@/shared/assessment/state";
import { pageRangeLabel, type TablePage } from "./evidence-data";

/** Previous and Next under the table, and which items are shown; only there when there are pages. */
export function EvidencePager({
  view,
  filtering,
  onPage,
}: {
  view: TablePage<EvidenceState>;
  filtering: boolean;
  onPage: (page: number) => void;
}) {
  const previous = useRef<HTMLButtonElement>(null);
  const next = useRef<HTMLButtonElement>(null);

  function go(page: number) {
    flushSync(() => onPage(page));
    // The button just pressed is now disabled at an end, which would drop keyboard focus to the
    // page: hand it to the other one.
    if (page === 1) next.current?.focus();
    else if (page === view.pageCount) previous.current?.focus();
  }

  return (
    <nav aria-label="Evidence pages" className="mt-3 flex flex-wrap items-center justify-between gap-2">
      <p className="text-xs text-slate-600 tabular-nums">{pageRangeLabel(view, filtering)}</p>
      <div className="flex gap-1">
        <button
          ref={previous}
          type="button"
          className="btn-secondary px-2 py-0.5 text-xs"
          aria-label="Previous page of evidence"
          disabled={view.page <= 1}
          onClick={() => go(view.page - 1)}
        >
          Previous
        </button>
        <button
          ref={next}
          type="button"
          className="btn-secondary px-2 py-0.5 text-xs"
          aria-label="Next page of evidence"
          disabled={view.page >= view.pageCount}
          onClick={() => go(view.page + 1)}
        >
          Next
        </button>
      </div>
    </nav>
  );
}
