"use client";
// The timeline card: lines or stacked areas, spacing by time or by change, the legend, how many changes the period holds,
// and the chart with the changes joined to its points by sequence number.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { workspaceHref } from "@/shared/moment";
import {
  adoptionMarks,
  changesBySeq,
  chartRows,
  extendToEnd,
  JOIN_LIMIT,
  largestGapShare,
  type Spacing,
  type TimeRange,
} from "./history-data";
import { type ChartMode, type ChartScenario, TimelineChart } from "./timeline-chart";

const MODES: readonly { value: ChartMode; label: string }[] = [
  { value: "lines", label: "Lines" },
  { value: "areas", label: "Stacked areas" },
];
const SPACINGS: readonly { value: Spacing; label: string }[] = [
  { value: "time", label: "Time" },
  { value: "change", label: "Change" },
];
/** A quiet spell longer than this share of the period squeezes the rest: suggest spacing by change. */
const SQUEEZED = 0.6;

export function TimelineCard(props: {
  assessmentId: string;
  scenarios: ChartScenario[];
  range: TimeRange;
  end: number | undefined;
}) {
  const { assessmentId, scenarios } = props;
  const uid = useId();
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<ChartMode>("lines");
  const [spacing, setSpacing] = useState<Spacing>("time");
  const { range } = props;

  const timeline = useQuery({
    ...trpc.history.timeline.queryOptions({ assessmentId, ...range }),
    placeholderData: keepPreviousData,
  });
  const joined = useQuery({
    ...trpc.history.changes.queryOptions({ assessmentId, ...range, limit: JOIN_LIMIT }),
    placeholderData: keepPreviousData,
  });
  const baselines = useQuery(trpc.history.baselines.queryOptions({ assessmentId }));
  const rounds = useQuery(trpc.rounds.list.queryOptions({ assessmentId }));
  const adoptions = useMemo(() => adoptionMarks(rounds.data ?? []), [rounds.data]);

  const scenarioIds = useMemo(() => scenarios.map((s) => s.id), [scenarios]);
  const points = timeline.data?.points;
  const rows = useMemo(
    () => extendToEnd(chartRows(points ?? [], scenarioIds), props.end),
    [points, scenarioIds, props.end],
  );
  const changes = useMemo(() => changesBySeq(joined.data?.items ?? []), [joined.data]);
  const total = timeline.data?.total ?? 0;
  const shown = points?.length ?? 0;

  return (
    <section className="card min-w-0 p-4" aria-labelledby={`${uid}-heading`}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${uid}-heading`} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Probabilities over time
        </h2>
        <div className="flex flex-wrap items-center gap-3">
          <Toggle legend="Space the points by" options={SPACINGS} value={spacing} onChange={setSpacing} />
          <Toggle legend="Chart style" options={MODES} value={mode} onChange={setMode} hideLegend />
        </div>
      </div>

      <ul className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Scenarios">
        {scenarios.map((s) => (
          <li key={s.id} className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: s.color }} />
            {s.name}
          </li>
        ))}
      </ul>

      {timeline.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          The timeline could not be loaded: {timeline.error.message}
        </p>
      ) : shown === 0 ? (
        <p className="flex h-[360px] items-center justify-center rounded-md border border-dashed border-slate-300 text-sm text-slate-500">
          {timeline.isPending ? "Loading the timeline…" : "No changes in this period."}
        </p>
      ) : (
        <TimelineChart
          assessmentId={assessmentId}
          rows={rows}
          scenarios={scenarios}
          mode={mode}
          spacing={spacing}
          changes={changes}
          baselines={baselines.data ?? []}
          adoptions={adoptions}
          onOpen={(seq) => router.push(workspaceHref(assessmentId, { seq }))}
        />
      )}

      <p className="mt-2 text-xs text-slate-500" aria-live="polite">
        {total === 0
          ? null
          : `${total.toLocaleString("en-GB")} ${total === 1 ? "change" : "changes"} in this period${
              shown < total
                ? `; the chart keeps ${shown.toLocaleString("en-GB")} points that hold every peak and trough, and the list shows them all`
                : ""
            }. Dots mark changes; dashed lines mark baselines${adoptions.length ? "; teal lines mark adopted team rounds" : ""}.`}
        {spacing === "time" && largestGapShare(rows) > SQUEEZED ? (
          <>
            {" "}
            A long quiet spell squeezes the rest:{" "}
            <button type="button" className="text-blue-800 underline" onClick={() => setSpacing("change")}>
              space the points by change
            </button>
            .
          </>
        ) : null}
        {timeline.isFetching && !timeline.isPending ? " Updating…" : null}
      </p>
    </section>
  );
}

/** A small segmented control: one pressed button out of a few. */
function Toggle<T extends string>(props: {
  legend: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  hideLegend?: boolean;
}) {
  return (
    <fieldset className="flex items-center gap-1.5 text-xs">
      <legend className={props.hideLegend ? "sr-only" : "float-left mr-1.5 text-slate-500"}>{props.legend}</legend>
      <span className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {props.options.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={props.value === o.value}
            className={`rounded px-2 py-0.5 ${props.value === o.value ? "bg-slate-800 font-medium text-white" : "text-slate-700 hover:bg-slate-100"}`}
            onClick={() => props.onChange(o.value)}
          >
            {o.label}
          </button>
        ))}
      </span>
    </fieldset>
  );
}
