// Assessments: list and read, and the brief of any moment (any member); create and archive
// (analysts and owners).
import { z } from "zod";
import * as assessments from "@/server/assessments/assessments";
import { buildBrief } from "@/server/export/brief";
import * as out from "@/server/routers/outputs";
import { assessmentProcedure, createTRPCRouter, teamProcedure, zId } from "@/server/trpc";
import { newAssessmentFields } from "@/shared/assessment/schemas";

export const assessmentsRouter = createTRPCRouter({
  list: teamProcedure("viewer")
    .input(z.object({ teamId: zId, includeArchived: z.boolean().optional() }))
    .output(out.assessmentList)
    .query(({ ctx, input }) => assessments.listAssessments(ctx.team, input)),
  get: assessmentProcedure("viewer")
    .output(out.assessmentView)
    .query(({ ctx }) => assessments.getAssessment(ctx.access)),
  /**
   * The brief as the brief page shows it: as of a moment (`asOf`, default now), measured against
   * `baselineId` (default the latest baseline before that moment). The moment and baseline are
   * taken as the page's address gives them; what cannot be shown is refused with its reason.
   */
  brief: assessmentProcedure("viewer")
    .input(
      z.object({
        assessmentId: zId,
        asOf: z.union([z.object({ at: z.string() }), z.object({ seq: z.number() })]).optional(),
        baselineId: z.string().optional(),
      }),
    )
    .output(out.brief)
    .query(({ ctx, input }) => buildBrief(ctx.access, { asOf: input.asOf, baselineId: input.baselineId })),
  create: teamProcedure("analyst")
    .input(z.object({ teamId: zId, ...newAssessmentFields }))
    .output(out.created)
    .mutation(({ ctx, input }) => {
      const { state } = assessments.createAssessment(ctx.db, ctx.user, input);
      return { id: state.id, version: state.version };
    }),
  setArchived: assessmentProcedure("analyst")
    .input(z.object({ assessmentId: zId, version: z.number().int().min(1), archived: z.boolean() }))
    .output(out.archived)
    .mutation(({ ctx, input }) => {
      const state = assessments.setArchived(ctx.db, ctx.user, input);
      return { id: state.id, version: state.version, status: state.status };
    }),
});
