"use client";
// Why the probabilities stand where they do (DESIGN §2.5): each scenario's drivers, what the call
// leans on most (a weak source carrying it stands out) and what to collect next, each with links
// into the what-if: the call if the indicator were seen present, or absent.
import { useDeferredValue, useId, useMemo, useState } from "react";
import { LeadingBadge } from "@/app/components/leading-badge";
import { engineModel } from "@/shared/assessment/engine-model";
import type { ScenarioState } from "@/shared/assessment/state";
import { collectionOutlook, type IndicatorOutlook, leadingScenarioId } from "@/shared/engine";
import {
  driverEffect,
  driverSentence,
  formatBits,
  formatNats,
  formatPercent,
  formatPointsSwing,
} from "@/shared/format";
import { useWorkspaceStable } from "../workspace-context";
import {
  collectionPriorities,
  largestDriver,
  leanedOnEvidence,
  leanedOnIndicators,
  repeatedReports,
  scenarioDrivers,
} from "./explanations-data";

const H3 = "text-sm font-semibold text-slate-800";

export function ExplanationsPanel() {
  // Explanations follow the saved state: they update when a change is saved, not on every frame
  // of a drag, which keeps the preview within a frame on large assessments.
  const { serverState: state, serverResult: result, whatIf } = useWorkspaceStable();
  const uid = useId();
  // The outlook reruns the engine once per indicator; while a slider is dragged it may lag a frame
  // behind the probabilities rather than slow the drag.
  const deferredState = useDeferredValue(state);
  const outlook = useMemo<Record<string, IndicatorOutlook> | null>(() => {
    try {
      return collectionOutlook(engineModel(deferredState));
    } catch {
      return null;
    }
  }, [deferredState]);

  const drivers = scenarioDrivers(state, result);
  const leading = leadingScenarioId(Object.fromEntries(drivers.map((d) => [d.scenario.id, d.probability])));
  const [showNats, setShowNats] = useState(false);
  const maxDriver = largestDriver(drivers);
  const evidence = leanedOnEvidence(state, result);
  const indicators = leanedOnIndicators(state, result);
  const repeated = repeatedReports(state);
  const priorities = collectionPriorities(state, result, outlook);

  return (
    <section className="card @container p-4" aria-labelledby={`${uid}-explanations-heading`}>
      <h2
        id={`${uid}-explanations-heading`}
        className="mb-3 text-xs font-semibold uppercase tracking-wide text-slate-500"
      >
        Explanations
      </h2>
      <div className="grid gap-5 @3xl:grid-cols-3 @3xl:gap-6">
        <section aria-labelledby={`${uid}-drivers-heading`}>
          <h3 id={`${uid}-drivers-heading`} className={H3}>
            Drivers
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">
            The indicators that move each scenario most: how many times more (or less) likely each makes it against the
            average scenario.
          </p>
          <label className="mt-1 inline-flex items-center gap-1.5 text-xs text-slate-600">
            <input type="checkbox" checked={showNats} onChange={(e) => setShowNats(e.target.checked)} />
            Show nats (weight of evidence)
          </label>
          <ul className="mt-3 space-y-4">
            {drivers.map(({ scenario, probability, drivers: list }) => (
              <li key={scenario.id}>
                <h4 className="flex items-baseline gap-2 text-sm">
                  <ScenarioDot scenario={scenario} />
                  <span className="font-medium">
                    {scenario.name}
                    {scenario.id === leading ? <LeadingBadge /> : null}
                  </span>
                  <span className="ml-auto font-normal tabular-nums text-slate-600">{formatPercent(probability)}</span>
                </h4>
                {list.length === 0 ? (
                  <p className="mt-1 text-xs text-slate-500">No indicator moves it yet: it stands at its prior.</p>
                ) : (
                  <ol className="mt-1.5 space-y-1.5" aria-label={`Drivers of ${scenario.name}`}>
                    {list.map((d) => {
                      const toward = d.nats > 0;
                      return (
                        <li key={d.indicator.id} className="text-xs">
                          <div className="flex items-baseline justify-between gap-2">
                            <span className="min-w-0 truncate text-slate-800" title={d.indicator.name}>
                              {d.indicator.name}
                            </span>
                            <span
                              className={`shrink-0 tabular-nums ${toward ? "text-emerald-800" : "text-rose-800"}`}
                              title={`${d.indicator.name} ${driverSentence(d.nats, scenario.name)} (${formatNats(d.nats)})`}
                            >
                              {driverEffect(d.nats)}
                              {showNats ? <span className="text-slate-500"> · {formatNats(d.nats)}</span> : null}
                            </span>
                          </div>
                          <div className="mt-0.5 flex items-center gap-2">
                            <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                              <div
                                className={`h-full rounded-full ${toward ? "bg-emerald-600" : "bg-rose-600"}`}
                                style={{ width: `${maxDriver > 0 ? (Math.abs(d.nats) / maxDriver) * 100 : 0}%` }}
                              />
                            </div>
                            <span className="w-24 shrink-0 text-right text-slate-500">
                              {toward ? "pushes toward" : "pushes against"}
                            </span>
                          </div>
                        </li>
                      );
                    })}
                  </ol>
                )}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby={`${uid}-leans-heading`}>
          <h3 id={`${uid}-leans-heading`} className={H3}>
            What the call leans on
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">
            Largest change of any scenario&apos;s probability if the item alone were left out.
          </p>
          <h4 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Evidence</h4>
          {evidence.length === 0 ? (
            <p className="mt-1 text-xs text-slate-500">No evidence moves the probabilities yet.</p>
          ) : (
            <ol className="mt-1.5 space-y-1.5">
              {evidence.map((x) => (
                <li
                  key={x.evidence.id}
                  className={`rounded-md border px-2 py-1.5 text-xs ${x.carriesCall ? "border-amber-400 bg-amber-50" : "border-slate-200"}`}
                >
                  <div className="flex items-baseline justify-between gap-2">
                    <span className="min-w-0 text-slate-800">{x.evidence.title}</span>
                    <span className="shrink-0 font-semibold tabular-nums">{formatPointsSwing(x.change * 100)}</span>
                  </div>
                  <div className="mt-0.5 flex flex-wrap items-baseline gap-x-2 text-slate-500">
                    <abbr
                      title={x.gradeMeaning}
                      className={`rounded px-1 font-mono font-semibold no-underline ${x.weak ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700"}`}
                    >
                      {x.grade}
                    </abbr>
                    <span className="truncate">{x.evidence.sourceName}</span>
                    {x.carriesCall ? (
                      <strong className="font-semibold text-amber-900">
                        <span aria-hidden>⚠ </span>weak source carries the call
                      </strong>
                    ) : x.weak ? (
                      <span className="text-amber-900">weak source</span>
                    ) : null}
                  </div>
                </li>
              ))}
            </ol>
          )}
          <h4 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Indicators</h4>
          {indicators.length === 0 ? (
            <p className="mt-1 text-xs text-slate-500">No indicator moves the probabilities yet.</p>
          ) : (
            <ol className="mt-1.5 space-y-1">
              {indicators.map((x) => (
                <li key={x.indicator.id} className="flex items-baseline justify-between gap-2 text-xs">
                  <span className="min-w-0 text-slate-800">{x.indicator.name}</span>
                  <span className="shrink-0 font-semibold tabular-nums">{formatPointsSwing(x.change * 100)}</span>
                </li>
              ))}
            </ol>
          )}
          {repeated.length > 0 ? (
            <>
              <h4 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">
                One report, repeated
              </h4>
              <p className="mt-0.5 text-xs text-slate-500">
                Items that share an origin count once, at their best grade: the call leans on fewer reports than items.
              </p>
              <ul className="mt-1.5 space-y-1">
                {repeated.map((x) => (
                  <li key={x.indicator.id} className="text-xs text-slate-800">
                    {x.sentence}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section aria-labelledby={`${uid}-collection-heading`}>
          <h3 id={`${uid}-collection-heading`} className={H3}>
            Collection priorities
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">
            What to look for next: expected information from seeing the indicator, in bits.
          </p>
          {priorities.length === 0 ? (
            <p className="mt-3 text-xs text-slate-500">
              No indicator would change the picture: none tells the active scenarios apart.
            </p>
          ) : (
            <ol className="mt-3 space-y-2.5">
              {priorities.map((p) => (
                <li key={p.indicator.id} className="text-xs">
                  <div className="flex items-baseline justify-between gap-2">
                    <span className="min-w-0 font-medium text-slate-800">{p.indicator.name}</span>
                    <span className="shrink-0 tabular-nums text-slate-700">{formatBits(p.bits)}</span>
                  </div>
                  <dl className="mt-0.5 grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-slate-600">
                    <dt className="text-slate-500">Seen present favours</dt>
                    <dd>
                      <ScenarioList scenarios={p.favouredIfPresent} />
                    </dd>
                    <dt className="text-slate-500">Seen absent favours</dt>
                    <dd>
                      <ScenarioList scenarios={p.favouredIfAbsent} />
                    </dd>
                    {p.pPresent === null ? null : (
                      <>
                        <dt className="text-slate-500">Chance seen present</dt>
                        <dd className="tabular-nums">{formatPercent(p.pPresent)}</dd>
                      </>
                    )}
                  </dl>
                  {whatIf.available ? (
                    <p className="mt-1 flex flex-wrap gap-x-3">
                      {([1, 0] as const).map((presence) => (
                        <button
                          key={presence}
                          type="button"
                          className="text-blue-800 underline underline-offset-2 hover:text-blue-950"
                          aria-label={`See the call if seen ${presence ? "present" : "absent"}: ${p.indicator.name}`}
                          title="Opens the what-if with this presence: nothing is saved"
                          onClick={() =>
                            whatIf.enter({ procedure: "setPresence", input: { indicatorId: p.indicator.id, presence } })
                          }
                        >
                          {presence ? "See the call if seen present" : "…if seen absent"}
                        </button>
                      ))}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </section>
  );
}

function ScenarioDot({ scenario }: { scenario: ScenarioState }) {
  return (
    <span
      className="inline-block h-2.5 w-2.5 shrink-0 translate-y-px rounded-full"
      style={{ background: scenario.color }}
      aria-hidden
    />
  );
}

function ScenarioList({ scenarios }: { scenarios: readonly ScenarioState[] }) {
  if (scenarios.length === 0) return <span className="text-slate-500">no scenario</span>;
  return (
    <span className="flex flex-wrap gap-x-2">
      {scenarios.map((s) => (
        <span key={s.id} className="inline-flex items-baseline gap-1">
          <ScenarioDot scenario={s} />
          <span>{s.name}</span>
        </span>
      ))}
    </span>
  );
}
