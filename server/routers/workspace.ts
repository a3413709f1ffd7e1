// The analyst's workspace: every edit of an assessment's scenarios, indicators and evidence,
// plus the live-change subscription. Each edit carries the version it was based on.
import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";
import { requireAssessmentRole } from "@/server/access";
import { httpUrl } from "@/server/assessments/source-url";
import * as workspace from "@/server/assessments/workspace";
import { type Credibility, LIKELIHOOD_MAX, LIKELIHOOD_MIN, RATING_KEYS, RELIABILITY_GRADES } from "@/server/engine";
import { DomainError } from "@/server/errors";
import { type AssessmentChangeNotice, onAssessmentChange } from "@/server/live";
import { asTRPCError, authedProcedure, createTRPCRouter, zId } from "@/server/trpc";
import { isoDate, priorSchema } from "./assessments";

/** How often an open live stream re-checks its session and access when no notice arrives. */
export const STREAM_RECHECK_MS = 5_000;

const base = {
  assessmentId: zId,
  version: z.number({ error: "Send the assessment version your change is based on" }).int().min(1),
  rationale: z.string().trim().max(500, "Keep the rationale to one line (at most 500 characters)").optional(),
};

const name = (what: string, max: number) =>
  z.string().trim().min(1, `Give the ${what} a name`).max(max, `A ${what} name is at most ${max} characters`);
const description = z.string().trim().max(2000, "A description is at most 2,000 characters");
const weight = z
  .number({ error: "The weight must be a number from 0 to 1" })
  .min(0, "The weight must be at least 0")
  .max(1, "The weight must be at most 1 (100 %)");
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Give a colour as #RRGGBB");
const index = z
  .number({ error: "Give the new position as a number" })
  .int("Give a whole position")
  .min(0, "A position is at least 0")
  .max(10_000, "A position is at most 10,000");
export const expectation = z.union(
  [
    z.enum(RATING_KEYS),
    z
      .number()
      .min(LIKELIHOOD_MIN, `An exact likelihood is at least ${LIKELIHOOD_MIN}`)
      .max(LIKELIHOOD_MAX, `An exact likelihood is at most ${LIKELIHOOD_MAX}`),
  ],
  {
    error: "Rate as highly_likely, likely, could, unlikely or highly_unlikely, or give a likelihood from 0.01 to 0.99",
  },
);
const direction = z.union([z.literal(1), z.literal(-1)], {
  error: "Direction is 1 (indicates present) or -1 (indicates absent)",
});
// An empty address clears it; anything else must be a web address a link may point at.
const sourceUrl = z
  .string()
  .trim()
  .transform((s) => s || null)
  .pipe(httpUrl.nullable())
  .nullable();
const evidenceFields = {
  title: z.string().trim().min(1, "Give the evidence a title").max(300, "A title is at most 300 characters"),
  summary: z.string().trim().max(5000, "A summary is at most 5,000 characters").optional(),
  sourceName: z.string().trim().min(1, "Name the source").max(300, "A source name is at most 300 characters"),
  sourceUrl: sourceUrl.optional(),
  sourceKind: z.enum(["imagery", "official_statement", "media", "expert", "report", "other"], {
    error: "Source kind is imagery, official_statement, media, expert, report or other",
  }),
  reliability: z.enum(RELIABILITY_GRADES, { error: "Source reliability is a letter from A to F" }),
  credibility: z
    .number({ error: "Information credibility is a number from 1 to 6" })
    .int("Information credibility is a whole number from 1 to 6")
    .min(1, "Information credibility is a number from 1 to 6")
    .max(6, "Information credibility is a number from 1 to 6")
    .transform((v) => v as Credibility),
  observedAt: isoDate,
};

export const workspaceRouter = createTRPCRouter({
  updateAssessment: authedProcedure
    .input(
      z.object({
        ...base,
        title: z
          .string()
          .trim()
          .min(1, "Give the assessment a title")
          .max(200, "A title is at most 200 characters")
          .optional(),
        keyQuestion: z
          .string()
          .trim()
          .min(1, "State the key question")
          .max(1000, "The key question is at most 1,000 characters")
          .optional(),
        horizon: isoDate.optional(),
        confidence: z.enum(["low", "moderate", "high"], { error: "Confidence is low, moderate or high" }).optional(),
        handling: z.string().trim().max(200, "The handling marking is at most 200 characters").optional(),
      }),
    )
    .mutation(({ ctx, input }) => workspace.updateAssessmentFields(ctx.db, ctx.user, input)),

  addScenario: authedProcedure
    .input(
      z.object({
        ...base,
        name: name("scenario", 120),
        description: description.optional(),
        prior: priorSchema,
        color: colour.optional(),
      }),
    )
    .mutation(({ ctx, input }) => workspace.addScenario(ctx.db, ctx.user, input)),
  updateScenario: authedProcedure
    .input(
      z.object({
        ...base,
        scenarioId: zId,
        name: name("scenario", 120).optional(),
        description: description.optional(),
        prior: priorSchema.optional(),
        color: colour.optional(),
      }),
    )
    .mutation(({ ctx, input }) => workspace.updateScenario(ctx.db, ctx.user, input)),
  moveScenario: authedProcedure
    .input(z.object({ ...base, scenarioId: zId, toIndex: index }))
    .mutation(({ ctx, input }) => workspace.moveScenario(ctx.db, ctx.user, input)),
  setScenarioArchived: authedProcedure
    .input(z.object({ ...base, scenarioId: zId, archived: z.boolean() }))
    .mutation(({ ctx, input }) => workspace.setScenarioArchived(ctx.db, ctx.user, input)),

  addIndicator: authedProcedure
    .input(
      z.object({
        ...base,
        name: name("indicator", 200),
        description: description.optional(),
        weight: weight.default(1),
        expectations: z.record(zId, expectation),
      }),
    )
    .mutation(({ ctx, input }) => workspace.addIndicator(ctx.db, ctx.user, input)),
  updateIndicator: authedProcedure
    .input(
      z.object({
        ...base,
        indicatorId: zId,
        name: name("indicator", 200).optional(),
        description: description.optional(),
        weight: weight.optional(),
      }),
    )
    .mutation(({ ctx, input }) => workspace.updateIndicator(ctx.db, ctx.user, input)),
  setExpectation: authedProcedure
    .input(z.object({ ...base, indicatorId: zId, scenarioId: zId, expectation }))
    .mutation(({ ctx, input }) => workspace.setExpectation(ctx.db, ctx.user, input)),
  setPresence: authedProcedure
    .input(
      z
        .object({
          ...base,
          indicatorId: zId,
          presence: z.number().min(0, "Presence is at least 0").max(1, "Presence is at most 1").nullable(),
          overrideRationale: z.string().trim().max(500, "Keep the rationale under 500 characters").optional(),
        })
        .refine((v) => v.presence === null || (v.overrideRationale ?? "").length > 0, {
          path: ["overrideRationale"],
          message: "Say why you override the presence derived from evidence",
        }),
    )
    .mutation(({ ctx, input }) => workspace.setPresence(ctx.db, ctx.user, input)),
  moveIndicator: authedProcedure
    .input(z.object({ ...base, indicatorId: zId, toIndex: index }))
    .mutation(({ ctx, input }) => workspace.moveIndicator(ctx.db, ctx.user, input)),
  reviewIndicator: authedProcedure
    .input(z.object({ ...base, indicatorId: zId }))
    .mutation(({ ctx, input }) => workspace.reviewIndicator(ctx.db, ctx.user, input)),
  deleteIndicator: authedProcedure
    .input(z.object({ ...base, indicatorId: zId }))
    .mutation(({ ctx, input }) => workspace.deleteIndicator(ctx.db, ctx.user, input)),

  addEvidence: authedProcedure
    .input(
      z.object({
        ...base,
        ...evidenceFields,
        links: z.array(z.object({ indicatorId: zId, direction })).max(300, "At most 300 links per item"),
      }),
    )
    .mutation(({ ctx, input }) => workspace.addEvidence(ctx.db, ctx.user, input)),
  updateEvidence: authedProcedure
    .input(
      z.object({
        ...base,
        evidenceId: zId,
        title: evidenceFields.title.optional(),
        summary: evidenceFields.summary,
        sourceName: evidenceFields.sourceName.optional(),
        sourceUrl: evidenceFields.sourceUrl,
        sourceKind: evidenceFields.sourceKind.optional(),
        reliability: evidenceFields.reliability.optional(),
        credibility: evidenceFields.credibility.optional(),
        observedAt: evidenceFields.observedAt.optional(),
      }),
    )
    .mutation(({ ctx, input }) => workspace.updateEvidence(ctx.db, ctx.user, input)),
  linkEvidence: authedProcedure
    .input(z.object({ ...base, evidenceId: zId, indicatorId: zId, direction }))
    .mutation(({ ctx, input }) => workspace.linkEvidence(ctx.db, ctx.user, input)),
  unlinkEvidence: authedProcedure
    .input(z.object({ ...base, evidenceId: zId, indicatorId: zId }))
    .mutation(({ ctx, input }) => workspace.unlinkEvidence(ctx.db, ctx.user, input)),
  deleteEvidence: authedProcedure
    .input(z.object({ ...base, evidenceId: zId }))
    .mutation(({ ctx, input }) => workspace.deleteEvidence(ctx.db, ctx.user, input)),

  /**
   * Server-sent events: one notice per committed change of the assessment, for any member. A notice
   * carries the change itself (evidence text included), so membership is checked again before each
   * one: someone removed from the team while the stream is open gets NOT_FOUND, not the next edit.
   */
  onChange: authedProcedure
    .input(z.object({ assessmentId: zId }))
    // Checked before the stream opens, so a stranger gets NOT_FOUND rather than a broken stream.
    .use(({ ctx, input, next }) => {
      requireAssessmentRole(ctx.db, ctx.user.id, input.assessmentId);
      return next();
    })
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
          requireAssessmentRole(ctx.db, ctx.user.id, input.assessmentId);
        } catch (error) {
          // Thrown while streaming, past the middleware that maps domain errors.
          throw error instanceof DomainError ? asTRPCError(error) : error;
        }
      };
      const onAbort = () => wake?.();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
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
