// The whole Signpost data model (DESIGN §1) plus better-auth's tables, as one Drizzle schema.
// Current-state tables are a projection of the append-only `events` table; both are written
// in the same transaction by server/assessments/commit.ts.
// Enums and limits come from shared/ (the engine, the assessment state, shared/limits.ts): the CHECKs
// below are built from them, spelled as the migrations spell them, so `npm run db:generate` finds
// nothing to migrate unless a limit really changed.
import { type SQL, sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { EventPayload, Probabilities, SeriesPoint } from "@/shared/assessment/event-log";
import {
  ASSESSMENT_STATUSES,
  type AssessmentState,
  COMMENT_TARGETS,
  CONFIDENCE_LEVELS,
  DIRECTIONS,
  SOURCE_KINDS,
} from "@/shared/assessment/state";
import { CREDIBILITY_GRADES, LIKELIHOOD_MAX, LIKELIHOOD_MIN, RATING_KEYS, RELIABILITY_GRADES } from "@/shared/engine";
import {
  BASELINE_NAME_MAX,
  COMMENT_MAX,
  EMAIL_MAX,
  EMAIL_MIN,
  EVIDENCE_TITLE_MAX,
  INDICATOR_NAME_MAX,
  JUDGEMENT_REASON_MAX,
  KEY_QUESTION_MAX,
  ORIGIN_MAX,
  ROUND_QUESTION_MAX,
  SCENARIO_NAME_MAX,
  SHARE_MAX,
  SHARE_MIN,
  STALE_AFTER_DAYS_DEFAULT,
  STALE_AFTER_DAYS_MAX,
  STALE_AFTER_DAYS_MIN,
  TEAM_NAME_MAX,
  TITLE_MAX,
} from "@/shared/limits";
import { ROUND_STATUSES } from "@/shared/rounds";
import { INVITATION_STATUSES, ROLES } from "@/shared/teams";

/** A number inside a CHECK, written into the SQL (a bound parameter cannot stand in DDL). */
const n = (value: number): SQL => sql.raw(String(value));
/** The values of an enum as a CHECK lists them: 'a', 'b', 'c'. */
const list = (values: readonly (string | number)[]): SQL =>
  sql.raw(values.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", "));

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

// ── 1. Accounts (better-auth) ────────────────────────────────────────────────

export const user = sqliteTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
  image: text("image"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
});

export const session = sqliteTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    token: text("token").notNull().unique(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

export const account = sqliteTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: integer("access_token_expires_at", { mode: "timestamp_ms" }),
    refreshTokenExpiresAt: integer("refresh_token_expires_at", { mode: "timestamp_ms" }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("account_user_idx").on(t.userId)],
);

export const verification = sqliteTable("verification", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
});

export const rateLimit = sqliteTable("rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: integer("last_request").notNull(),
});

/**
 * better-auth's per-address request counters (its `rateLimit.storage: "database"`), shared by every
 * instance. A table of its own: better-auth prunes rows older than its longest window, which would
 * drop the longer windows server/rate-limit.ts keeps in `rate_limit`.
 */
export const authRateLimit = sqliteTable("auth_rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: integer("last_request").notNull(),
});

// ── 2. Teams and members ─────────────────────────────────────────────────────

export const teams = sqliteTable(
  "teams",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    staleAfterDays: integer("stale_after_days").notNull().default(STALE_AFTER_DAYS_DEFAULT),
    createdAt: createdAt(),
  },
  (t) => [
    check("teams_name_len", sql`length(${t.name}) between 1 and ${n(TEAM_NAME_MAX)}`),
    check(
      "teams_stale_range",
      sql`${t.staleAfterDays} between ${n(STALE_AFTER_DAYS_MIN)} and ${n(STALE_AFTER_DAYS_MAX)}`,
    ),
  ],
);

export const members = sqliteTable(
  "members",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index("members_user_idx").on(t.userId),
    check("members_role", sql`${t.role} in (${list(ROLES)})`),
  ],
);

/**
 * An owner's offer of a place in a team, which the invitee accepts or declines: adding a person
 * never makes them a member without their consent. The link's token is kept only as its SHA-256
 * hash; at most one invitation per team and address is pending.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    /** Lower-case, trimmed: compared with the account's email, which better-auth stores lower-case. */
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    invitedBy: text("invited_by").references(() => user.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull().unique(),
    status: text("status", { enum: INVITATION_STATUSES }).notNull().default("pending"),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("invitations_email_idx").on(t.email, t.status),
    index("invitations_team_idx").on(t.teamId, t.status),
    uniqueIndex("invitations_pending_uq").on(t.teamId, t.email).where(sql`status = 'pending'`),
    check("invitations_role", sql`${t.role} in (${list(ROLES)})`),
    check("invitations_status", sql`${t.status} in (${list(INVITATION_STATUSES)})`),
    check(
      "invitations_email",
      sql`length(${t.email}) between ${n(EMAIL_MIN)} and ${n(EMAIL_MAX)} and ${t.email} = lower(trim(${t.email}))`,
    ),
    check("invitations_token_hash", sql`length(${t.tokenHash}) = 64`),
    check("invitations_expiry", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

/** Per-user preferences that outlive a session: the team the user last worked in. */
export const userState = sqliteTable("user_state", {
  userId: text("user_id")
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  activeTeamId: text("active_team_id").references(() => teams.id, { onDelete: "set null" }),
});

// ── 3. Assessments and their parts ───────────────────────────────────────────

export const assessments = sqliteTable(
  "assessments",
  {
    id: text("id").primaryKey(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    keyQuestion: text("key_question").notNull(),
    /** ISO date, YYYY-MM-DD. */
    horizon: text("horizon").notNull(),
    confidence: text("confidence", { enum: CONFIDENCE_LEVELS }).notNull(),
    handling: text("handling").notNull().default(""),
    status: text("status", { enum: ASSESSMENT_STATUSES }).notNull().default("active"),
    resolvedScenarioId: text("resolved_scenario_id"),
    resolvedAt: text("resolved_at"),
    resolutionNote: text("resolution_note"),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("assessments_team_idx").on(t.teamId),
    check("assessments_title_len", sql`length(${t.title}) between 1 and ${n(TITLE_MAX)}`),
    check("assessments_question_len", sql`length(${t.keyQuestion}) between 1 and ${n(KEY_QUESTION_MAX)}`),
    check("assessments_confidence", sql`${t.confidence} in (${list(CONFIDENCE_LEVELS)})`),
    check("assessments_status", sql`${t.status} in (${list(ASSESSMENT_STATUSES)})`),
    check("assessments_version", sql`${t.version} >= 1`),
  ],
);

export const scenarios = sqliteTable(
  "scenarios",
  {
    id: text("id").primaryKey(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    prior: real("prior").notNull(),
    color: text("color").notNull(),
    position: integer("position").notNull(),
    archived: integer("archived", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("scenarios_position_uq").on(t.assessmentId, t.position),
    check("scenarios_prior", sql`${t.prior} > 0`),
    check("scenarios_name_len", sql`length(${t.name}) between 1 and ${n(SCENARIO_NAME_MAX)}`),
    check(
      "scenarios_color",
      sql`${t.color} glob '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'`,
    ),
  ],
);

export const indicators = sqliteTable(
  "indicators",
  {
    id: text("id").primaryKey(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    weight: real("weight").notNull().default(1),
    presenceOverride: real("presence_override"),
    overrideRationale: text("override_rationale"),
    position: integer("position").notNull(),
    lastReviewedAt: integer("last_reviewed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("indicators_position_uq").on(t.assessmentId, t.position),
    check("indicators_weight", sql`${t.weight} between ${n(SHARE_MIN)} and ${n(SHARE_MAX)}`),
    check(
      "indicators_override",
      sql`${t.presenceOverride} is null or (${t.presenceOverride} between ${n(SHARE_MIN)} and ${n(SHARE_MAX)} and length(${t.overrideRationale}) > 0)`,
    ),
    check("indicators_name_len", sql`length(${t.name}) between 1 and ${n(INDICATOR_NAME_MAX)}`),
  ],
);

export const expectations = sqliteTable(
  "expectations",
  {
    indicatorId: text("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    scenarioId: text("scenario_id")
      .notNull()
      .references(() => scenarios.id, { onDelete: "cascade" }),
    rating: text("rating", { enum: RATING_KEYS }),
    likelihood: real("likelihood"),
  },
  (t) => [
    primaryKey({ columns: [t.indicatorId, t.scenarioId] }),
    index("expectations_scenario_idx").on(t.scenarioId),
    check(
      "expectations_value",
      sql`(${t.rating} is not null and ${t.likelihood} is null and ${t.rating} in (${list(RATING_KEYS)}))
        or (${t.rating} is null and ${t.likelihood} between ${n(LIKELIHOOD_MIN)} and ${n(LIKELIHOOD_MAX)})`,
    ),
  ],
);

export const evidence = sqliteTable(
  "evidence",
  {
    id: text("id").primaryKey(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    sourceName: text("source_name").notNull(),
    sourceUrl: text("source_url"),
    sourceKind: text("source_kind", { enum: SOURCE_KINDS }).notNull(),
    reliability: text("reliability", { enum: RELIABILITY_GRADES }).notNull(),
    credibility: integer("credibility").notNull(),
    /** ISO date, YYYY-MM-DD: when it happened or was reported. */
    observedAt: text("observed_at").notNull(),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    lastReviewedAt: integer("last_reviewed_at", { mode: "timestamp_ms" }).notNull(),
    /** The original report the item repeats (DESIGN §2.3); null: it is its own report. */
    origin: text("origin"),
  },
  (t) => [
    index("evidence_assessment_idx").on(t.assessmentId),
    check("evidence_origin_len", sql`${t.origin} is null or length(${t.origin}) between 1 and ${n(ORIGIN_MAX)}`),
    check("evidence_reliability", sql`${t.reliability} in (${list(RELIABILITY_GRADES)})`),
    check(
      "evidence_credibility",
      sql`${t.credibility} between ${n(Math.min(...CREDIBILITY_GRADES))} and ${n(Math.max(...CREDIBILITY_GRADES))}`,
    ),
    check("evidence_kind", sql`${t.sourceKind} in (${list(SOURCE_KINDS)})`),
    check("evidence_title_len", sql`length(${t.title}) between 1 and ${n(EVIDENCE_TITLE_MAX)}`),
  ],
);

/**
 * "Not the same origin": an analyst dismissed Signpost's suggestion that two evidence items repeat one
 * report, so it is not asked again. Advice remembered beside the assessment, not a change of it: no
 * event, no version, and it travels in no export. The pair is kept in code-unit order (a < b); an id
 * of an item since deleted simply matches nothing.
 */
export const originDismissals = sqliteTable(
  "origin_dismissals",
  {
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    evidenceA: text("evidence_a").notNull(),
    evidenceB: text("evidence_b").notNull(),
    dismissedBy: text("dismissed_by").references(() => user.id, { onDelete: "set null" }),
    dismissedAt: integer("dismissed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.evidenceA, t.evidenceB] }),
    check("origin_dismissals_order", sql`${t.evidenceA} < ${t.evidenceB}`),
  ],
);

export const evidenceLinks = sqliteTable(
  "evidence_links",
  {
    evidenceId: text("evidence_id")
      .notNull()
      .references(() => evidence.id, { onDelete: "cascade" }),
    indicatorId: text("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    direction: integer("direction").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.evidenceId, t.indicatorId] }),
    index("evidence_links_indicator_idx").on(t.indicatorId),
    check("evidence_links_direction", sql`${t.direction} in (${list([...DIRECTIONS].sort((a, b) => a - b))})`),
  ],
);

// ── 4. History ───────────────────────────────────────────────────────────────

/** Append-only: triggers in the migrations refuse UPDATE and DELETE. */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    seq: integer("seq").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    kind: text("kind").notNull(),
    rationale: text("rationale"),
    /** JSON: { change, before, summary, version } — the change replays the event; before is what it replaced. */
    payload: text("payload", { mode: "json" }).$type<EventPayload>().notNull(),
    /** JSON: scenario id → probability right after the event. */
    probabilities: text("probabilities", { mode: "json" }).$type<Probabilities>().notNull(),
  },
  (t) => [uniqueIndex("events_seq_uq").on(t.assessmentId, t.seq), check("events_seq", sql`${t.seq} >= 1`)],
);

export const baselines = sqliteTable(
  "baselines",
  {
    id: text("id").primaryKey(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    eventSeq: integer("event_seq").notNull(),
    createdAt: createdAt(),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    index("baselines_assessment_idx").on(t.assessmentId),
    check("baselines_name_len", sql`length(${t.name}) between 1 and ${n(BASELINE_NAME_MAX)}`),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    targetKind: text("target_kind", { enum: COMMENT_TARGETS }).notNull(),
    targetId: text("target_id").notNull(),
    parentId: text("parent_id"),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("comments_target_idx").on(t.assessmentId, t.targetKind, t.targetId),
    check("comments_target_kind", sql`${t.targetKind} in (${list(COMMENT_TARGETS)})`),
    check("comments_body_len", sql`length(${t.body}) between 1 and ${n(COMMENT_MAX)}`),
  ],
);

/** Snapshots of an assessment's state every few hundred events, so the as-of view never replays from the start. */
export const checkpoints = sqliteTable(
  "checkpoints",
  {
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    seq: integer("seq").notNull(),
    state: text("state", { mode: "json" }).$type<AssessmentState>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.seq] })],
);

/**
 * Pre-summarised probability series: for each completed block of events, its first and last point
 * and every scenario's peak and trough, so the timeline never reads 100,000 events.
 */
export const seriesBlocks = sqliteTable(
  "series_blocks",
  {
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    firstSeq: integer("first_seq").notNull(),
    lastSeq: integer("last_seq").notNull(),
    firstAt: integer("first_at", { mode: "timestamp_ms" }).notNull(),
    lastAt: integer("last_at", { mode: "timestamp_ms" }).notNull(),
    /** JSON: [{ seq, at, probabilities }] — the block's representative points. */
    points: text("points", { mode: "json" }).$type<SeriesPoint[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.firstSeq] })],
);

// ── 5. Team rounds (DESIGN §1, §2.9) ─────────────────────────────────────────
// A round is not part of the assessment's state: its judgements are private until the round closes
// (server/rounds/privacy.ts), so they live beside the event log, not in it. Only adopting a round
// changes the assessment, as one `round.adopt` change through the commit path.

/**
 * A team judgement exercise on one assessment: numbered per assessment; a later round names the one
 * it follows. `closesAt` passing closes it (server/rounds/store.ts settles it at the next read or write).
 */
export const rounds = sqliteTable(
  "rounds",
  {
    id: text("id").primaryKey(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    previousRoundId: text("previous_round_id"),
    status: text("status", { enum: ROUND_STATUSES }).notNull().default("open"),
    /** Participants are "Analyst A, B, …" to everyone, in every view and export. */
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(true),
    question: text("question").notNull(),
    facilitatorId: text("facilitator_id").references(() => user.id, { onDelete: "set null" }),
    facilitatorName: text("facilitator_name").notNull(),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    /** The assessment version the round opened on: what changed in the shared model since is shown. */
    openedAtVersion: integer("opened_at_version").notNull(),
    /** JSON: the shared ratings and weights of the scope when the round opened. */
    sharedAtOpen: text("shared_at_open", { mode: "json" })
      .$type<{ expectations: Record<string, Record<string, string | number>>; weights: Record<string, number> }>()
      .notNull(),
    /** JSON: the disputed cells a later round singles out ([] for none). */
    focus: text("focus", { mode: "json" }).$type<{ indicatorId: string; scenarioId: string }[]>().notNull(),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    adoptedAt: integer("adopted_at", { mode: "timestamp_ms" }),
    /** The event of the `round.adopt` change. */
    adoptedSeq: integer("adopted_seq"),
  },
  (t) => [
    uniqueIndex("rounds_number_uq").on(t.assessmentId, t.number),
    check("rounds_number", sql`${t.number} >= 1`),
    check("rounds_status", sql`${t.status} in (${list(ROUND_STATUSES)})`),
    check("rounds_question_len", sql`length(${t.question}) between 1 and ${n(ROUND_QUESTION_MAX)}`),
    check("rounds_closes_after_open", sql`${t.closesAt} is null or ${t.closesAt} > ${t.openedAt}`),
    check(
      "rounds_adopted",
      sql`(${t.status} = 'adopted') = (${t.adoptedAt} is not null and ${t.adoptedSeq} is not null)`,
    ),
  ],
);

/** The indicators in play, with their names when the round opened (an indicator may be deleted later). */
export const roundScope = sqliteTable(
  "round_scope",
  {
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    indicatorId: text("indicator_id").notNull(),
    indicatorName: text("indicator_name").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.indicatorId] })],
);

/**
 * A participant and the header of their judgement. `submittedAt` is null while a draft; `leftAt` is
 * set when they left the team (or stopped being an analyst): a judgement counts only when submitted
 * before that. `label` is their letter, drawn at random when the round opened.
 */
export const roundParticipants = sqliteTable(
  "round_participants",
  {
    id: text("id").primaryKey(),
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    label: text("label").notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    leftAt: integer("left_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("round_participants_user_uq").on(t.roundId, t.userId),
    uniqueIndex("round_participants_label_uq").on(t.roundId, t.label),
    index("round_participants_user_idx").on(t.userId),
    check("round_participants_label", sql`length(${t.label}) between 1 and 3`),
  ],
);

/** A participant's rating or exact likelihood of one (indicator, scenario) cell in scope. */
export const judgementCells = sqliteTable(
  "judgement_cells",
  {
    participantId: text("participant_id")
      .notNull()
      .references(() => roundParticipants.id, { onDelete: "cascade" }),
    indicatorId: text("indicator_id").notNull(),
    scenarioId: text("scenario_id").notNull(),
    rating: text("rating", { enum: RATING_KEYS }),
    likelihood: real("likelihood"),
  },
  (t) => [
    primaryKey({ columns: [t.participantId, t.indicatorId, t.scenarioId] }),
    check(
      "judgement_cells_value",
      sql`(${t.rating} is not null and ${t.likelihood} is null and ${t.rating} in (${list(RATING_KEYS)}))
        or (${t.rating} is null and ${t.likelihood} between ${n(LIKELIHOOD_MIN)} and ${n(LIKELIHOOD_MAX)})`,
    ),
  ],
);

/** A participant's weight and one-line reason for one indicator in scope (either may be blank). */
export const judgementRows = sqliteTable(
  "judgement_rows",
  {
    participantId: text("participant_id")
      .notNull()
      .references(() => roundParticipants.id, { onDelete: "cascade" }),
    indicatorId: text("indicator_id").notNull(),
    weight: real("weight"),
    reason: text("reason"),
  },
  (t) => [
    primaryKey({ columns: [t.participantId, t.indicatorId] }),
    check("judgement_rows_weight", sql`${t.weight} is null or ${t.weight} between ${n(SHARE_MIN)} and ${n(SHARE_MAX)}`),
    check(
      "judgement_rows_reason",
      sql`${t.reason} is null or length(${t.reason}) between 1 and ${n(JUDGEMENT_REASON_MAX)}`,
    ),
  ],
);

/** A comment on a dispute: a cell of the round (or a whole indicator when `scenarioId` is null). */
export const roundComments = sqliteTable(
  "round_comments",
  {
    id: text("id").primaryKey(),
    roundId: text("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    indicatorId: text("indicator_id").notNull(),
    scenarioId: text("scenario_id"),
    parentId: text("parent_id"),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("round_comments_round_idx").on(t.roundId),
    check("round_comments_body_len", sql`length(${t.body}) between 1 and ${n(COMMENT_MAX)}`),
  ],
);
