"use client";
// The call in view at every scroll position: a bar stuck to the top of the viewport with each active
// scenario's colour, name, percent, term and the signed change since the page opened (or since a
// baseline); in what-if mode the saved call beside the what-if call with the difference. It reads the
// same store as the scenario panel, so it changes in the same frame as a preview. A changed figure
// flashes once (never under prefers-reduced-motion) and its signed change says by how much.
import { useLayoutEffect, useRef, useState } from "react";
import { LeadingBadge } from "@/app/components/leading-badge";
import { activeScenarios, type ScenarioState } from "@/shared/assessment/state";
import { leadingScenarioId } from "@/shared/engine";
import { formatPercent, formatSignedPoints } from "@/shared/format";
import { compareCalls } from "../what-if/what-if-steps";
import { useWorkspaceSelect, useWorkspaceStable } from "../workspace-context";
import { JumpLinks, ShortcutsHelp, useWorkspaceShortcuts } from "./shortcuts";
import { useReferenceCall } from "./use-reference-call";

const selectScenarios = (api: { state: { scenarios: ScenarioState[] } }) => api.state.scenarios;
const selectProbabilities = (api: { result: { probabilities: Record<string, number> } }) => api.result.probabilities;
const selectTerms = (api: { result: { terms: Record<string, string> } }) => api.result.terms;

export function LiveReadout() {
  const ws = useWorkspaceStable();
  const { whatIf } = ws;
  const scenarios = useWorkspaceSelect(selectScenarios);
  const probabilities = useWorkspaceSelect(selectProbabilities);
  const terms = useWorkspaceSelect(selectTerms);
  // The saved call when the page opened: what "since opened" measures from.
  const [opened] = useState(() => whatIf.savedResult.probabilities);
  const reference = useReferenceCall({ assessmentId: ws.assessmentId, opened, withBaselines: !ws.moment });
  const [help, setHelp] = useState(false);
  useWorkspaceShortcuts({
    toggleWhatIf: () => (whatIf.active ? whatIf.askLeave() : whatIf.available && whatIf.enter()),
    showHelp: () => setHelp(true),
  });
  const bar = useStickyHeight();

  const on = whatIf.active;
  const rows = on
    ? compareCalls(scenarios, whatIf.savedResult.probabilities, probabilities)
    : activeScenarios(scenarios).map((scenario) => {
        const p = probabilities[scenario.id] ?? 0;
        const before = reference.probabilities?.[scenario.id];
        return { scenario, saved: null, whatIf: p, points: before === undefined ? null : (p - before) * 100 };
      });

  // The leader is marked beside its term, as in the scenario panel: a leader at 43 % still reads "unlikely".
  const leading = leadingScenarioId(Object.fromEntries(rows.map((r) => [r.scenario.id, r.whatIf])));

  return (
    <section
      ref={bar}
      aria-label={on ? "Live call: saved and what-if" : "Live call"}
      data-testid="live-readout"
      className={`sticky top-0 z-30 rounded-b-lg border px-3 py-1.5 shadow-sm backdrop-blur ${
        on ? "border-violet-300 bg-violet-50/95" : "border-slate-200 bg-white/95"
      }`}
    >
      <div className="flex items-start gap-x-4">
        {/* Where to go, and what the changes are measured from: a narrow column, so the scenarios get the width. */}
        <div className="flex shrink-0 flex-col gap-1">
          <JumpLinks onHelp={() => setHelp(true)} />
          {on ? (
            <span className="self-start rounded bg-violet-700 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-white">
              What-if · not saved
            </span>
          ) : (
            <label className="flex items-center gap-1 text-xs text-slate-600">
              <span>Change</span>
              <select
                className="w-[11.5rem] rounded border border-slate-300 bg-white px-1 py-0.5 text-xs"
                value={reference.choice}
                onChange={(e) => reference.choose(e.target.value)}
              >
                {reference.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <ul className="flex min-w-0 flex-1 flex-wrap gap-x-5 gap-y-0.5 self-center text-sm">
          {rows.map((row) => (
            <ReadoutItem
              key={row.scenario.id}
              scenario={row.scenario}
              probability={row.whatIf}
              saved={on ? row.saved : undefined}
              points={row.points}
              term={terms[row.scenario.id] ?? ""}
              leading={row.scenario.id === leading}
              since={on ? "against the saved call" : reference.label}
              pending={!on && reference.probabilities === null}
            />
          ))}
        </ul>
      </div>
      <ShortcutsHelp open={help} onOpenChange={setHelp} />
    </section>
  );
}

function ReadoutItem(props: {
  scenario: ScenarioState;
  probability: number;
  /** The saved call beside the what-if one (what-if mode), else undefined. */
  saved: number | null | undefined;
  points: number | null;
  term: string;
  leading: boolean;
  since: string;
  pending: boolean;
}) {
  const { scenario: s, probability } = props;
  const shown = formatPercent(probability);
  // A new figure flashes once: the key below remounts the figure, which restarts the animation.
  const [seen, setSeen] = useState({ shown, flashes: 0 });
  if (seen.shown !== shown) setSeen({ shown, flashes: seen.flashes + 1 });
  const delta = props.pending ? "…" : props.points === null ? "new" : formatSignedPoints(props.points);
  return (
    <li
      className="flex flex-none items-baseline gap-1.5 whitespace-nowrap"
      data-testid={`readout-${s.id}`}
      data-probability={probability}
    >
      <span
        className="h-2.5 w-2.5 shrink-0 translate-y-px self-center rounded-full"
        style={{ background: s.color }}
        aria-hidden
      />
      <span className="max-w-[14rem] truncate text-slate-700" title={s.name}>
        {s.name}
      </span>
      {props.saved !== undefined ? (
        <span className="text-xs tabular-nums text-slate-600">
          saved {props.saved === null ? "—" : formatPercent(props.saved)}
          <span aria-hidden> →</span>
          <span className="sr-only">, what-if</span>
        </span>
      ) : null}
      <span
        key={seen.flashes}
        data-testid={`readout-probability-${s.id}`}
        className={`rounded px-0.5 font-semibold tabular-nums ${seen.flashes ? "motion-safe:animate-readout-flash" : ""}`}
      >
        {shown}
      </span>
      <span className="text-xs text-slate-600">
        {props.term}
        {props.leading ? <LeadingBadge /> : null}
      </span>
      <span className="text-xs tabular-nums text-slate-600" data-testid={`readout-change-${s.id}`}>
        {delta}
        <span className="sr-only"> {props.since}</span>
      </span>
    </li>
  );
}

/** The bar's height, published as --readout-height for scroll padding and the matrix's height. */
function useStickyHeight() {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const publish = () => root.style.setProperty("--readout-height", `${el.offsetHeight}px`);
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty("--readout-height");
    };
  }, []);
  return ref;
}
