// What the procedures answer (docs/api.md), as zod output schemas. Each is tied both ways to the
// type of the domain function it describes: `satisfies z.ZodType<T>` fails when a field of T is
// missing here, and tRPC fails when the function returns what does not fit. Objects are strict,
// so a field a function adds without declaring it here fails loudly rather than being dropped.
// Views that weigh megabytes (a state and the engine's answer on it, a brief, a comparison) are
// declared by type only (`declared`): walking them would cost the event loop what the transformer's
// fast path and the worker threads (shared/transformer.ts, server/offload) exist to save, and an
// answer a worker wrote arrives as a stand-in only the transformer reads.
import { z } from "zod";
import type { AssessmentListItem, AssessmentView } from "@/server/assessments/assessments";
import type { UndoStatus } from "@/server/assessments/undo";
import type { SessionUser } from "@/server/auth";
import type { Brief } from "@/server/export/brief";
import type { BaselineRow } from "@/server/history/baselines";
import type { CommentRow } from "@/server/history/comments";
import type { Comparison } from "@/server/history/compare";
import type { viewAsOf } from "@/server/history/moments";
import type { CalibrationBucket, Scorecard, teamCalibration } from "@/server/history/scores";
import type { ActorFacet, ChangeRow } from "@/server/history/timeline";
import type {
  InvitationRow,
  InvitedAccount,
  InviteResult,
  LinkInvitation,
  MyInvitation,
} from "@/server/teams/invitations";
import type { MemberRow, RemoveMemberResult, TeamSummary } from "@/server/teams/teams";
import type { EditAnswer } from "@/shared/assessment/answer";
import type { Change } from "@/shared/assessment/changes";
import { commentTarget, confidence } from "@/shared/assessment/schemas";
import { ASSESSMENT_STATUSES } from "@/shared/assessment/state";
import { ROLES } from "@/shared/teams";

/** An answer's type, declared without walking it (see the head of this file). */
const declared = <T>() => z.custom<T>(() => true);

/** Any number, as JSON or superjson carries it (a score can be infinite). */
const real = z.custom<number>((v) => typeof v === "number", "Expected a number");
const count = z.number().int();
// Engine figures keyed by scenario id; a series holds thousands of them, so declared, not walked.
const probabilities = declared<Record<string, number>>();
const role = z.enum(ROLES);
const person = z.strictObject({
  id: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  namesake: z.boolean(),
});

// ── setup ────────────────────────────────────────────────────────────────────

export const setupStatus = z.strictObject({ needsFirstAccount: z.boolean() });

// ── teams ────────────────────────────────────────────────────────────────────

export const team = z.strictObject({
  id: z.string(),
  name: z.string(),
  role,
  staleAfterDays: count,
}) satisfies z.ZodType<TeamSummary>;

export const myTeams = z.strictObject({
  teams: z.array(team),
  active: team.nullable(),
  user: z.strictObject({ id: z.string(), name: z.string(), email: z.string() }) satisfies z.ZodType<SessionUser>,
});

export const members = z.array(
  z.strictObject({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role,
    since: z.date(),
  }) satisfies z.ZodType<MemberRow>,
);

export const removedMember = z.union([
  z.strictObject({ left: z.literal(true) }),
  z.strictObject({ left: z.literal(false), members }),
]) satisfies z.ZodType<RemoveMemberResult>;

const invitation = z.strictObject({
  id: z.string(),
  email: z.string(),
  role,
  invitedByName: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date(),
  expired: z.boolean(),
}) satisfies z.ZodType<InvitationRow>;

export const invitations = z.array(invitation);

export const invited = z.strictObject({
  invitation,
  token: z.string(),
  path: z.string(),
}) satisfies z.ZodType<InviteResult>;

const myInvitation = {
  id: z.string(),
  teamName: z.string(),
  role,
  invitedByName: z.string().nullable(),
  expiresAt: z.date(),
};

export const myInvitations = z.array(z.strictObject(myInvitation) satisfies z.ZodType<MyInvitation>);

export const linkInvitation = z.strictObject({
  ...myInvitation,
  email: z.string(),
}) satisfies z.ZodType<LinkInvitation>;

export const invitedAccount = z.strictObject({ email: z.string(), team }) satisfies z.ZodType<InvitedAccount>;

// ── assessments ──────────────────────────────────────────────────────────────

export const assessmentList = z.array(
  z.strictObject({
    id: z.string(),
    title: z.string(),
    keyQuestion: z.string(),
    horizon: z.string(),
    status: z.enum(ASSESSMENT_STATUSES),
    confidence,
    scenarioCount: count,
    indicatorCount: count,
    evidenceCount: count,
    staleIndicatorCount: count,
    lastChange: z.strictObject({ at: z.date(), actorName: z.string(), summary: z.string() }).nullable(),
    leading: z.strictObject({ name: z.string(), probability: real, term: z.string(), color: z.string() }).nullable(),
    level: z.strictObject({ names: z.array(z.string()), probability: real, term: z.string() }).nullable(),
  }) satisfies z.ZodType<AssessmentListItem>,
);

/** The workspace view: the whole state and the engine's answer on it (megabytes on a large assessment). */
export const assessmentView = declared<AssessmentView>();

export const created = z.strictObject({ id: z.string(), version: count });

export const archived = z.strictObject({
  id: z.string(),
  version: count,
  status: z.enum(ASSESSMENT_STATUSES),
});

/** The brief's content model; its evidence list alone grows with the assessment. */
export const brief = declared<Brief>();

// ── workspace ────────────────────────────────────────────────────────────────

/** Every edit's answer: the change as committed, not the state (shared/assessment/answer.ts). */
export const editAnswer = z.strictObject({
  assessmentId: z.string(),
  version: count,
  seq: count,
  at: count,
  // Built by the reducer's own types; a change can carry a whole evidence item and its links.
  change: declared<Change>(),
  probabilities,
}) satisfies z.ZodType<EditAnswer>;

const revertTarget = z.strictObject({ seq: count, summary: z.string() }).nullable();
export const undoStatus = z.strictObject({
  undo: revertTarget,
  redo: revertTarget,
  undoBlocked: z.strictObject({ seq: count, reason: z.string() }).nullable(),
}) satisfies z.ZodType<UndoStatus>;
/** Pairs of evidence ids (a < b) whose "same origin as …?" suggestion was dismissed. */
export const originDismissals = z.strictObject({ pairs: z.array(z.tuple([z.string(), z.string()])) });
// ── history ──────────────────────────────────────────────────────────────────

export const changes = z.strictObject({
  items: z.array(
    z.strictObject({
      seq: count,
      at: z.date(),
      actorName: z.string(),
      actor: person,
      kind: z.string(),
      summary: z.string(),
      rationale: z.string().nullable(),
      probabilities,
      changesState: z.boolean(),
    }) satisfies z.ZodType<ChangeRow>,
  ),
  nextBefore: count.nullable(),
});

export const facets = z.strictObject({
  actors: z.array(person.extend({ key: z.string() }) satisfies z.ZodType<ActorFacet>),
  kinds: z.array(z.string()),
});

export const timeline = z.strictObject({
  points: z.array(z.strictObject({ seq: count, at: count, probabilities })),
  total: count,
});

/** The workspace as of a moment: a whole state, replayed and written on a worker thread. */
export const viewAsOfAnswer = declared<Awaited<ReturnType<typeof viewAsOf>>>();

/** Two moments compared: both states' figures and the changes between, computed on a worker thread. */
export const comparison = declared<Comparison>();

const baseline = z.strictObject({
  id: z.string(),
  name: z.string(),
  eventSeq: count,
  createdAt: z.date(),
}) satisfies z.ZodType<BaselineRow>;

export { baseline };
export const baselines = z.array(baseline);

export const comment = z.strictObject({
  id: z.string(),
  targetKind: commentTarget,
  targetId: z.string(),
  parentId: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  author: person,
  body: z.string(),
  createdAt: z.date(),
  editedAt: z.date().nullable(),
}) satisfies z.ZodType<CommentRow>;

export const comments = z.array(comment);

export const scorecard = z.strictObject({
  resolvedScenarioId: z.string(),
  resolvedScenarioName: z.string(),
  resolvedAt: z.string(),
  note: z.string().nullable(),
  final: z.strictObject({ probability: real, brier: real, logScore: real, probabilities }),
  timeWeightedBrier: real,
  series: z.array(z.strictObject({ at: count, probability: real })),
  postMortem: z.array(
    z.strictObject({
      indicatorId: z.string(),
      name: z.string(),
      weight: real,
      presence: real,
      contribution: real,
      pointedToward: z.boolean().nullable(),
    }),
  ),
}) satisfies z.ZodType<Scorecard>;

export const calibration = z.strictObject({
  assessments: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      resolvedAt: z.string(),
      resolvedScenarioName: z.string(),
      finalProbability: real,
      brier: real,
      logScore: real,
      timeWeightedBrier: real,
    }),
  ),
  calibration: z.array(
    z.strictObject({
      from: real,
      to: real,
      count,
      meanForecast: real.nullable(),
      observedFrequency: real.nullable(),
    }) satisfies z.ZodType<CalibrationBucket>,
  ),
}) satisfies z.ZodType<Awaited<ReturnType<typeof teamCalibration>>>;
