CREATE TABLE `judgement_cells` (
	`participant_id` text NOT NULL,
	`indicator_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`rating` text,
	`likelihood` real,
	PRIMARY KEY(`participant_id`, `indicator_id`, `scenario_id`),
	FOREIGN KEY (`participant_id`) REFERENCES `round_participants`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "judgement_cells_value" CHECK(("judgement_cells"."rating" is not null and "judgement_cells"."likelihood" is null and "judgement_cells"."rating" in ('highly_likely', 'likely', 'could', 'unlikely', 'highly_unlikely'))
        or ("judgement_cells"."rating" is null and "judgement_cells"."likelihood" between 0.01 and 0.99))
);
--> statement-breakpoint
CREATE TABLE `judgement_rows` (
	`participant_id` text NOT NULL,
	`indicator_id` text NOT NULL,
	`weight` real,
	`reason` text,
	PRIMARY KEY(`participant_id`, `indicator_id`),
	FOREIGN KEY (`participant_id`) REFERENCES `round_participants`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "judgement_rows_weight" CHECK("judgement_rows"."weight" is null or "judgement_rows"."weight" between 0 and 1),
	CONSTRAINT "judgement_rows_reason" CHECK("judgement_rows"."reason" is null or length("judgement_rows"."reason") between 1 and 300)
);
--> statement-breakpoint
CREATE TABLE `round_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`indicator_id` text NOT NULL,
	`scenario_id` text,
	`parent_id` text,
	`author_id` text,
	`author_name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "round_comments_body_len" CHECK(length("round_comments"."body") between 1 and 10000)
);
--> statement-breakpoint
CREATE INDEX `round_comments_round_idx` ON `round_comments` (`round_id`);--> statement-breakpoint
CREATE TABLE `round_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`label` text NOT NULL,
	`submitted_at` integer,
	`left_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "round_participants_label" CHECK(length("round_participants"."label") between 1 and 3)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_participants_user_uq` ON `round_participants` (`round_id`,`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `round_participants_label_uq` ON `round_participants` (`round_id`,`label`);--> statement-breakpoint
CREATE INDEX `round_participants_user_idx` ON `round_participants` (`user_id`);--> statement-breakpoint
CREATE TABLE `round_scope` (
	`round_id` text NOT NULL,
	`indicator_id` text NOT NULL,
	`indicator_name` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`round_id`, `indicator_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`number` integer NOT NULL,
	`previous_round_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`anonymous` integer DEFAULT true NOT NULL,
	`question` text NOT NULL,
	`facilitator_id` text,
	`facilitator_name` text NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_at_version` integer NOT NULL,
	`shared_at_open` text NOT NULL,
	`focus` text NOT NULL,
	`closes_at` integer,
	`closed_at` integer,
	`adopted_at` integer,
	`adopted_seq` integer,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`facilitator_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "rounds_number" CHECK("rounds"."number" >= 1),
	CONSTRAINT "rounds_status" CHECK("rounds"."status" in ('open', 'closed', 'adopted', 'abandoned')),
	CONSTRAINT "rounds_question_len" CHECK(length("rounds"."question") between 1 and 1000),
	CONSTRAINT "rounds_closes_after_open" CHECK("rounds"."closes_at" is null or "rounds"."closes_at" > "rounds"."opened_at"),
	CONSTRAINT "rounds_adopted" CHECK(("rounds"."status" = 'adopted') = ("rounds"."adopted_at" is not null and "rounds"."adopted_seq" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_number_uq` ON `rounds` (`assessment_id`,`number`);