"use client";
// The facilitator's part (or an owner's): close the round so the team sees it, abandon it (nothing
// changes), open the next round on the disputed cells ticked in the list, and adopt the consensus.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useTRPC } from "@/app/trpc/client";
import { roundQuestion } from "@/shared/rounds";
import { AdoptForm } from "./adopt-form";
import type { RoundData } from "./round-shared";

export function FacilitatorPanel(props: {
  assessmentId: string;
  view: RoundData;
  picked: Set<string>;
  onClearPicked: () => void;
}) {
  const { assessmentId, view } = props;
  const r = view.round;
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const uid = useId();
  const [error, setError] = useState<string | null>(null);
  const [question, setQuestion] = useState("");
  const [questionError, setQuestionError] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.rounds.get.queryKey({ assessmentId, roundId: r.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.rounds.list.queryKey({ assessmentId }) });
  };
  const close = useMutation(
    trpc.rounds.close.mutationOptions({ onSuccess: refresh, onError: (e) => setError(e.message) }),
  );
  const abandon = useMutation(
    trpc.rounds.abandon.mutationOptions({ onSuccess: refresh, onError: (e) => setError(e.message) }),
  );
  const next = useMutation(
    trpc.rounds.openNext.mutationOptions({
      onSuccess: (round) => {
        props.onClearPicked();
        refresh();
        router.push(`/assessments/${assessmentId}/rounds/${round.id}`);
      },
      onError: (e) => setError(e.message),
    }),
  );
  const cells = [...props.picked].map((k) => {
    const [indicatorId, scenarioId] = k.split("|") as [string, string];
    return { indicatorId, scenarioId };
  });
  const live = r.status === "open" || r.status === "closed";
  const [adopted, setAdopted] = useState<string | null>(null);

  return (
    <section aria-labelledby={`${uid}-title`} className="card space-y-4 p-4">
      <div>
        <h2 id={`${uid}-title`} className="text-lg font-semibold">
          Facilitator
        </h2>
        <p className="text-sm text-slate-600">
          {r.facilitator.id && view.own === null
            ? "You take no part in this round: you see its values once you close it."
            : "Close the round when the judgements are in; the whole team then sees them."}
        </p>
      </div>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {live ? (
        <div className="flex flex-wrap gap-2">
          {r.status === "open" ? (
            <button
              type="button"
              className="btn-secondary"
              disabled={close.isPending}
              onClick={() => close.mutate({ assessmentId, roundId: r.id })}
            >
              Close the round
            </button>
          ) : null}
          <button
            type="button"
            className="btn-danger"
            disabled={abandon.isPending}
            onClick={() => abandon.mutate({ assessmentId, roundId: r.id })}
          >
            Abandon (change nothing)
          </button>
        </div>
      ) : null}

      {r.status !== "abandoned" && view.seesGroup && view.group ? (
        <form
          className="space-y-2 rounded-md border border-slate-200 p-3"
          aria-labelledby={`${uid}-next`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const q = roundQuestion.safeParse(question);
            setQuestionError(q.success ? null : (q.error.issues[0]?.message ?? "Ask a question"));
            if (!q.success) return;
            if (cells.length === 0) {
              setError("Tick at least one dispute in the list above to revisit in the next round");
              return;
            }
            next.mutate({ assessmentId, roundId: r.id, cells, question: question.trim() });
          }}
        >
          <h3 id={`${uid}-next`} className="font-medium">
            Next round on the disputes
          </h3>
          <p className="text-sm text-slate-600">
            {cells.length === 0
              ? "Tick the disputes to revisit in the list above."
              : `${cells.length} cell${cells.length === 1 ? "" : "s"} ticked.`}{" "}
            Each participant starts from their own judgement of this round
            {r.status === "open" ? "; this round closes when the next one opens" : ""}.
          </p>
          <label htmlFor={`${uid}-question`} className="field-label">
            Question to the participants
          </label>
          <input
            id={`${uid}-question`}
            className="input"
            value={question}
            aria-invalid={!!questionError}
            onChange={(e) => setQuestion(e.target.value)}
            placeholder="Look again at the S-400 row: the reasons differ on what the imagery shows"
          />
          {questionError ? (
            <p role="alert" className="field-error">
              {questionError}
            </p>
          ) : null}
          <button type="submit" className="btn-primary" disabled={next.isPending}>
            Open round {r.number + 1}
          </button>
        </form>
      ) : null}

      {live && view.seesGroup && view.group ? (
        <AdoptForm assessmentId={assessmentId} view={view} group={view.group} onAdopted={setAdopted} />
      ) : adopted ? (
        <p role="status" className="text-sm text-emerald-800">
          {adopted}
        </p>
      ) : null}
    </section>
  );
}
