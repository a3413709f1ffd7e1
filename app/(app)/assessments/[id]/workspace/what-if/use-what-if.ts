// The what-if mode's state inside the workspace: whether it is on, its list of hypothetical steps,
// the what-if state (the steps re-applied over the saved state whenever that moves, live notices
// included) with the engine's answer on it, and applying the steps as real saves, one after another
// with one rationale. Recording a step sends nothing: the server never sees a what-if.
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess, assessLive, type EngineResult } from "@/shared/engine";
import type { EditProcedure, SaveError, SaveOptions } from "../workspace-saves";
import { useWhatIfGuards } from "./what-if-guards";
import {
  addedId,
  describeOutcome,
  editToApply,
  fieldOf,
  LOCAL_ID_PREFIX,
  localIdsIn,
  messageOf,
  recordStep,
  remapStep,
  type StepFailure,
  savedIdOf,
  stepOf,
  type WhatIfEdit,
  type WhatIfStep,
  whatIfState,
} from "./what-if-steps";

export interface WhatIfApi {
  /** Whether a what-if can be opened here (not on a past moment, nor a resolved or archived assessment). */
  available: boolean;
  active: boolean;
  steps: readonly WhatIfStep[];
  /** Steps that no longer fit the saved state, left out of the what-if call. */
  failures: readonly StepFailure[];
  /** The saved state and the server's answer on it: what the what-if is compared against. */
  savedState: AssessmentState;
  savedResult: EngineResult;
  /** Analysts and owners may turn a what-if into real changes; viewers may only explore. */
  mayApply: boolean;
  applying: boolean;
  /** What the last apply saved and did not, until dismissed or a new what-if opens. */
  outcome: { message: string; complete: boolean } | null;
  /** Opens the what-if (empty, or with a first step: "see the call if this is seen present"). */
  enter: (first?: WhatIfEdit) => void;
  /** Leaves and discards every step at once. */
  leave: () => void;
  /** Leaves at once when there is nothing to lose, else asks first (`leaveAsked`); then goes to `href` if given. */
  askLeave: (href?: string) => void;
  leaveAsked: boolean;
  /** The app page the analyst was going to when asked, or null. */
  leavingTo: string | null;
  cancelLeave: () => void;
  /** Takes back the last hypothetical step (Ctrl+Z in what-if mode); `putBack` restores it (Ctrl+Shift+Z). */
  takeBack: () => void;
  putBack: () => void;
  canPutBack: boolean;
  /** Adds a step; returns the error to show beside the control, or null. */
  record: (edit: WhatIfEdit) => SaveError | null;
  remove: (stepId: number) => void;
  /** Saves the steps through the normal save path, each with `rationale`, stopping at the first refusal. */
  apply: (rationale: string) => Promise<void>;
  dismissOutcome: () => void;
}

type RealSave = (procedure: EditProcedure, input: unknown, options?: SaveOptions) => Promise<SaveError | null>;

export function useWhatIf({
  saved,
  savedResult,
  available,
  mayApply,
  saveReal,
  readSaved,
  clearPreview,
}: {
  /** The server's state and answer (undefined while loading). */
  saved: AssessmentState | undefined;
  savedResult: EngineResult | undefined;
  available: boolean;
  mayApply: boolean;
  /** The workspace's normal save path. */
  saveReal: RealSave;
  /** The saved state now, after the latest answer (the cached view, not the last render). */
  readSaved: () => AssessmentState | undefined;
  clearPreview: () => void;
}): { api: WhatIfApi | null; state: AssessmentState | null; result: EngineResult | null } {
  const [active, setActive] = useState(false);
  const [steps, setStepsState] = useState<readonly WhatIfStep[]>([]);
  const [applying, setApplying] = useState(false);
  const [outcome, setOutcome] = useState<WhatIfApi["outcome"]>(null);
  const [leaveAsked, setLeaveAsked] = useState(false);
  const [leavingTo, setLeavingTo] = useState<string | null>(null);
  // Steps taken back by Ctrl+Z, newest last; any new step or removal forgets them.
  const [takenBack, setTakenBack] = useState<readonly WhatIfStep[]>([]);
  const router = useRouter();
  // Read synchronously by record and apply, which may run several times before a render.
  const stepsRef = useRef<readonly WhatIfStep[]>([]);
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const nextId = useRef(0);
  const applyingRef = useRef(false);

  const setSteps = useCallback((next: readonly WhatIfStep[]) => {
    stepsRef.current = next;
    setStepsState(next);
  }, []);

  const computed = useMemo(() => (active && saved ? whatIfState(saved, steps) : null), [active, saved, steps]);
  const result = useMemo<EngineResult | null>(() => {
    if (!computed) return null;
    if (computed.state === saved && savedResult) return savedResult;
    try {
      return assess(engineModel(computed.state));
    } catch {
      return null;
    }
  }, [computed, saved, savedResult]);

  const record = useCallback(
    (edit: WhatIfEdit): SaveError | null => {
      const base = savedRef.current;
      if (!base) return { message: "The assessment is not loaded yet", fieldErrors: {} };
      if (applyingRef.current) {
        return { message: "The what-if is being saved: wait until it has finished", fieldErrors: {} };
      }
      const at = Date.now();
      const ctx = { at, newId: () => `${LOCAL_ID_PREFIX}${++nextId.current}`, authorName: "You (what-if)" };
      try {
        const current = whatIfState(base, stepsRef.current).state;
        const step = stepOf(current, edit, ++nextId.current, ctx);
        const next = recordStep(stepsRef.current, step, base);
        // The engine refuses what the reducer lets through (a weight typed past its range, say).
        assessLive(engineModel(whatIfState(base, next).state));
        setSteps(next);
        setTakenBack([]);
        setActive(true);
        clearPreview();
        return null;
      } catch (error) {
        clearPreview();
        const message = messageOf(error);
        const field = fieldOf(error);
        return { message, fieldErrors: field ? { [field]: message } : {} };
      }
    },
    [setSteps, clearPreview],
  );

  const enter = useCallback(
    (first?: WhatIfEdit) => {
      setOutcome(null);
      setActive(true);
      if (first) record(first);
    },
    [record],
  );

  const leaveFor = useCallback(
    (href: string | null) => {
      setSteps([]);
      setTakenBack([]);
      setActive(false);
      setLeaveAsked(false);
      setLeavingTo(null);
      clearPreview();
      if (href) router.push(href);
    },
    [setSteps, clearPreview, router],
  );
  const leave = useCallback(() => leaveFor(leavingTo), [leaveFor, leavingTo]);
  const askLeave = useCallback(
    (href?: string) => {
      if (stepsRef.current.length === 0) return leaveFor(href ?? null);
      setLeavingTo(href ?? null);
      setLeaveAsked(true);
    },
    [leaveFor],
  );
  const cancelLeave = useCallback(() => {
    setLeaveAsked(false);
    setLeavingTo(null);
  }, []);

  const remove = useCallback(
    (stepId: number) => {
      setSteps(stepsRef.current.filter((s) => s.id !== stepId));
      setTakenBack([]);
    },
    [setSteps],
  );
  const takeBack = useCallback(() => {
    const last = stepsRef.current.at(-1);
    if (!last || applyingRef.current) return;
    setSteps(stepsRef.current.slice(0, -1));
    setTakenBack((taken) => [...taken, last]);
    clearPreview();
  }, [setSteps, clearPreview]);
  const putBack = useCallback(() => {
    const step = takenBack.at(-1);
    if (!step || applyingRef.current) return;
    setSteps([...stepsRef.current, step]);
    setTakenBack(takenBack.slice(0, -1));
    clearPreview();
  }, [setSteps, clearPreview, takenBack]);

  const apply = useCallback(
    async (rationale: string) => {
      const text = rationale.trim();
      if (!mayApply || applyingRef.current || !text) return;
      applyingRef.current = true;
      setApplying(true);
      setOutcome(null);
      const queue = [...stepsRef.current];
      const ids = new Map<string, string>();
      const done: WhatIfStep[] = [];
      let refused: { step: WhatIfStep; message: string } | null = null;
      try {
        for (const step of queue) {
          const edit = editToApply(step, ids, text);
          if (localIdsIn(edit).length) {
            refused = { step, message: "it needs a part the what-if added that was not saved" };
            break;
          }
          const before = readSaved();
          const error = await saveReal(edit.procedure, edit.input, { rationale: text });
          if (error) {
            refused = { step, message: error.message };
            break;
          }
          done.push(step);
          const local = addedId(step.change);
          const after = readSaved();
          const real = local && before && after ? savedIdOf(step.change, before, after) : null;
          if (local && real) ids.set(local, real);
          // Saved for real: off the list, and the rest refer to the saved parts from now on.
          setSteps(stepsRef.current.filter((s) => s.id !== step.id).map((s) => remapStep(s, ids)));
        }
      } finally {
        applyingRef.current = false;
        setApplying(false);
      }
      const notTried = queue.slice(done.length + (refused ? 1 : 0));
      setOutcome({ message: describeOutcome({ saved: done, refused, notTried }), complete: !refused });
      if (!refused) setActive(false);
    },
    [mayApply, readSaved, saveReal, setSteps],
  );

  const dismissOutcome = useCallback(() => setOutcome(null), []);

  useWhatIfGuards({ active, unsaved: active && steps.length > 0, askLeave, takeBack, putBack });

  const failures = computed?.failures;
  const api = useMemo<WhatIfApi | null>(
    () =>
      saved && savedResult
        ? {
            available,
            active,
            steps,
            failures: failures ?? [],
            savedState: saved,
            savedResult,
            mayApply,
            applying,
            outcome,
            enter,
            leave,
            askLeave,
            leaveAsked,
            leavingTo,
            cancelLeave,
            takeBack,
            putBack,
            canPutBack: takenBack.length > 0,
            record,
            remove,
            apply,
            dismissOutcome,
          }
        : null,
    [
      saved,
      savedResult,
      available,
      active,
      steps,
      failures,
      mayApply,
      applying,
      outcome,
      enter,
      leave,
      askLeave,
      leaveAsked,
      leavingTo,
      cancelLeave,
      takeBack,
      putBack,
      takenBack,
      record,
      remove,
      apply,
      dismissOutcome,
    ],
  );

  return { api, state: computed?.state ?? null, result: computed ? result : null };
}
