"use client";
// The compare view: two moment pickers, the scenarios side by side with their change in points and
// ICD 203 terms, a grouped bar chart, each move attributed to its indicators, and the changes made
// between the two moments grouped by what they touched.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/trpc/client";
import { CHANGES_PAGE_MAX } from "@/shared/limits";
import { type MomentParse, momentParam } from "@/shared/moment";
import { AssessmentNav } from "../assessment-nav";
import { Attribution } from "./attribution";
import { ChangesBetween } from "./changes-between";
import { CompareChart } from "./compare-chart";
import { compareHref, compareInput, defaultFromParam, groupChanges, momentHref } from "./compare-data";
import type { Baseline, Comparison } from "./compare-shared";
import { MomentCard } from "./moment-card";
import { MomentPickers } from "./moment-pickers";
import { ScenarioTable } from "./scenario-table";

export function CompareView({ assessmentId, from, to }: { assessmentId: string; from: MomentParse; to: MomentParse }) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.assessments.get.queryOptions({ assessmentId }));
  const baselines = useQuery(trpc.history.baselines.queryOptions({ assessmentId }));
  const changes = useQuery(trpc.history.changes.queryOptions({ assessmentId, limit: CHANGES_PAGE_MAX }));
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
