CREATE TABLE "origin_dismissals" (
	"assessment_id" text NOT NULL,
	"evidence_a" text NOT NULL,
	"evidence_b" text NOT NULL,
	"dismissed_by" text,
	"dismissed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "origin_dismissals_assessment_id_evidence_a_evidence_b_pk" PRIMARY KEY("assessment_id","evidence_a","evidence_b"),
	CONSTRAINT "origin_dismissals_order" CHECK ("origin_dismissals"."evidence_a" < "origin_dismissals"."evidence_b")
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "origin_dismissals" ADD CONSTRAINT "origin_dismissals_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "origin_dismissals" ADD CONSTRAINT "origin_dismissals_dismissed_by_user_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_origin_len" CHECK ("evidence"."origin" is null or length("evidence"."origin") between 1 and 200);