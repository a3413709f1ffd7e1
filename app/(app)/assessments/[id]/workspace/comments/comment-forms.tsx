"use client";
// The forms of the comments panel: a new comment or a reply, and an edit of one's own comment; each
// checks the text, posts it and refreshes the comments.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { fieldErrorsOf } from "@/app/components/field";
import { TextArea } from "@/app/components/text-field";
import { useTRPC } from "@/app/trpc/client";
import { personLabel } from "@/shared/display-name";
import { useWorkspaceSelect, useWorkspaceStable } from "../workspace-context";
import type { Comment } from "./comments-context";
import { COMMENT_MAX_LENGTH, type CommentTarget, commentBodyError } from "./comments-data";

function useRefreshComments() {
  const ws = useWorkspaceStable();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({ queryKey: trpc.history.comments.queryKey({ assessmentId: ws.assessmentId }) });
}

export function CommentForm(props: {
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
  const inWhatIf = useWorkspaceSelect((api) => api.whatIf.active);
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
      {inWhatIf ? (
        <p className="text-xs text-violet-900">
          A comment is real even in a what-if: the team sees it on the saved assessment.
        </p>
      ) : null}
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

export function EditCommentForm({ comment, onDone }: { comment: Comment; onDone: () => void }) {
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
    <TextArea
      id={props.id}
      label={props.label}
      noun="The comment"
      max={COMMENT_MAX_LENGTH}
      rows={3}
      value={props.value}
      onChange={props.onChange}
      error={props.error ?? undefined}
      // Focused when it opens: the field the user just asked for by pressing Reply or Edit.
      textareaProps={{ autoFocus: props.autoFocus }}
    />
  );
}
