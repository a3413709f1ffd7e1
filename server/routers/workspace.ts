// The analyst's workspace: every edit of an assessment's scenarios, indicators and evidence,
// plus the live-change subscription. Each edit carries the version it was based on.
import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";
import { requireAssessmentRole } from "@/server/access";
import { missedSince } from "@/server/assessments/catch-up";
import * as undo from "@/server/assessments/undo";
import * as workspace from "@/server/assessments/workspace";
import { type AssessmentChangeNotice, onAssessmentChange } from "@/server/live";
import * as out from "@/server/routers/outputs";
import { assessmentProcedure, asTRPCError, createTRPCRouter, zId } from "@/server/trpc";
import {
  colour,
  confidence,
  description,
  direction,
  evidenceFields,
  evidenceLinks,
  expectation,
  handling,
  indicatorName,
  isoDate,
  keyQuestion,
  OVERRIDE_WITHOUT_RATIONALE,
  origin,
  overrideRationale,
  position,
  presence,
  priorSchema,
  rationale,
  scenarioName,
  title,
  weight,
} from "@/shared/assessment/schemas";
import { DomainError } from "@/shared/errors";
import { COUNTER_MAX, COUNTER_TOO_BIG } from "@/shared/limits";

/** How often an open live stream re-checks its session and access when no notice arrives. */
export const STREAM_RECHECK_MS = 5_000;

const base = {
  assessmentId: zId,
  version: z
    .number({ error: "Send the assessment version your change is based on" })
    .int()
    .min(1)
    .max(COUNTER_MAX, `The version ${COUNTER_TOO_BIG}`),
  rationale: rationale.optional(),
};

export const workspaceRouter = createTRPCRouter({
  updateAssessment: assessmentProcedure("analyst")
    .input(
      z.object({
        ...base,
        title: title.optional(),
        keyQuestion: keyQuestion.optional(),
        horizon: isoDate.optional(),
        confidence: confidence.optional(),
        handling: handling.optional(),
      }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.updateAssessmentFields(ctx.access, ctx.user, input)),

  addScenario: assessmentProcedure("analyst")
    .input(
      z.object({
        ...base,
        name: scenarioName,
        description: description.optional(),
        prior: priorSchema,
        color: colour.optional(),
      }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.addScenario(ctx.access, ctx.user, input)),
  updateScenario: assessmentProcedure("analyst")
    .input(
      z.object({
        ...base,
        scenarioId: zId,
        name: scenarioName.optional(),
        description: description.optional(),
        prior: priorSchema.optional(),
        color: colour.optional(),
      }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.updateScenario(ctx.access, ctx.user, input)),
  moveScenario: assessmentProcedure("analyst")
    .input(z.object({ ...base, scenarioId: zId, toIndex: position }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.moveScenario(ctx.access, ctx.user, input)),
  setScenarioArchived: assessmentProcedure("analyst")
    .input(z.object({ ...base, scenarioId: zId, archived: z.boolean() }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.setScenarioArchived(ctx.access, ctx.user, input)),

  addIndicator: assessmentProcedure("analyst")
    .input(
      z.object({
        ...base,
        name: indicatorName,
        description: description.optional(),
        weight: weight.default(1),
        expectations: z.record(zId, expectation),
      }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.addIndicator(ctx.access, ctx.user, input)),
  updateIndicator: assessmentProcedure("analyst")
    .input(
      z.object({
        ...base,
        indicatorId: zId,
        name: indicatorName.optional(),
        description: description.optional(),
        weight: weight.optional(),
      }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.updateIndicator(ctx.access, ctx.user, input)),
  setExpectation: assessmentProcedure("analyst")
    .input(z.object({ ...base, indicatorId: zId, scenarioId: zId, expectation }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.setExpectation(ctx.access, ctx.user, input)),
  setPresence: assessmentProcedure("analyst")
    .input(
      z
        .object({
          ...base,
          indicatorId: zId,
          presence: presence.nullable(),
          overrideRationale: overrideRationale.optional(),
        })
        .refine((v) => v.presence === null || (v.overrideRationale ?? "").length > 0, {
          path: ["overrideRationale"],
          message: OVERRIDE_WITHOUT_RATIONALE,
        }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.setPresence(ctx.access, ctx.user, input)),
  moveIndicator: assessmentProcedure("analyst")
    .input(z.object({ ...base, indicatorId: zId, toIndex: position }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.moveIndicator(ctx.access, ctx.user, input)),
  reviewIndicator: assessmentProcedure("analyst")
    .input(z.object({ ...base, indicatorId: zId }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.reviewIndicator(ctx.access, ctx.user, input)),
  deleteIndicator: assessmentProcedure("analyst")
    .input(z.object({ ...base, indicatorId: zId }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.deleteIndicator(ctx.access, ctx.user, input)),

  addEvidence: assessmentProcedure("analyst")
    .input(
      z.object({
        ...base,
        ...evidenceFields,
        summary: evidenceFields.summary.optional(),
        sourceUrl: evidenceFields.sourceUrl.optional(),
        origin: origin.optional(),
        links: evidenceLinks,
      }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.addEvidence(ctx.access, ctx.user, input)),
  updateEvidence: assessmentProcedure("analyst")
    .input(
      z.object({
        ...base,
        evidenceId: zId,
        title: evidenceFields.title.optional(),
        summary: evidenceFields.summary.optional(),
        sourceName: evidenceFields.sourceName.optional(),
        sourceUrl: evidenceFields.sourceUrl.optional(),
        sourceKind: evidenceFields.sourceKind.optional(),
        reliability: evidenceFields.reliability.optional(),
        credibility: evidenceFields.credibility.optional(),
        observedAt: evidenceFields.observedAt.optional(),
        origin: origin.optional(),
      }),
    )
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.updateEvidence(ctx.access, ctx.user, input)),
  linkEvidence: assessmentProcedure("analyst")
    .input(z.object({ ...base, evidenceId: zId, indicatorId: zId, direction }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.linkEvidence(ctx.access, ctx.user, input)),
  unlinkEvidence: assessmentProcedure("analyst")
    .input(z.object({ ...base, evidenceId: zId, indicatorId: zId }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.unlinkEvidence(ctx.access, ctx.user, input)),
  deleteEvidence: assessmentProcedure("analyst")
    .input(z.object({ ...base, evidenceId: zId }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.deleteEvidence(ctx.access, ctx.user, input)),
  /** Names the original report an item repeats (DESIGN §2.3), or clears it with null or "". */
  setEvidenceOrigin: assessmentProcedure("analyst")
    .input(z.object({ ...base, evidenceId: zId, origin }))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => workspace.setEvidenceOrigin(ctx.access, ctx.user, input)),

  /** Reverts the caller's own last change still in effect, as a new event that names it (viewers cannot). */
  undo: assessmentProcedure("analyst")
    .input(z.object(base))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => undo.undoLastChange(ctx.access, ctx.user, input)),
  /** Reverts the caller's last undo not yet redone, unless they have made another change since. */
  redo: assessmentProcedure("analyst")
    .input(z.object(base))
    .output(out.editAnswer)
    .mutation(({ ctx, input }) => undo.redoLastUndo(ctx.access, ctx.user, input)),
  /** What the caller's undo and redo would revert now, for the buttons' labels. */
  undoStatus: assessmentProcedure("analyst")
    .input(z.object({ assessmentId: zId }))
    .output(out.undoStatus)
    .query(({ ctx }) => undo.undoStatus(ctx.db, ctx.access.userId, ctx.access.assessmentId)),

  /**
   * Server-sent events: one notice per committed change of the assessment, for any member. A notice
   * carries the change itself (evidence text included), so membership is checked again before each
   * one: someone removed from the team while the stream is open gets NOT_FOUND, not the next edit.
   */
  // Checked before the stream opens, so a stranger gets NOT_FOUND rather than a broken stream.
  onChange: assessmentProcedure("viewer")
    .input(
      z.object({
        /** The version the page loaded: a change committed since, before the stream opened, is sent at once. */
        sinceVersion: z.number().int().min(0).max(COUNTER_MAX, `sinceVersion ${COUNTER_TOO_BIG}`).optional(),
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const queue: AssessmentChangeNotice[] = [];
      let wake: (() => void) | null = null;
      const stop = onAssessmentChange(input.assessmentId, (notice) => {
        queue.push(notice);
        wake?.();
      });
      // Access is re-checked before each notice, and the session every few seconds even when
      // nothing happens, so a stream of a revoked session or a removed member ends within
      // STREAM_RECHECK_MS (well inside the 10 s bound on revocation).
      const recheck = async () => {
        if (ctx.sessionStillValid && !(await ctx.sessionStillValid())) {
          throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended: sign in again." });
        }
        try {
          await requireAssessmentRole(ctx.db, ctx.user.id, input.assessmentId);
        } catch (error) {
          // Thrown while streaming, past the middleware that maps domain errors.
          throw error instanceof DomainError ? asTRPCError(error) : error;
        }
      };
      const onAbort = () => wake?.();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        // Listening first, then looking back: nothing committed in between can fall through the gap.
        if (input.sinceVersion !== undefined) {
          const missed = await missedSince(ctx.db, input.assessmentId, input.sinceVersion);
          if (missed && !queue.some((n) => n.version >= missed.version)) queue.unshift(missed);
        }
        while (!signal?.aborted) {
          const notice = queue.shift();
          if (notice) {
            await recheck();
            yield tracked(String(notice.seq), notice);
            continue;
          }
          const timedOut = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(true), STREAM_RECHECK_MS);
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          wake = null;
          if (timedOut) await recheck();
        }
      } finally {
        signal?.removeEventListener("abort", onAbort);
        stop();
      }
    }),
});
