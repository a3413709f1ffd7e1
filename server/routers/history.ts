// History and review: the change list, the timeline series, the as-of view, baselines, compare,
// comments, resolution and scores. Reading is for every member; baselines and resolution for
// analysts and owners; comments for every member (viewers included).

import { z } from "zod";
import { createBaseline, deleteBaseline } from "@/server/assessments/baselines";
import { addComment, editComment } from "@/server/assessments/comments";
import { reopenAssessment, resolveAssessment } from "@/server/assessments/resolution";
import { listBaselines } from "@/server/history/baselines";
import { listComments } from "@/server/history/comments";
import { scoreAssessment, teamCalibration } from "@/server/history/scores";
import { changeFacets, listChanges, timelineSeries } from "@/server/history/timeline";
import { offThreadAnswer } from "@/server/offload/pool";
import * as out from "@/server/routers/outputs";
import { assessmentProcedure, createTRPCRouter, teamProcedure, zId } from "@/server/trpc";
import {
  baselineName,
  commentBody,
  commentTarget,
  isoDate,
  newCommentBody,
  resolutionNote,
} from "@/shared/assessment/schemas";
import { CHANGES_PAGE_MAX, COUNTER_MAX, COUNTER_TOO_BIG, TIME_MAX } from "@/shared/limits";
import { momentRefSchema as moment } from "@/shared/moment";

/** Epoch milliseconds up to the end of the year 9999: both stores hold those dates. */
const time = z
  .number({ error: "Give a time as epoch milliseconds" })
  .int()
  .min(0, "Give a time from 1970 on, as epoch milliseconds")
  .max(TIME_MAX, "Give a time before the year 10000, as epoch milliseconds");

export const historyRouter = createTRPCRouter({
  changes: assessmentProcedure("viewer")
    .input(
      z.object({
        assessmentId: zId,
        from: time.optional(),
        to: time.optional(),
        actors: z.array(z.string().max(200)).max(50).optional(),
        kinds: z.array(z.string().max(64)).max(50).optional(),
        before: z.number().int().min(1).max(COUNTER_MAX, `before ${COUNTER_TOO_BIG}`).optional(),
        limit: z.number().int().min(1).max(CHANGES_PAGE_MAX).default(100),
      }),
    )
    .output(out.changes)
    .query(({ ctx, input }) => listChanges(ctx.access, input)),
  facets: assessmentProcedure("viewer")
    .output(out.facets)
    .query(({ ctx }) => changeFacets(ctx.access)),
  timeline: assessmentProcedure("viewer")
    .input(
      z.object({
        assessmentId: zId,
        from: time.optional(),
        to: time.optional(),
        maxPoints: z.number().int().min(10).max(5000).optional(),
      }),
    )
    .output(out.timeline)
    .query(({ ctx, input }) => timelineSeries(ctx.access, input)),
  // Replaying to a moment takes time that grows with the history: off the event loop. The worker
  // checks the caller again on its own connection (a checked access cannot cross threads).
  asOf: assessmentProcedure("viewer")
    .input(z.object({ assessmentId: zId, moment }))
    .output(out.viewAsOfAnswer)
    .query(({ ctx, input }) => offThreadAnswer(ctx.db, "viewAsOf", [ctx.user.id, input.assessmentId, input.moment])),
  compare: assessmentProcedure("viewer")
    .input(z.object({ assessmentId: zId, from: moment.optional(), to: moment.optional() }))
    .output(out.comparison)
    .query(({ ctx, input }) =>
      offThreadAnswer(ctx.db, "compareAsOf", [ctx.user.id, input.assessmentId, input.from, input.to]),
    ),

  baselines: assessmentProcedure("viewer")
    .output(out.baselines)
    .query(({ ctx }) => listBaselines(ctx.access)),
  createBaseline: assessmentProcedure("analyst")
    .input(
      z.object({
        assessmentId: zId,
        name: baselineName,
      }),
    )
    .output(out.baseline)
    .mutation(({ ctx, input }) => createBaseline(ctx.db, ctx.user, input)),
  deleteBaseline: assessmentProcedure("analyst")
    .input(z.object({ assessmentId: zId, baselineId: zId }))
    .output(out.baselines)
    .mutation(({ ctx, input }) => deleteBaseline(ctx.db, ctx.user, input)),

  comments: assessmentProcedure("viewer")
    .output(out.comments)
    .query(({ ctx }) => listComments(ctx.access)),
  addComment: assessmentProcedure("viewer")
    .input(
      z.object({
        assessmentId: zId,
        targetKind: commentTarget,
        targetId: zId,
        parentId: zId.optional(),
        body: newCommentBody,
      }),
    )
    .output(out.comment)
    .mutation(({ ctx, input }) => addComment(ctx.db, ctx.user, input)),
  editComment: assessmentProcedure("viewer")
    .input(
      z.object({
        assessmentId: zId,
        commentId: zId,
        body: commentBody,
      }),
    )
    .output(out.comment)
    .mutation(({ ctx, input }) => editComment(ctx.db, ctx.user, input)),

  resolve: assessmentProcedure("analyst")
    .input(
      z.object({
        assessmentId: zId,
        version: z.number().int().min(1).max(COUNTER_MAX, `The version ${COUNTER_TOO_BIG}`),
        scenarioId: zId,
        resolvedAt: isoDate,
        note: resolutionNote.default(""),
      }),
    )
    .output(out.assessmentView)
    .mutation(async ({ ctx, input }) => await resolveAssessment(ctx.access, ctx.user, input)),
  reopen: assessmentProcedure("analyst")
    .input(
      z.object({
        assessmentId: zId,
        version: z.number().int().min(1).max(COUNTER_MAX, `The version ${COUNTER_TOO_BIG}`),
      }),
    )
    .output(out.assessmentView)
    .mutation(async ({ ctx, input }) => await reopenAssessment(ctx.access, ctx.user, input)),
  score: assessmentProcedure("viewer")
    .output(out.scorecard)
    .query(async ({ ctx }) => await scoreAssessment(ctx.access)),
  calibration: teamProcedure("viewer")
    .output(out.calibration)
    .query(({ ctx }) => teamCalibration(ctx.team)),
});
