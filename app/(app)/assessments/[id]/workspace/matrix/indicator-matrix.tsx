"use client";
// The indicator matrix: one row per indicator, one column per active scenario. Each cell is a
// rating (text and colour) editable by mouse (menu) or keyboard (arrows move, 1–5 set the rating,
// Enter opens the menu, 0 asks for an exact likelihood). Per row: weight slider and typed field,
// presence (from evidence or an override with a rationale), diagnosticity and evidence count.
// A long matrix scrolls in its own box with the scenario row and the indicator column sticky
// (globals.css, .matrix-grid), so a cell deep in 300 rows still shows its row and column.
import { useMemo, useRef, useState } from "react";
import { activeScenarios, type Expectation } from "@/shared/assessment/state";
import { RATING_KEYS } from "@/shared/engine";
import { useWorkspace } from "../workspace-context";
import { AddIndicatorDialog } from "./add-indicator-dialog";
import { ExactLikelihoodDialog } from "./exact-likelihood-dialog";
import { IndicatorRow } from "./indicator-row";
import { useRowWindow } from "./row-window";

export function IndicatorMatrix() {
  const ws = useWorkspace();
  const { state, result } = ws;
  // Same array while only indicators change (a preview), so memoised rows stay put.
  const active = useMemo(() => activeScenarios(state.scenarios), [state.scenarios]);
  const gridRef = useRef<HTMLTableElement>(null);
  const rows = useRowWindow(state.indicators.length);
  const [exact, setExact] = useState<{ indicatorId: string; scenarioId: string } | null>(null);
  // The cell the exact-likelihood dialog is for: focus returns there when it closes, also when the
  // dialog was opened from the cell's menu (whose item is gone by then).
  const exactCell = useRef<HTMLElement | null>(null);
  const [adding, setAdding] = useState(false);
  const [cellError, setCellError] = useState<string | null>(null);
  const evidenceCount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const e of state.evidence) for (const id of Object.keys(e.links)) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }, [state.evidence]);

  function focusCell(row: number, col: number) {
    rows.reveal(row);
    const cell = gridRef.current?.querySelector<HTMLButtonElement>(`[data-cell="${row}:${col}"]`);
    cell?.focus();
  }

  async function rate(indicatorId: string, scenarioId: string, expectation: Expectation) {
    const indicator = state.indicators.find((i) => i.id === indicatorId);
    if (!indicator || indicator.expectations[scenarioId] === expectation) return;
    // Show the engine's answer in this frame, then save; the server's answer replaces the preview.
    ws.preview({
      ...ws.serverState,
      indicators: ws.serverState.indicators.map((i) =>
        i.id === indicator.id ? { ...i, expectations: { ...i.expectations, [scenarioId]: expectation } } : i,
      ),
    });
    const error = await ws.save("setExpectation", { indicatorId: indicator.id, scenarioId, expectation });
    setCellError(error?.message ?? null);
  }

  function onCellKey(e: React.KeyboardEvent, row: number, col: number, indicatorId: string, scenarioId: string) {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [row - 1, col],
      ArrowDown: [row + 1, col],
      ArrowLeft: [row, col - 1],
      ArrowRight: [row, col + 1],
      Home: [row, 0],
      End: [row, active.length - 1],
    };
    const target = moves[e.key];
    if (target) {
      e.preventDefault();
      const [r, c] = target;
      if (r >= 0 && r < state.indicators.length && c >= 0 && c < active.length) focusCell(r, c);
      return;
    }
    if (!ws.canEdit) return;
    const digit = Number(e.key);
    if (e.key >= "1" && e.key <= "5") {
      e.preventDefault();
      const rating = RATING_KEYS[digit - 1];
      if (rating) void rate(indicatorId, scenarioId, rating);
    } else if (e.key === "0") {
      e.preventDefault();
      openExact(indicatorId, scenarioId);
    }
  }

  const exactIndicator = exact ? state.indicators.find((i) => i.id === exact.indicatorId) : undefined;

  // Rows get one stable set of handlers that always call the latest closures.
  function openExact(indicatorId: string, scenarioId: string) {
    const row = state.indicators.findIndex((i) => i.id === indicatorId);
    const col = active.findIndex((s) => s.id === scenarioId);
    exactCell.current = gridRef.current?.querySelector<HTMLElement>(`[data-cell="${row}:${col}"]`) ?? null;
    setExact({ indicatorId, scenarioId });
  }

  const latest = useRef({ rate, onCellKey, openExact });
  latest.current = { rate, onCellKey, openExact };
  const handlers = useMemo<RowHandlers>(
    () => ({
      rate: (indicatorId, scenarioId, expectation) => void latest.current.rate(indicatorId, scenarioId, expectation),
      onCellKey: (e, row, col, indicatorId, scenarioId) =>
        latest.current.onCellKey(e, row, col, indicatorId, scenarioId),
      openExact: (indicatorId, scenarioId) => latest.current.openExact(indicatorId, scenarioId),
    }),
    [],
  );

  return (
    <section id="indicator-matrix" className="card p-4" aria-labelledby="matrix-heading">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2
            id="matrix-heading"
            tabIndex={-1}
            className="text-xs font-semibold uppercase tracking-wide text-slate-500 focus:outline-none"
          >
            Indicator matrix
          </h2>
          <p id="matrix-help" className="text-xs text-slate-500">
            How likely is each indicator to be seen if the scenario is true? Arrow keys move; 1 highly likely · 2 likely
            · 3 could go either way · 4 unlikely · 5 highly unlikely · 0 exact likelihood · Enter opens the menu.
          </p>
        </div>
        {ws.canEdit ? (
          <button type="button" className="btn-secondary text-xs" onClick={() => setAdding(true)}>
            Add indicator
          </button>
        ) : null}
      </div>
      {cellError ? (
        <p role="alert" className="field-error mb-2">
          {cellError}
        </p>
      ) : null}
      {/* Keyboard users scroll it by moving between its cells (arrow keys). */}
      <div className="matrix-scroll relative" data-testid="matrix-scroll">
        <table
          ref={gridRef}
          aria-labelledby="matrix-heading"
          aria-describedby="matrix-help"
          className="matrix-grid w-full min-w-[900px] border-collapse text-sm"
        >
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th scope="col" className="py-2 pr-3 font-medium">
                Indicator
              </th>
              {active.map((s) => (
                <th key={s.id} scope="col" className="px-1.5 py-2 font-medium">
                  <span
                    className="mr-1 inline-block h-2 w-2 rounded-full"
                    style={{ background: s.color }}
                    aria-hidden
                  />
                  {s.name}
                </th>
              ))}
              <th scope="col" className="px-1.5 py-2 font-medium">
                Weight
              </th>
              <th scope="col" className="px-1.5 py-2 font-medium">
                Presence
              </th>
              <th
                scope="col"
                className="px-1.5 py-2 font-medium"
                title="log2 of the largest over the smallest likelihood: 0 means the indicator cannot tell scenarios apart"
              >
                Diagnosticity
              </th>
              <th scope="col" className="px-1.5 py-2 font-medium">
                Evidence
              </th>
              <th scope="col" className="px-1.5 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody ref={rows.bodyRef} onFocus={rows.onFocus}>
            {state.indicators.slice(0, rows.shown).map((indicator, row) => (
              <IndicatorRow
                key={indicator.id}
                indicator={indicator}
                row={row}
                count={state.indicators.length}
                active={active}
                diagnosticity={result.diagnosticity[indicator.id] ?? 0}
                presence={result.presence[indicator.id] ?? 0.5}
                evidenceCount={evidenceCount.get(indicator.id) ?? 0}
                canEdit={ws.canEdit}
                staleAfterDays={ws.moment ? null : ws.staleAfterDays}
                handlers={handlers}
              />
            ))}
          </tbody>
          {rows.spacerPx > 0 ? (
            <tbody aria-hidden>
              <tr>
                <td colSpan={active.length + 6} style={{ height: rows.spacerPx }} />
              </tr>
            </tbody>
          ) : null}
        </table>
      </div>
      {state.indicators.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">
          No indicators yet: add the signposts that would look different under each scenario.
        </p>
      ) : null}
      <ExactLikelihoodDialog
        key={exact ? `${exact.indicatorId}:${exact.scenarioId}` : "none"}
        returnFocus={exactCell}
        open={!!exact}
        onOpenChange={(o) => !o && setExact(null)}
        initial={exact && exactIndicator ? exactIndicator.expectations[exact.scenarioId] : undefined}
        onSave={async (value) => {
          if (!exact || !exactIndicator) return;
          await rate(exactIndicator.id, exact.scenarioId, value);
          setExact(null);
        }}
      />
      <AddIndicatorDialog open={adding} onOpenChange={setAdding} />
    </section>
  );
}

export interface RowHandlers {
  rate: (indicatorId: string, scenarioId: string, expectation: Expectation) => void;
  onCellKey: (e: React.KeyboardEvent, row: number, col: number, indicatorId: string, scenarioId: string) => void;
  openExact: (indicatorId: string, scenarioId: string) => void;
}
