CREATE TABLE "theme_curations" (
	"id" serial PRIMARY KEY NOT NULL,
	"operation" jsonb NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"label_locked" boolean DEFAULT false NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"customers" integer DEFAULT 0 NOT NULL,
	"label_support" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"created_run_id" integer,
	"updated_run_id" integer,
	"retired_run_id" integer
);
--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "theme_id" text;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE no action ON UPDATE no action;