"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import {
  type ComponentProps,
  cloneElement,
  memo,
  type ReactElement,
  type ReactNode,
  type RefObject,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { Dialog } from "@/app/components/dialog";
import { Field, FormActions, formError, NameAndDescription } from "@/app/components/field";
import {
  expectation,
  indicatorText,
  OVERRIDE_WITHOUT_RATIONALE,
  presence,
  weight as weightSchema,
} from "@/shared/assessment/schemas";
import type { Expectation, IndicatorState, ScenarioState } from "@/shared/assessment/state";
import { RATING_KEYS, RATINGS, type Rating } from "@/shared/engine";
// The indicator matrix: one row per indicator, one column per active scenario. Each cell is a
// rating (text and colour) editable by mouse (menu) or keyboard (arrows move, 1–5 set the rating,
// Enter opens the menu, 0 asks for an exact likelihood). Per row: weight slider and typed field,
// presence (from evidence or an override with a rationale), diagnosticity and evidence count.
import { DAY_MS } from "@/shared/format";
import { fieldErrors, typedNumber } from "@/shared/forms";
import { INDICATOR_NAME_MAX, OVERRIDE_RATIONALE_MAX } from "@/shared/limits";
import { CommentsBadge } from "./comments-panel";
import { formatDateTime, formatPercent } from "./format";
import { useSaving, useWorkspace, useWorkspaceActions, useWorkspaceStable } from "./workspace-context";

export const RATING_STYLE: Record<Rating, string> = {
  highly_likely: "bg-emerald-700 text-white",
  likely: "bg-emerald-100 text-emerald-900",
  could: "bg-slate-100 text-slate-800",
  unlikely: "bg-rose-100 text-rose-900",
  highly_unlikely: "bg-rose-700 text-white",
};

export function expectationLabel(e: Expectation | undefined): string {
  if (e === undefined) return "—";
  return typeof e === "number" ? `exactly ${Math.round(e * 100)} %` : RATINGS[e].label;
}

export function IndicatorMatrix() {
  const ws = useWorkspace();
  const { state, result } = ws;
  // Same array while only indicators change (a preview), so memoised rows stay put.
  const active = useMemo(() => state.scenarios.filter((s) => !s.archived), [state.scenarios]);
  const gridRef = useRef<HTMLTableElement>(null);
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
    <section className="card p-4" aria-labelledby="matrix-heading">
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
      <div className="relative overflow-x-auto">
        <table
          ref={gridRef}
          aria-labelledby="matrix-heading"
          aria-describedby="matrix-help"
          className="w-full min-w-[900px] border-collapse text-sm"
        >
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th scope="col" className="w-[26%] py-2 pr-3 font-medium">
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
          <tbody>
            {state.indicators.map((indicator, row) => (
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

interface RowHandlers {
  rate: (indicatorId: string, scenarioId: string, expectation: Expectation) => void;
  onCellKey: (e: React.KeyboardEvent, row: number, col: number, indicatorId: string, scenarioId: string) => void;
  openExact: (indicatorId: string, scenarioId: string) => void;
}

/**
 * One matrix row. Memoised, and it reads no changing context (plain props and the page's actions),
 * so a preview or a save of one indicator re-renders only that indicator's row.
 */
const IndicatorRow = memo(function IndicatorRow(props: {
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
          <span className="block text-xs font-normal text-slate-500">{indicator.description}</span>
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
          reviewed {formatDateTime(indicator.lastReviewedAt)}
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
          `${d.toFixed(2)} bits`
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

/**
 * A Radix menu mounted on first use; until then its trigger is a plain button that mounts it open.
 * The matrix has a menu in each of its thousands of cells, and a mounted Radix menu costs a dozen
 * hooks at every render and on hydration.
 */
function LazyMenu(props: {
  trigger: ReactElement<ComponentProps<"button">>;
  disabled?: boolean;
  /** The menu's content, built only once the menu is mounted. */
  children: () => ReactNode;
}) {
  const [armed, setArmed] = useState(false);
  const byKeyboard = useRef(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // Opened with Enter or Space, a menu starts on its first item, as Radix's own trigger does; the
  // menu mounted after that key, so Radix cannot tell. Its portal renders a frame or so later.
  useEffect(() => {
    if (!armed || !byKeyboard.current) return;
    byKeyboard.current = false;
    let frames = 0;
    let handle = 0;
    const focusFirstItem = () => {
      const menuId = trigger.current?.getAttribute("aria-controls");
      const item = menuId ? document.getElementById(menuId)?.querySelector<HTMLElement>('[role="menuitem"]') : null;
      if (item) item.focus();
      else if (++frames < 10) handle = requestAnimationFrame(focusFirstItem);
    };
    handle = requestAnimationFrame(focusFirstItem);
    return () => cancelAnimationFrame(handle);
  }, [armed]);
  if (!armed) {
    // A click mounts the menu open (Enter and Space click too, with no pointer: detail 0). A disabled
    // trigger stays focusable (its aria-disabled says why nothing opens), so a viewer can still
    // move through the matrix with the arrow keys and hear every rating.
    return cloneElement(props.trigger, {
      "aria-haspopup": "menu",
      "aria-expanded": false,
      onClick: (event) => {
        if (props.disabled) return;
        byKeyboard.current = event.detail === 0;
        setArmed(true);
      },
    });
  }
  return (
    <DropdownMenu.Root modal={false} defaultOpen>
      <DropdownMenu.Trigger asChild disabled={props.disabled}>
        {cloneElement(props.trigger, { ref: withTriggerRef(props.trigger, trigger) })}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>{props.children()}</DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** A ref callback that sets `ours` and whatever ref the element already had. */
function withTriggerRef(element: ReactElement<ComponentProps<"button">>, ours: RefObject<HTMLButtonElement | null>) {
  const theirs = element.props.ref;
  return (node: HTMLButtonElement | null) => {
    ours.current = node;
    if (typeof theirs === "function") theirs(node);
    else if (theirs) theirs.current = node;
  };
}

/**
 * One rating, with its menu. Memoised on plain values and the matrix's stable handlers: a row
 * re-renders while its weight is dragged, and twelve menus each time cost more than a frame allows.
 */
const RatingCell = memo(function RatingCell(props: {
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
              className="flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100"
            >
              <span className={`rounded px-1.5 py-0.5 text-xs ${RATING_STYLE[key]}`}>{RATINGS[key].label}</span>
              <span className="text-xs text-slate-500">
                {i + 1} · {Math.round(RATINGS[key].likelihood * 100)} %
              </span>
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item
            onSelect={() => handlers.openExact(indicatorId, scenarioId)}
            className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100"
          >
            Exact likelihood… <span className="text-xs text-slate-500">0</span>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      )}
    </LazyMenu>
  );
});

function WeightControl({ indicator, canEdit }: { indicator: IndicatorState; canEdit: boolean }) {
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
        aria-valuetext={`${percent} %`}
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

function PresenceCell({
  indicator,
  presence,
  canEdit,
}: {
  indicator: IndicatorState;
  presence: number;
  canEdit: boolean;
}) {
  const [open, setOpen] = useState(false);
  const overridden = indicator.presenceOverride !== null;
  return (
    <div className="w-32">
      <span
        className="tabular-nums"
        title={overridden ? `Override: ${indicator.overrideRationale ?? ""}` : "Derived from the linked evidence"}
      >
        {formatPercent(presence)}
      </span>
      <span className="block text-xs text-slate-500">{overridden ? "override" : "from evidence"}</span>
      {canEdit ? (
        <button
          type="button"
          className="text-xs text-blue-800 underline"
          onClick={() => setOpen(true)}
          aria-label={`Override presence of ${indicator.name}`}
        >
          {overridden ? "Change override" : "Override…"}
        </button>
      ) : null}
      {/* Mounted only while open: 300 closed dialogs each cost a render on every save. */}
      {open ? <PresenceDialog indicator={indicator} open onOpenChange={setOpen} /> : null}
    </div>
  );
}

function PresenceDialog(props: { indicator: IndicatorState; open: boolean; onOpenChange: (o: boolean) => void }) {
  const ws = useWorkspaceActions();
  const saving = useSaving();
  const [value, setValue] = useState(String(Math.round((props.indicator.presenceOverride ?? 0.5) * 100)));
  const [rationale, setRationale] = useState(props.indicator.overrideRationale ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={`Presence of “${props.indicator.name}”`}
      description="An override replaces the presence derived from evidence. Say why: the rationale is kept in the history."
    >
      <form
        className="space-y-3"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const v = Number(value);
          const found: Record<string, string> = {};
          if (!presence.safeParse(typedNumber(value) / 100).success)
            found.presence = "Presence is a percent from 0 to 100";
          if (!rationale.trim()) found.overrideRationale = OVERRIDE_WITHOUT_RATIONALE;
          setErrors(found);
          if (Object.keys(found).length) return;
          const error = await ws.save("setPresence", {
            indicatorId: props.indicator.id,
            presence: v / 100,
            overrideRationale: rationale,
          });
          if (error) setErrors({ ...error.fieldErrors, form: error.message });
          else props.onOpenChange(false);
        }}
      >
        <Field id="presence-value" label="Presence (%)" error={errors.presence}>
          <input
            id="presence-value"
            className="input"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={!!errors.presence}
          />
        </Field>
        <Field id="presence-rationale" label="Rationale (required)" error={errors.overrideRationale}>
          <input
            id="presence-rationale"
            className="input"
            maxLength={OVERRIDE_RATIONALE_MAX}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
            aria-invalid={!!errors.overrideRationale}
          />
        </Field>
        {errors.form ? <p className="field-error">{errors.form}</p> : null}
        <div className="flex justify-between gap-2">
          {props.indicator.presenceOverride !== null ? (
            <button
              type="button"
              className="btn-secondary"
              onClick={async () => {
                const error = await ws.save("setPresence", { indicatorId: props.indicator.id, presence: null });
                if (error) setErrors({ form: error.message });
                else props.onOpenChange(false);
              }}
            >
              Clear override
            </button>
          ) : (
            <span />
          )}
          <button type="submit" className="btn-primary" disabled={saving}>
            Set override
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ExactLikelihoodDialog(props: {
  open: boolean;
  returnFocus: RefObject<HTMLElement | null>;
  onOpenChange: (o: boolean) => void;
  initial: Expectation | undefined;
  onSave: (value: number) => Promise<void>;
}) {
  const start =
    typeof props.initial === "number" ? props.initial : props.initial ? RATINGS[props.initial].likelihood : 0.5;
  const [text, setText] = useState(String(Math.round(start * 100)));
  const v = Number(text);
  const error = expectation.safeParse(typedNumber(text) / 100).success ? null : "Give a percent from 1 to 99";
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      returnFocus={props.returnFocus}
      title="Exact likelihood"
      description="The chance of seeing this indicator if the scenario is true."
    >
      <form
        noValidate
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!error) await props.onSave(v / 100);
        }}
      >
        <Field id="exact-likelihood" label="Likelihood (%)" error={error ?? undefined}>
          <input
            id="exact-likelihood"
            className="input"
            inputMode="decimal"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!!error}
          />
        </Field>
        <div className="flex justify-end">
          <button type="submit" className="btn-primary" disabled={!!error}>
            Set likelihood
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Rendered for editors only. */
function RowActions(props: { indicator: IndicatorState; row: number; count: number; links: number }) {
  const ws = useWorkspaceActions();
  // The dialogs open from menu items, which are gone by the time they close: focus returns to the
  // row's menu button, or to the matrix heading once the row itself is deleted.
  const trigger = useRef<HTMLButtonElement>(null);
  const returnFocus = useMemo<RefObject<HTMLElement | null>>(
    () => ({
      get current() {
        return trigger.current?.isConnected ? trigger.current : document.getElementById("matrix-heading");
      },
    }),
    [],
  );
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const name = props.indicator.name;
  return (
    <div className="flex flex-wrap gap-1">
      <LazyMenu
        trigger={
          <button
            ref={trigger}
            type="button"
            className="btn-secondary px-2 py-0.5 text-xs"
            aria-label={`Actions for ${name}`}
          >
            ⋯
          </button>
        }
      >
        {() => (
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 min-w-[10rem] rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
          >
            {[
              { label: "Edit…", onSelect: () => setEditing(true) },
              {
                label: "Mark reviewed",
                onSelect: () => void ws.save("reviewIndicator", { indicatorId: props.indicator.id }),
              },
              ...(props.row > 0
                ? [
                    {
                      label: "Move up",
                      onSelect: () =>
                        void ws.save("moveIndicator", { indicatorId: props.indicator.id, toIndex: props.row - 1 }),
                    },
                  ]
                : []),
              ...(props.row < props.count - 1
                ? [
                    {
                      label: "Move down",
                      onSelect: () =>
                        void ws.save("moveIndicator", { indicatorId: props.indicator.id, toIndex: props.row + 1 }),
                    },
                  ]
                : []),
              { label: "Delete…", onSelect: () => setDeleting(true) },
            ].map((item) => (
              <DropdownMenu.Item
                key={item.label}
                onSelect={item.onSelect}
                className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100"
              >
                {item.label}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        )}
      </LazyMenu>
      {editing ? (
        <EditIndicatorDialog indicator={props.indicator} open onOpenChange={setEditing} returnFocus={returnFocus} />
      ) : null}
      <Dialog
        returnFocus={returnFocus}
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete “${name}”?`}
        description={
          props.links === 0
            ? "No evidence is linked to it."
            : `Its ${props.links} evidence link${props.links === 1 ? "" : "s"} will be removed; the evidence items stay in the locker. The history keeps the indicator.`
        }
      >
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => setDeleting(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn-danger"
            onClick={async () => {
              await ws.save("deleteIndicator", { indicatorId: props.indicator.id });
              setDeleting(false);
            }}
          >
            Delete indicator
          </button>
        </div>
      </Dialog>
    </div>
  );
}

function EditIndicatorDialog(props: {
  indicator: IndicatorState;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  returnFocus: RefObject<HTMLElement | null>;
}) {
  const ws = useWorkspaceActions();
  const saving = useSaving();
  const [name, setName] = useState(props.indicator.name);
  const [description, setDescription] = useState(props.indicator.description);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} returnFocus={props.returnFocus} title="Edit indicator">
      <form
        className="space-y-3"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const found = fieldErrors(indicatorText.safeParse({ name, description }));
          if (Object.keys(found).length) return setErrors(found);
          const error = await ws.save("updateIndicator", { indicatorId: props.indicator.id, name, description });
          if (error) setErrors({ ...error.fieldErrors, form: error.message });
          else props.onOpenChange(false);
        }}
      >
        <NameAndDescription
          idPrefix="edit-indicator"
          nameMax={INDICATOR_NAME_MAX}
          descriptionLabel="What to look for"
          descriptionRows={3}
          name={name}
          description={description}
          onName={setName}
          onDescription={setDescription}
          errors={errors}
        />
        <FormActions error={formError(errors, ["name", "description"])} saving={saving} label="Save" />
      </form>
    </Dialog>
  );
}

function AddIndicatorDialog(props: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const active = ws.serverState.scenarios.filter((s) => !s.archived);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [weight, setWeight] = useState("100");
  const [ratings, setRatings] = useState<Record<string, Rating>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Add indicator"
      wide
      description="Rate how likely the indicator is to be seen under each scenario."
    >
      <form
        className="space-y-3"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const w = Number(weight);
          const found = fieldErrors(indicatorText.safeParse({ name, description }));
          if (!weightSchema.safeParse(typedNumber(weight) / 100).success)
            found.weight = "Weight is a percent from 0 to 100";
          setErrors(found);
          if (Object.keys(found).length) return;
          const expectations = Object.fromEntries(active.map((s) => [s.id, ratings[s.id] ?? "could"]));
          const error = await ws.save("addIndicator", { name, description, weight: w / 100, expectations });
          if (error) setErrors({ ...error.fieldErrors, form: error.message });
          else {
            setName("");
            setDescription("");
            setWeight("100");
            setRatings({});
            props.onOpenChange(false);
          }
        }}
      >
        <NameAndDescription
          idPrefix="new-indicator"
          nameMax={INDICATOR_NAME_MAX}
          descriptionLabel="What to look for (optional)"
          descriptionRows={2}
          name={name}
          description={description}
          onName={setName}
          onDescription={setDescription}
          errors={errors}
        />
        <Field
          id="new-indicator-weight"
          label="Weight (%)"
          error={errors.weight}
          hint="Discount indicators that are redundant with others or only partly relevant."
        >
          <input
            id="new-indicator-weight"
            className="input w-24"
            inputMode="numeric"
            value={weight}
            onChange={(e) => setWeight(e.target.value)}
            aria-invalid={!!errors.weight}
          />
        </Field>
        <fieldset className="grid gap-2 sm:grid-cols-2">
          <legend className="field-label">Likelihood of seeing it under each scenario</legend>
          {active.map((s) => (
            <Field key={s.id} id={`new-indicator-rating-${s.id}`} label={s.name} error={errors[`expectations.${s.id}`]}>
              <select
                id={`new-indicator-rating-${s.id}`}
                className="input"
                value={ratings[s.id] ?? "could"}
                onChange={(e) => setRatings((r) => ({ ...r, [s.id]: e.target.value as Rating }))}
              >
                {RATING_KEYS.map((k) => (
                  <option key={k} value={k}>
                    {RATINGS[k].label}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </fieldset>
        <FormActions
          error={formError(errors, ["name", "description", "weight", ...active.map((s) => `expectations.${s.id}`)])}
          saving={saving}
          label="Add indicator"
        />
      </form>
    </Dialog>
  );
}
