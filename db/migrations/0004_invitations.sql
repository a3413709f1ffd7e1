CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`invited_by` text,
	`token_hash` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "invitations_role" CHECK("invitations"."role" in ('owner', 'analyst', 'viewer')),
	CONSTRAINT "invitations_status" CHECK("invitations"."status" in ('pending', 'accepted', 'declined', 'revoked')),
	CONSTRAINT "invitations_email" CHECK(length("invitations"."email") between 3 and 254 and "invitations"."email" = lower(trim("invitations"."email"))),
	CONSTRAINT "invitations_token_hash" CHECK(length("invitations"."token_hash") = 64),
	CONSTRAINT "invitations_expiry" CHECK("invitations"."expires_at" > "invitations"."created_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_email_idx` ON `invitations` (`email`,`status`);--> statement-breakpoint
CREATE INDEX `invitations_team_idx` ON `invitations` (`team_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_pending_uq` ON `invitations` (`team_id`,`email`) WHERE status = 'pending';