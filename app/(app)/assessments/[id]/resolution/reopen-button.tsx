"use client";
// Reopen, with the dialog that says what reopening withdraws.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { useTRPC } from "@/app/trpc/client";
import { useAfterResolution } from "./use-after-resolution";

export function ReopenButton({ assessmentId, version }: { assessmentId: string; version: number }) {
  const trpc = useTRPC();
  const after = useAfterResolution(assessmentId);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reopen = useMutation(
    trpc.history.reopen.mutationOptions({
      onSuccess: (next) => {
        setOpen(false);
        setError(null);
        after(next);
      },
      onError: (e) => setError(e.message),
    }),
  );
  return (
    <>
      <button type="button" className="btn-secondary" onClick={() => setOpen(true)}>
        Reopen
      </button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) setError(null);
        }}
        title="Reopen this assessment?"
        description="It becomes active and editable again, and the scores are withdrawn until it is resolved again. The resolution and the reopening both stay in the history."
      >
        {error ? (
          <p role="alert" className="field-error mb-3">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn-danger"
            disabled={reopen.isPending}
            onClick={() => reopen.mutate({ assessmentId, version })}
          >
            {reopen.isPending ? "Reopening…" : "Reopen"}
          </button>
        </div>
      </Dialog>
    </>
  );
}
