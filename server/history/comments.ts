// Reading an assessment's threaded comments (posting and editing them is in
// server/assessments/comments.ts).
import { eq } from "drizzle-orm";
import * as t from "@/db/tables";
import { type AssessmentAccess, dbOf } from "@/server/access";
import { assessmentPeople } from "@/server/accounts/people";
import type { CommentRow } from "@/server/assessments/comments";

export type { CommentRow, CommentTarget } from "@/server/assessments/comments";

export async function listComments(access: AssessmentAccess): Promise<CommentRow[]> {
  const db = dbOf(access);
  const { assessmentId } = access;
  const people = await assessmentPeople(db, assessmentId);
  const rows = await db
    .select({
      id: t.comments.id,
      targetKind: t.comments.targetKind,
      targetId: t.comments.targetId,
      parentId: t.comments.parentId,
      authorId: t.comments.authorId,
      authorName: t.comments.authorName,
      body: t.comments.body,
      createdAt: t.comments.createdAt,
      editedAt: t.comments.editedAt,
    })
    .from(t.comments)
    .where(eq(t.comments.assessmentId, assessmentId))
    .orderBy(t.comments.createdAt);
  return rows.map((r) => ({ ...r, author: people.person({ id: r.authorId, name: r.authorName }) }));
}
