ALTER TABLE "release_analyses" ADD COLUMN "product" text;--> statement-breakpoint
ALTER TABLE "release_analyses" ADD COLUMN "fixed_tickets" integer;--> statement-breakpoint
ALTER TABLE "release_analyses" ADD COLUMN "fixed_topics" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "release_analyses" ADD COLUMN "min_detectable_ratio" double precision;--> statement-breakpoint
ALTER TABLE "release_analyses" ADD COLUMN "coinciding" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "release_analyses" ADD COLUMN "sentence" text;--> statement-breakpoint
ALTER TABLE "release_analyses" ADD COLUMN "how_we_know" text;--> statement-breakpoint
ALTER TABLE "release_findings" ADD COLUMN "sentence" text;--> statement-breakpoint
ALTER TABLE "release_findings" ADD COLUMN "before_per_day" double precision;--> statement-breakpoint
ALTER TABLE "release_findings" ADD COLUMN "after_per_day" double precision;--> statement-breakpoint
ALTER TABLE "releases" ADD COLUMN "product" text;--> statement-breakpoint
ALTER TABLE "spikes" ADD COLUMN "explanation" text;--> statement-breakpoint
ALTER TABLE "spikes" ADD COLUMN "requesters" integer;--> statement-breakpoint
ALTER TABLE "spikes" ADD COLUMN "related" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "spikes" ADD COLUMN "sentence" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "product" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "fix_versions" text[] DEFAULT '{}'::text[] NOT NULL;