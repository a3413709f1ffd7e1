"use client";
// The workspace's shared state: the server's view of the assessment, a browser-side preview
// (the same engine, recomputed on every drag frame), saves that carry the version they were
// based on (workspace-saves.ts), conflict handling, live updates from other analysts
// (workspace-live.ts), the optional rationale, and the what-if mode (what-if/use-what-if.ts): while it
// is on, the state edits start from is the what-if's and `save` records a hypothetical step instead
// of sending anything. Panels read it through the hooks below.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { useTRPC } from "@/app/trpc/client";
import { type EditAnswer, followAnswer, sameProbabilities } from "@/shared/assessment/answer";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess, assessLive, type EngineResult, type LiveResult } from "@/shared/engine";
import { formatUtc } from "@/shared/format";
import type { MomentRef } from "@/shared/moment";
import { useWhatIf, type WhatIfApi } from "./what-if/use-what-if";
import type { WhatIfEdit } from "./what-if/what-if-steps";
import { useLiveNotices } from "./workspace-live";
import {
  type Conflict,
  type EditInput,
  type EditProcedure,
  type SaveError,
  type SaveOptions,
  useSaves,
} from "./workspace-saves";
import { createWorkspaceStore, type WorkspaceStore } from "./workspace-store";

export interface WorkspaceApi {
  assessmentId: string;
  /** The state shown: the preview while one is active, else `serverState`. */
  state: AssessmentState;
  /** Live numbers for `state`; the explanations read `serverResult`, which holds them all. */
  result: LiveResult;
  /**
   * The state edits start from and previews compare against: the server's last answer, or in
   * what-if mode the what-if state (the saved one is `whatIf.savedState`).
   */
  serverState: AssessmentState;
  serverResult: EngineResult;
  /** The what-if mode: on or off, its steps, the saved call, apply and leave. */
  whatIf: WhatIfApi;
  role: "owner" | "analyst" | "viewer";
  canEdit: boolean;
  /** Why the controls are disabled, or null when the user may edit. */
  readOnlyReason: string | null;
  /** Shows `state` computed in the browser until the next save answers (null clears it). */
  preview: (state: AssessmentState | null) => void;
  /**
   * Saves one edit; resolves to null on success or the error to show beside the field. In what-if
   * mode it records a hypothetical step instead and sends nothing.
   */
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
  /** The last change saved by someone else while this page was open. */
  remoteNotice: string | null;
  /** Days without review after which an indicator counts as stale (team setting). */
  staleAfterDays: number;
  /** Set when the page shows a past moment (read-only). */
  moment: { seq: number; at: number; latest: number } | null;
}

/**
 * The part of the workspace that does not change while an analyst drags a control: the many rows
 * of the matrix and the locker read this, so a preview re-renders only what shows probabilities.
 */
export type WorkspaceStable = Pick<
  WorkspaceApi,
  | "assessmentId"
  | "serverState"
  | "serverResult"
  | "whatIf"
  | "role"
  | "canEdit"
  | "readOnlyReason"
  | "preview"
  | "save"
  | "staleAfterDays"
  | "moment"
>;

const WorkspaceContext = createContext<WorkspaceStore | null>(null);

/**
 * What the hundreds of matrix rows need to act, and nothing that changes with a save: the rows
 * re-render only when their own indicator does, not on every save of another one.
 */
export interface WorkspaceActions {
  assessmentId: string;
  preview: WorkspaceApi["preview"];
  save: WorkspaceApi["save"];
  /** The state edits start from now (the what-if's in what-if mode), for event handlers (not subscribed). */
  savedState: () => AssessmentState;
}

const WorkspaceActionsContext = createContext<WorkspaceActions | null>(null);

export function useWorkspaceActions(): WorkspaceActions {
  const actions = useContext(WorkspaceActionsContext);
  if (!actions) throw new Error("useWorkspaceActions must be used inside <WorkspaceProvider>");
  return actions;
}
const WorkspaceStableContext = createContext<WorkspaceStable | null>(null);

export function useWorkspaceStable(): WorkspaceStable {
  const api = useContext(WorkspaceStableContext);
  if (!api) throw new Error("useWorkspaceStable must be used inside <WorkspaceProvider>");
  return api;
}

export function useWorkspace(): WorkspaceApi {
  return useWorkspaceSelect(whole);
}

const whole = (api: WorkspaceApi) => api;

/** Whether a save is in flight: read apart, since it flips twice on every save. */
export function useSaving(): boolean {
  return useWorkspaceSelect(isSaving);
}

const isSaving = (api: WorkspaceApi) => api.saving;

/**
 * One part of the workspace, re-rendering only when that part changes. `select` must return a
 * value that is stable while the part is unchanged (a field, not a new object).
 */
export function useWorkspaceSelect<T>(select: (api: WorkspaceApi) => T): T {
  const store = useContext(WorkspaceContext);
  if (!store) throw new Error("useWorkspace must be used inside <WorkspaceProvider>");
  const snapshot = () => select(store.get());
  return useSyncExternalStore(store.subscribe, snapshot, snapshot);
}

export function WorkspaceProvider({
  assessmentId,
  asOf,
  children,
}: {
  assessmentId: string;
  /** Show the assessment as it was at this moment, read-only. */
  asOf?: MomentRef | undefined;
  children: ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryOptions = trpc.assessments.get.queryOptions({ assessmentId });
  // One key object for the page's life: callbacks that depend on it stay the same between renders,
  // so the stable context (and every memoised row under it) does not change on a preview.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key depends only on the assessment id
  const queryKey = useMemo(() => queryOptions.queryKey, [assessmentId]);
  const current = useQuery({ ...queryOptions, enabled: !asOf });
  const past = useQuery({ ...trpc.history.asOf.queryOptions({ assessmentId, moment: asOf ?? {} }), enabled: !!asOf });
  const data = asOf ? past.data : current.data;
  const [previewState, setPreviewState] = useState<AssessmentState | null>(null);
  const versionRef = useRef(0);
  versionRef.current = Math.max(versionRef.current, data?.state.version ?? 0);
  /**
   * Follows a committed edit in the cached view: the reducer on the state it was based on, then the
   * engine, checked against the server's probabilities. False when the cache cannot follow it
   * (another version, or the engines disagree) or a read is in flight (it may have read the state
   * before this edit and would overwrite it when it lands): then only a fresh read will do, and
   * invalidating cancels the one in flight.
   */
  const follow = useCallback(
    (answer: EditAnswer): boolean => {
      if (queryClient.isFetching({ queryKey }) > 0) return false;
      const view = queryClient.getQueryData(queryKey);
      const state = view ? followAnswer(view.state, answer) : null;
      if (!view || !state) return false;
      let result: EngineResult;
      try {
        result = assess(engineModel(state));
      } catch {
        return false;
      }
      if (!sameProbabilities(result.probabilities, answer.probabilities)) return false;
      queryClient.setQueryData(queryKey, { ...view, state, result });
      versionRef.current = Math.max(versionRef.current, answer.version);
      return true;
    },
    [queryClient, queryKey],
  );
  const live = useLiveNotices({ assessmentId, enabled: !!data && !asOf, queryKey, follow, versionRef });
  const { remoteNotice } = live;

  const previewResult = useMemo(() => {
    if (!previewState) return null;
    try {
      return assessLive(engineModel(previewState));
    } catch {
      return null;
    }
  }, [previewState]);

  const {
    save: realSave,
    saving,
    conflict,
    reloadAfterConflict,
    rationale,
    setRationale,
  } = useSaves({
    assessmentId,
    queryKey,
    follow,
    versionRef,
    live,
    setPreviewState,
  });

  const readSaved = useCallback(() => queryClient.getQueryData(queryKey)?.state, [queryClient, queryKey]);
  const clearPreview = useCallback(() => setPreviewState(null), []);
  const whatIf = useWhatIf({
    saved: data?.state,
    savedResult: data?.result,
    available: !!data && !asOf && data.state.status === "active",
    mayApply: !!data && data.role !== "viewer",
    saveReal: realSave as (
      procedure: EditProcedure,
      input: unknown,
      options?: SaveOptions,
    ) => Promise<SaveError | null>,
    readSaved,
    clearPreview,
  });
  const whatIfApi = whatIf.api;
  const whatIfOn = !!whatIfApi?.active && !!whatIf.state && !!whatIf.result;
  const record = whatIfApi?.record;
  const whatIfSave = useCallback(
    <K extends EditProcedure>(procedure: K, input: EditInput<K>): Promise<SaveError | null> =>
      Promise.resolve(
        record ? record({ procedure, input } as WhatIfEdit) : { message: "Not loaded yet", fieldErrors: {} },
      ),
    [record],
  );
  const save = whatIfOn ? whatIfSave : realSave;
  const baseState = (whatIfOn ? whatIf.state : null) ?? data?.state;
  const baseResult = (whatIfOn ? whatIf.result : null) ?? data?.result;

  const api = useMemo<WorkspaceApi | null>(() => {
    if (!data || !baseState || !baseResult || !whatIfApi) return null;
    const moment = "moment" in data ? (data.moment as WorkspaceApi["moment"]) : null;
    const readOnlyReason = whatIfOn
      ? null
      : moment
        ? `You are looking at the assessment as it was on ${formatUtc(moment.at)} (change ${moment.seq} of ${moment.latest}); nothing can be changed here.`
        : data.role === "viewer"
          ? "You are a viewer in this team: you can read, comment and export, but not change the assessment."
          : data.state.status !== "active"
            ? `This assessment is ${data.state.status}: ${data.state.status === "resolved" ? "reopen" : "restore"} it to change it.`
            : null;
    return {
      assessmentId,
      state: previewState ?? baseState,
      result: (previewState && previewResult) || baseResult,
      serverState: baseState,
      serverResult: baseResult,
      whatIf: whatIfApi,
      role: data.role,
      canEdit: readOnlyReason === null,
      readOnlyReason,
      preview: setPreviewState,
      save,
      saving: whatIfOn ? false : saving,
      conflict,
      reloadAfterConflict,
      rationale,
      setRationale,
      remoteNotice,
      staleAfterDays: data.staleAfterDays,
      moment,
    };
  }, [
    data,
    baseState,
    baseResult,
    whatIfApi,
    whatIfOn,
    previewState,
    previewResult,
    save,
    saving,
    conflict,
    reloadAfterConflict,
    rationale,
    setRationale,
    remoteNotice,
    assessmentId,
  ]);

  const serverState = api?.serverState;
  const serverResult = api?.serverResult;
  const whatIfStable = api?.whatIf;
  const role = api?.role;
  const canEdit = api?.canEdit;
  const readOnlyReason = api?.readOnlyReason;
  const staleAfterDays = api?.staleAfterDays;
  const moment = api?.moment;
  const stable = useMemo<WorkspaceStable | null>(
    () =>
      serverState && serverResult && whatIfStable && role && canEdit !== undefined && staleAfterDays !== undefined
        ? {
            assessmentId,
            serverState,
            serverResult,
            whatIf: whatIfStable,
            role,
            canEdit,
            readOnlyReason: readOnlyReason ?? null,
            preview: setPreviewState,
            save,
            staleAfterDays,
            moment: moment ?? null,
          }
        : null,
    [
      assessmentId,
      serverState,
      serverResult,
      whatIfStable,
      role,
      canEdit,
      readOnlyReason,
      save,
      staleAfterDays,
      moment,
    ],
  );

  const savedRef = useRef<AssessmentState | undefined>(undefined);
  savedRef.current = baseState;
  const actions = useMemo<WorkspaceActions>(
    () => ({
      assessmentId,
      preview: setPreviewState,
      save,
      savedState: () => {
        if (!savedRef.current) throw new Error("The assessment is not loaded yet");
        return savedRef.current;
      },
    }),
    [assessmentId, save],
  );

  const storeRef = useRef<WorkspaceStore | null>(null);
  if (api && !storeRef.current) storeRef.current = createWorkspaceStore(api);
  // After the commit and before paint: readers re-render in the same frame as the change.
  useLayoutEffect(() => {
    if (api) storeRef.current?.set(api);
  }, [api]);

  const store = storeRef.current;
  if (!api || !stable || !store) return null;
  return (
    <WorkspaceActionsContext.Provider value={actions}>
      <WorkspaceStableContext.Provider value={stable}>
        <WorkspaceContext.Provider value={store}>{children}</WorkspaceContext.Provider>
      </WorkspaceStableContext.Provider>
    </WorkspaceActionsContext.Provider>
  );
}
