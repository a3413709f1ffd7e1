"use client";
import { useQuery } from "@tanstack/react-query";
import { useContext, useMemo, useState } from "react";
// One item's comments: its threads with their replies, Reply and Edit on each comment, and the form
// to comment (none in the as-of view).
import { ClampedText } from "@/app/components/clamped-text";
import { PersonName } from "@/app/components/person-name";
import { useTRPC } from "@/app/trpc/client";
import { personLabel } from "@/shared/display-name";
import { useWorkspaceStable } from "../workspace-context";
import { CommentForm, EditCommentForm } from "./comment-forms";
import { type Comment, CommentsContext } from "./comments-context";
import { type CommentTarget, commentThreads, commentTime, targetKindLabel } from "./comments-data";

export function CommentsPanel({ target }: { target: CommentTarget }) {
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
          <ClampedText text={c.body} lines={4} className="mt-1 text-sm text-slate-900" label="comment" />
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
