CREATE TABLE "theme_release_findings" (
	"id" serial PRIMARY KEY NOT NULL,
	"release_id" integer NOT NULL,
	"kind" text NOT NULL,
	"theme_id" text NOT NULL,
	"topic_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"rate_ratio" double precision,
	"ci_low" double precision,
	"ci_high" double precision,
	"p_value" double precision NOT NULL,
	"q_value" double precision NOT NULL,
	"before" integer,
	"after" integer,
	"first_seen" date,
	"method" text,
	"attribution" text NOT NULL,
	"evidence" text NOT NULL,
	"sentence" text,
	"before_per_day" double precision,
	"after_per_day" double precision
);
--> statement-breakpoint
ALTER TABLE "theme_release_findings" ADD CONSTRAINT "theme_release_findings_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_release_findings" ADD CONSTRAINT "theme_release_findings_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "theme_release_findings_release_idx" ON "theme_release_findings" USING btree ("release_id");