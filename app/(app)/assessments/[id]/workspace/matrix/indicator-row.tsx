"use client";
import { memo } from "react";
// One row of the indicator matrix: the indicator's name, review date and comments, a rating cell per
// active scenario, then weight, presence, diagnosticity, evidence count and the row's actions.
import { ClampedText } from "@/app/components/clamped-text";
import type { IndicatorState, ScenarioState } from "@/shared/assessment/state";
import { DAY_MS, formatBits, formatUtc } from "@/shared/format";
import { CommentsBadge } from "../comments/comments-badge";
import type { RowHandlers } from "./indicator-matrix";
import { PresenceCell } from "./presence-cell";
import { RatingCell } from "./rating-cell";
import { expectationLabel } from "./ratings";
import { RowActions } from "./row-actions";
import { WeightControl } from "./weight-control";

/**
 * One matrix row. Memoised, and it reads no changing context (plain props and the page's actions),
 * so a preview or a save of one indicator re-renders only that indicator's row.
 */
export const IndicatorRow = memo(function IndicatorRow(props: {
  indicator: IndicatorState;
  row: number;
  count: number;
  active: ScenarioState[];
  diagnosticity: number;
  presence: number;
  evidenceCount: number;
  canEdit: boolean;
  /** The team's setting, or null when the page shows a past moment (nothing is stale then). */
  staleAfterDays: number | null;
  handlers: RowHandlers;
}) {
  const { indicator, row, active, handlers, canEdit, staleAfterDays } = props;
  const d = props.diagnosticity;
  const unreviewedDays = Math.floor((Date.now() - indicator.lastReviewedAt) / DAY_MS);
  const stale = staleAfterDays !== null && Date.now() - indicator.lastReviewedAt > staleAfterDays * DAY_MS;
  const staleHelp = `Not reviewed for ${unreviewedDays} day${unreviewedDays === 1 ? "" : "s"} (team setting: ${staleAfterDays} days)`;
  return (
    <tr className={`border-b border-slate-100 align-top ${d === 0 ? "bg-amber-50/50" : ""}`}>
      <th scope="row" className="py-2 pr-3 text-left font-medium">
        {indicator.name} <CommentsBadge kind="indicator" id={indicator.id} name={indicator.name} />
        {indicator.description ? (
          <ClampedText
            text={indicator.description}
            lines={2}
            className="text-xs font-normal text-slate-500"
            label={`description of ${indicator.name}`}
          />
        ) : null}
        <span className="block text-xs font-normal text-slate-500">
          {stale ? (
            <span
              className="mr-1 cursor-help rounded bg-amber-100 px-1.5 py-px font-medium text-amber-900"
              title={staleHelp}
            >
              stale<span className="sr-only">: {staleHelp}.</span>
            </span>
          ) : null}
          reviewed {formatUtc(indicator.lastReviewedAt)}
        </span>
      </th>
      {active.map((s, col) => {
        const value = indicator.expectations[s.id];
        return (
          <td key={s.id} className="px-1.5 py-2">
            <RatingCell
              value={value}
              row={row}
              col={col}
              indicatorId={indicator.id}
              scenarioId={s.id}
              label={`${indicator.name} under ${s.name}: ${expectationLabel(value)}`}
              disabled={!canEdit}
              handlers={handlers}
            />
          </td>
        );
      })}
      <td className="px-1.5 py-2">
        <WeightControl indicator={indicator} canEdit={canEdit} />
      </td>
      <td className="px-1.5 py-2">
        <PresenceCell indicator={indicator} presence={props.presence} canEdit={canEdit} />
      </td>
      <td className="px-1.5 py-2 tabular-nums">
        {d === 0 ? (
          <span
            className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900"
            title="Rated the same under every scenario: it cannot move the probabilities"
          >
            ⚠ non-diagnostic
          </span>
        ) : (
          formatBits(d)
        )}
      </td>
      <td className="px-1.5 py-2 tabular-nums">{props.evidenceCount}</td>
      <td className="px-1.5 py-2">
        {canEdit ? (
          <RowActions indicator={indicator} row={row} count={props.count} links={props.evidenceCount} />
        ) : null}
      </td>
    </tr>
  );
});
