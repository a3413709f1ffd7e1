"use client";
// Which matrix rows are in the page. A large assessment renders its first rows with the page (on the
// server and at hydration) and the rest in small batches while the browser is idle once the page is
// live: 300 indicators open at the cost of 15, and a moment later every row is there (find in page,
// Tab, screen readers). The rows not yet rendered keep their place with a spacer of their height.
import { type FocusEvent, startTransition, useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { whenIdle } from "../idle";

/** Up to this many rows everything renders at once, as it always did. */
export const ALL_ROWS_UP_TO = 60;
/** On a larger matrix, the rows rendered with the page: two to three screens' worth at 170 px a row. */
export const FIRST_ROWS = 15;
/** Rows added by the first idle batch afterwards; each later batch doubles what is shown (15, 45, 90, 180, 360). */
const BATCH_ROWS = 30;
/** A row's height before one has been measured (name, description, review date; presence on three lines). */
const ESTIMATED_ROW_PX = 170;

export interface RowWindow {
  /** How many rows (from the top) to render. */
  shown: number;
  /** The spacer's height in px standing for the rows not rendered yet (0 once all are). */
  spacerPx: number;
  /** Makes sure row `row` is rendered, synchronously: for keyboard moves to a row further down. */
  reveal: (row: number) => void;
  /** For the rows' tbody: focus reaching the last rendered rows renders the next batch, so Tab never skips rows. */
  onFocus: (event: FocusEvent<HTMLTableSectionElement>) => void;
  /** For the rows' tbody: measures the rendered rows so the spacer is as tall as the rest will be. */
  bodyRef: React.RefObject<HTMLTableSectionElement | null>;
}

export function useRowWindow(total: number): RowWindow {
  // Infinity once complete: rows added later (by anyone) then show at once.
  const [limit, setLimit] = useState(() => (total <= ALL_ROWS_UP_TO ? Number.POSITIVE_INFINITY : FIRST_ROWS));
  const [rowPx, setRowPx] = useState(ESTIMATED_ROW_PX);
  const bodyRef = useRef<HTMLTableSectionElement | null>(null);
  const shown = Math.min(total, limit);

  useEffect(() => {
    if (limit === Number.POSITIVE_INFINITY) return;
    if (limit >= total) {
      setLimit(Number.POSITIVE_INFINITY);
      return;
    }
    const body = bodyRef.current;
    if (body && shown > 0) setRowPx(body.offsetHeight / shown);
    // Few batches: each one lays out the whole table again. A transition yields to the analyst's input.
    return whenIdle(() => startTransition(() => setLimit((l) => l + Math.max(BATCH_ROWS, l))), 100);
  }, [limit, total, shown]);

  function reveal(row: number) {
    if (row < limit) return;
    flushSync(() => setLimit(row + BATCH_ROWS));
  }

  return {
    shown,
    spacerPx: limit === Number.POSITIVE_INFINITY ? 0 : Math.max(0, Math.round((total - shown) * rowPx)),
    reveal,
    onFocus: (event) => {
      const row = (event.target as Element).closest("tr")?.sectionRowIndex ?? -1;
      if (row >= 0 && row >= shown - 5) reveal(row + 5);
    },
    bodyRef,
  };
}
