CREATE TABLE `account` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`user_id` text NOT NULL,
	`access_token` text,
	`refresh_token` text,
	`id_token` text,
	`access_token_expires_at` integer,
	`refresh_token_expires_at` integer,
	`scope` text,
	`password` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_user_idx` ON `account` (`user_id`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`title` text NOT NULL,
	`key_question` text NOT NULL,
	`horizon` text NOT NULL,
	`confidence` text NOT NULL,
	`handling` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`resolved_scenario_id` text,
	`resolved_at` text,
	`resolution_note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "assessments_title_len" CHECK(length("assessments"."title") between 1 and 200),
	CONSTRAINT "assessments_question_len" CHECK(length("assessments"."key_question") between 1 and 1000),
	CONSTRAINT "assessments_confidence" CHECK("assessments"."confidence" in ('low', 'moderate', 'high')),
	CONSTRAINT "assessments_status" CHECK("assessments"."status" in ('active', 'resolved', 'archived')),
	CONSTRAINT "assessments_version" CHECK("assessments"."version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `assessments_team_idx` ON `assessments` (`team_id`);--> statement-breakpoint
CREATE TABLE `baselines` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`name` text NOT NULL,
	`event_seq` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`created_by` text,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "baselines_name_len" CHECK(length("baselines"."name") between 1 and 200)
);
--> statement-breakpoint
CREATE INDEX `baselines_assessment_idx` ON `baselines` (`assessment_id`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`parent_id` text,
	`author_id` text,
	`author_name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`edited_at` integer,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "comments_target_kind" CHECK("comments"."target_kind" in ('assessment', 'scenario', 'indicator', 'evidence')),
	CONSTRAINT "comments_body_len" CHECK(length("comments"."body") between 1 and 10000)
);
--> statement-breakpoint
CREATE INDEX `comments_target_idx` ON `comments` (`assessment_id`,`target_kind`,`target_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`kind` text NOT NULL,
	`rationale` text,
	`payload` text NOT NULL,
	`probabilities` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_seq" CHECK("events"."seq" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_seq_uq` ON `events` (`assessment_id`,`seq`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`source_name` text NOT NULL,
	`source_url` text,
	`source_kind` text NOT NULL,
	`reliability` text NOT NULL,
	`credibility` integer NOT NULL,
	`observed_at` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`author_id` text,
	`author_name` text NOT NULL,
	`last_reviewed_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "evidence_reliability" CHECK("evidence"."reliability" in ('A', 'B', 'C', 'D', 'E', 'F')),
	CONSTRAINT "evidence_credibility" CHECK("evidence"."credibility" between 1 and 6),
	CONSTRAINT "evidence_kind" CHECK("evidence"."source_kind" in ('imagery', 'official_statement', 'media', 'expert', 'report', 'other')),
	CONSTRAINT "evidence_title_len" CHECK(length("evidence"."title") between 1 and 300)
);
--> statement-breakpoint
CREATE INDEX `evidence_assessment_idx` ON `evidence` (`assessment_id`);--> statement-breakpoint
CREATE TABLE `evidence_links` (
	`evidence_id` text NOT NULL,
	`indicator_id` text NOT NULL,
	`direction` integer NOT NULL,
	PRIMARY KEY(`evidence_id`, `indicator_id`),
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "evidence_links_direction" CHECK("evidence_links"."direction" in (-1, 1))
);
--> statement-breakpoint
CREATE INDEX `evidence_links_indicator_idx` ON `evidence_links` (`indicator_id`);--> statement-breakpoint
CREATE TABLE `expectations` (
	`indicator_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`rating` text,
	`likelihood` real,
	PRIMARY KEY(`indicator_id`, `scenario_id`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "expectations_value" CHECK(("expectations"."rating" is not null and "expectations"."likelihood" is null and "expectations"."rating" in ('highly_likely', 'likely', 'could', 'unlikely', 'highly_unlikely'))
        or ("expectations"."rating" is null and "expectations"."likelihood" between 0.01 and 0.99))
);
--> statement-breakpoint
CREATE INDEX `expectations_scenario_idx` ON `expectations` (`scenario_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`weight` real DEFAULT 1 NOT NULL,
	`presence_override` real,
	`override_rationale` text,
	`position` integer NOT NULL,
	`last_reviewed_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "indicators_weight" CHECK("indicators"."weight" between 0 and 1),
	CONSTRAINT "indicators_override" CHECK("indicators"."presence_override" is null or ("indicators"."presence_override" between 0 and 1 and length("indicators"."override_rationale") > 0)),
	CONSTRAINT "indicators_name_len" CHECK(length("indicators"."name") between 1 and 200)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_position_uq` ON `indicators` (`assessment_id`,`position`);--> statement-breakpoint
CREATE TABLE `members` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "members_role" CHECK("members"."role" in ('owner', 'analyst', 'viewer'))
);
--> statement-breakpoint
CREATE INDEX `members_user_idx` ON `members` (`user_id`);--> statement-breakpoint
CREATE TABLE `rate_limit` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	`last_request` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rate_limit_key_unique` ON `rate_limit` (`key`);--> statement-breakpoint
CREATE TABLE `scenarios` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`prior` real NOT NULL,
	`color` text NOT NULL,
	`position` integer NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "scenarios_prior" CHECK("scenarios"."prior" > 0),
	CONSTRAINT "scenarios_name_len" CHECK(length("scenarios"."name") between 1 and 120),
	CONSTRAINT "scenarios_color" CHECK("scenarios"."color" glob '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenarios_position_uq` ON `scenarios` (`assessment_id`,`position`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL,
	`token` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	`ip_address` text,
	`user_agent` text,
	`user_id` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_token_unique` ON `session` (`token`);--> statement-breakpoint
CREATE INDEX `session_user_idx` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`stale_after_days` integer DEFAULT 14 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "teams_name_len" CHECK(length("teams"."name") between 1 and 120),
	CONSTRAINT "teams_stale_range" CHECK("teams"."stale_after_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`email_verified` integer DEFAULT false NOT NULL,
	`image` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);--> statement-breakpoint
CREATE TABLE `user_state` (
	`user_id` text PRIMARY KEY NOT NULL,
	`active_team_id` text,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`active_team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `verification` (
	`id` text PRIMARY KEY NOT NULL,
	`identifier` text NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
