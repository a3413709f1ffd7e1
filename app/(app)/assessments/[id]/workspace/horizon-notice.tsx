"use client";
// The workspace's word on an active assessment whose horizon has passed ("Horizon passed 17 months
// ago"), with the two ways out: resolve it, or move the horizon. Moving it is an ordinary
// assessment update saved with a required rationale, so the history says who moved it and why.
// `?moveHorizon=1` (the link from the list and the brief) opens the dialog straight away.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { IsoDateInput } from "@/app/components/date-inputs";
import { Dialog } from "@/app/components/dialog";
import { Field, FormActions, formError } from "@/app/components/field";
import { moveHorizonForm } from "@/shared/assessment/form-schemas";
import { horizonPassed } from "@/shared/assessment/horizon";
import { isoDay } from "@/shared/format";
import { fieldErrors } from "@/shared/forms";
import { useSaving, useWorkspaceStable } from "./workspace-context";

export function HorizonNotice() {
  const ws = useWorkspaceStable();
  const router = useRouter();
  const pathname = usePathname();
  const asked = useSearchParams().get("moveHorizon") === "1";
  const [moving, setMoving] = useState(asked);
  const state = ws.serverState;
  if (ws.moment) return null;
  const passed = horizonPassed(state);

  function close() {
    setMoving(false);
    // The link's request is answered: a reload should not open the dialog again.
    if (asked) router.replace(pathname, { scroll: false });
  }

  return (
    <>
      {passed ? (
        <section
          aria-label="Horizon passed"
          className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
        >
          <p>
            <strong>{passed.sentence}</strong> and the assessment is still active.{" "}
            {ws.canEdit
              ? "Resolve it, or move the horizon if the question still stands."
              : "An analyst or owner can resolve it or move the horizon."}
          </p>
          {ws.canEdit ? (
            <span className="flex gap-2">
              <Link className="btn-secondary" href={`/assessments/${ws.assessmentId}/resolution`}>
                Resolve it
              </Link>
              <button type="button" className="btn-secondary" onClick={() => setMoving(true)}>
                Move the horizon
              </button>
            </span>
          ) : null}
        </section>
      ) : null}
      {ws.canEdit ? <MoveHorizonDialog open={moving} current={state.horizon} onClose={close} /> : null}
    </>
  );
}

function MoveHorizonDialog(props: { open: boolean; current: string; onClose: () => void }) {
  const ws = useWorkspaceStable();
  const saving = useSaving();
  const [horizon, setHorizon] = useState("");
  const [rationale, setRationale] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit() {
    const parsed = moveHorizonForm({ today: isoDay(), current: props.current }).safeParse({ horizon, rationale });
    const found = fieldErrors(parsed);
    setErrors(found);
    if (!parsed.success) return;
    const error = await ws.save(
      "updateAssessment",
      { horizon: parsed.data.horizon },
      { rationale: parsed.data.rationale },
    );
    if (error) return setErrors({ ...error.fieldErrors, form: error.message });
    setHorizon("");
    setRationale("");
    props.onClose();
  }

  return (
    <Dialog
      open={props.open}
      onOpenChange={(open) => {
        if (!open) props.onClose();
      }}
      title="Move the horizon"
      description={`The horizon is ${props.current}. The new date and your reason are saved as one change in the history.`}
    >
      <form
        className="space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field id="move-horizon-date" label="New horizon (YYYY-MM-DD, UTC)" error={errors.horizon}>
          <IsoDateInput
            id="move-horizon-date"
            value={horizon}
            onChange={setHorizon}
            aria-invalid={!!errors.horizon}
            aria-describedby={errors.horizon ? "move-horizon-date-error" : undefined}
          />
        </Field>
        <Field
          id="move-horizon-rationale"
          label="Why it moves (required)"
          error={errors.rationale}
          hint="Kept with the change in the history, e.g. “Withdrawal talks extended to 2027”"
        >
          <textarea
            id="move-horizon-rationale"
            className="input"
            rows={2}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
            aria-invalid={!!errors.rationale}
            aria-describedby={errors.rationale ? "move-horizon-rationale-error" : "move-horizon-rationale-hint"}
          />
        </Field>
        <FormActions
          error={formError(errors, ["horizon", "rationale"])}
          saving={saving}
          label="Move the horizon"
          onCancel={props.onClose}
        />
      </form>
    </Dialog>
  );
}
