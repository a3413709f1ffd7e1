"use client";
// Opening a round: the indicators in play (all by default), the participants (analysts and owners
// of the team), anonymous or named, an optional closing time (UTC) and the question to them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Field, fieldErrorsOf } from "@/app/components/field";
import { useTRPC } from "@/app/trpc/client";
import type { IndicatorState } from "@/shared/assessment/state";
import { ROUND_QUESTION_MAX } from "@/shared/limits";
import { roundQuestion } from "@/shared/rounds";

/** "2026-12-05 17:00" (UTC) → epoch ms; "" → null; anything else → a message. */
export function parseUtcMinute(text: string): number | null | string {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(trimmed);
  if (!m) return "Write the closing time as YYYY-MM-DD HH:MM in UTC, e.g. 2026-12-05 17:00";
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return "That time does not exist";
  return ms;
}

export function OpenRoundForm(props: { assessmentId: string; teamId: string; indicators: IndicatorState[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const uid = useId();
  const members = useQuery(trpc.teams.members.queryOptions({ teamId: props.teamId }));
  const eligible = (members.data ?? []).filter((m) => m.role !== "viewer");
  const [scope, setScope] = useState<Set<string>>(() => new Set(props.indicators.map((i) => i.id)));
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const participants = chosen ?? new Set(eligible.map((m) => m.userId));
  const [anonymous, setAnonymous] = useState(true);
  const [closes, setCloses] = useState("");
  const [question, setQuestion] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const open = useMutation(
    trpc.rounds.open.mutationOptions({
      onSuccess: (round) => {
        void queryClient.invalidateQueries({
          queryKey: trpc.rounds.list.queryKey({ assessmentId: props.assessmentId }),
        });
        router.push(`/assessments/${props.assessmentId}/rounds/${round.id}`);
      },
      onError: (e) => setErrors({ ...fieldErrorsOf(e), form: e.message }),
    }),
  );
  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  return (
    <section className="card p-5" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="text-lg font-semibold">
        Open a round
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each participant gets a private copy of the matrix for the indicators you pick. You see their values only once
        you take part and submit, or once you close the round.
      </p>
      {errors.form ? (
        <p role="alert" className="field-error mt-3">
          {errors.form}
        </p>
      ) : null}
      <form
        className="mt-4 grid gap-5 lg:grid-cols-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const found: Record<string, string> = {};
          const q = roundQuestion.safeParse(question);
          if (!q.success) found.question = q.error.issues[0]?.message ?? "Ask a question";
          const closesAt = parseUtcMinute(closes);
          if (typeof closesAt === "string") found.closesAt = closesAt;
          if (scope.size === 0) found.indicatorIds = "Pick at least one indicator for the round to rate";
          if (participants.size < 2) found.participantIds = "Pick at least 2 participants: a round pools several views";
          setErrors(found);
          if (Object.keys(found).length) return;
          open.mutate({
            assessmentId: props.assessmentId,
            indicatorIds: props.indicators.map((i) => i.id).filter((id) => scope.has(id)),
            participantIds: [...participants],
            anonymous,
            closesAt: typeof closesAt === "number" ? closesAt : null,
            question: question.trim(),
          });
        }}
      >
        <fieldset className="min-w-0">
          <legend className="field-label">
            Indicators in play ({scope.size} of {props.indicators.length})
          </legend>
          <div className="mb-1 flex gap-2 text-xs">
            <button
              type="button"
              className="text-blue-800 underline"
              onClick={() => setScope(new Set(props.indicators.map((i) => i.id)))}
            >
              All
            </button>
            <button type="button" className="text-blue-800 underline" onClick={() => setScope(new Set())}>
              None
            </button>
          </div>
          <div className="max-h-64 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
            {props.indicators.map((i) => (
              <label key={i.id} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={scope.has(i.id)}
                  onChange={() => setScope((s) => toggle(s, i.id))}
                />
                <span>{i.name}</span>
              </label>
            ))}
          </div>
          {errors.indicatorIds ? (
            <p role="alert" className="field-error">
              {errors.indicatorIds}
            </p>
          ) : null}
        </fieldset>

        <div className="space-y-4">
          <fieldset>
            <legend className="field-label">Participants (analysts and owners)</legend>
            <div className="space-y-1">
              {eligible.map((m) => (
                <label key={m.userId} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={participants.has(m.userId)}
                    onChange={() => setChosen(toggle(participants, m.userId))}
                  />
                  <span>
                    {m.name} <span className="text-slate-500">({m.role})</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.participantIds ? (
              <p role="alert" className="field-error">
                {errors.participantIds}
              </p>
            ) : null}
          </fieldset>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={anonymous}
              onChange={(e) => setAnonymous(e.target.checked)}
            />
            <span>Anonymous: values and reasons are shown as &ldquo;Analyst A, B, …&rdquo; to everyone</span>
          </label>
          <Field
            id={`${uid}-closes`}
            label="Closing time (optional, UTC)"
            error={errors.closesAt}
            hint="YYYY-MM-DD HH:MM. Leave empty to close the round yourself."
          >
            <input
              id={`${uid}-closes`}
              className="input"
              placeholder="2026-12-05 17:00"
              value={closes}
              onChange={(e) => setCloses(e.target.value)}
              aria-invalid={!!errors.closesAt}
            />
          </Field>
          <Field
            id={`${uid}-question`}
            label="Question to the participants"
            error={errors.question}
            hint={`What should they look at again, and why now? ${question.trim().length} / ${ROUND_QUESTION_MAX}`}
          >
            <textarea
              id={`${uid}-question`}
              className="input min-h-20"
              value={question}
              onChange={(e) => setQuestion(e.target.value)}
              placeholder="Rate the S-400 and airlift rows again after Thursday's imagery"
              aria-invalid={!!errors.question}
            />
          </Field>
          <button type="submit" className="btn-primary" disabled={open.isPending}>
            {open.isPending ? "Opening…" : "Open the round"}
          </button>
        </div>
      </form>
    </section>
  );
}
