"use client";
// One cell of the matrix: the rating as text and colour, and its menu of ratings.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { memo } from "react";
import type { Expectation } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS } from "@/shared/engine";
import { formatWholePercent } from "@/shared/format";
import type { RowHandlers } from "./indicator-matrix";
import { LazyMenu } from "./lazy-menu";
import { expectationLabel, RATING_STYLE } from "./ratings";

/**
 * One rating, with its menu. Memoised on plain values and the matrix's stable handlers: a row
 * re-renders while its weight is dragged, and twelve menus each time cost more than a frame allows.
 */
export const RatingCell = memo(function RatingCell(props: {
  value: Expectation | undefined;
  row: number;
  col: number;
  indicatorId: string;
  scenarioId: string;
  label: string;
  disabled: boolean;
  handlers: RowHandlers;
}) {
  const { row, col, indicatorId, scenarioId, handlers } = props;
  const style =
    typeof props.value === "string" ? RATING_STYLE[props.value] : "bg-indigo-50 text-indigo-900 ring-1 ring-indigo-200";
  const text = expectationLabel(props.value);
  return (
    <LazyMenu
      disabled={props.disabled}
      trigger={
        <button
          type="button"
          data-cell={`${row}:${col}`}
          tabIndex={row === 0 && col === 0 ? 0 : -1}
          aria-label={props.label}
          aria-disabled={props.disabled}
          onKeyDown={(e) => handlers.onCellKey(e, row, col, indicatorId, scenarioId)}
          onFocus={(e) => {
            // Roving tab index: the focused cell is the one Tab returns to.
            const grid = e.currentTarget.closest("table");
            for (const el of grid?.querySelectorAll<HTMLButtonElement>("[data-cell]") ?? []) el.tabIndex = -1;
            e.currentTarget.tabIndex = 0;
          }}
          className={`w-full min-w-[6.5rem] rounded px-2 py-1 text-left text-xs font-medium ${style} ${props.disabled ? "cursor-default" : "hover:ring-2 hover:ring-blue-300"}`}
        >
          {text}
        </button>
      }
    >
      {() => (
        <DropdownMenu.Content
          className="z-50 min-w-[12rem] rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
          sideOffset={4}
          align="start"
        >
          {RATING_KEYS.map((key, i) => (
            <DropdownMenu.Item
              key={key}
              onSelect={() => handlers.rate(indicatorId, scenarioId, key)}
              className="menu-item flex items-center justify-between gap-3"
            >
              <span className={`rounded px-1.5 py-0.5 text-xs ${RATING_STYLE[key]}`}>{RATINGS[key].label}</span>
              <span className="text-xs text-slate-600">
                {i + 1} · {formatWholePercent(RATINGS[key].likelihood)}
              </span>
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item onSelect={() => handlers.openExact(indicatorId, scenarioId)} className="menu-item">
            Exact likelihood… <span className="text-xs text-slate-600">0</span>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      )}
    </LazyMenu>
  );
});
