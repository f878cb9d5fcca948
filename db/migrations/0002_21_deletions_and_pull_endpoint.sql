CREATE TABLE "deleted_tickets" (
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone,
	"topic_id" text,
	"ingest_run_id" integer,
	CONSTRAINT "deleted_tickets_source_external_id_pk" PRIMARY KEY("source","external_id")
);
--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "deleted" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "pull_source" text;--> statement-breakpoint
ALTER TABLE "pull_sources" ADD COLUMN "endpoint" text;--> statement-breakpoint
ALTER TABLE "pull_sources" ADD COLUMN "last_deletion_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deleted_tickets" ADD CONSTRAINT "deleted_tickets_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deleted_tickets_deleted_idx" ON "deleted_tickets" USING btree ("deleted_at");--> statement-breakpoint
UPDATE "ingest_runs" SET "pull_source" = substring("file" from '^[a-z]+ pull \(([^)]+)\), ') WHERE "pull_source" IS NULL AND "kind" LIKE '%-api';
