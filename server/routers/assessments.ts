// Assessments: list and read, and the brief of any moment (any member); create and archive
// (analysts and owners).
import { z } from "zod";
import * as assessments from "@/server/assessments/assessments";
import * as dismissals from "@/server/assessments/origin-dismissals";
import { buildBrief } from "@/server/export/brief";
import { createFromPlan } from "@/server/export/workbook/create";
import * as out from "@/server/routers/outputs";
import { assessmentProcedure, createTRPCRouter, teamProcedure, zId } from "@/server/trpc";
import { matrixPlan } from "@/shared/assessment/matrix-import";
import { newAssessmentFields } from "@/shared/assessment/schemas";
import { COUNTER_MAX, COUNTER_TOO_BIG } from "@/shared/limits";
import { comparedMomentFields, oneComparison } from "@/shared/moment";

const briefInput = z.object({ assessmentId: zId, ...comparedMomentFields }).refine(...oneComparison);

export const assessmentsRouter = createTRPCRouter({
  list: teamProcedure("viewer")
    .input(z.object({ teamId: zId, includeArchived: z.boolean().optional() }))
    .output(out.assessmentList)
    .query(({ ctx, input }) => assessments.listAssessments(ctx.team, input)),
  get: assessmentProcedure("viewer")
    .output(out.assessmentView)
    .query(({ ctx }) => assessments.getAssessment(ctx.access)),
  /**
   * The brief as the brief page shows it: as of a moment (`asOf`, default now), its changes
   * measured from the baseline `compareTo` (`baselineId` is its older name; default the latest
   * baseline before that moment). The page passes what its URL names (shared/moment.ts); what
   * cannot be shown is refused with its reason.
   */
  brief: assessmentProcedure("viewer")
    .input(briefInput)
    .output(out.brief)
    .query(({ ctx, input }) =>
      buildBrief(ctx.access, { asOf: input.asOf, compareTo: input.compareTo ?? input.baselineId }),
    ),
  create: teamProcedure("analyst")
    .input(z.object({ teamId: zId, ...newAssessmentFields }))
    .output(out.created)
    .mutation(async ({ ctx, input }) => {
      const { state } = await assessments.createAssessment(ctx.team, ctx.user, input);
      return { id: state.id, version: state.version };
    }),
  /**
   * A new assessment from a matrix brought in from a spreadsheet (an ACH matrix as the import
   * preview shows it, adjusted by the analyst): scenarios, indicators with their ratings and
   * weights, and evidence, as one change. Counted with the file imports.
   */
  createFromMatrix: teamProcedure("analyst")
    .input(z.object({ teamId: zId, plan: matrixPlan }))
    .output(out.created)
    .mutation(async ({ ctx, input }) => {
      const created = await createFromPlan(
        ctx.db,
        ctx.user,
        input.teamId,
        input.plan,
        "Imported from a spreadsheet matrix",
      );
      return { id: created.id, version: created.version };
    }),
  setArchived: assessmentProcedure("analyst")
    .input(
      z.object({
        assessmentId: zId,
        version: z.number().int().min(1).max(COUNTER_MAX, `The version ${COUNTER_TOO_BIG}`),
        archived: z.boolean(),
      }),
    )
    .output(out.archived)
    .mutation(async ({ ctx, input }) => {
      const state = await assessments.setArchived(ctx.access, ctx.user, input);
      return { id: state.id, version: state.version, status: state.status };
    }),
  /** The "same origin as …?" suggestions dismissed on this assessment, as pairs of evidence ids. */
  originDismissals: assessmentProcedure("viewer")
    .input(z.object({ assessmentId: zId }))
    .output(out.originDismissals)
    .query(({ ctx }) => dismissals.originDismissals(ctx.access)),
  /** Remembers that two items are not copies of one report, so the suggestion is not asked again. */
  dismissOriginSuggestion: assessmentProcedure("analyst")
    .input(z.object({ assessmentId: zId, evidenceId: zId, otherId: zId }))
    .output(out.originDismissals)
    .mutation(({ ctx, input }) => dismissals.dismissOriginSuggestion(ctx.access, input)),
});
