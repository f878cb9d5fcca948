CREATE TABLE "daily_ticket_counts" (
	"day" date NOT NULL,
	"topic_id" text NOT NULL,
	"priority" text NOT NULL,
	"channel" text NOT NULL,
	"tickets" integer NOT NULL,
	CONSTRAINT "daily_ticket_counts_day_topic_id_priority_channel_pk" PRIMARY KEY("day","topic_id","priority","channel")
);
--> statement-breakpoint
CREATE INDEX "tickets_organization_created_idx" ON "tickets" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_version_created_idx" ON "tickets" USING btree ("product_version","created_at");--> statement-breakpoint
CREATE INDEX "tickets_unresolved_created_idx" ON "tickets" USING btree ("created_at") WHERE status_category in ('new', 'open', 'pending');