CREATE TABLE "agents" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"team" text,
	"time_zone" text,
	"work_start" text,
	"work_end" text,
	"work_days" integer[],
	CONSTRAINT "agents_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "analysis_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"as_of" timestamp with time zone,
	"time_zone" text NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"topics" integer DEFAULT 0 NOT NULL,
	"stages" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"organization_id" integer,
	CONSTRAINT "customers_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "daily_ticket_counts" (
	"day" date NOT NULL,
	"topic_id" text NOT NULL,
	"priority" text NOT NULL,
	"channel" text NOT NULL,
	"tickets" integer NOT NULL,
	CONSTRAINT "daily_ticket_counts_day_topic_id_priority_channel_pk" PRIMARY KEY("day","topic_id","priority","channel")
);
--> statement-breakpoint
CREATE TABLE "daily_topic_counts" (
	"day" date NOT NULL,
	"topic_id" text NOT NULL,
	"tickets" integer NOT NULL,
	CONSTRAINT "daily_topic_counts_day_topic_id_pk" PRIMARY KEY("day","topic_id")
);
--> statement-breakpoint
CREATE TABLE "daily_topic_version_counts" (
	"day" date NOT NULL,
	"topic_id" text NOT NULL,
	"product_version" text NOT NULL,
	"tickets" integer NOT NULL,
	CONSTRAINT "daily_topic_version_counts_day_topic_id_product_version_pk" PRIMARY KEY("day","topic_id","product_version")
);
--> statement-breakpoint
CREATE TABLE "ingest_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"file" text NOT NULL,
	"kind" text NOT NULL,
	"source" text,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"bytes" bigint,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"changed_from" timestamp with time zone,
	"redactions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"pid" integer,
	"host" text
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "organizations_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "pain_points" (
	"topic_id" text PRIMARY KEY NOT NULL,
	"rank" integer NOT NULL,
	"impact" double precision NOT NULL,
	"tickets" integer NOT NULL,
	"customers" integer NOT NULL,
	"median_hours_to_resolve" double precision,
	"reopen_share" double precision NOT NULL,
	"recent" integer NOT NULL,
	"previous" integer NOT NULL,
	"rate_ratio" double precision,
	"ci_low" double precision,
	"ci_high" double precision,
	"trend_p_value" double precision NOT NULL,
	"trend_q_value" double precision NOT NULL,
	"direction" text NOT NULL,
	"summary" text NOT NULL
);
--> statement-breakpoint
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
--> statement-breakpoint
CREATE TABLE "recurring_topics" (
	"topic_id" text PRIMARY KEY NOT NULL,
	"intermittent" boolean NOT NULL,
	"recurring" boolean NOT NULL,
	"episodes" jsonb NOT NULL,
	"median_gap_days" double precision,
	"gap_cv" double precision,
	"burstiness" double precision,
	"regularity_p_value" double precision,
	"next_expected" date,
	"next_window_days" double precision,
	"ongoing" boolean NOT NULL,
	"overdue" boolean NOT NULL,
	"fix_signature" text,
	"fix_share" double precision,
	"summary" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rejected_rows" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"line" integer NOT NULL,
	"field" text,
	"reason" text NOT NULL,
	"raw" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "release_analyses" (
	"release_id" integer PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"ambiguous" boolean NOT NULL,
	"ambiguous_with" text[] NOT NULL,
	"before_days_observed" double precision NOT NULL,
	"after_days_observed" double precision NOT NULL,
	"tickets_before" integer NOT NULL,
	"tickets_after" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "release_findings" (
	"id" serial PRIMARY KEY NOT NULL,
	"release_id" integer NOT NULL,
	"kind" text NOT NULL,
	"topic_id" text NOT NULL,
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
	"evidence" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"released_at" timestamp with time zone NOT NULL,
	"notes" text,
	"source" text,
	"ingest_run_id" integer
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spikes" (
	"id" serial PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"topic_id" text,
	"count" integer NOT NULL,
	"expected" double precision NOT NULL,
	"score" double precision NOT NULL,
	"p_value" double precision NOT NULL,
	"adjusted_p_value" double precision NOT NULL,
	"method" text NOT NULL,
	"evidence" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_load_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"analysis_run_id" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"author" text,
	"author_role" text NOT NULL,
	"agent_id" integer,
	"is_public" boolean DEFAULT true NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"content_hash" text NOT NULL,
	"ingest_run_id" integer
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"status" text,
	"status_category" text,
	"priority_raw" text,
	"priority" text,
	"channel" text,
	"type" text,
	"subject" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"resolution" text,
	"product_version" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"assignee_id" integer,
	"customer_id" integer,
	"organization_id" integer,
	"reopened" boolean DEFAULT false NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"content_hash" text NOT NULL,
	"ingest_run_id" integer,
	"topic_id" text,
	"topic_run_id" integer,
	"negative_tone" boolean
);
--> statement-breakpoint
CREATE TABLE "topic_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"analysis_run_id" integer NOT NULL,
	"kind" text NOT NULL,
	"topic_ids" text[] NOT NULL,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_curations" (
	"id" serial PRIMARY KEY NOT NULL,
	"operation" jsonb NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "topic_models" (
	"id" serial PRIMARY KEY NOT NULL,
	"analysis_run_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"model" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"label_locked" boolean DEFAULT false NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"representative_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"customers" integer DEFAULT 0 NOT NULL,
	"first_seen" date,
	"last_seen" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_run_id" integer,
	"updated_run_id" integer
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"role" text,
	"action" text NOT NULL,
	"target" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "auth_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auth_sessions_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "auth_users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auth_users_email_unique" UNIQUE("email"),
	CONSTRAINT "auth_users_role_check" CHECK ("auth_users"."role" in ('viewer', 'lead', 'manager', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "auth_verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rejected_rows" ADD CONSTRAINT "rejected_rows_run_id_ingest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_analyses" ADD CONSTRAINT "release_analyses_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_findings" ADD CONSTRAINT "release_findings_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assignee_id_agents_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_accounts" ADD CONSTRAINT "auth_accounts_user_id_auth_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_auth_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "daily_ticket_counts_priority_idx" ON "daily_ticket_counts" USING btree ("priority","day");--> statement-breakpoint
CREATE INDEX "daily_ticket_counts_channel_idx" ON "daily_ticket_counts" USING btree ("channel","day");--> statement-breakpoint
CREATE INDEX "daily_topic_counts_topic_idx" ON "daily_topic_counts" USING btree ("topic_id","day");--> statement-breakpoint
CREATE INDEX "ingest_runs_started_idx" ON "ingest_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "rejected_rows_run_idx" ON "rejected_rows" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "release_findings_release_idx" ON "release_findings" USING btree ("release_id");--> statement-breakpoint
CREATE UNIQUE INDEX "releases_version_idx" ON "releases" USING btree ("version");--> statement-breakpoint
CREATE INDEX "releases_released_idx" ON "releases" USING btree ("released_at");--> statement-breakpoint
CREATE INDEX "spikes_day_idx" ON "spikes" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_events_source_external_idx" ON "ticket_events" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_events_agent_created_idx" ON "ticket_events" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_source_external_idx" ON "tickets" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_topic_created_idx" ON "tickets" USING btree ("topic_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_customer_topic_idx" ON "tickets" USING btree ("customer_id","topic_id");--> statement-breakpoint
CREATE INDEX "tickets_unassigned_idx" ON "tickets" USING btree ("id") WHERE topic_run_id is null;--> statement-breakpoint
CREATE INDEX "tickets_organization_created_idx" ON "tickets" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_version_created_idx" ON "tickets" USING btree ("product_version","created_at");--> statement-breakpoint
CREATE INDEX "tickets_unresolved_created_idx" ON "tickets" USING btree ("created_at") WHERE status_category in ('new', 'open', 'pending');--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "auth_accounts_user_idx" ON "auth_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_verifications_identifier_idx" ON "auth_verifications" USING btree ("identifier");