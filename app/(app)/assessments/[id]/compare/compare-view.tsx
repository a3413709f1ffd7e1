"use client";
// The compare view: two moment pickers, the scenarios side by side with their change in points and
// ICD 203 terms, a grouped bar chart, each move attributed to its indicators, and the changes made
// between the two moments grouped by what they touched.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { PersonName } from "@/app/components/person-name";
import { useTRPC } from "@/app/trpc/client";
import type { AppRouter } from "@/server/root";
import { personLabel } from "@/shared/display-name";
import { formatDay, formatDayTime, formatNats, formatPercentValue, formatSignedPoints } from "@/shared/format";
import { type MomentParse, momentParam } from "@/shared/moment";
import { AssessmentNav } from "../assessment-nav";
import {
  type ChangeEntryLike,
  type ChangeGroup,
  changeOptionLabel,
  compareChartRows,
  compareHref,
  compareInput,
  dateTimeLocalToParam,
  defaultFromParam,
  formatProbability,
  groupChanges,
  isoToDateTimeLocal,
  momentHref,
  pointsTrend,
  type Trend,
} from "./compare-data";

type Outputs = inferRouterOutputs<AppRouter>;
type Comparison = Outputs["history"]["compare"];
type ScenarioComparison = Comparison["scenarios"][number];
type Baseline = Outputs["history"]["baselines"][number];
type ChangeItem = Outputs["history"]["changes"]["items"][number];

const H2 = "text-xs font-semibold uppercase tracking-wide text-slate-500";
const TREND_CLASS: Record<Trend, string> = {
  up: "text-emerald-700",
  down: "text-rose-700",
  flat: "text-slate-500",
};

export function CompareView({ assessmentId, from, to }: { assessmentId: string; from: MomentParse; to: MomentParse }) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.assessments.get.queryOptions({ assessmentId }));
  const baselines = useQuery(trpc.history.baselines.queryOptions({ assessmentId }));
  const changes = useQuery(trpc.history.changes.queryOptions({ assessmentId, limit: 500 }));
  const valid = from.ok && to.ok;
  const comparison = useQuery({
    ...trpc.history.compare.queryOptions(
      compareInput(assessmentId, from.ok ? from.ref : undefined, to.ok ? to.ref : undefined),
    ),
    enabled: valid,
    placeholderData: keepPreviousData,
  });

  const baselineList = baselines.data ?? [];
  const fromValue = from.ok
    ? (momentParam(from.ref) ?? defaultFromParam(baselineList))
    : defaultFromParam(baselineList);
  const toValue = to.ok ? (momentParam(to.ref) ?? "now") : "now";
  // The server reads "now" as the latest change; the two ends come back in time order.
  const fromIsNow = fromValue === "now";
  const toIsNow = toValue === "now";
  const parseErrors = [from, to].flatMap((p) => (p.ok ? [] : [p.error]));
  const data = comparison.data;

  return (
    <div className="space-y-5">
      <AssessmentNav assessmentId={assessmentId} current="compare" />
      <header>
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Compare two moments</p>
        <h1 className="mt-0.5 text-2xl font-semibold tracking-tight">{assessment.data?.state.title ?? "Assessment"}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          How the probabilities moved between two moments, which indicators moved them, and every change made in
          between. The later moment is always read as the end.
        </p>
      </header>

      <MomentPickers
        key={`${fromValue}|${toValue}`}
        assessmentId={assessmentId}
        fromValue={fromValue}
        toValue={toValue}
        baselines={baselineList}
        changes={changes.data?.items ?? []}
      />

      {parseErrors.length ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {parseErrors.map((e) => (
            <p key={e}>{e}</p>
          ))}
          <Link className="mt-1 inline-block underline" href={compareHref(assessmentId, undefined, undefined)}>
            Compare the latest baseline with now
          </Link>
        </div>
      ) : comparison.isError ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p className="font-medium">These moments cannot be compared: {comparison.error.message}</p>
          <Link className="mt-1 inline-block underline" href={compareHref(assessmentId, undefined, undefined)}>
            Compare the latest baseline with now
          </Link>
        </div>
      ) : !data ? (
        <p className="text-sm text-slate-500" aria-live="polite">
          Comparing…
        </p>
      ) : (
        <CompareBody
          assessmentId={assessmentId}
          data={data}
          baselines={baselineList}
          latestSeq={Math.max(changes.data?.items[0]?.seq ?? 0, fromIsNow || toIsNow ? data.to.seq : 0)}
          stale={comparison.isPlaceholderData}
        />
      )}
    </div>
  );
}

function CompareBody(props: {
  assessmentId: string;
  data: Comparison;
  baselines: Baseline[];
  latestSeq: number;
  stale: boolean;
}) {
  const { data, assessmentId } = props;
  const same = data.from.seq === data.to.seq;
  const baselineAt = (seq: number) => props.baselines.filter((b) => b.eventSeq === seq).map((b) => b.name);
  return (
    <div className={`space-y-5 ${props.stale ? "opacity-60" : ""}`} aria-busy={props.stale}>
      <section aria-label="The two moments" className="grid gap-3 sm:grid-cols-2">
        <MomentCard
          label="From"
          moment={data.from}
          baselines={baselineAt(data.from.seq)}
          href={momentHref(assessmentId, data.from.seq, data.from.seq >= props.latestSeq)}
          isNow={data.from.seq >= props.latestSeq}
        />
        <MomentCard
          label="To"
          moment={data.to}
          baselines={baselineAt(data.to.seq)}
          href={momentHref(assessmentId, data.to.seq, data.to.seq >= props.latestSeq)}
          isNow={data.to.seq >= props.latestSeq}
        />
      </section>
      {same ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Both ends are the same moment (change {data.from.seq}): nothing changed between them. Pick another moment
          above.
        </p>
      ) : null}
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <ScenarioTable scenarios={data.scenarios} from={data.from.seq} to={data.to.seq} />
        <CompareChart scenarios={data.scenarios} from={data.from.seq} to={data.to.seq} />
      </div>
      <Attribution scenarios={data.scenarios} />
      <ChangesBetween assessmentId={assessmentId} groups={groupChanges(data.changes, data.names)} />
    </div>
  );
}

function MomentCard(props: {
  label: string;
  moment: { seq: number; at: number };
  baselines: string[];
  href: string;
  isNow: boolean;
}) {
  return (
    <div className="card flex items-start justify-between gap-3 p-3">
      <div className="min-w-0">
        <p className={H2}>{props.label}</p>
        <p className="mt-0.5 font-medium">
          {props.baselines.length ? `Baseline “${props.baselines.join("”, “")}”` : props.isNow ? "Now" : "Change"}{" "}
          <span className="font-normal text-slate-500">· change {props.moment.seq}</span>
        </p>
        <p className="text-sm text-slate-600">
          <time dateTime={new Date(props.moment.at).toISOString()}>{formatDayTime(props.moment.at)}</time>
        </p>
      </div>
      <Link className="btn-secondary shrink-0 text-xs" href={props.href}>
        {props.isNow ? "Open the workspace" : "View this moment"}
      </Link>
    </div>
  );
}

function MomentPickers(props: {
  assessmentId: string;
  fromValue: string;
  toValue: string;
  baselines: Baseline[];
  changes: ChangeItem[];
}) {
  const router = useRouter();
  const [from, setFrom] = useState(props.fromValue);
  const [to, setTo] = useState(props.toValue);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  return (
    <form
      className="card grid gap-3 p-4 md:grid-cols-[1fr_auto_1fr_auto] md:items-start"
      aria-label="Moments to compare"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const next = {
          from: from.startsWith("at:") && from.length <= 3 ? "Pick a date and time" : undefined,
          to: to.startsWith("at:") && to.length <= 3 ? "Pick a date and time" : undefined,
        };
        setErrors(next);
        if (next.from || next.to) return;
        router.push(compareHref(props.assessmentId, from, to));
      }}
    >
      <MomentPicker
        id="compare-from"
        label="From"
        value={from}
        onChange={setFrom}
        error={errors.from}
        baselines={props.baselines}
        changes={props.changes}
      />
      <div className="md:pt-6">
        <button
          type="button"
          className="btn-secondary"
          aria-label="Swap the two moments"
          title="Swap the two moments"
          onClick={() => {
            setFrom(to);
            setTo(from);
          }}
        >
          ⇄
        </button>
      </div>
      <MomentPicker
        id="compare-to"
        label="To"
        value={to}
        onChange={setTo}
        error={errors.to}
        baselines={props.baselines}
        changes={props.changes}
      />
      <div className="md:pt-6">
        <button type="submit" className="btn-primary">
          Compare
        </button>
      </div>
    </form>
  );
}

/**
 * One end of the comparison: now, a baseline, a change from the list, or a date and time (UTC).
 * `value` is the URL form (`now`, `baseline:<id>`, `seq:<n>`, `at:<ISO>`; `at:` alone while the
 * date-time is still empty).
 */
function MomentPicker(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  baselines: Baseline[];
  changes: ChangeItem[];
}) {
  const isAt = props.value.startsWith("at:");
  const selectValue = isAt ? "at:" : props.value;
  const listed = new Set([
    "now",
    ...props.baselines.map((b) => `baseline:${b.id}`),
    ...props.changes.map((c) => `seq:${c.seq}`),
  ]);
  const unlisted = !isAt && !listed.has(props.value) ? props.value : null;
  const [local, setLocal] = useState(isAt ? isoToDateTimeLocal(props.value.slice(3)) : "");
  const errorId = `${props.id}-error`;
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      <select
        id={props.id}
        className="input"
        value={selectValue}
        aria-invalid={!!props.error}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(e) => {
          const v = e.target.value;
          if (v === "at:") props.onChange(dateTimeLocalToParam(local) ?? "at:");
          else props.onChange(v);
        }}
      >
        <option value="now">Now (the latest change)</option>
        {unlisted ? <option value={unlisted}>{unlisted.replace(/^seq:/, "Change #")}</option> : null}
        {props.baselines.length ? (
          <optgroup label="Baselines">
            {[...props.baselines].reverse().map((b) => (
              <option key={b.id} value={`baseline:${b.id}`}>
                {b.name} (change {b.eventSeq})
              </option>
            ))}
          </optgroup>
        ) : null}
        <option value="at:">A date and time…</option>
        {props.changes.length ? (
          <optgroup label="Changes, newest first">
            {props.changes.map((c) => (
              <option key={c.seq} value={`seq:${c.seq}`}>
                {changeOptionLabel({ ...c, actorName: personLabel(c.actor), at: c.at.getTime() })}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {isAt ? (
        <div className="mt-2 flex items-center gap-2">
          <label htmlFor={`${props.id}-at`} className="text-sm text-slate-600">
            Date and time (UTC)
          </label>
          <input
            id={`${props.id}-at`}
            type="datetime-local"
            className="input w-auto"
            value={local}
            aria-invalid={!!props.error}
            onChange={(e) => {
              setLocal(e.target.value);
              props.onChange(dateTimeLocalToParam(e.target.value) ?? "at:");
            }}
          />
        </div>
      ) : null}
      {props.error ? (
        <p id={errorId} role="alert" className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function ScenarioDot({ color }: { color: string }) {
  return <span className="inline-block h-2.5 w-2.5 shrink-0 rounded-full" style={{ background: color }} aria-hidden />;
}

function ScenarioTable({ scenarios, from, to }: { scenarios: ScenarioComparison[]; from: number; to: number }) {
  const uid = useId();
  const changed = scenarios.filter((s) => s.termChanged).length;
  return (
    <section className="card overflow-x-auto p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Probabilities side by side
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">
        {changed === 0
          ? "No scenario changed its ICD 203 term."
          : `${changed} scenario${changed === 1 ? "" : "s"} changed ICD 203 term.`}
      </p>
      <table className="mt-3 w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            <th scope="col" className="py-2 pr-3 align-bottom font-medium">
              Scenario
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              From <span className="block font-normal">#{from}</span>
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              To <span className="block font-normal">#{to}</span>
            </th>
            <th scope="col" className="py-2 pr-3 text-right align-bottom font-medium">
              Change
            </th>
            <th scope="col" className="py-2 align-bottom font-medium">
              ICD 203 term
            </th>
          </tr>
        </thead>
        <tbody>
          {scenarios.map((s) => {
            const trend = pointsTrend(s.deltaPoints);
            return (
              <tr key={s.scenarioId} className="border-b border-slate-100 align-top">
                <th scope="row" className="py-2.5 pr-3 text-left font-medium">
                  <span className="flex items-center gap-2 whitespace-nowrap">
                    <ScenarioDot color={s.color} />
                    {s.name}
                  </span>
                </th>
                <td className="py-2.5 pr-3 text-right whitespace-nowrap tabular-nums text-slate-600">
                  {formatProbability(s.from)}
                </td>
                <td className="py-2.5 pr-3 text-right font-semibold whitespace-nowrap tabular-nums">
                  {formatProbability(s.to)}
                </td>
                <td
                  className={`py-2.5 pr-3 text-right font-semibold whitespace-nowrap tabular-nums ${TREND_CLASS[trend]}`}
                  data-testid={`delta-${s.scenarioId}`}
                >
                  <span aria-hidden>{trend === "up" ? "▲ " : trend === "down" ? "▼ " : ""}</span>
                  {formatSignedPoints(s.deltaPoints)}
                </td>
                <td className="py-2.5">
                  {s.termChanged ? (
                    <span className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
                      <span className="text-slate-500">{s.fromTerm ?? "not yet a scenario"}</span>
                      <span aria-hidden>→</span>
                      <span className="sr-only">to</span>
                      <span className="font-medium">{s.toTerm ?? "no longer a scenario"}</span>
                      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                        term changed
                      </span>
                    </span>
                  ) : (
                    <span>
                      {s.toTerm} <span className="text-xs text-slate-500">(unchanged)</span>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function CompareChart({ scenarios, from, to }: { scenarios: ScenarioComparison[]; from: number; to: number }) {
  const rows = compareChartRows(scenarios);
  const uid = useId();
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${uid}-heading`} className={H2}>
          From and to
        </h2>
        <p className="flex items-center gap-3 text-xs text-slate-600">
          <span className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-3 rounded-sm bg-slate-500/40" aria-hidden /> from (#{from})
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-3 rounded-sm bg-slate-600" aria-hidden /> to (#{to})
          </span>
        </p>
      </div>
      <div
        role="img"
        aria-label={`Grouped bars, from and to: ${rows.map((r) => `${r.name} ${formatPercentValue(r.from)} to ${formatPercentValue(r.to)}`).join("; ")}`}
      >
        <BarChart
          responsive
          data={rows}
          style={{ width: "100%", height: 240 }}
          margin={{ top: 20, right: 8, left: 0, bottom: 0 }}
          barGap={4}
        >
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="name" fontSize={12} interval={0} tickLine={false} />
          <YAxis
            domain={[0, 100]}
            ticks={[0, 20, 40, 60, 80, 100]}
            tickFormatter={formatPercentValue}
            fontSize={12}
            width={52}
          />
          <Tooltip
            formatter={(v, name) => [
              formatPercentValue(Number(v)),
              name === "from" ? `From (#${from})` : `To (#${to})`,
            ]}
          />
          <Bar dataKey="from" isAnimationActive={false} radius={[3, 3, 0, 0]}>
            {rows.map((r) => (
              <Cell key={r.id} fill={r.color} fillOpacity={0.35} />
            ))}
            <LabelList dataKey="from" position="top" fontSize={11} fill="#64748b" formatter={(v) => `${v}`} />
          </Bar>
          <Bar dataKey="to" isAnimationActive={false} radius={[3, 3, 0, 0]}>
            {rows.map((r) => (
              <Cell key={r.id} fill={r.color} />
            ))}
            <LabelList dataKey="to" position="top" fontSize={11} fill="#0f172a" formatter={(v) => `${v}`} />
          </Bar>
        </BarChart>
      </div>
    </section>
  );
}

function Attribution({ scenarios }: { scenarios: ScenarioComparison[] }) {
  const uid = useId();
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Why they moved
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">
        Each scenario&apos;s move shared among the indicators whose contribution changed most (in nats, and the points
        that share is worth), with the evidence recorded on them in between. Shares can exceed the net move when
        indicators pull in opposite directions.
      </p>
      <ul className="mt-3 grid gap-5 md:grid-cols-2 xl:grid-cols-3">
        {scenarios.map((s) => (
          <li key={s.scenarioId} className="min-w-0">
            <h3 className="flex items-baseline gap-2 text-sm">
              <ScenarioDot color={s.color} />
              <span className="font-medium">{s.name}</span>
            </h3>
            <p className="mt-1 border-l-2 border-slate-300 pl-2 text-sm text-slate-800">{s.sentence}</p>
            {s.drivers.length ? (
              <table className="mt-2 w-full text-xs">
                <caption className="sr-only">Top drivers of the move of {s.name}</caption>
                <thead>
                  <tr className="text-left text-slate-500">
                    <th scope="col" className="py-1 pr-2 font-medium">
                      Indicator
                    </th>
                    <th scope="col" className="py-1 pr-2 text-right font-medium">
                      Nats
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Points
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.drivers.map((d) => (
                    <tr key={d.indicatorId} className="border-t border-slate-100 align-top">
                      <td className="py-1 pr-2">
                        <span className="text-slate-800">{d.name}</span>
                        {d.after.length ? (
                          <span className="block text-slate-500">
                            after{" "}
                            {d.after.map((e, k) => (
                              <span key={`${e.title}-${e.observedAt}`}>
                                {k ? "; " : ""}‘{e.title}’ ({formatDay(e.observedAt)})
                              </span>
                            ))}
                          </span>
                        ) : null}
                      </td>
                      <td
                        className={`py-1 pr-2 text-right whitespace-nowrap tabular-nums ${d.deltaNats > 0 ? "text-emerald-800" : "text-rose-800"}`}
                      >
                        {formatNats(d.deltaNats)}
                      </td>
                      <td
                        className={`py-1 text-right whitespace-nowrap tabular-nums ${TREND_CLASS[pointsTrend(d.points)]}`}
                      >
                        {formatSignedPoints(d.points)}
                      </td>
                    </tr>
                  ))}
                  {Math.abs(s.priorNats) > 0.005 ? (
                    <tr className="border-t border-slate-100">
                      <td className="py-1 pr-2 text-slate-600">Priors changed</td>
                      <td className="py-1 pr-2 text-right tabular-nums text-slate-600">{formatNats(s.priorNats)}</td>
                      <td />
                    </tr>
                  ) : null}
                </tbody>
              </table>
            ) : (
              <p className="mt-2 text-xs text-slate-500">No indicator&apos;s contribution to it changed.</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const SHOWN_PER_TARGET = 6;

function ChangesBetween({ assessmentId, groups }: { assessmentId: string; groups: ChangeGroup<ChangeEntryLike>[] }) {
  const uid = useId();
  const total = groups.reduce((n, g) => n + g.count, 0);
  return (
    <section className="card p-4" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={H2}>
        Changes between them ({total})
      </h2>
      {total === 0 ? (
        <p className="mt-2 text-sm text-slate-500">Nothing was changed between these two moments.</p>
      ) : (
        <div className="mt-3 grid gap-5 lg:grid-cols-2">
          {groups.map((g) => (
            <section key={g.key} aria-labelledby={`${uid}-${g.key}`} className="min-w-0">
              <h3 id={`${uid}-${g.key}`} className="text-sm font-semibold text-slate-800">
                {g.label} <span className="font-normal text-slate-500">({g.count})</span>
              </h3>
              <ul className="mt-2 space-y-3">
                {g.targets.map((t) => (
                  <ChangeTargetItem key={t.id} assessmentId={assessmentId} name={t.name} entries={t.entries} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function ChangeTargetItem({
  assessmentId,
  name,
  entries,
}: {
  assessmentId: string;
  name: string;
  entries: ChangeEntryLike[];
}) {
  const [all, setAll] = useState(false);
  const shown = all ? entries : entries.slice(0, SHOWN_PER_TARGET);
  return (
    <li className="rounded-md border border-slate-200 p-2.5">
      <p className="text-sm font-medium text-slate-900">{name}</p>
      <ol className="mt-1 space-y-1.5">
        {shown.map((e) => (
          <li key={e.seq} className="text-xs">
            <p className="text-slate-800">{e.summary}</p>
            <p className="text-slate-500">
              <Link
                className="underline decoration-slate-300 hover:text-slate-800"
                href={`/assessments/${assessmentId}?seq=${e.seq}`}
              >
                #{e.seq}
              </Link>{" "}
              · <PersonName person={e.actor} /> ·{" "}
              <time dateTime={new Date(e.at).toISOString()}>{formatDayTime(e.at)}</time>
            </p>
            {e.rationale ? <p className="mt-0.5 text-slate-600 italic">“{e.rationale}”</p> : null}
          </li>
        ))}
      </ol>
      {entries.length > SHOWN_PER_TARGET ? (
        <button type="button" className="mt-1.5 text-xs text-blue-800 underline" onClick={() => setAll(!all)}>
          {all ? "Show fewer" : `Show all ${entries.length} changes`}
        </button>
      ) : null}
    </li>
  );
}
