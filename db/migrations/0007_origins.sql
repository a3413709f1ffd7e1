CREATE TABLE `origin_dismissals` (
	`assessment_id` text NOT NULL,
	`evidence_a` text NOT NULL,
	`evidence_b` text NOT NULL,
	`dismissed_by` text,
	`dismissed_at` integer NOT NULL,
	PRIMARY KEY(`assessment_id`, `evidence_a`, `evidence_b`),
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dismissed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "origin_dismissals_order" CHECK("origin_dismissals"."evidence_a" < "origin_dismissals"."evidence_b")
);
--> statement-breakpoint
-- drizzle-kit rebuilt the evidence table to add a column with a CHECK (copying an `origin` the old table
-- does not have, and dropping `evidence` inside the migration's transaction, where foreign_keys=OFF is
-- ignored, would cascade to evidence_links). SQLite adds a column with its CHECK in place instead.
ALTER TABLE `evidence` ADD `origin` text CONSTRAINT "evidence_origin_len" CHECK("origin" is null or length("origin") between 1 and 200);
