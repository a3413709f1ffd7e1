"use client";
// Title, key question, horizon, analytic confidence and status; the what-if toggle; the rationale for
// the next save (in what-if mode the what-if banner takes its place); the read-only note for viewers;
// conflict and live-change banners.
import Link from "next/link";
import { useState } from "react";
import { ExportMenu } from "@/app/components/export-menu";
import { independentReports } from "@/shared/assessment/origins";
import type { EvidenceState } from "@/shared/assessment/state";
import { formatUtc } from "@/shared/format";
import { AssessmentNav } from "../assessment-nav";
import { CommentsBadge } from "./comments/comments-badge";
import { HorizonNotice } from "./horizon-notice";
import { RationaleField } from "./rationale-field";
import { UndoControls } from "./undo-controls";
import { useSaving, useWorkspaceSelect, useWorkspaceStable } from "./workspace-context";

const CONFIDENCE_HELP: Record<string, string> = {
  low: "Low: sources scant, questionable or fragmented; judgements hard to corroborate",
  moderate: "Moderate: credibly sourced and plausible, but not corroborated enough for high",
  high: "High: high-quality information from several sources; a solid judgement (still not a certainty)",
};

/** Opens the what-if, or leaves it (asked first when it holds changes); also g then w (readout/shortcuts.tsx). */
function WhatIfToggle() {
  const { whatIf } = useWorkspaceStable();
  if (!whatIf.available) return null;
  return (
    <button
      type="button"
      aria-pressed={whatIf.active}
      className={
        whatIf.active
          ? "btn border border-violet-700 bg-violet-700 text-white hover:bg-violet-800"
          : "btn border border-violet-300 bg-white text-violet-800 hover:bg-violet-50"
      }
      title="Explore hypothetical changes without saving anything (g then w)"
      onClick={() => (whatIf.active ? whatIf.askLeave() : whatIf.enter())}
    >
      {whatIf.active ? <span aria-hidden>● </span> : null}
      What-if mode
    </button>
  );
}

export function WorkspaceHeader() {
  // The stable half and the few changing parts it shows: a drag preview does not re-render the header.
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const state = ws.serverState;
  const rationale = useWorkspaceSelect((api) => api.rationale);
  const setRationale = useWorkspaceSelect((api) => api.setRationale);
  const conflict = useWorkspaceSelect((api) => api.conflict);
  const reloadAfterConflict = useWorkspaceSelect((api) => api.reloadAfterConflict);
  const remoteNotice = useWorkspaceSelect((api) => api.remoteNotice);
  const [confidenceError, setConfidenceError] = useState<string | null>(null);
  return (
    <section aria-labelledby="assessment-title" className="space-y-3">
      <AssessmentNav assessmentId={ws.assessmentId} current="workspace" />
      {ws.moment ? (
        <div
          role="status"
          className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-indigo-300 bg-indigo-50 px-3 py-2 text-sm text-indigo-950"
        >
          <p>
            <strong>As of {formatUtc(ws.moment.at)}</strong> — change {ws.moment.seq} of {ws.moment.latest}.
            Probabilities and explanations are recomputed from the assessment as it was then. Read-only.
          </p>
          <span className="flex gap-2">
            <Link className="btn-secondary" href={`/assessments/${ws.assessmentId}/history`}>
              History
            </Link>
            <Link className="btn-primary" href={`/assessments/${ws.assessmentId}`}>
              Back to now
            </Link>
          </span>
        </div>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            {state.handling || "No handling marking"}
          </p>
          <div className="mt-0.5 flex items-center gap-2">
            <h1 id="assessment-title" className="text-2xl font-semibold tracking-tight">
              {state.title}
            </h1>
            <CommentsBadge kind="assessment" id={ws.assessmentId} name={state.title} />
            <ExportMenu
              assessmentId={ws.assessmentId}
              at={ws.moment ? new Date(ws.moment.at).toISOString() : undefined}
            />
            <WhatIfToggle />
          </div>
          <p className="mt-1 max-w-3xl text-slate-700">{state.keyQuestion}</p>
          <p className="mt-1 text-sm text-slate-500">
            Horizon <time dateTime={state.horizon}>{state.horizon}</time> · {state.status} · version {state.version}
            {" · "}
            <span title="Items that share an origin (the original report they repeat) count once per indicator">
              {reportsAgainstItems(state.evidence)}
            </span>
          </p>
        </div>
        <div className="w-64">
          <label htmlFor="confidence" className="field-label">
            Analytic confidence
          </label>
          <select
            id="confidence"
            className="input"
            value={state.confidence}
            disabled={!ws.canEdit || saving}
            title={CONFIDENCE_HELP[state.confidence]}
            onChange={async (e) => {
              const error = await ws.save("updateAssessment", {
                confidence: e.target.value as typeof state.confidence,
              });
              setConfidenceError(error?.message ?? null);
            }}
          >
            <option value="low">Low</option>
            <option value="moderate">Moderate</option>
            <option value="high">High</option>
          </select>
          <p className="mt-1 text-xs text-slate-500">{confidenceError ?? CONFIDENCE_HELP[state.confidence]}</p>
        </div>
      </div>

      <HorizonNotice />
      {ws.moment || ws.whatIf.active ? null : ws.readOnlyReason ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Read-only. {ws.readOnlyReason}
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          {/* Before the rationale: from the rationale field, Tab goes on to the matrix's jump links. */}
          <UndoControls />
          <label htmlFor="rationale" className="text-sm font-medium text-slate-700">
            Rationale for your next change
          </label>
          <RationaleField value={rationale} onChange={setRationale} />
          <span className="text-xs text-slate-500" aria-live="polite">
            {saving ? "Saving…" : "All changes saved"}
          </span>
        </div>
      )}

      {conflict ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p className="font-medium">Your change was not saved: {conflict.message}</p>
          {conflict.changes.length ? (
            <ul className="mt-1 list-disc pl-5">
              {conflict.changes.map((c) => (
                <li key={`${c.at}-${c.summary}`}>
                  {c.actor}: {c.summary}
                </li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="btn-secondary mt-2" onClick={() => void reloadAfterConflict()}>
            Reload their change
          </button>
          <span className="ml-2 text-xs">Your rationale and any text you typed stay in place.</span>
        </div>
      ) : null}
      {remoteNotice && !conflict ? (
        <p role="status" className="text-sm text-blue-800">
          {remoteNotice}
        </p>
      ) : null}
    </section>
  );
}

/** "8 independent reports from 11 evidence items" (DESIGN §2.3): how much independent confirmation there is. */
function reportsAgainstItems(evidence: readonly EvidenceState[]): string {
  const reports = independentReports(evidence);
  const items = evidence.length;
  return `${reports} independent report${reports === 1 ? "" : "s"} from ${items} evidence item${items === 1 ? "" : "s"}`;
}
