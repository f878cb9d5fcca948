CREATE TABLE "daily_topic_version_counts" (
	"day" date NOT NULL,
	"topic_id" text NOT NULL,
	"product_version" text NOT NULL,
	"tickets" integer NOT NULL,
	CONSTRAINT "daily_topic_version_counts_day_topic_id_product_version_pk" PRIMARY KEY("day","topic_id","product_version")
);
