// Saving edits: each one sent at the version the page holds, one at a time, with the rationale
// typed for it; its answer followed in the cached view; a CONFLICT kept to show and reload.
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { type RefObject, useCallback, useRef, useState } from "react";
import { fieldErrorsOf } from "@/app/components/field";
import { clientErrorOf, useTRPCClient } from "@/app/trpc/client";
import type { AppRouter } from "@/server/root";
import type { EditAnswer } from "@/shared/assessment/answer";
import type { AssessmentState } from "@/shared/assessment/state";
import { RATIONALE_MAX } from "@/shared/limits";
import { overLimitMessage, textLength } from "@/shared/text-limit";
import { RATIONALE_NOUN } from "./rationale-field";
import type { LiveNotices } from "./workspace-live";

type WorkspaceInputs = inferRouterInputs<AppRouter>["workspace"];
export type EditProcedure = Exclude<keyof WorkspaceInputs, "onChange" | "undoStatus">;
export type EditInput<K extends EditProcedure> = Omit<WorkspaceInputs[K], "assessmentId" | "version" | "rationale">;

export interface Conflict {
  message: string;
  changes: { actor: string; summary: string; at: number }[];
}

export interface SaveError {
  message: string;
  fieldErrors: Record<string, string>;
  /** The error's code when the server answered one (CONFLICT: the banner shows it). */
  code?: string | undefined;
}

/** A rationale of the edit's own (a dialog that asks for one), instead of the header's "next change" field. */
export interface SaveOptions {
  /** This change's rationale, instead of the one typed in the header (which then stays there). */
  rationale?: string;
}

export interface Saves {
  /** Saves one edit; resolves to null on success or the error to show beside the field. */
  save: <K extends EditProcedure>(
    procedure: K,
    input: EditInput<K>,
    options?: SaveOptions,
  ) => Promise<SaveError | null>;
  saving: boolean;
  conflict: Conflict | null;
  reloadAfterConflict: () => Promise<void>;
  rationale: string;
  setRationale: (text: string) => void;
}

export function useSaves({
  assessmentId,
  queryKey,
  follow,
  versionRef,
  live,
  setPreviewState,
}: {
  assessmentId: string;
  queryKey: QueryKey;
  /** Follows an edit in the cached view; false when only a fresh read will do. */
  follow: (answer: EditAnswer) => boolean;
  /** The version the page holds now; each answer raises it. */
  versionRef: RefObject<number>;
  /** Notices are held while saves are in flight and announced after the last one. */
  live: Pick<LiveNotices, "announce" | "inFlight" | "heldNotice">;
  /** Clears the preview once a save has answered. */
  setPreviewState: (state: AssessmentState | null) => void;
}): Saves {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { announce, inFlight, heldNotice } = live;
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [rationale, setRationale] = useState("");
  const rationaleRef = useRef("");
  rationaleRef.current = rationale;

  /** Sends one edit at the version the page holds now; resolves to null or the error to show. */
  const send = useCallback(
    async <K extends EditProcedure>(
      procedure: K,
      input: EditInput<K>,
      options?: SaveOptions,
    ): Promise<SaveError | null> => {
      // The rationale belongs to this change alone; the field keeps it if the save fails. An edit
      // with a rationale of its own leaves the header's field for the next change. One too long is
      // not cut to fit: the change waits, and the field says by how much.
      const own = options?.rationale?.trim();
      if (own === undefined) {
        const tooLong = overLimitMessage(RATIONALE_NOUN, textLength(rationaleRef.current, RATIONALE_MAX));
        if (tooLong) {
          setPreviewState(null);
          return { message: `Not saved: ${tooLong}`, fieldErrors: { rationale: tooLong } };
        }
      }
      const rationale = own ?? rationaleRef.current.trim();
      if (own === undefined) rationaleRef.current = "";
      try {
        const procedureClient = client.workspace[procedure] as unknown as {
          mutate: (i: unknown) => Promise<EditAnswer>;
        };
        const answer = await procedureClient.mutate({
          ...input,
          assessmentId,
          version: versionRef.current,
          ...(rationale ? { rationale } : {}),
        });
        if (!follow(answer)) {
          versionRef.current = Math.max(versionRef.current, answer.version);
          await queryClient.invalidateQueries({ queryKey: queryKey });
        }
        if (own === undefined) setRationale("");
        setConflict(null);
        return null;
      } catch (error) {
        const e = clientErrorOf(error);
        if (e?.data?.code === "CONFLICT") {
          setConflict({ message: e.message, changes: e.data.details?.changes ?? [] });
        }
        const message = error instanceof Error ? error.message : "The change was not saved";
        return { message, fieldErrors: fieldErrorsOf(e), code: e?.data?.code };
      } finally {
        setPreviewState(null);
      }
    },
    [client, assessmentId, queryClient, queryKey, follow, versionRef, setPreviewState],
  );

  // Saves go one at a time, each at the version the one before produced: an analyst rating cells
  // faster than the server answers would otherwise collide with their own last change.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const save = useCallback(
    <K extends EditProcedure>(procedure: K, input: EditInput<K>, options?: SaveOptions): Promise<SaveError | null> => {
      setSaving(true);
      inFlight.current += 1;
      const run = queue.current
        .then(() => send(procedure, input, options))
        .finally(() => {
          inFlight.current -= 1;
          if (inFlight.current > 0) return;
          const held = heldNotice.current;
          heldNotice.current = null;
          // Only a version beyond the one this page now holds is someone else's change.
          if (held && held.version > versionRef.current) announce(held);
          setSaving(false);
        });
      queue.current = run.catch(() => null);
      return run;
    },
    [send, announce, inFlight, heldNotice, versionRef],
  );

  const reloadAfterConflict = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: queryKey });
    setConflict(null);
  }, [queryClient, queryKey]);

  return { save, saving, conflict, reloadAfterConflict, rationale, setRationale };
}
