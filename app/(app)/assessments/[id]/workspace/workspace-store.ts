// The store that carries the changing half of the workspace; panels read it through
// useWorkspaceSelect (workspace-context.tsx).
import type { WorkspaceApi } from "./workspace-context";

/**
 * The changing half travels in a store, not as a context value: a new context value makes React
 * walk every fiber below the provider looking for readers (thousands on a large assessment, ~15 ms
 * per drag frame), while a store notifies just the components subscribed to it.
 */
export interface WorkspaceStore {
  get: () => WorkspaceApi;
  subscribe: (listener: () => void) => () => void;
  set: (api: WorkspaceApi) => void;
}

export function createWorkspaceStore(initial: WorkspaceApi): WorkspaceStore {
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
