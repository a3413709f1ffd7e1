"use client";
// "Same origin as …?" above the locker (DESIGN §2.3, issue 17): items that look like copies of an
// earlier one (same source address; same source name and date; or titles whose word sets overlap by
// a Jaccard index of 0.8 or more). Confirming gives both the one origin, as edits in the history;
// dismissing is remembered for the pair on the server (assessments.dismissOriginSuggestion), so no
// one is asked again, after a reload too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useId, useMemo, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { type OriginSuggestion, originSuggestions, pairKey } from "@/shared/assessment/origins";
import type { EvidenceState } from "@/shared/assessment/state";
import { useSaving, useWorkspaceStable } from "../workspace-context";

/** At most this many are listed at once; the rest follow as these are answered. */
const SHOWN = 5;

export function OriginSuggestions() {
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const items = ws.serverState.evidence;
  // Comparing a large locker (tens of ms at 3,000 items) waits for a quiet moment rather than a save's render.
  const deferredItems = useDeferredValue(items);
  const dismissals = useQuery(trpc.assessments.originDismissals.queryOptions({ assessmentId: ws.assessmentId }));
  const dismissed = useMemo(
    () => new Set((dismissals.data?.pairs ?? []).map(([a, b]) => pairKey(a, b))),
    [dismissals.data],
  );
  const suggestions = useMemo(
    () => (dismissals.data ? originSuggestions(deferredItems, dismissed) : []),
    [deferredItems, dismissed, dismissals.data],
  );
  const dismiss = useMutation(
    trpc.assessments.dismissOriginSuggestion.mutationOptions({
      onSuccess: (answer) =>
        queryClient.setQueryData(trpc.assessments.originDismissals.queryKey({ assessmentId: ws.assessmentId }), answer),
      onError: (error) => setProblem(`Dismissing failed: ${error.message}`),
    }),
  );

  const byId = new Map(items.map((e) => [e.id, e]));
  // Computed on a deferred copy: an item deleted since is not asked about.
  const current = suggestions.filter((s) => byId.has(s.evidenceId) && byId.has(s.otherId));
  if (!ws.canEdit || current.length === 0) return null;

  async function confirm(s: OriginSuggestion) {
    setProblem(null);
    // The earlier item first, so the pair is one report from the second save on.
    for (const id of [s.otherId, s.evidenceId]) {
      const item = byId.get(id);
      if (!item || item.origin?.toLowerCase() === s.origin.toLowerCase()) continue;
      const error = await ws.save("setEvidenceOrigin", { evidenceId: id, origin: s.origin });
      if (error) {
        setProblem(`Setting the origin of “${item.title}” failed: ${error.message}`);
        return;
      }
    }
  }

  return (
    <section
      aria-labelledby={`${uid}-heading`}
      className="mb-3 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950"
    >
      <h3 id={`${uid}-heading`} className="text-xs font-semibold uppercase tracking-wide text-sky-900">
        Possible copies of one report ({current.length})
      </h3>
      <p className="mt-0.5 text-xs text-sky-900">
        Items of one origin count once per indicator, at their best grade. Confirm if both trace to the same original
        report; dismiss if they do not, and Signpost will not ask again.
      </p>
      {problem ? (
        <p role="alert" className="mt-1 text-xs text-red-800">
          {problem}
        </p>
      ) : null}
      <ul className="mt-2 space-y-1.5">
        {current.slice(0, SHOWN).map((s) => {
          const item = byId.get(s.evidenceId) as EvidenceState;
          const other = byId.get(s.otherId) as EvidenceState;
          return (
            <li key={pairKey(s.evidenceId, s.otherId)} className="flex flex-wrap items-center gap-2 text-xs">
              <span className="min-w-0 flex-1">
                “<strong className="font-medium">{item.title}</strong>”: same origin as “{other.title}”?{" "}
                <span className="text-sky-800">
                  (same {s.because}; as “{s.origin}”)
                </span>
              </span>
              <button
                type="button"
                className="btn-primary py-1 text-xs"
                disabled={saving}
                aria-label={`Same origin: “${item.title}” and “${other.title}” as “${s.origin}”`}
                onClick={() => void confirm(s)}
              >
                Same origin
              </button>
              <button
                type="button"
                className="btn-secondary py-1 text-xs"
                disabled={dismiss.isPending}
                aria-label={`Not the same: “${item.title}” and “${other.title}”`}
                onClick={() =>
                  dismiss.mutate({ assessmentId: ws.assessmentId, evidenceId: s.evidenceId, otherId: s.otherId })
                }
              >
                Not the same
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
