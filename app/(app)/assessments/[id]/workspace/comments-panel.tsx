"use client";
// Comments in the workspace: the count badge placed beside each scenario, indicator, evidence item
// and the title, and the panel it opens with that item's threads, a form to comment, Reply and Edit.
// Comments from others arrive by polling every 10 s (a comment does not change the version, so the
// workspace's live notice does not fire for it). In the as-of view the panel is read-only.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { createContext, type ReactNode, useContext, useId, useMemo, useState } from "react";
import { Dialog } from "@/app/components/dialog";
import { fieldErrorsOf } from "@/app/components/field";
import { PersonName } from "@/app/components/person-name";
import { useTRPC } from "@/app/trpc/client";
import type { AppRouter } from "@/server/root";
import { personLabel } from "@/shared/display-name";
import {
  COMMENT_MAX_LENGTH,
  type CommentTarget,
  type CommentTargetKind,
  commentBadgeLabel,
  commentBodyError,
  commentCounts,
  commentsUpTo,
  commentThreads,
  commentTime,
  targetKey,
  targetKindLabel,
} from "./comments-data";
import { useWorkspaceStable } from "./workspace-context";

type Comment = inferRouterOutputs<AppRouter>["history"]["comments"][number];

const POLL_MS = 10_000;

interface CommentsApi {
  comments: Comment[];
  /** Null until the first answer: a badge then shows no number rather than a wrong 0. */
  counts: Map<string, number> | null;
  open: (target: CommentTarget) => void;
}

const CommentsContext = createContext<CommentsApi | null>(null);

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

/** "💬 3" beside an item; opens that item's comments. Renders nothing outside a CommentsProvider. */
export function CommentsBadge({ kind, id, name }: { kind: CommentTargetKind; id: string; name: string }) {
  const api = useContext(CommentsContext);
  if (!api) return null;
  const count = api.counts ? (api.counts.get(targetKey(kind, id)) ?? 0) : null;
  return (
    <button
      type="button"
      aria-label={count === null ? `Comments on ${name}` : commentBadgeLabel(name, count)}
      title={count ? `${count} comment${count === 1 ? "" : "s"}` : "Comment"}
      onClick={() => api.open({ kind, id, name })}
      className={`inline-flex shrink-0 items-center gap-0.5 rounded-full border px-1.5 py-px align-middle text-xs font-normal tabular-nums hover:border-blue-400 hover:bg-blue-50 ${count ? "border-blue-200 bg-blue-50 text-blue-900" : "border-slate-200 text-slate-500"}`}
    >
      <BubbleIcon />
      {count}
    </button>
  );
}

/** A speech bubble drawn inline: the 💬 emoji shows as an empty box where no emoji font is installed. */
function BubbleIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3 w-3" fill="currentColor">
      <path d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z" />
    </svg>
  );
}

function CommentsPanel({ target }: { target: CommentTarget }) {
  const ws = useWorkspaceStable();
  const trpc = useTRPC();
  const api = useContext(CommentsContext);
  const me = useQuery(trpc.teams.mine.queryOptions());
  const threads = useMemo(() => commentThreads(api?.comments ?? [], target), [api?.comments, target]);
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const readOnly = ws.moment !== null;
  const userId = me.data?.user.id;

  const item = (c: Comment, isReply: boolean) => (
    <CommentItem
      key={c.id}
      comment={c}
      editing={editing === c.id}
      canEdit={!readOnly && c.authorId !== null && c.authorId === userId}
      onEdit={() => {
        setReplyingTo(null);
        setEditing(c.id);
      }}
      onDoneEditing={() => setEditing(null)}
      onReply={
        readOnly || isReply
          ? null
          : () => {
              setEditing(null);
              setReplyingTo(c.id);
            }
      }
    />
  );

  return (
    <div className="space-y-4">
      {threads.length === 0 ? (
        <p className="text-sm text-slate-500">
          No comments yet on {target.kind === "assessment" ? "the assessment" : `this ${targetKindLabel(target.kind)}`}.
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Comment threads">
          {threads.map((t) => (
            <li key={t.comment.id} className="rounded-md border border-slate-200 p-3">
              {item(t.comment, false)}
              {t.replies.length ? (
                <ol className="mt-2 space-y-2 border-l-2 border-slate-200 pl-4 ml-2" aria-label="Replies">
                  {t.replies.map((r) => (
                    <li key={r.id}>{item(r, true)}</li>
                  ))}
                </ol>
              ) : null}
              {replyingTo === t.comment.id ? (
                <div className="mt-2 ml-2 border-l-2 border-blue-200 pl-4">
                  <CommentForm
                    target={target}
                    parent={t.comment}
                    onDone={() => setReplyingTo(null)}
                    onCancel={() => setReplyingTo(null)}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {readOnly ? null : (
        <div className="border-t border-slate-200 pt-3">
          <CommentForm target={target} parent={null} onDone={() => undefined} onCancel={null} />
        </div>
      )}
    </div>
  );
}

function CommentItem(props: {
  comment: Comment;
  editing: boolean;
  canEdit: boolean;
  onEdit: () => void;
  onDoneEditing: () => void;
  onReply: (() => void) | null;
}) {
  const c = props.comment;
  return (
    <article aria-label={`Comment by ${personLabel(c.author)}`}>
      <header className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-500">
        <PersonName className="font-medium text-slate-800" person={c.author} />
        <time dateTime={c.createdAt.toISOString()}>{commentTime(c.createdAt)}</time>
        {c.editedAt ? (
          <span className="italic" title={`Edited ${commentTime(c.editedAt)}; the original is in the history`}>
            edited
          </span>
        ) : null}
      </header>
      {props.editing ? (
        <EditCommentForm comment={c} onDone={props.onDoneEditing} />
      ) : (
        <>
          {/* Plain text only: React escapes it, and pre-wrap keeps the author's line breaks. */}
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-900">{c.body}</p>
          {props.onReply || props.canEdit ? (
            <div className="mt-1 flex gap-3 text-xs">
              {props.onReply ? (
                <button
                  type="button"
                  className="text-blue-800 underline"
                  onClick={props.onReply}
                  aria-label={`Reply to ${personLabel(c.author)}, ${commentTime(c.createdAt)}`}
                >
                  Reply
                </button>
              ) : null}
              {props.canEdit ? (
                <button
                  type="button"
                  className="text-blue-800 underline"
                  onClick={props.onEdit}
                  aria-label={`Edit your comment of ${commentTime(c.createdAt)}`}
                >
                  Edit
                </button>
              ) : null}
            </div>
          ) : null}
        </>
      )}
    </article>
  );
}

function useRefreshComments() {
  const ws = useWorkspaceStable();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({ queryKey: trpc.history.comments.queryKey({ assessmentId: ws.assessmentId }) });
}

function CommentForm(props: {
  target: CommentTarget;
  parent: Comment | null;
  onDone: () => void;
  onCancel: (() => void) | null;
}) {
  const ws = useWorkspaceStable();
  const trpc = useTRPC();
  const refresh = useRefreshComments();
  const uid = useId();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(
    trpc.history.addComment.mutationOptions({
      onSuccess: async () => {
        setBody("");
        setError(null);
        await refresh();
        props.onDone();
      },
      onError: (e) => setError(fieldErrorsOf(e).body ?? e.message),
    }),
  );
  const label = props.parent ? `Your reply to ${personLabel(props.parent.author)}` : "Add a comment";
  return (
    <form
      noValidate
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        const problem = commentBodyError(body);
        setError(problem);
        if (problem) return;
        add.mutate({
          assessmentId: ws.assessmentId,
          targetKind: props.target.kind,
          targetId: props.target.id,
          ...(props.parent ? { parentId: props.parent.id } : {}),
          body,
        });
      }}
    >
      <CommentTextarea
        id={`${uid}-body`}
        label={label}
        value={body}
        onChange={setBody}
        error={error}
        autoFocus={!!props.parent}
      />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary text-xs" disabled={add.isPending}>
          {props.parent ? "Post reply" : "Post comment"}
        </button>
        {props.onCancel ? (
          <button type="button" className="btn-secondary text-xs" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

function EditCommentForm({ comment, onDone }: { comment: Comment; onDone: () => void }) {
  const ws = useWorkspaceStable();
  const trpc = useTRPC();
  const refresh = useRefreshComments();
  const uid = useId();
  const [body, setBody] = useState(comment.body);
  const [error, setError] = useState<string | null>(null);
  const edit = useMutation(
    trpc.history.editComment.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
      onError: (e) => setError(fieldErrorsOf(e).body ?? e.message),
    }),
  );
  return (
    <form
      noValidate
      className="mt-1 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        const problem = commentBodyError(body);
        setError(problem);
        if (problem) return;
        if (body.trim() === comment.body) return onDone();
        edit.mutate({ assessmentId: ws.assessmentId, commentId: comment.id, body });
      }}
    >
      <CommentTextarea
        id={`${uid}-body`}
        label="Edit your comment"
        value={body}
        onChange={setBody}
        error={error}
        autoFocus
      />
      <div className="flex gap-2">
        <button type="submit" className="btn-primary text-xs" disabled={edit.isPending}>
          Save edit
        </button>
        <button type="button" className="btn-secondary text-xs" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CommentTextarea(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  autoFocus?: boolean;
}) {
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      <textarea
        id={props.id}
        className="input"
        rows={3}
        maxLength={COMMENT_MAX_LENGTH}
        value={props.value}
        // biome-ignore lint/a11y/noAutofocus: the field the user just asked for by pressing Reply or Edit
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={!!props.error}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
      {props.error ? (
        <p id={`${props.id}-error`} role="alert" className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
