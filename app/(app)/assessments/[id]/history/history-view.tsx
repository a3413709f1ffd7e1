"use client";
// The history tab's frame: title and tabs, the period filter shared by the chart and the change
// list, and the layout (chart, jump and baselines on the left; the list of changes beside them).
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { UtcDateTimeInput } from "@/app/components/date-inputs";
import { ExportMenu } from "@/app/components/export-menu";
import { useTRPC } from "@/app/trpc/client";
import { activeScenarios } from "@/shared/assessment/state";
import { DAY_MS, utcInputValue } from "@/shared/format";
import { AssessmentNav } from "../assessment-nav";
import { BaselinesPanel } from "./baselines-panel";
import { ChangeList } from "./change-list";
import { ALL_TIME, PERIOD_OPTIONS, type Period, periodNote, periodRange } from "./history-data";
import { JumpToMoment } from "./jump-to-moment";
import { TimelineCard } from "./timeline-card";

export function HistoryView({ assessmentId }: { assessmentId: string }) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.assessments.get.queryOptions({ assessmentId }));
  const latest = useQuery(trpc.history.changes.queryOptions({ assessmentId, limit: 1 }));
  // What the inputs say, and the last valid period, which the chart and the list keep showing
  // while a custom range is being typed.
  const [period, setPeriod] = useState<Period>(ALL_TIME);
  const [applied, setApplied] = useState<Period>(ALL_TIME);
  const latestChange = latest.data?.items[0];
  const latestAt = latestChange ? latestChange.at.getTime() : null;
  const periodError = periodRange(period, latestAt).error;
  const { range } = periodRange(applied, latestAt);
  const changePeriod = (next: Period) => {
    setPeriod(next);
    if (!periodRange(next, latestAt).error) setApplied(next);
  };

  if (assessment.error) {
    return (
      <div className="space-y-3">
        <AssessmentNav assessmentId={assessmentId} current="history" />
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {assessment.error.message}
        </p>
      </div>
    );
  }
  if (!assessment.data) return <AssessmentNav assessmentId={assessmentId} current="history" />;
  const { state, role } = assessment.data;
  const scenarios = activeScenarios(state.scenarios).map((s) => ({ id: s.id, name: s.name, color: s.color }));

  return (
    <div className="space-y-5">
      <section aria-labelledby="history-title" className="space-y-3">
        <AssessmentNav assessmentId={assessmentId} current="history" />
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">History</p>
          <div className="mt-0.5 flex items-center gap-2">
            <h1 id="history-title" className="text-2xl font-semibold tracking-tight">
              {state.title}
            </h1>
            <ExportMenu assessmentId={assessmentId} />
          </div>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            How the probabilities moved and why. Hover the chart for who changed what; click a point or a change to see
            the whole workspace as it was then.
          </p>
        </div>
        <PeriodFilter
          period={period}
          onChange={changePeriod}
          latestAt={latestAt}
          note={periodNote(period, latestAt)}
          error={periodError}
        />
      </section>

      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-5">
          <TimelineCard
            assessmentId={assessmentId}
            scenarios={scenarios}
            range={range}
            // Past the last change the probabilities stand, up to the end of a custom period (not beyond now).
            end={applied.kind === "custom" && range.to !== undefined ? Math.min(range.to, Date.now()) : undefined}
          />
          <div className="grid items-start gap-5 xl:grid-cols-2">
            <BaselinesPanel assessmentId={assessmentId} canEdit={role !== "viewer"} latestSeq={latestChange?.seq} />
            <JumpToMoment assessmentId={assessmentId} />
          </div>
        </div>
        <ChangeList assessmentId={assessmentId} range={range} />
      </div>
    </div>
  );
}

function PeriodFilter(props: {
  period: Period;
  onChange: (period: Period) => void;
  latestAt: number | null;
  note: string;
  error: string | null;
}) {
  const uid = useId();
  const { period, onChange, latestAt } = props;
  return (
    <fieldset className="card flex flex-wrap items-end gap-x-4 gap-y-2 px-4 py-3">
      <legend className="sr-only">Period shown in the timeline and the list of changes</legend>
      <div>
        <span aria-hidden className="mb-1 block text-xs font-semibold uppercase tracking-wide text-slate-500">
          Period
        </span>
        <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm">
          {PERIOD_OPTIONS.map((option) => (
            <button
              key={option.kind}
              type="button"
              aria-pressed={period.kind === option.kind}
              className={`rounded px-2.5 py-1 ${period.kind === option.kind ? "bg-blue-700 font-medium text-white" : "text-slate-700 hover:bg-slate-100"}`}
              onClick={() => {
                if (option.kind !== "custom") onChange({ ...period, kind: option.kind });
                else if (period.from || period.to || latestAt === null) onChange({ ...period, kind: "custom" });
                // Start a custom period on the last week of activity, ready to adjust.
                else
                  onChange({
                    kind: "custom",
                    from: utcInputValue(latestAt - 7 * DAY_MS),
                    to: utcInputValue(latestAt),
                  });
              }}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      {period.kind === "custom" ? (
        <>
          <div>
            <label htmlFor={`${uid}-from`} className="mb-1 block text-xs font-medium text-slate-600">
              From (UTC, YYYY-MM-DD HH:MM)
            </label>
            <UtcDateTimeInput
              id={`${uid}-from`}
              className="input w-44 py-1"
              value={period.from}
              aria-invalid={props.error ? true : undefined}
              onChange={(text) => onChange({ ...period, from: text })}
            />
          </div>
          <div>
            <label htmlFor={`${uid}-to`} className="mb-1 block text-xs font-medium text-slate-600">
              To (UTC, YYYY-MM-DD HH:MM)
            </label>
            <UtcDateTimeInput
              id={`${uid}-to`}
              className="input w-44 py-1"
              value={period.to}
              aria-invalid={props.error ? true : undefined}
              onChange={(text) => onChange({ ...period, to: text })}
            />
          </div>
        </>
      ) : null}
      <p
        className={`min-w-60 flex-1 pb-1.5 text-sm ${props.error ? "text-red-700" : "text-slate-600"}`}
        role={props.error ? "alert" : "status"}
      >
        {props.note}
      </p>
    </fieldset>
  );
}
