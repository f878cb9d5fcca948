CREATE TABLE "pull_sources" (
	"name" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"cursor" jsonb,
	"last_run_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"last_ingest_run_id" integer,
	"next_run_at" timestamp with time zone
);
