"use client";
// The workspace's shared state: the server's view of the assessment, a browser-side preview
// (the same engine, recomputed on every drag frame), saves that carry the version they were
// based on, conflict handling, live updates from other analysts, and the optional rationale.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { useSubscription } from "@trpc/tanstack-react-query";
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
import { fieldErrorsOf } from "@/app/components/field";
import { clientErrorOf, useTRPC, useTRPCClient } from "@/app/trpc/client";
import type { AssessmentChangeNotice } from "@/server/live";
import type { AppRouter } from "@/server/root";
import { type EditAnswer, followAnswer, sameProbabilities } from "@/shared/assessment/answer";
import { engineModel } from "@/shared/assessment/engine-model";
import type { AssessmentState } from "@/shared/assessment/state";
import { assess, assessLive, type EngineResult, type LiveResult } from "@/shared/engine";

type WorkspaceInputs = inferRouterInputs<AppRouter>["workspace"];
export type EditProcedure = Exclude<keyof WorkspaceInputs, "onChange">;
export type EditInput<K extends EditProcedure> = Omit<WorkspaceInputs[K], "assessmentId" | "version" | "rationale">;

export interface Conflict {
  message: string;
  changes: { actor: string; summary: string; at: number }[];
}

export interface SaveError {
  message: string;
  fieldErrors: Record<string, string>;
}

interface WorkspaceApi {
  assessmentId: string;
  /** The state shown: the preview while one is active, else the server's. */
  state: AssessmentState;
  /** Live numbers for `state`; the explanations read `serverResult`, which holds them all. */
  result: LiveResult;
  /** The server's last answer, for comparing a preview against. */
  serverState: AssessmentState;
  serverResult: EngineResult;
  role: "owner" | "analyst" | "viewer";
  canEdit: boolean;
  /** Why the controls are disabled, or null when the user may edit. */
  readOnlyReason: string | null;
  /** Shows `state` computed in the browser until the next save answers (null clears it). */
  preview: (state: AssessmentState | null) => void;
  /** Saves one edit; resolves to null on success or the error to show beside the field. */
  save: <K extends EditProcedure>(procedure: K, input: EditInput<K>) => Promise<SaveError | null>;
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
  | "role"
  | "canEdit"
  | "readOnlyReason"
  | "preview"
  | "save"
  | "staleAfterDays"
  | "moment"
>;

/**
 * The changing half travels in a store, not as a context value: a new context value makes React
 * walk every fiber below the provider looking for readers (thousands on a large assessment, ~15 ms
 * per drag frame), while a store notifies just the components subscribed to it.
 */
interface WorkspaceStore {
  get: () => WorkspaceApi;
  subscribe: (listener: () => void) => () => void;
  set: (api: WorkspaceApi) => void;
}

function createWorkspaceStore(initial: WorkspaceApi): WorkspaceStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set: (api) => {
      if (api === current) return;
      current = api;
      for (const listener of listeners) listener();
    },
  };
}

const WorkspaceContext = createContext<WorkspaceStore | null>(null);

/**
 * What the hundreds of matrix rows need to act, and nothing that changes with a save: the rows
 * re-render only when their own indicator does, not on every save of another one.
 */
export interface WorkspaceActions {
  assessmentId: string;
  preview: WorkspaceApi["preview"];
  save: WorkspaceApi["save"];
  /** The server's state now, for event handlers (reading it does not subscribe to it). */
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

export interface MomentRef {
  seq?: number;
  at?: string;
  baselineId?: string;
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
  const client = useTRPCClient();
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
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [rationale, setRationale] = useState("");
  const rationaleRef = useRef("");
  rationaleRef.current = rationale;
  const [remoteNotice, setRemoteNotice] = useState<string | null>(null);
  const versionRef = useRef(0);
  versionRef.current = Math.max(versionRef.current, data?.state.version ?? 0);
  // While a save is in flight its own notice can arrive before its answer: hold notices until then.
  const inFlight = useRef(0);
  const heldNotice = useRef<AssessmentChangeNotice | null>(null);
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
  const announce = useCallback(
    (notice: AssessmentChangeNotice) => {
      setRemoteNotice(`${notice.actorName} saved a change (version ${notice.version}).`);
      if (!(notice.edit && follow(notice.edit))) void queryClient.invalidateQueries({ queryKey: queryKey });
    },
    [queryClient, queryKey, follow],
  );

  useSubscription(
    trpc.workspace.onChange.subscriptionOptions(
      { assessmentId },
      {
        enabled: !!data && !asOf,
        onData: ({ data: notice }) => {
          if (inFlight.current > 0) {
            if (notice.version > (heldNotice.current?.version ?? 0)) heldNotice.current = notice;
          } else if (notice.version > versionRef.current) {
            announce(notice);
          }
        },
        // The server ends a stream whose session was revoked or whose member left the team.
        onError: (error) =>
          setRemoteNotice(
            error.data?.code === "UNAUTHORIZED"
              ? "Your session has ended, so live updates stopped: sign in again to keep working."
              : `Live updates stopped: ${error.message}`,
          ),
      },
    ),
  );

  const previewResult = useMemo(() => {
    if (!previewState) return null;
    try {
      return assessLive(engineModel(previewState));
    } catch {
      return null;
    }
  }, [previewState]);

  /** Sends one edit at the version the page holds now; resolves to null or the error to show. */
  const send = useCallback(
    async <K extends EditProcedure>(procedure: K, input: EditInput<K>): Promise<SaveError | null> => {
      // The rationale belongs to this change alone; the field keeps it if the save fails.
      const rationale = rationaleRef.current.trim();
      rationaleRef.current = "";
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
        setRationale("");
        setConflict(null);
        return null;
      } catch (error) {
        const e = clientErrorOf(error);
        if (e?.data?.code === "CONFLICT") {
          setConflict({ message: e.message, changes: e.data.details?.changes ?? [] });
        }
        const message = error instanceof Error ? error.message : "The change was not saved";
        return { message, fieldErrors: fieldErrorsOf(e) };
      } finally {
        setPreviewState(null);
      }
    },
    [client, assessmentId, queryClient, queryKey, follow],
  );

  // Saves go one at a time, each at the version the one before produced: an analyst rating cells
  // faster than the server answers would otherwise collide with their own last change.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const save = useCallback(
    <K extends EditProcedure>(procedure: K, input: EditInput<K>): Promise<SaveError | null> => {
      setSaving(true);
      inFlight.current += 1;
      const run = queue.current
        .then(() => send(procedure, input))
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
    [send, announce],
  );

  const reloadAfterConflict = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: queryKey });
    setConflict(null);
  }, [queryClient, queryKey]);

  const api = useMemo<WorkspaceApi | null>(() => {
    if (!data) return null;
    const moment = "moment" in data ? (data.moment as WorkspaceApi["moment"]) : null;
    const readOnlyReason = moment
      ? `You are looking at the assessment as it was on ${new Date(moment.at).toISOString().slice(0, 16).replace("T", " ")} UTC (change ${moment.seq} of ${moment.latest}); nothing can be changed here.`
      : data.role === "viewer"
        ? "You are a viewer in this team: you can read, comment and export, but not change the assessment."
        : data.state.status !== "active"
          ? `This assessment is ${data.state.status}: ${data.state.status === "resolved" ? "reopen" : "restore"} it to change it.`
          : null;
    return {
      assessmentId,
      state: previewState ?? data.state,
      result: (previewState && previewResult) || data.result,
      serverState: data.state,
      serverResult: data.result,
      role: data.role,
      canEdit: readOnlyReason === null,
      readOnlyReason,
      preview: setPreviewState,
      save,
      saving,
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
    previewState,
    previewResult,
    save,
    saving,
    conflict,
    reloadAfterConflict,
    rationale,
    remoteNotice,
    assessmentId,
  ]);

  const serverState = api?.serverState;
  const serverResult = api?.serverResult;
  const role = api?.role;
  const canEdit = api?.canEdit;
  const readOnlyReason = api?.readOnlyReason;
  const staleAfterDays = api?.staleAfterDays;
  const moment = api?.moment;
  const stable = useMemo<WorkspaceStable | null>(
    () =>
      serverState && serverResult && role && canEdit !== undefined && staleAfterDays !== undefined
        ? {
            assessmentId,
            serverState,
            serverResult,
            role,
            canEdit,
            readOnlyReason: readOnlyReason ?? null,
            preview: setPreviewState,
            save,
            staleAfterDays,
            moment: moment ?? null,
          }
        : null,
    [assessmentId, serverState, serverResult, role, canEdit, readOnlyReason, save, staleAfterDays, moment],
  );

  const savedRef = useRef<AssessmentState | undefined>(undefined);
  savedRef.current = data?.state;
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
