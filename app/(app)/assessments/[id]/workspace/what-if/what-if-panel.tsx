"use client";
// The what-if mode's banner: what the mode means, a quick way to set hypothetical presence, the list
// of hypothetical changes (each removable, those that no longer fit flagged), "Apply as real changes"
// with one rationale for analysts, and leaving (asked first when there is something to lose). After
// an apply it says what was saved and what was not.
import { useId, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { RATIONALE_MAX } from "@/shared/limits";
import { useWorkspaceStable } from "../workspace-context";
import { PresenceTool } from "./presence-tool";

export function WhatIfPanel() {
  const { whatIf } = useWorkspaceStable();
  if (!whatIf.active) return whatIf.outcome ? <Outcome /> : null;
  return <ActivePanel />;
}

function Outcome() {
  const { whatIf } = useWorkspaceStable();
  const outcome = whatIf.outcome;
  if (!outcome) return null;
  return (
    <div
      role="status"
      className={`flex flex-wrap items-start justify-between gap-2 rounded-md border px-3 py-2 text-sm ${
        outcome.complete ? "border-emerald-300 bg-emerald-50 text-emerald-950" : "border-red-300 bg-red-50 text-red-950"
      }`}
    >
      <p>{outcome.message}</p>
      <button type="button" className="btn-secondary text-xs" onClick={whatIf.dismissOutcome}>
        Dismiss
      </button>
    </div>
  );
}

function ActivePanel() {
  const { whatIf } = useWorkspaceStable();
  const uid = useId();
  const failed = new Map(whatIf.failures.map((f) => [f.stepId, f.message]));
  const count = whatIf.steps.length;
  return (
    <section
      aria-labelledby={`${uid}-heading`}
      data-testid="what-if-panel"
      className="space-y-3 rounded-lg border-2 border-violet-400 bg-violet-50 p-4 text-sm text-violet-950"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <h2 id={`${uid}-heading`} className="text-base font-semibold">
            What-if mode: nothing here is saved
          </h2>
          <p className="mt-0.5 text-violet-900">
            Rate cells, move weights, set presence or add evidence as usual: each change stays in this browser tab,
            other analysts see nothing and the history is untouched. The bar at the top shows the saved call beside the
            what-if call.
          </p>
        </div>
        <button type="button" className="btn-secondary" onClick={() => whatIf.askLeave()}>
          Leave what-if
        </button>
      </div>

      <PresenceTool />

      <div>
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-violet-800">
            Hypothetical changes ({count})
          </h3>
          <button
            type="button"
            className="btn-secondary px-2 py-0.5 text-xs"
            onClick={whatIf.takeBack}
            disabled={count === 0 || whatIf.applying}
            aria-keyshortcuts="Control+Z Meta+Z"
            title="Take back the last hypothetical change (Ctrl+Z)"
          >
            <span aria-hidden>↶</span> Take back
          </button>
          <button
            type="button"
            className="btn-secondary px-2 py-0.5 text-xs"
            onClick={whatIf.putBack}
            disabled={!whatIf.canPutBack || whatIf.applying}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
            title="Put back the change last taken back (Ctrl+Shift+Z)"
          >
            <span aria-hidden>↷</span> Put back
          </button>
        </div>
        {count === 0 ? (
          <p className="mt-1 text-violet-900">None yet.</p>
        ) : (
          <ol className="mt-1 space-y-1" aria-label="Hypothetical changes">
            {whatIf.steps.map((step) => {
              const problem = failed.get(step.id);
              return (
                <li
                  key={step.id}
                  className={`flex items-start justify-between gap-2 rounded border bg-white px-2 py-1 ${problem ? "border-red-300" : "border-violet-200"}`}
                >
                  <span className="min-w-0">
                    {step.summary}
                    {problem ? (
                      <span className="block text-xs text-red-800">
                        No longer applies to the saved assessment: {problem}
                      </span>
                    ) : null}
                  </span>
                  <button
                    type="button"
                    className="shrink-0 text-xs text-blue-800 underline"
                    onClick={() => whatIf.remove(step.id)}
                    disabled={whatIf.applying}
                    aria-label={`Remove from the what-if: ${step.summary}`}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </div>

      {whatIf.mayApply ? (
        <ApplyForm />
      ) : (
        <p className="text-violet-900">
          As a viewer you can explore a what-if, but not save it: an analyst can make these changes for real.
        </p>
      )}
      {whatIf.outcome ? <Outcome /> : null}
      <LeaveDialog />
    </section>
  );
}

function ApplyForm() {
  const { whatIf } = useWorkspaceStable();
  const [rationale, setRationale] = useState("");
  const [error, setError] = useState<string | null>(null);
  const count = whatIf.steps.length;
  const blocked =
    count === 0
      ? "Make a change first: there is nothing to apply."
      : whatIf.failures.length
        ? "Remove the changes that no longer apply before applying the rest."
        : null;
  const tooLong = rationale.length > RATIONALE_MAX;
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (blocked) return setError(blocked);
        if (!rationale.trim()) return setError("Give a rationale: it is kept with each change in the history.");
        if (tooLong) return setError(`The rationale is ${rationale.length - RATIONALE_MAX} characters too long.`);
        setError(null);
        await whatIf.apply(rationale);
      }}
    >
      <div className="min-w-64 flex-1">
        <label htmlFor="what-if-rationale" className="sr-only">
          Rationale for applying the what-if
        </label>
        <input
          id="what-if-rationale"
          className="input"
          placeholder="Rationale (required): kept with every change in the history"
          value={rationale}
          aria-invalid={!!error || tooLong}
          aria-describedby="what-if-apply-help"
          onChange={(e) => {
            setRationale(e.target.value);
            setError(null);
          }}
        />
        <p id="what-if-apply-help" className={`mt-1 text-xs ${error || tooLong ? "text-red-800" : "text-violet-800"}`}>
          {error ??
            (tooLong
              ? `The rationale is ${rationale.length - RATIONALE_MAX} characters too long (at most ${RATIONALE_MAX}).`
              : (blocked ?? "Saved one after another through the normal save path; a refusal stops the rest."))}
        </p>
      </div>
      <button type="submit" className="btn-primary bg-violet-700 hover:bg-violet-800" disabled={whatIf.applying}>
        {whatIf.applying ? "Saving…" : `Apply ${count} as real change${count === 1 ? "" : "s"}`}
      </button>
    </form>
  );
}

function LeaveDialog() {
  const { whatIf } = useWorkspaceStable();
  const n = whatIf.steps.length;
  return (
    <Dialog
      open={whatIf.leaveAsked}
      onOpenChange={(open) => !open && whatIf.cancelLeave()}
      title="Leave the what-if?"
      description={`Its ${n} hypothetical change${n === 1 ? "" : "s"} will be discarded; nothing of it was saved.${
        whatIf.leavingTo ? " Then the page you chose opens." : ""
      }`}
    >
      <div className="flex justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={whatIf.cancelLeave}>
          Cancel
        </button>
        <button type="button" className="btn-danger" onClick={whatIf.leave}>
          Discard and leave
        </button>
      </div>
    </Dialog>
  );
}
