// Assessments: list and read (any member), create and archive (analysts and owners).
import { z } from "zod";
import * as assessments from "@/server/assessments/assessments";
import { authedProcedure, createTRPCRouter, zId } from "@/server/trpc";
import { newAssessmentFields } from "@/shared/assessment/schemas";

export const assessmentsRouter = createTRPCRouter({
  list: authedProcedure
    .input(z.object({ teamId: zId, includeArchived: z.boolean().optional() }))
    .query(({ ctx, input }) => assessments.listAssessments(ctx.db, ctx.user.id, input)),
  get: authedProcedure
    .input(z.object({ assessmentId: zId }))
    .query(({ ctx, input }) => assessments.getAssessment(ctx.db, ctx.user.id, input.assessmentId)),
  create: authedProcedure.input(z.object({ teamId: zId, ...newAssessmentFields })).mutation(({ ctx, input }) => {
    const { state } = assessments.createAssessment(ctx.db, ctx.user, input);
    return { id: state.id, version: state.version };
  }),
  setArchived: authedProcedure
    .input(z.object({ assessmentId: zId, version: z.number().int().min(1), archived: z.boolean() }))
    .mutation(({ ctx, input }) => {
      const state = assessments.setArchived(ctx.db, ctx.user, input);
      return { id: state.id, version: state.version, status: state.status };
    }),
});
