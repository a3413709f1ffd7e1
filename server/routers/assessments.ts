// Assessments: list and read (any member), create and archive (analysts and owners).
import { z } from "zod";
import * as assessments from "@/server/assessments/assessments";
import { authedProcedure, createTRPCRouter, zId } from "@/server/trpc";

export const isoDate = z
  .string({ error: "Give a date as YYYY-MM-DD" })
  // abort: a malformed date gets one message, not also "does not exist".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Give a date as YYYY-MM-DD", abort: true })
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "That date does not exist",
    },
  );

export const priorSchema = z
  .number({ error: "A prior must be a number greater than 0" })
  .refine(Number.isFinite, "A prior must be a finite number")
  .gt(0, "A prior must be greater than 0")
  .max(1e6, "A prior is at most 1,000,000");

export const assessmentsRouter = createTRPCRouter({
  list: authedProcedure
    .input(z.object({ teamId: zId, includeArchived: z.boolean().optional() }))
    .query(({ ctx, input }) => assessments.listAssessments(ctx.db, ctx.user.id, input)),
  get: authedProcedure
    .input(z.object({ assessmentId: zId }))
    .query(({ ctx, input }) => assessments.getAssessment(ctx.db, ctx.user.id, input.assessmentId)),
  create: authedProcedure
    .input(
      z.object({
        teamId: zId,
        title: z.string().trim().min(1, "Give the assessment a title").max(200, "A title is at most 200 characters"),
        keyQuestion: z
          .string()
          .trim()
          .min(1, "State the key question the assessment answers")
          .max(1000, "The key question is at most 1,000 characters"),
        horizon: isoDate,
        confidence: z.enum(["low", "moderate", "high"], { error: "Confidence is low, moderate or high" }),
        handling: z.string().trim().max(200, "The handling marking is at most 200 characters").optional(),
        scenarios: z
          .array(
            z.object({
              name: z.string().trim().min(1, "Name the scenario").max(120, "A scenario name is at most 120 characters"),
              description: z.string().trim().max(2000, "A description is at most 2,000 characters").optional(),
              prior: priorSchema,
            }),
          )
          .min(2, "Define at least two scenarios")
          .max(12, "At most 12 scenarios"),
      }),
    )
    .mutation(({ ctx, input }) => {
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
