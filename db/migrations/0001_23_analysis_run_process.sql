ALTER TABLE "analysis_runs" ADD COLUMN "pid" integer;--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD COLUMN "host" text;