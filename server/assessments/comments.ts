// Threaded comments on an assessment, a scenario, an indicator or an evidence item: posting and
// editing them. Any member, viewers included, may comment; only the author edits, and the original
// stays in the history. Each appends an event, so they live with the commit path; the list is read
// in server/history/comments.ts.

import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/connection";
import { lockAssessment } from "@/db/dialect";
import { first } from "@/db/first";
import { transaction } from "@/db/store";
import * as t from "@/db/tables";
import { requireAssessmentRole } from "@/server/access";
import { assessmentPeople } from "@/server/accounts/people";
import { publishAssessmentChange } from "@/server/live";
import type { COMMENT_TARGETS } from "@/shared/assessment/state";
import type { Person } from "@/shared/display-name";
import { badInput, DomainError } from "@/shared/errors";
import { type Actor, appendEvent, probabilitiesOf } from "./commit";
import { loadAssessmentStateCached } from "./store";

export type CommentTarget = (typeof COMMENT_TARGETS)[number];

export interface CommentRow {
  id: string;
  targetKind: CommentTarget;
  targetId: string;
  parentId: string | null;
  authorId: string | null;
  authorName: string;
  /** The author, told apart from anyone sharing the name (their email when someone does). */
  author: Person;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
}

/** A comment row with its author told apart from namesakes. */
export async function withAuthor(db: Db, assessmentId: string, row: Omit<CommentRow, "author">): Promise<CommentRow> {
  const { id, targetKind, targetId, parentId, authorId, authorName, body, createdAt, editedAt } = row;
  const author = (await assessmentPeople(db, assessmentId)).person({ id: authorId, name: authorName });
  return { id, targetKind, targetId, parentId, authorId, authorName, author, body, createdAt, editedAt };
}

/** A comment of this assessment (another assessment's id is NOT_FOUND), named by `field` if missing. */
async function findComment(tx: DbOrTx, assessmentId: string, commentId: string, field: string) {
  const row = first(
    await tx
      .select()
      .from(t.comments)
      .where(and(eq(t.comments.id, commentId), eq(t.comments.assessmentId, assessmentId))),
  );
  if (!row) throw new DomainError("NOT_FOUND", `No comment with id '${commentId}' in this assessment`, field);
  return row;
}

async function targetName(db: DbOrTx, assessmentId: string, kind: CommentTarget, targetId: string): Promise<string> {
  const state = await loadAssessmentStateCached(db, assessmentId);
  if (!state) throw new DomainError("NOT_FOUND", `No assessment with id '${assessmentId}'`, "assessmentId");
  const found =
    kind === "assessment"
      ? targetId === assessmentId
        ? state.title
        : undefined
      : kind === "scenario"
        ? state.scenarios.find((s) => s.id === targetId)?.name
        : kind === "indicator"
          ? state.indicators.find((i) => i.id === targetId)?.name
          : state.evidence.find((e) => e.id === targetId)?.title;
  if (found === undefined)
    throw new DomainError("NOT_FOUND", `No ${kind} with id '${targetId}' in this assessment`, "targetId");
  return found;
}

export async function addComment(
  db: Db,
  actor: Actor & { id: string },
  input: {
    assessmentId: string;
    targetKind: CommentTarget;
    targetId: string;
    parentId?: string | undefined;
    body: string;
  },
): Promise<CommentRow> {
  await requireAssessmentRole(db, actor.id, input.assessmentId);
  const body = input.body.trim();
  if (!body) throw badInput("body", "Write something before posting the comment");
  const comment: Omit<CommentRow, "author"> = {
    id: crypto.randomUUID(),
    targetKind: input.targetKind,
    targetId: input.targetId,
    parentId: input.parentId ?? null,
    authorId: actor.id,
    authorName: actor.name,
    body,
    createdAt: new Date(),
    editedAt: null,
  };
  const notice = await transaction(db, async (tx) => {
    // The assessment's row lock first, before any row that refers to it is written: on PostgreSQL a
    // writer that took a foreign-key share lock and then asked for the row lock could deadlock
    // with another doing the same.
    await lockAssessment(tx, input.assessmentId);
    // The item commented on exists now, under the lock: no edit can delete it before the comment lands.
    const name = await targetName(tx, input.assessmentId, input.targetKind, input.targetId);
    if (input.parentId) {
      const parent = await findComment(tx, input.assessmentId, input.parentId, "parentId");
      if (parent.targetKind !== input.targetKind || parent.targetId !== input.targetId) {
        throw badInput("parentId", "A reply must be on the same item as the comment it answers");
      }
    }
    const { editedAt: _never, ...row } = comment;
    await tx.insert(t.comments).values({ ...row, assessmentId: input.assessmentId });
    const state = await loadAssessmentStateCached(tx, input.assessmentId);
    const seq = await appendEvent(tx, {
      assessmentId: input.assessmentId,
      at: comment.createdAt.getTime(),
      actor,
      kind: "comment.add",
      payload: {
        commentId: comment.id,
        targetKind: input.targetKind,
        targetId: input.targetId,
        body,
        summary: `Commented on ${input.targetKind} '${name}'`,
      },
      probabilities: probabilitiesOf(state),
    });
    return { assessmentId: input.assessmentId, version: state?.version ?? 0, actorName: actor.name, seq };
  });
  publishAssessmentChange(notice);
  return await withAuthor(db, input.assessmentId, comment);
}

export async function editComment(
  db: Db,
  actor: Actor & { id: string },
  input: { assessmentId: string; commentId: string; body: string },
): Promise<CommentRow> {
  await requireAssessmentRole(db, actor.id, input.assessmentId);
  const body = input.body.trim();
  if (!body) throw badInput("body", "A comment cannot be empty: delete the text only to replace it");
  const now = new Date();
  const updated = await transaction(db, async (tx) => {
    await lockAssessment(tx, input.assessmentId);
    const row = await findComment(tx, input.assessmentId, input.commentId, "commentId");
    if (row.authorId !== actor.id) throw new DomainError("FORBIDDEN", "Only the author can edit a comment");
    await tx.update(t.comments).set({ body, editedAt: now }).where(eq(t.comments.id, row.id));
    const state = await loadAssessmentStateCached(tx, input.assessmentId);
    await appendEvent(tx, {
      assessmentId: input.assessmentId,
      at: now.getTime(),
      actor,
      kind: "comment.edit",
      payload: { commentId: row.id, before: row.body, after: body, summary: "Edited a comment" },
      probabilities: probabilitiesOf(state),
    });
    return { ...row, body, editedAt: now };
  });
  return await withAuthor(db, input.assessmentId, updated);
}
