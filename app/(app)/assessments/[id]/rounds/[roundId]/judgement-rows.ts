"use client";
// The analysts' values on the rows a part of the round's page shows. `rounds.get` carries them for
// the first rows only (view.detailRows); the others come from `rounds.judgements`, in fixed pages of
// the scope's indicators (so the heat map, the dispute list and the tables share what they fetched),
// when the part shows them. The server decides who may see any of them, as for `rounds.get`.
import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/app/trpc/client";
import { ROUND_JUDGEMENT_PAGE } from "@/shared/limits";
import type { JudgementEntry, RoundData } from "./round-shared";

export interface JudgementRows {
  /** The judgements, their values merged from every page fetched so far. */
  judgements: JudgementEntry[];
  /** Whether the values of this indicator are in `judgements` yet. */
  has: (indicatorId: string) => boolean;
  /** Some wanted rows are still on their way. */
  loading: boolean;
  error: string | null;
}

export function useJudgementRows(props: {
  assessmentId: string;
  view: RoundData;
  /** The round whose judgements these are: this one, or the one before. */
  roundId: string;
  base: JudgementEntry[];
  /** The indicators the part shows now. */
  wanted: readonly string[];
}): JudgementRows {
  const trpc = useTRPC();
  const { view, base, wanted, assessmentId, roundId } = props;
  const covered = useMemo(() => new Set(view.detailRows), [view.detailRows]);
  // Fixed pages of the scope, so that two parts asking for rows of one page share one query.
  const pages = useMemo(() => {
    const ids = view.round.scope.filter((s) => !s.deleted).map((s) => s.indicatorId);
    const out: string[][] = [];
    for (let k = 0; k < ids.length; k += ROUND_JUDGEMENT_PAGE) out.push(ids.slice(k, k + ROUND_JUDGEMENT_PAGE));
    return out;
  }, [view.round.scope]);
  const needed = useMemo(() => {
    const missing = new Set(wanted.filter((id) => !covered.has(id)));
    return missing.size === 0 ? [] : pages.filter((page) => page.some((id) => missing.has(id)));
  }, [wanted, covered, pages]);
  const results = useQueries({
    queries: needed.map((indicatorIds) => trpc.rounds.judgements.queryOptions({ assessmentId, roundId, indicatorIds })),
  });

  // The answers change only when one of them is (re)fetched or fails.
  const stamp = results.map((r) => `${r.dataUpdatedAt}:${r.errorUpdatedAt}`).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `stamp` stands for `results`, a new array every render
  return useMemo(() => {
    const fetched = results.map((r) => r.data);
    const loaded = new Set(covered);
    const extra = new Map<string, JudgementEntry["values"][]>();
    needed.forEach((page, k) => {
      const answer = fetched[k];
      // A page read before a judgement came in lacks it: its rows wait for the page to be read again
      // (the notice that brought the judgement refreshes both).
      const labels = new Set(answer?.judgements.map((j) => j.label));
      if (!answer || base.some((j) => !labels.has(j.label))) return;
      for (const id of page) loaded.add(id);
      for (const j of answer.judgements) extra.set(j.label, [...(extra.get(j.label) ?? []), j.values]);
    });
    const judgements = extra.size
      ? base.map((j) => {
          const more = extra.get(j.label) ?? [];
          return {
            ...j,
            values: {
              expectations: Object.assign({}, j.values.expectations, ...more.map((v) => v.expectations)),
              weights: Object.assign({}, j.values.weights, ...more.map((v) => v.weights)),
              reasons: Object.assign({}, j.values.reasons, ...more.map((v) => v.reasons)),
            },
          };
        })
      : base;
    const error = results.find((r) => r.error)?.error?.message ?? null;
    return {
      judgements,
      has: (id: string) => loaded.has(id),
      loading: wanted.some((id) => !loaded.has(id)) && !error,
      error,
    };
  }, [base, covered, needed, wanted, stamp]);
}
