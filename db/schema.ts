// The whole Signpost data model (DESIGN §1) plus better-auth's tables, as one Drizzle schema.
// Current-state tables are a projection of the append-only `events` table; both are written
// in the same transaction by server/assessments/commit.ts.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { COMMENT_TARGETS, SOURCE_KINDS } from "@/shared/assessment/state";

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

// ── 2. Teams and members ─────────────────────────────────────────────────────

export const teams = sqliteTable(
  "teams",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    staleAfterDays: integer("stale_after_days").notNull().default(14),
    createdAt: createdAt(),
  },
  (t) => [
    check("teams_name_len", sql`length(${t.name}) between 1 and 120`),
    check("teams_stale_range", sql`${t.staleAfterDays} between 1 and 365`),
  ],
);

export const ROLES = ["owner", "analyst", "viewer"] as const;
export type Role = (typeof ROLES)[number];

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
    check("members_role", sql`${t.role} in ('owner', 'analyst', 'viewer')`),
  ],
);

export const INVITATION_STATUSES = ["pending", "accepted", "declined", "revoked"] as const;

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
    check("invitations_role", sql`${t.role} in ('owner', 'analyst', 'viewer')`),
    check("invitations_status", sql`${t.status} in ('pending', 'accepted', 'declined', 'revoked')`),
    check("invitations_email", sql`length(${t.email}) between 3 and 254 and ${t.email} = lower(trim(${t.email}))`),
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
    confidence: text("confidence", { enum: ["low", "moderate", "high"] }).notNull(),
    handling: text("handling").notNull().default(""),
    status: text("status", { enum: ["active", "resolved", "archived"] })
      .notNull()
      .default("active"),
    resolvedScenarioId: text("resolved_scenario_id"),
    resolvedAt: text("resolved_at"),
    resolutionNote: text("resolution_note"),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("assessments_team_idx").on(t.teamId),
    check("assessments_title_len", sql`length(${t.title}) between 1 and 200`),
    check("assessments_question_len", sql`length(${t.keyQuestion}) between 1 and 1000`),
    check("assessments_confidence", sql`${t.confidence} in ('low', 'moderate', 'high')`),
    check("assessments_status", sql`${t.status} in ('active', 'resolved', 'archived')`),
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
    check("scenarios_name_len", sql`length(${t.name}) between 1 and 120`),
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
    check("indicators_weight", sql`${t.weight} between 0 and 1`),
    check(
      "indicators_override",
      sql`${t.presenceOverride} is null or (${t.presenceOverride} between 0 and 1 and length(${t.overrideRationale}) > 0)`,
    ),
    check("indicators_name_len", sql`length(${t.name}) between 1 and 200`),
  ],
);

export const RATING_VALUES = ["highly_likely", "likely", "could", "unlikely", "highly_unlikely"] as const;

export const expectations = sqliteTable(
  "expectations",
  {
    indicatorId: text("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    scenarioId: text("scenario_id")
      .notNull()
      .references(() => scenarios.id, { onDelete: "cascade" }),
    rating: text("rating", { enum: RATING_VALUES }),
    likelihood: real("likelihood"),
  },
  (t) => [
    primaryKey({ columns: [t.indicatorId, t.scenarioId] }),
    index("expectations_scenario_idx").on(t.scenarioId),
    check(
      "expectations_value",
      sql`(${t.rating} is not null and ${t.likelihood} is null and ${t.rating} in ('highly_likely', 'likely', 'could', 'unlikely', 'highly_unlikely'))
        or (${t.rating} is null and ${t.likelihood} between 0.01 and 0.99)`,
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
    reliability: text("reliability", { enum: ["A", "B", "C", "D", "E", "F"] }).notNull(),
    credibility: integer("credibility").notNull(),
    /** ISO date, YYYY-MM-DD: when it happened or was reported. */
    observedAt: text("observed_at").notNull(),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    lastReviewedAt: integer("last_reviewed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("evidence_assessment_idx").on(t.assessmentId),
    check("evidence_reliability", sql`${t.reliability} in ('A', 'B', 'C', 'D', 'E', 'F')`),
    check("evidence_credibility", sql`${t.credibility} between 1 and 6`),
    check(
      "evidence_kind",
      sql`${t.sourceKind} in ('imagery', 'official_statement', 'media', 'expert', 'report', 'other')`,
    ),
    check("evidence_title_len", sql`length(${t.title}) between 1 and 300`),
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
    check("evidence_links_direction", sql`${t.direction} in (-1, 1)`),
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
    /** JSON: { change, before } — the change replays the event; before is what it replaced. */
    payload: text("payload", { mode: "json" }).notNull(),
    /** JSON: scenario id → probability right after the event. */
    probabilities: text("probabilities", { mode: "json" }).notNull(),
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
    check("baselines_name_len", sql`length(${t.name}) between 1 and 200`),
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
    check("comments_target_kind", sql`${t.targetKind} in ('assessment', 'scenario', 'indicator', 'evidence')`),
    check("comments_body_len", sql`length(${t.body}) between 1 and 10000`),
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
    state: text("state", { mode: "json" }).notNull(),
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
    points: text("points", { mode: "json" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.firstSeq] })],
);
