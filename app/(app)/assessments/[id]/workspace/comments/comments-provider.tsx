"use client";
// Comments in the workspace: the count badge placed beside each scenario, indicator, evidence item
// and the title, and the panel it opens with that item's threads, a form to comment, Reply and Edit.
// Comments from others arrive by polling every 10 s (a comment does not change the version, so the
// workspace's live notice does not fire for it). In the as-of view the panel is read-only.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { useTRPC } from "@/app/trpc/client";
import { useWorkspaceStable } from "../workspace-context";
import { type CommentsApi, CommentsContext } from "./comments-context";
import { type CommentTarget, commentCounts, commentsUpTo, targetKey, targetKindLabel } from "./comments-data";
import { CommentsPanel } from "./comments-panel";

const POLL_MS = 10_000;

/** Loads the assessment's comments once for every badge and mounts the panel. */
export function CommentsProvider({ children }: { children: ReactNode }) {
  const ws = useWorkspaceStable();
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.history.comments.queryOptions({ assessmentId: ws.assessmentId }),
    refetchInterval: ws.moment ? false : POLL_MS,
  });
  const [target, setTarget] = useState<CommentTarget | null>(null);
  const at = ws.moment?.at;
  const api = useMemo<CommentsApi>(() => {
    const all = query.data ?? [];
    const comments = at === undefined ? all : commentsUpTo(all, at);
    return { comments, counts: query.data ? commentCounts(comments) : null, open: setTarget };
  }, [query.data, at]);

  return (
    <CommentsContext.Provider value={api}>
      {children}
      <Dialog
        open={target !== null}
        onOpenChange={(open) => {
          if (!open) setTarget(null);
        }}
        title={target ? `Comments on ${target.kind === "assessment" ? "the assessment" : `“${target.name}”`}` : ""}
        description={target ? panelDescription(target, ws.moment !== null) : undefined}
        wide
      >
        {target ? <CommentsPanel key={targetKey(target.kind, target.id)} target={target} /> : null}
      </Dialog>
    </CommentsContext.Provider>
  );
}

function panelDescription(target: CommentTarget, asOf: boolean): string {
  const what = target.kind === "assessment" ? `“${target.name}”` : `this ${targetKindLabel(target.kind)}`;
  return asOf
    ? `The comments on ${what} made up to the moment shown. Commenting is off in the as-of view.`
    : `Every member, viewers included, may comment on ${what}. An edit keeps the original in the history.`;
}
