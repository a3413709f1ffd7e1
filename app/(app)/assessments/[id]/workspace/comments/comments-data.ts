// Pure helpers behind the workspace's comments: which item a comment is on, how many comments each
// item has (the count badges), threading replies under the comment they answer, and the form's check.
import { newCommentBody } from "@/shared/assessment/schemas";
import type { CommentTarget as CommentTargetEnum } from "@/shared/assessment/state";
import { formatUtc } from "@/shared/format";
import { COMMENT_MAX } from "@/shared/limits";

export type CommentTargetKind = CommentTargetEnum;

/** The fields of `history.comments` these helpers read (the server's CommentRow fits). */
export interface CommentLike {
  id: string;
  targetKind: CommentTargetKind;
  targetId: string;
  parentId: string | null;
  createdAt: Date;
}

export interface CommentTarget {
  kind: CommentTargetKind;
  /** The assessment's own id when kind is "assessment". */
  id: string;
  /** Shown in the badge's label and the panel's title. */
  name: string;
}

export interface CommentThread<C extends CommentLike> {
  comment: C;
  /** Oldest first; replies to replies are flattened into the thread of their top-level comment. */
  replies: C[];
}

export const COMMENT_MAX_LENGTH = COMMENT_MAX;

const KIND_LABEL: Record<CommentTargetKind, string> = {
  assessment: "the assessment",
  scenario: "scenario",
  indicator: "indicator",
  evidence: "evidence item",
};

/** "indicator", "evidence item", "the assessment": how the panel names what is commented on. */
export function targetKindLabel(kind: CommentTargetKind): string {
  return KIND_LABEL[kind];
}

/** "indicator:abc": one key per commented item, the same for counts and threads. */
export function targetKey(kind: CommentTargetKind, id: string): string {
  return `${kind}:${id}`;
}

/** Number of comments (replies included) on each item, keyed by `targetKey`. */
export function commentCounts(comments: readonly CommentLike[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of comments) {
    const key = targetKey(c.targetKind, c.targetId);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** "Comments on Airlift surge (3)": the badge button's accessible name. */
export function commentBadgeLabel(name: string, count: number): string {
  return `Comments on ${name} (${count})`;
}

/** The comments that existed at `at` (epoch ms): what the read-only as-of view shows. */
export function commentsUpTo<C extends CommentLike>(comments: readonly C[], at: number): C[] {
  return comments.filter((c) => c.createdAt.getTime() <= at);
}

const byTime = (a: CommentLike, b: CommentLike) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1);

/**
 * The threads on one item, oldest first. A reply joins the thread of its top-level ancestor; a
 * reply whose parent is missing (or on another item, or in a loop) is shown as a top-level comment
 * rather than lost.
 */
export function commentThreads<C extends CommentLike>(
  comments: readonly C[],
  target: { kind: CommentTargetKind; id: string },
): CommentThread<C>[] {
  const own = comments.filter((c) => c.targetKind === target.kind && c.targetId === target.id).sort(byTime);
  const byId = new Map(own.map((c) => [c.id, c]));

  function rootOf(c: C): C {
    const seen = new Set<string>([c.id]);
    let current = c;
    while (current.parentId !== null) {
      const parent = byId.get(current.parentId);
      if (!parent) return current;
      if (seen.has(parent.id)) return c;
      seen.add(parent.id);
      current = parent;
    }
    return current;
  }

  const threads = new Map<string, CommentThread<C>>();
  for (const c of own) {
    const root = rootOf(c);
    if (root.id === c.id) threads.set(c.id, { comment: c, replies: [] });
  }
  for (const c of own) {
    const root = rootOf(c);
    if (root.id !== c.id) threads.get(root.id)?.replies.push(c);
  }
  return [...threads.values()];
}

/** The message to show beside the comment field, or null when the text can be posted. */
export function commentBodyError(body: string): string | null {
  return newCommentBody.safeParse(body).error?.issues[0]?.message ?? null;
}

/** "2024-12-12 08:00 UTC". */
export function commentTime(date: Date): string {
  return formatUtc(date.getTime());
}
