"use client";
// The disputes that matter (DESIGN §2.9): the cells the analysts disagree on, ranked by how far the
// disagreement moves the call (impact), then by how wide it is (spread); each with the analysts'
// values and reasons and a comment thread. The facilitator picks from here the cells of the next round.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { formatUtc } from "@/shared/format";
import { COMMENT_MAX, ROUND_FIRST_DISPUTES } from "@/shared/limits";
import { impactWords, spreadWords, valueLabel } from "../rounds-data";
import { useJudgementRows } from "./judgement-rows";
import {
  cellKey,
  type GroupView,
  type RoundData,
  type SharedMatrix,
  scenarioColumns,
  scopeRows,
  shortName,
} from "./round-shared";

/** How many disputes the list shows before "Show all". */
const FIRST = ROUND_FIRST_DISPUTES;

export function DisputeList(props: {
  assessmentId: string;
  state: SharedMatrix;
  view: RoundData;
  group: GroupView;
  picked: Set<string> | null;
  onPick: (indicatorId: string, scenarioId: string) => void;
}) {
  const { state, view, group } = props;
  const uid = useId();
  const [all, setAll] = useState(false);
  const names = new Map(scopeRows(state, view).map((r) => [r.indicatorId, r.indicator?.name ?? r.indicatorName]));
  const indicators = new Map(state.indicators.map((i) => [i.id, i]));
  const scenarios = new Map(scenarioColumns(state).map((s) => [s.id, s]));
  const disputes = useMemo(() => group.cells.filter((c) => c.spread > 0), [group.cells]);
  const shown = all ? disputes : disputes.slice(0, FIRST);
  // The analysts' values on disputes past the first come with "Show all" (rounds.judgements).
  const detail = useJudgementRows({
    assessmentId: props.assessmentId,
    view,
    roundId: view.round.id,
    base: view.judgements,
    wanted: useMemo(
      () => [...new Set((all ? disputes : disputes.slice(0, FIRST)).map((c) => c.indicatorId))],
      [all, disputes],
    ),
  });

  return (
    <section aria-labelledby={`${uid}-title`} className="card p-4">
      <h2 id={`${uid}-title`} className="text-base font-semibold">
        Disputes that matter
      </h2>
      <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
        Ranked by how much the disagreement moves the call (setting the cell to one analyst&apos;s value, everything
        else at the consensus), then by how wide it is. A wide dispute that does not move the call comes later.
        {props.picked ? " Tick the cells to revisit in the next round." : ""}
      </p>
      {disputes.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">The analysts agree on every cell.</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {shown.map((cell, rank) => {
            const key = cellKey(cell.indicatorId, cell.scenarioId);
            const scenario = scenarios.get(cell.scenarioId);
            const name = names.get(cell.indicatorId) ?? cell.indicatorId;
            const shared = indicators.get(cell.indicatorId)?.expectations[cell.scenarioId];
            const thread = view.comments.filter(
              (c) => c.indicatorId === cell.indicatorId && (c.scenarioId === cell.scenarioId || c.scenarioId === null),
            );
            return (
              <li key={key} className="rounded-md border border-slate-200 p-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <p className="font-medium">
                    <span className="mr-1 text-slate-500">{rank + 1}.</span>
                    {name} <span className="font-normal text-slate-600">under</span> {scenario?.name ?? cell.scenarioId}
                  </p>
                  {props.picked ? (
                    <label className="flex items-center gap-1.5 text-sm">
                      <input
                        type="checkbox"
                        checked={props.picked.has(key)}
                        onChange={() => props.onPick(cell.indicatorId, cell.scenarioId)}
                      />
                      Revisit in the next round
                    </label>
                  ) : null}
                </div>
                <p className="text-sm text-slate-700">
                  {impactWords(cell.impact)} · spread {spreadWords(cell.spread)}
                </p>
                {detail.has(cell.indicatorId) ? (
                  <ul className="mt-1.5 space-y-0.5 text-sm">
                    {detail.judgements.map((j) => {
                      const own = j.values.expectations[cell.indicatorId]?.[cell.scenarioId];
                      const reason = j.values.reasons[cell.indicatorId];
                      return (
                        <li key={j.label} className={j.mine ? "font-medium" : ""}>
                          {shortName(j)}: {own === undefined ? `shared (${valueLabel(shared)})` : valueLabel(own)}
                          {reason ? (
                            <span className="font-normal text-slate-600"> — &ldquo;{reason}&rdquo;</span>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <p className="mt-1.5 text-sm text-slate-600">Loading the analysts&apos; values…</p>
                )}
                <Thread assessmentId={props.assessmentId} roundId={view.round.id} cell={cell} thread={thread} />
              </li>
            );
          })}
        </ol>
      )}
      {detail.error ? (
        <p role="alert" className="field-error mt-2 text-xs">
          {detail.error}
        </p>
      ) : null}
      {disputes.length > FIRST ? (
        <button type="button" className="btn-secondary mt-3" onClick={() => setAll((a) => !a)}>
          {all ? `Show the first ${FIRST}` : `Show all ${disputes.length} disputes`}
        </button>
      ) : null}
    </section>
  );
}

function Thread(props: {
  assessmentId: string;
  roundId: string;
  cell: { indicatorId: string; scenarioId: string };
  thread: RoundData["comments"];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(
    trpc.rounds.addComment.mutationOptions({
      onSuccess: () => {
        setBody("");
        setError(null);
        void queryClient.invalidateQueries({
          queryKey: trpc.rounds.get.queryKey({ assessmentId: props.assessmentId, roundId: props.roundId }),
        });
      },
      onError: (e) => setError(e.message),
    }),
  );
  const tooLong = body.trim().length > COMMENT_MAX;
  return (
    <div className="mt-2 border-t border-slate-100 pt-2">
      {props.thread.length > 0 ? (
        <ul className="mb-2 space-y-1 text-sm">
          {props.thread.map((c) => (
            <li key={c.id}>
              <span className="font-medium">{c.author}</span>{" "}
              <span className="text-xs text-slate-500">{formatUtc(c.createdAt.getTime())}</span>
              <p className="whitespace-pre-wrap text-slate-800">{c.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="flex flex-wrap items-start gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!body.trim()) {
            setError("Write something before posting the comment");
            return;
          }
          if (tooLong) return;
          add.mutate({ assessmentId: props.assessmentId, roundId: props.roundId, ...props.cell, body: body.trim() });
        }}
      >
        <label htmlFor={`${uid}-body`} className="sr-only">
          Comment on this dispute
        </label>
        <input
          id={`${uid}-body`}
          className="input min-w-64 flex-1"
          placeholder="Comment on this dispute"
          value={body}
          aria-invalid={tooLong || !!error}
          onChange={(e) => setBody(e.target.value)}
        />
        <button type="submit" className="btn-secondary" disabled={add.isPending}>
          Comment
        </button>
        {tooLong ? (
          <p role="alert" className="field-error w-full text-xs">
            A comment is at most {COMMENT_MAX.toLocaleString("en")} characters: this one is{" "}
            {(body.trim().length - COMMENT_MAX).toLocaleString("en")} too long.
          </p>
        ) : error ? (
          <p role="alert" className="field-error w-full text-xs">
            {error}
          </p>
        ) : null}
      </form>
    </div>
  );
}
