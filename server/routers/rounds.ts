// Team rounds (DESIGN §2.9): opening one, judging privately, the group view, the next round on the
// disputes, and adopting the consensus as one change. Reading is for every member, within what
// server/rounds/privacy.ts lets each see; taking part and running a round is for analysts and owners.
import { z } from "zod";
import { addRoundComment } from "@/server/rounds/comments";
import { saveDraft, submitJudgement } from "@/server/rounds/judge";
import { abandonRound, adoptRound, closeRound } from "@/server/rounds/lifecycle";
import { openNextRound, openRound } from "@/server/rounds/open";
import { sharedMatrix } from "@/server/rounds/shared-matrix";
import { getRound, listRounds, myOpenRounds, roundJudgements } from "@/server/rounds/view";
import * as out from "@/server/routers/outputs";
import { assessmentProcedure, authedProcedure, createTRPCRouter, zId } from "@/server/trpc";
import { expectation, newCommentBody, rationale, weight } from "@/shared/assessment/schemas";
import { COUNTER_MAX, COUNTER_TOO_BIG, ROUND_JUDGEMENT_PAGE } from "@/shared/limits";
import { closesAt, focusCells, judgementPatch, participantIds, roundQuestion } from "@/shared/rounds";

const round = { assessmentId: zId, roundId: zId };

export const roundsRouter = createTRPCRouter({
  list: assessmentProcedure("viewer").query(({ ctx }) => listRounds(ctx.access)),
  get: assessmentProcedure("viewer")
    .input(z.object(round))
    .query(async ({ ctx, input }) => await getRound(ctx.access, input.roundId)),
  /** The shared model's names and ratings without its evidence: what the round page shows beside the judgements. */
  sharedMatrix: assessmentProcedure("viewer").query(async ({ ctx }) => await sharedMatrix(ctx.access)),
  /** The analysts' values on some of the round's indicators: the rows rounds.get leaves out, a page at a time. */
  judgements: assessmentProcedure("viewer")
    .input(
      z.object({
        ...round,
        indicatorIds: z
          .array(zId)
          .min(1, "Ask for at least one indicator of the round")
          .max(
            ROUND_JUDGEMENT_PAGE,
            `Ask for at most ${ROUND_JUDGEMENT_PAGE} indicators at a time: split indicatorIds into pages`,
          ),
      }),
    )
    .query(async ({ ctx, input }) => await roundJudgements(ctx.access, input.roundId, input.indicatorIds)),
  /** The open rounds waiting for the caller, across their teams. */
  mine: authedProcedure.query(({ ctx }) => myOpenRounds(ctx.db, ctx.user.id)),

  open: assessmentProcedure("analyst")
    .input(
      z.object({
        assessmentId: zId,
        indicatorIds: z.array(zId).min(1, "Pick at least one indicator for the round to rate").max(1000).optional(),
        participantIds,
        anonymous: z.boolean().optional(),
        closesAt: closesAt.optional(),
        question: roundQuestion,
      }),
    )
    .mutation(async ({ ctx, input }) => await openRound(ctx.access, ctx.db, ctx.user, input)),
  openNext: assessmentProcedure("analyst")
    .input(
      z.object({
        ...round,
        cells: focusCells,
        participantIds: participantIds.optional(),
        closesAt: closesAt.optional(),
        question: roundQuestion,
      }),
    )
    .mutation(async ({ ctx, input }) => (await openNextRound(ctx.access, ctx.db, ctx.user, input)).round),

  saveDraft: assessmentProcedure("analyst")
    .input(z.object({ ...round, ...judgementPatch }))
    .mutation(async ({ ctx, input }) => await saveDraft(ctx.access, ctx.db, input)),
  submit: assessmentProcedure("analyst")
    .input(z.object({ ...round, ...judgementPatch }))
    .mutation(async ({ ctx, input }) => await submitJudgement(ctx.access, ctx.db, ctx.user.name, input)),

  close: assessmentProcedure("analyst")
    .input(z.object(round))
    .mutation(async ({ ctx, input }) => await closeRound(ctx.access, ctx.db, ctx.user, input.roundId)),
  abandon: assessmentProcedure("analyst")
    .input(z.object(round))
    .mutation(async ({ ctx, input }) => await abandonRound(ctx.access, ctx.db, ctx.user, input.roundId)),
  adopt: assessmentProcedure("analyst")
    .input(
      z.object({
        ...round,
        version: z
          .number({ error: "Send the assessment version the consensus was computed on" })
          .int()
          .min(1)
          .max(COUNTER_MAX, `The version ${COUNTER_TOO_BIG}`),
        rationale: rationale.min(1, "Say why the team's judgement is adopted: the history keeps it"),
        expectations: z.record(zId, z.record(zId, expectation)).optional(),
        weights: z.record(zId, weight).optional(),
      }),
    )
    .output(out.editAnswer)
    .mutation(async ({ ctx, input }) => await adoptRound(ctx.access, ctx.db, ctx.user, input)),

  addComment: assessmentProcedure("viewer")
    .input(
      z.object({
        ...round,
        indicatorId: zId,
        scenarioId: zId.nullable().optional(),
        parentId: zId.optional(),
        body: newCommentBody,
      }),
    )
    .mutation(async ({ ctx, input }) => await addRoundComment(ctx.access, ctx.db, ctx.user, input)),
});
