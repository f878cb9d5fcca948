DROP INDEX "tickets_customer_idx";--> statement-breakpoint
CREATE INDEX "tickets_customer_topic_idx" ON "tickets" USING btree ("customer_id","topic_id");