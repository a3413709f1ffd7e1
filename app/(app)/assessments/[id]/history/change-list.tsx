"use client";
// Every change of the period, newest first, filterable by person and kind, paged with "Load more"
// (never down-sampled). Each links to the workspace as it was right after it.
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { PersonName } from "@/app/components/person-name";
import { useTRPC } from "@/app/trpc/client";
import type { ChangeRow } from "@/server/history/timeline";
import { personDetail, personLabel } from "@/shared/display-name";
import { formatUtc } from "@/shared/format";
import { workspaceHref } from "@/shared/moment";
import { CHANGE_PAGE_SIZE, type KindArea, kindArea, kindLabel, type TimeRange } from "./history-data";

const AREA_BADGE: Record<KindArea, string> = {
  assessment: "bg-slate-100 text-slate-700 ring-slate-300",
  scenario: "bg-violet-50 text-violet-800 ring-violet-200",
  indicator: "bg-amber-50 text-amber-900 ring-amber-200",
  evidence: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  baseline: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  comment: "bg-sky-50 text-sky-800 ring-sky-200",
  round: "bg-teal-50 text-teal-800 ring-teal-300",
  other: "bg-slate-50 text-slate-600 ring-slate-200",
};

export function ChangeList({ assessmentId, range }: { assessmentId: string; range: TimeRange }) {
  const uid = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const facets = useQuery(trpc.history.facets.queryOptions({ assessmentId }));
  const [actors, setActors] = useState<string[]>([]);
  const [kinds, setKinds] = useState<string[]>([]);
  const filter = {
    assessmentId,
    ...range,
    actors: actors.length ? actors : undefined,
    kinds: kinds.length ? kinds : undefined,
    limit: CHANGE_PAGE_SIZE,
  };
  const filterKey = JSON.stringify(filter);
  // Pages are counted per filter; each page's cursor is the previous page's answer, so a change
  // arriving at the top shifts the pages instead of skipping or repeating one.
  const [paging, setPaging] = useState({ filterKey, pages: 1 });
  const pageCount = paging.filterKey === filterKey ? paging.pages : 1;

  const queries = [];
  let before: number | undefined;
  for (let i = 0; i < pageCount; i++) {
    const options = trpc.history.changes.queryOptions({ ...filter, before });
    queries.push(options);
    // Each page observed below re-renders this list when it answers, so the next cursor is read fresh.
    before = queryClient.getQueryData(options.queryKey)?.nextBefore ?? undefined;
    if (before === undefined) break;
  }
  const pages = useQueries({ queries });

  const items: ChangeRow[] = pages.flatMap((p) => p.data?.items ?? []);
  const lastPage = pages[pages.length - 1];
  // A page still to fetch (its cursor is known) counts as more: "Load more" only grows pageCount.
  const hasMore = pages.length === pageCount && !!lastPage?.data?.nextBefore;
  const loading = pages.some((p) => p.isFetching);
  const error = pages.find((p) => p.error)?.error;
  const filtering = actors.length > 0 || kinds.length > 0;

  return (
    // Beside the chart on wide screens the list scrolls on its own, so the chart stays in view.
    <section
      className="card flex min-w-0 flex-col p-4 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)]"
      aria-labelledby={`${uid}-heading`}
    >
      <h2 id={`${uid}-heading`} className="mb-3 text-xs font-semibold uppercase tracking-wide text-slate-500">
        Changes, newest first
      </h2>

      <search aria-label="Filter changes" className="mb-3 space-y-2">
        <ChipFilter
          legend="People"
          options={(facets.data?.actors ?? []).map((a) => ({
            value: a.key,
            label: personLabel(a),
            title: personDetail(a),
          }))}
          selected={actors}
          onChange={setActors}
        />
        <ChipFilter
          legend="Kinds"
          options={(facets.data?.kinds ?? []).map((k) => ({ value: k, label: kindLabel(k) }))}
          selected={kinds}
          onChange={setKinds}
        />
        {filtering ? (
          <button
            type="button"
            className="text-xs text-blue-800 underline hover:text-blue-950"
            onClick={() => {
              setActors([]);
              setKinds([]);
            }}
          >
            Clear filters
          </button>
        ) : null}
      </search>

      {error ? (
        <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          The changes could not be loaded: {error.message}
        </p>
      ) : null}

      {items.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">
          {pages[0]?.isPending
            ? "Loading changes…"
            : filtering
              ? "No changes by these people or of these kinds in this period."
              : "No changes in this period."}
        </p>
      ) : (
        // `relative` keeps the links' screen-reader text inside the scroll box instead of stretching the page.
        <ol
          className="relative -mx-4 min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto border-y border-slate-100 px-4"
          aria-label="Changes"
        >
          {items.map((c) => (
            <ChangeItem key={c.seq} assessmentId={assessmentId} change={c} />
          ))}
        </ol>
      )}

      <div className="mt-3 flex items-center justify-between gap-2 text-xs text-slate-500">
        <span aria-live="polite">
          {items.length ? `Showing ${items.length} ${items.length === 1 ? "change" : "changes"}` : null}
          {loading ? " · Loading…" : null}
        </span>
        {hasMore ? (
          <button
            type="button"
            className="btn-secondary text-xs"
            disabled={loading}
            onClick={() => setPaging({ filterKey, pages: pageCount + 1 })}
          >
            Load more
          </button>
        ) : items.length ? (
          <span>That is every change in this period.</span>
        ) : null}
      </div>
    </section>
  );
}

function ChangeItem({ assessmentId, change }: { assessmentId: string; change: ChangeRow }) {
  const at = change.at.getTime();
  return (
    <li className="py-2.5 text-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-x-2 gap-y-1">
        <p className="text-xs text-slate-500">
          <time dateTime={change.at.toISOString()}>{formatUtc(at)}</time> ·{" "}
          <PersonName className="font-medium text-slate-700" person={change.actor} />
        </p>
        <span
          className={`rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${AREA_BADGE[kindArea(change.kind)]}`}
          title={change.kind}
        >
          {kindLabel(change.kind)}
        </span>
      </div>
      <p className="mt-0.5 text-slate-900">{change.summary}</p>
      {change.rationale ? <p className="mt-0.5 text-slate-600">Why: {change.rationale}</p> : null}
      <Link
        href={workspaceHref(assessmentId, { seq: change.seq })}
        className="mt-1 inline-block text-xs text-blue-800 underline decoration-blue-300 hover:text-blue-950"
      >
        View as of this change<span className="sr-only"> ({formatUtc(at)})</span>
      </Link>
    </li>
  );
}

/** A row of toggle chips (checkboxes underneath) for a multi-select filter; none selected means all. */
function ChipFilter(props: {
  legend: string;
  options: { value: string; label: string; title?: string }[];
  selected: string[];
  onChange: (selected: string[]) => void;
}) {
  if (props.options.length === 0) return null;
  return (
    <fieldset className="flex flex-wrap items-center gap-1.5">
      <legend className="float-left mr-1 w-14 text-xs font-medium text-slate-600">{props.legend}</legend>
      {props.options.map((o) => {
        const on = props.selected.includes(o.value);
        return (
          <label
            key={o.value}
            title={o.title}
            className={`cursor-pointer rounded-full border px-2 py-0.5 text-xs has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-700 ${on ? "border-blue-700 bg-blue-50 text-blue-900" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
          >
            <input
              type="checkbox"
              className="sr-only"
              checked={on}
              onChange={() =>
                props.onChange(on ? props.selected.filter((v) => v !== o.value) : [...props.selected, o.value])
              }
            />
            {on ? "✓ " : ""}
            {o.label}
          </label>
        );
      })}
    </fieldset>
  );
}
