"use client";
// The resolution tab: analysts and owners resolve an active assessment (scenario, date, note);
// once resolved everyone sees the scorecard (Brier, log and time-weighted Brier scores), the
// resolved scenario's probability over time and the post-mortem of the indicators; analysts and
// owners may reopen it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { type ReactNode, useId, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { Dialog } from "@/app/components/dialog";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { useTRPC } from "@/app/trpc/client";
import type { AppRouter } from "@/server/root";
import { estimativeTerm } from "@/shared/engine";
import { RESOLUTION_NOTE_MAX } from "@/shared/limits";
import { AssessmentNav } from "../assessment-nav";
import { formatDay, formatProbability } from "../compare/compare-data";
import {
  changesSpan,
  comparedWithEvenSpread,
  evenSpreadBrier,
  formatBits,
  formatBrier,
  formatContribution,
  formatTick,
  pointedLabel,
  postMortemCounts,
  resolveDraftErrors,
  scoreSeriesRows,
  sortPostMortem,
  timeTicks,
  todayIso,
} from "./resolution-data";

type Outputs = inferRouterOutputs<AppRouter>;
type AssessmentView = Outputs["assessments"]["get"];
type Scorecard = Outputs["history"]["score"];

const H2 = "text-xs font-semibold uppercase tracking-wide text-slate-500";

export function ResolutionView({ assessmentId }: { assessmentId: string }) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.assessments.get.queryOptions({ assessmentId }));
  const view = assessment.data;
  const canResolve = view ? view.role !== "viewer" : false;
  return (
    <div className="space-y-5">
      <AssessmentNav assessmentId={assessmentId} current="resolution" />
      <header>
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Resolution and scores</p>
        <h1 className="mt-0.5 text-2xl font-semibold tracking-tight">{view?.state.title ?? "Assessment"}</h1>
        {view ? <p className="mt-1 max-w-3xl text-slate-700">{view.state.keyQuestion}</p> : null}
      </header>
      {assessment.isError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {assessment.error.message}
        </p>
      ) : !view ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : view.state.status === "resolved" ? (
        <ResolvedView assessmentId={assessmentId} view={view} canReopen={canResolve} />
      ) : view.state.status === "archived" ? (
        <p role="note" className="card p-5 text-sm text-slate-700">
          This assessment is archived. Restore it to resolve it.
        </p>
      ) : canResolve ? (
        <ResolveForm assessmentId={assessmentId} view={view} />
      ) : (
        <p role="note" className="card p-5 text-sm text-slate-700">
          This assessment is not resolved yet. Once the question is settled an analyst or owner records the scenario
          that happened here, and the scores and the post-mortem appear for the whole team.
        </p>
      )}
    </div>
  );
}

/**
 * After a resolve or reopen: the new state, and every history read (scores, calibration…) marked
 * stale. Nothing is refetched while still on screen: the scorecard being replaced by the form would
 * otherwise ask for the score of an assessment that is no longer resolved.
 */
function useAfterResolution(assessmentId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (next: AssessmentView) => {
    if (next.state.status === "resolved") {
      // No scorecard is on screen yet: drop any from an earlier resolution so none flashes.
      queryClient.removeQueries({ queryKey: trpc.history.score.queryKey({ assessmentId }) });
    }
    queryClient.setQueryData(trpc.assessments.get.queryKey({ assessmentId }), next);
    void queryClient.invalidateQueries({ queryKey: trpc.history.pathKey(), refetchType: "none" });
    void queryClient.invalidateQueries({ queryKey: trpc.assessments.list.pathKey() });
  };
}

function ResolveForm({ assessmentId, view }: { assessmentId: string; view: AssessmentView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const after = useAfterResolution(assessmentId);
  const active = view.state.scenarios.filter((s) => !s.archived);
  const [scenarioId, setScenarioId] = useState("");
  const [resolvedAt, setResolvedAt] = useState(todayIso());
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const resolve = useMutation(
    trpc.history.resolve.mutationOptions({
      onSuccess: (next) => {
        setErrors({});
        after(next);
      },
      onError: (e) => {
        setErrors({ ...fieldErrorsOf(e), form: e.message });
        if (e.data?.code === "CONFLICT") {
          void queryClient.invalidateQueries({ queryKey: trpc.assessments.get.queryKey({ assessmentId }) });
        }
      },
    }),
  );
  const fieldError = errors.scenarioId ?? errors.resolvedAt ?? errors.note;
  return (
    <section className="card max-w-3xl p-5" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className="text-lg font-semibold">
        Resolve the assessment
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Record the scenario that happened and when. Signpost then scores the probabilities the team gave and shows which
        indicators pointed the right way. You can reopen it later; both stay in the history.
      </p>
      {errors.form && !fieldError ? (
        <p role="alert" className="field-error mt-3">
          {errors.form}
        </p>
      ) : null}
      <form
        className="mt-4 grid gap-4 sm:grid-cols-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const found = resolveDraftErrors(
            { scenarioId, resolvedAt, note },
            { activeScenarioIds: active.map((s) => s.id), createdAt: view.state.createdAt },
          );
          setErrors(found);
          if (Object.keys(found).length) return;
          resolve.mutate({ assessmentId, version: view.state.version, scenarioId, resolvedAt, note: note.trim() });
        }}
      >
        <Field id="resolve-scenario" label="Scenario that happened" error={errors.scenarioId}>
          <select
            id="resolve-scenario"
            className="input"
            value={scenarioId}
            onChange={(e) => setScenarioId(e.target.value)}
            aria-invalid={!!errors.scenarioId}
            aria-describedby={errors.scenarioId ? "resolve-scenario-error" : undefined}
          >
            <option value="">Choose…</option>
            {active.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} (now {formatProbability(view.result.probabilities[s.id] ?? 0)})
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="resolve-date"
          label="Date it resolved"
          error={errors.resolvedAt}
          hint="UTC calendar date, not in the future"
        >
          <input
            id="resolve-date"
            type="date"
            className="input"
            value={resolvedAt}
            min={todayIso(view.state.createdAt)}
            max={todayIso()}
            onChange={(e) => setResolvedAt(e.target.value)}
            aria-invalid={!!errors.resolvedAt}
            aria-describedby={errors.resolvedAt ? "resolve-date-error" : "resolve-date-hint"}
          />
        </Field>
        <div className="sm:col-span-2">
          <Field id="resolve-note" label="Note (optional)" error={errors.note} hint="What settled it, and the source">
            <textarea
              id="resolve-note"
              className="input min-h-24"
              value={note}
              maxLength={RESOLUTION_NOTE_MAX}
              onChange={(e) => setNote(e.target.value)}
              aria-invalid={!!errors.note}
              aria-describedby={errors.note ? "resolve-note-error" : "resolve-note-hint"}
            />
          </Field>
        </div>
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary" disabled={resolve.isPending}>
            {resolve.isPending ? "Resolving…" : "Resolve and score"}
          </button>
        </div>
      </form>
    </section>
  );
}

function ResolvedView(props: { assessmentId: string; view: AssessmentView; canReopen: boolean }) {
  const trpc = useTRPC();
  const score = useQuery(trpc.history.score.queryOptions({ assessmentId: props.assessmentId }));
  const { state } = props.view;
  const card = score.data;
  const scenario = state.scenarios.find((s) => s.id === state.resolvedScenarioId);
  return (
    <div className="space-y-5">
      <section
        className="card flex flex-wrap items-start justify-between gap-4 border-l-4 p-5"
        style={{ borderLeftColor: scenario?.color ?? "#64748b" }}
        aria-label="Outcome"
      >
        <div className="min-w-0">
          <p className={H2}>Resolved</p>
          <p className="mt-1 text-lg">
            <strong className="font-semibold">{scenario?.name ?? card?.resolvedScenarioName}</strong> happened
            {state.resolvedAt ? (
              <>
                {" "}
                · <time dateTime={state.resolvedAt}>{formatDay(state.resolvedAt)}</time>
              </>
            ) : null}
          </p>
          {state.resolutionNote ? (
            <p className="mt-1 max-w-3xl border-l-2 border-slate-300 pl-2 text-sm text-slate-700">
              {state.resolutionNote}
            </p>
          ) : null}
        </div>
        {props.canReopen ? <ReopenButton assessmentId={props.assessmentId} version={state.version} /> : null}
      </section>
      {score.isError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {score.error.message}
        </p>
      ) : !card ? (
        <p className="text-sm text-slate-500">Scoring…</p>
      ) : (
        <>
          <ScoreTiles card={card} scenarioCount={state.scenarios.filter((s) => !s.archived).length} />
          <ProbabilityOverTime card={card} color={scenario?.color ?? "#1d4ed8"} />
          <PostMortem card={card} assessmentId={props.assessmentId} />
        </>
      )}
    </div>
  );
}

function ScoreTiles({ card, scenarioCount }: { card: Scorecard; scenarioCount: number }) {
  const even = evenSpreadBrier(scenarioCount);
  const versus = comparedWithEvenSpread(card.final.brier, scenarioCount);
  const firstAt = card.series[0]?.at;
  return (
    <section aria-label="Scores" className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <Tile
        label={`Final probability of ${card.resolvedScenarioName}`}
        value={formatProbability(card.final.probability)}
        testId="final-probability"
      >
        The team&apos;s last call: {estimativeTerm(card.final.probability)}.
      </Tile>
      <Tile label="Final Brier score" value={formatBrier(card.final.brier)} testId="final-brier">
        From 0 (certain and right) to 2 (certain and wrong); lower is better.{" "}
        {versus === "same" ? "The same as" : versus === "better" ? "Better than" : "Worse than"} an even spread over the{" "}
        {scenarioCount} scenarios ({formatBrier(even)}).
      </Tile>
      <Tile label="Log score" value={formatBits(card.final.logScore)} testId="log-score">
        −log₂ of the probability given to what happened: 0 bits if it was certain, 1 bit at 50 %; lower is better.
      </Tile>
      <Tile label="Time-weighted Brier" value={formatBrier(card.timeWeightedBrier)} testId="time-weighted-brier">
        The mean Brier score {firstAt ? `from ${formatDay(new Date(firstAt).toISOString())}` : "from the first change"}{" "}
        to {formatDay(card.resolvedAt)}, each set of probabilities counted for as long as it stood.
      </Tile>
    </section>
  );
}

function Tile(props: { label: string; value: string; testId: string; children: ReactNode }) {
  return (
    <div className="card p-4">
      <p className={H2}>{props.label}</p>
      <p className="mt-1 text-3xl font-semibold tabular-nums" data-testid={props.testId}>
        {props.value}
      </p>
      <p className="mt-1 text-xs text-slate-600">{props.children}</p>
    </div>
  );
}

function ProbabilityOverTime({ card, color }: { card: Scorecard; color: string }) {
  const uid = useId();
  const rows = scoreSeriesRows(card.series, card.resolvedAt);
  const span = changesSpan(rows);
  const [zoomed, setZoomed] = useState(span.zoom);
  const last = rows[rows.length - 1];
  const domainEnd = zoomed ? span.lastChange + Math.max(3_600_000, (span.lastChange - span.start) * 0.08) : span.end;
  const shown = zoomed ? rows.filter((r) => r.at <= domainEnd) : rows;
  // Keep the line running to the right edge when zoomed, at the value that stood there.
  const data = zoomed && last ? [...shown, { at: domainEnd, percent: shown[shown.length - 1]?.percent ?? 0 }] : shown;
  const axis = timeTicks(span.start, domainEnd, 9);
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 id={`${uid}-heading`} className={H2}>
            Probability of {card.resolvedScenarioName} over time
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">
            Each step is a change to the assessment; the last value stands until the resolution date.
          </p>
        </div>
        <fieldset className="flex gap-1 text-xs">
          <legend className="sr-only">Period shown</legend>
          <button
            type="button"
            className={`btn-secondary px-2 py-0.5 text-xs ${zoomed ? "bg-slate-100" : ""}`}
            aria-pressed={zoomed}
            onClick={() => setZoomed(true)}
          >
            The changes
          </button>
          <button
            type="button"
            className={`btn-secondary px-2 py-0.5 text-xs ${zoomed ? "" : "bg-slate-100"}`}
            aria-pressed={!zoomed}
            onClick={() => setZoomed(false)}
          >
            Up to the resolution
          </button>
        </fieldset>
      </div>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No probabilities were recorded before the resolution date.</p>
      ) : (
        <div
          className="mt-2"
          role="img"
          aria-label={`Step chart of the probability of ${card.resolvedScenarioName}: from ${rows[0]?.percent} % to ${last?.percent} % at the resolution`}
        >
          <LineChart
            responsive
            data={data}
            style={{ width: "100%", height: 260 }}
            margin={{ top: 8, right: 24, left: 0 }}
          >
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={[span.start, domainEnd]}
              allowDataOverflow
              ticks={axis.ticks}
              tickFormatter={(ms: number) => formatTick(ms, axis.unit)}
              fontSize={12}
            />
            <YAxis
              domain={[0, 100]}
              tickFormatter={(v: number) => `${v} %`}
              fontSize={12}
              width={52}
              ticks={[0, 20, 40, 60, 80, 100]}
            />
            <Tooltip
              labelFormatter={(v) => `${new Date(Number(v)).toISOString().slice(0, 16).replace("T", " ")} UTC`}
              formatter={(v) => [`${v} %`, card.resolvedScenarioName]}
            />
            <ReferenceLine y={50} stroke="#94a3b8" strokeDasharray="4 4" />
            {zoomed ? null : (
              <ReferenceLine
                x={span.end}
                stroke="#0f172a"
                strokeDasharray="3 3"
                label={{ value: "resolved", position: "insideTopRight", fontSize: 11, fill: "#334155" }}
              />
            )}
            <Line
              type="stepAfter"
              dataKey="percent"
              stroke={color}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </div>
      )}
      {zoomed && last ? (
        <p className="mt-1 text-xs text-slate-500">
          Then unchanged at {last.percent} % until the resolution on {formatDay(card.resolvedAt)}.
        </p>
      ) : null}
    </section>
  );
}

function PostMortem({ card, assessmentId }: { card: Scorecard; assessmentId: string }) {
  const uid = useId();
  const rows = sortPostMortem(card.postMortem);
  const counts = postMortemCounts(rows);
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.contribution)));
  return (
    <section className="card overflow-x-auto p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Post-mortem: which signposts served us
      </h2>
      <p className="mt-0.5 text-sm text-slate-700">
        {counts.toward} of {rows.length} indicator{rows.length === 1 ? "" : "s"} pointed toward{" "}
        <strong className="font-medium">{card.resolvedScenarioName}</strong>, {counts.away} away
        {counts.neutral ? `, ${counts.neutral} neutral` : ""}.
      </p>
      <p className="mt-0.5 text-xs text-slate-500">
        Contribution: how much each indicator, as it stood at the end, moved the log-odds of {card.resolvedScenarioName}{" "}
        against the average scenario, in nats. Weight 0 or presence at 50 % gives 0.
      </p>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">The assessment has no indicators.</p>
      ) : (
        <table className="mt-3 w-full text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th scope="col" className="py-2 pr-3 font-medium">
                Indicator
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">
                Weight
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">
                Presence
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">
                Contribution (nats)
              </th>
              <th scope="col" className="w-48 py-2 pr-3 font-medium">
                <span className="sr-only">Contribution as a bar</span>
              </th>
              <th scope="col" className="py-2 font-medium">
                Pointed
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const label = pointedLabel(r.pointedToward);
              const tone =
                r.pointedToward === true
                  ? "text-emerald-700"
                  : r.pointedToward === false
                    ? "text-rose-700"
                    : "text-slate-500";
              const width = (Math.abs(r.contribution) / max) * 50;
              return (
                <tr key={r.indicatorId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 text-left font-normal text-slate-900">
                    {r.name}
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">{Math.round(r.weight * 100)} %</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatProbability(r.presence)}</td>
                  <td className={`py-2 pr-3 text-right font-medium tabular-nums ${tone}`}>
                    {formatContribution(r.contribution)}
                  </td>
                  <td className="py-2 pr-3" aria-hidden>
                    <div className="relative h-2 rounded-full bg-slate-100">
                      <div className="absolute top-0 left-1/2 h-2 w-px bg-slate-400" />
                      <div
                        className={`absolute top-0 h-2 ${r.contribution >= 0 ? "left-1/2 rounded-r-full bg-emerald-600" : "right-1/2 rounded-l-full bg-rose-600"}`}
                        style={{ width: `${width}%` }}
                      />
                    </div>
                  </td>
                  <td className={`py-2 font-medium whitespace-nowrap ${tone}`}>
                    <span aria-hidden>{label.mark} </span>
                    {label.text}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="mt-3 text-xs text-slate-500">
        See how the call moved on the way:{" "}
        <Link className="underline" href={`/assessments/${assessmentId}/history`}>
          history
        </Link>{" "}
        ·{" "}
        <Link className="underline" href={`/assessments/${assessmentId}/compare`}>
          compare
        </Link>
        .
      </p>
    </section>
  );
}

function ReopenButton({ assessmentId, version }: { assessmentId: string; version: number }) {
  const trpc = useTRPC();
  const after = useAfterResolution(assessmentId);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reopen = useMutation(
    trpc.history.reopen.mutationOptions({
      onSuccess: (next) => {
        setOpen(false);
        setError(null);
        after(next);
      },
      onError: (e) => setError(e.message),
    }),
  );
  return (
    <>
      <button type="button" className="btn-secondary" onClick={() => setOpen(true)}>
        Reopen
      </button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) setError(null);
        }}
        title="Reopen this assessment?"
        description="It becomes active and editable again, and the scores are withdrawn until it is resolved again. The resolution and the reopening both stay in the history."
      >
        {error ? (
          <p role="alert" className="field-error mb-3">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn-danger"
            disabled={reopen.isPending}
            onClick={() => reopen.mutate({ assessmentId, version })}
          >
            {reopen.isPending ? "Reopening…" : "Reopen"}
          </button>
        </div>
      </Dialog>
    </>
  );
}
