"use client";
// The panels under the matrix (the evidence locker, the explanations) on a large assessment: they
// sit below hundreds of rows, so they mount at the first idle moment once the page is live rather
// than with it (on the server and at hydration), and a page of 300 indicators opens sooner.
import { type ReactNode, startTransition, useEffect, useState } from "react";
import { whenIdle } from "./idle";
import { ALL_ROWS_UP_TO } from "./matrix/row-window";
import { useWorkspaceSelect, type WorkspaceApi } from "./workspace-context";

const longMatrix = (api: WorkspaceApi) => api.serverState.indicators.length > ALL_ROWS_UP_TO;

export function BelowLongMatrix({ children }: { children: ReactNode }) {
  const long = useWorkspaceSelect(longMatrix);
  // The server and the first render in the browser agree: both read the same assessment.
  const [mounted, setMounted] = useState(!long);
  useEffect(() => {
    if (mounted) return;
    return whenIdle(() => startTransition(() => setMounted(true)), 500);
  }, [mounted]);
  return mounted ? children : <div className="card min-h-96" aria-busy="true" />;
}
