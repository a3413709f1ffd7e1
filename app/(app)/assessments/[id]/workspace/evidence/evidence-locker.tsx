"use client";
// The evidence locker: every graded item of the assessment in a sortable, filterable table shown a
// page at a time, with add, edit, unlink and delete for analysts (viewers see the same table
// without the controls).
import { useId, useMemo, useRef, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { independentReports, itemsAndReports, originKey, originsInUse } from "@/shared/assessment/origins";
import type { EvidenceState } from "@/shared/assessment/state";
import { CREDIBILITY, CREDIBILITY_GRADES, RELIABILITY, RELIABILITY_GRADES } from "@/shared/engine";
import { useSaving, useWorkspaceStable } from "../workspace-context";
import {
  DEFAULT_SORT,
  EVIDENCE_PAGE_SIZE,
  type EvidenceFilter,
  type EvidenceSort,
  type EvidenceSortKey,
  filterEvidence,
  groupByOrigin,
  isFiltering,
  isReliability,
  NO_FILTER,
  NO_ORIGIN,
  nextSort,
  originCounts,
  originFilterValue,
  pageOf,
  SOURCE_KINDS,
  shownStatus,
  sortEvidence,
  toCredibility,
} from "./evidence-data";
import { EvidenceForm } from "./evidence-form";
import { EvidencePager } from "./evidence-pager";
import { EvidenceRow, type RowActions } from "./evidence-row";
import { FilterSelect } from "./filter-select";
import { OriginSuggestions } from "./origin-suggestions";

type Editing = { mode: "add" } | { mode: "edit"; item: EvidenceState } | null;

const COLUMNS: readonly { key: EvidenceSortKey; label: string; className?: string }[] = [
  { key: "title", label: "Title", className: "min-w-56" },
  { key: "source", label: "Source", className: "min-w-32" },
  { key: "kind", label: "Kind" },
  { key: "grade", label: "Grade" },
  { key: "observedAt", label: "Observed" },
  { key: "recordedAt", label: "Recorded (UTC)" },
  { key: "author", label: "Author" },
  { key: "links", label: "Bears on", className: "min-w-48" },
];

export function EvidenceLocker() {
  // The stable half: a drag preview elsewhere does not re-render thousands of evidence rows.
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const { serverState: state, canEdit } = ws;
  const uid = useId();
  const [filter, setFilter] = useState<EvidenceFilter>(NO_FILTER);
  const [sort, setSort] = useState<EvidenceSort>(DEFAULT_SORT);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<EvidenceState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Items of one origin stand together, at the place of the first of them in the chosen order.
  const rows = useMemo(
    () => groupByOrigin(sortEvidence(filterEvidence(state.evidence, filter), sort)),
    [state.evidence, filter, sort],
  );
  const counts = useMemo(() => originCounts(state.evidence), [state.evidence]);
  const origins = useMemo(() => originsInUse(state.evidence), [state.evidence]);
  const reports = useMemo(() => independentReports(state.evidence), [state.evidence]);
  const view = useMemo(() => pageOf(rows, page, EVIDENCE_PAGE_SIZE), [rows, page]);
  // Rows that follow another of their origin on the page: the group's badge stands on its first row.
  const continuing = useMemo(() => {
    const seen = new Set<string>();
    const out = new Set<string>();
    for (const e of view.rows) {
      if (!e.origin) continue;
      const key = originKey(e.origin);
      if (seen.has(key)) out.add(e.id);
      seen.add(key);
    }
    return out;
  }, [view.rows]);
  // A delete (here or by someone else) can shrink the list under the page shown: stay on the last
  // page that exists rather than jump forward again when the list grows back.
  if (view.page !== page) setPage(view.page);
  const indicatorName = useMemo(() => new Map(state.indicators.map((i) => [i.id, i.name])), [state.indicators]);
  const filtering = isFiltering(filter);

  // A new filter or order starts from the top.
  function changeFilter(next: EvidenceFilter) {
    setFilter(next);
    setPage(1);
  }
  function changeSort(next: EvidenceSort) {
    setSort(next);
    setPage(1);
  }

  async function unlink(item: EvidenceState, indicatorId: string) {
    setProblem(null);
    const error = await ws.save("unlinkEvidence", { evidenceId: item.id, indicatorId });
    if (error) setProblem(`Unlinking “${item.title}” failed: ${error.message}`);
  }

  // Rows get one stable set of actions that always call the latest closures, so they stay memoised.
  const latest = useRef({ unlink });
  latest.current = { unlink };
  const actions = useMemo<RowActions>(
    () => ({
      unlink: (item, indicatorId) => void latest.current.unlink(item, indicatorId),
      edit: (item) => setEditing({ mode: "edit", item }),
      remove: setDeleting,
    }),
    [],
  );

  async function confirmDelete() {
    if (!deleting) return;
    setProblem(null);
    const error = await ws.save("deleteEvidence", { evidenceId: deleting.id });
    if (error) setProblem(`Deleting “${deleting.title}” failed: ${error.message}`);
    setDeleting(null);
  }

  const deletingLinks = deleting ? Object.keys(deleting.links) : [];

  return (
    <section className="card min-w-0 p-4" aria-labelledby={`${uid}-heading`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${uid}-heading`} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Evidence locker ({state.evidence.length.toLocaleString("en-GB")})
          <span className="ml-2 font-normal normal-case tracking-normal text-slate-500">
            {itemsAndReports(state.evidence.length, reports)}
          </span>
        </h2>
        {canEdit ? (
          <button type="button" className="btn-primary text-xs" onClick={() => setEditing({ mode: "add" })}>
            Add evidence
          </button>
        ) : null}
      </div>

      <search aria-label="Filter evidence" className="mb-3 flex flex-wrap items-center gap-2">
        <label htmlFor={`${uid}-text`} className="sr-only">
          Search title, source and summary
        </label>
        <input
          id={`${uid}-text`}
          type="search"
          className="input w-56 flex-1 py-1 text-xs"
          placeholder="Search title, source, summary…"
          value={filter.text}
          onChange={(e) => changeFilter({ ...filter, text: e.target.value })}
        />
        <FilterSelect
          id={`${uid}-kind`}
          label="Filter by source kind"
          value={filter.kind}
          onChange={(v) => changeFilter({ ...filter, kind: SOURCE_KINDS.find((k) => k.kind === v)?.kind ?? "" })}
          options={[{ value: "", label: "All kinds" }, ...SOURCE_KINDS.map((k) => ({ value: k.kind, label: k.label }))]}
        />
        <FilterSelect
          id={`${uid}-reliability`}
          label="Filter by source reliability"
          value={filter.reliability}
          onChange={(v) => changeFilter({ ...filter, reliability: isReliability(v) ? v : "" })}
          options={[
            { value: "", label: "Any reliability" },
            ...RELIABILITY_GRADES.map((g) => ({ value: g, label: RELIABILITY[g].label })),
          ]}
        />
        <FilterSelect
          id={`${uid}-credibility`}
          label="Filter by information credibility"
          value={filter.credibility === "" ? "" : String(filter.credibility)}
          onChange={(v) => changeFilter({ ...filter, credibility: toCredibility(v) })}
          options={[
            { value: "", label: "Any credibility" },
            ...CREDIBILITY_GRADES.map((g) => ({ value: String(g), label: CREDIBILITY[g].label })),
          ]}
        />
        <FilterSelect
          id={`${uid}-indicator`}
          label="Filter by linked indicator"
          value={filter.indicatorId}
          onChange={(v) => changeFilter({ ...filter, indicatorId: v })}
          options={[
            { value: "", label: "Any indicator" },
            ...state.indicators.map((i) => ({ value: i.id, label: i.name })),
          ]}
        />
        {origins.length > 0 ? (
          <FilterSelect
            id={`${uid}-origin`}
            label="Filter by origin"
            value={filter.origin}
            onChange={(v) => changeFilter({ ...filter, origin: v })}
            options={[
              { value: "", label: "Any origin" },
              { value: NO_ORIGIN, label: "No origin (own report)" },
              ...origins.map((o) => ({ value: originFilterValue(o.origin), label: `${o.origin} (${o.items})` })),
            ]}
          />
        ) : null}
        {filtering ? (
          <button type="button" className="btn-secondary py-1 text-xs" onClick={() => changeFilter(NO_FILTER)}>
            Clear filters
          </button>
        ) : null}
      </search>
      <p className="sr-only" role="status">
        {shownStatus(view, state.evidence.length, filtering)}
      </p>

      {problem ? (
        <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      <OriginSuggestions />

      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[940px] text-sm">
          <caption className="sr-only">
            Evidence items, sorted by {COLUMNS.find((c) => c.key === sort.key)?.label.toLowerCase()} {sort.direction}
          </caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sort.key === c.key ? sort.direction : "none"}
                  className={`px-2 py-1.5 font-medium first:pl-0 ${c.className ?? ""}`}
                >
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 rounded hover:text-slate-800"
                    onClick={() => changeSort(nextSort(sort, c.key))}
                  >
                    {c.label}
                    <span aria-hidden className={sort.key === c.key ? "text-slate-800" : "text-slate-300"}>
                      {sort.key === c.key && sort.direction === "ascending" ? "▲" : "▼"}
                    </span>
                  </button>
                </th>
              ))}
              {canEdit ? (
                <th scope="col" className="px-2 py-1.5 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length + (canEdit ? 1 : 0)} className="py-6 text-center text-sm text-slate-500">
                  {state.evidence.length === 0
                    ? "No evidence yet. Add the first item and link it to the indicators it bears on."
                    : "No evidence matches these filters."}
                </td>
              </tr>
            ) : null}
            {view.rows.map((e) => (
              <EvidenceRow
                key={e.id}
                item={e}
                canEdit={canEdit}
                indicatorName={indicatorName}
                actions={actions}
                originItems={e.origin ? (counts.get(originKey(e.origin)) ?? 1) : 0}
                originContinues={e.origin !== null && continuing.has(e.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {view.pageCount > 1 ? <EvidencePager view={view} filtering={filtering} onPage={setPage} /> : null}

      <Dialog
        open={editing !== null}
        onOpenChange={(open) => {
          if (!open) setEditing(null);
        }}
        title={editing?.mode === "edit" ? "Edit evidence" : "Add evidence"}
        wide
      >
        {editing ? (
          <EvidenceForm
            key={editing.mode === "edit" ? editing.item.id : "new"}
            original={editing.mode === "edit" ? editing.item : null}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Dialog>

      <Dialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null);
        }}
        title="Delete this evidence item?"
      >
        {deleting ? (
          <div className="space-y-3 text-sm">
            <p>
              <strong>{deleting.title}</strong> will be removed from the assessment.
            </p>
            <p className="text-slate-600">
              {deletingLinks.length === 0
                ? "It is not linked to any indicator, so no probability changes."
                : `Its ${deletingLinks.length === 1 ? "link" : `${deletingLinks.length} links`} to ${deletingLinks
                    .map((id) => `“${indicatorName.get(id) ?? "a deleted indicator"}”`)
                    .join(
                      ", ",
                    )} go${deletingLinks.length === 1 ? "es" : ""} with it, and the probabilities are recomputed without it.`}{" "}
              The history keeps a record of the deletion.
            </p>
            <div className="flex justify-end gap-2">
              <button type="button" className="btn-secondary" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button type="button" className="btn-danger" disabled={saving} onClick={() => void confirmDelete()}>
                Delete evidence
              </button>
            </div>
          </div>
        ) : null}
      </Dialog>
    </section>
  );
}
