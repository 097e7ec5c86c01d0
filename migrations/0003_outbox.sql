CREATE TABLE "deliveries" (
	"key" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"outcome" jsonb
);
--> statement-breakpoint
CREATE TABLE "effects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "effects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" uuid,
	"lane" text NOT NULL,
	"platform" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
-- Hand-edited: drill ids get their own counter, so the counter's key becomes (series, year).
ALTER TABLE "incident_counters" ADD COLUMN "series" text DEFAULT 'INC' NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_counters" DROP CONSTRAINT "incident_counters_pkey";--> statement-breakpoint
ALTER TABLE "incident_counters" ADD CONSTRAINT "incident_counters_series_year_pk" PRIMARY KEY("series","year");--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "space_platform" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "space_state" text DEFAULT 'ready' NOT NULL;--> statement-breakpoint
ALTER TABLE "effects" ADD CONSTRAINT "effects_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "effects_open_lane_idx" ON "effects" USING btree ("lane","id") WHERE "effects"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "effects_incident_idx" ON "effects" USING btree ("incident_id","id");--> statement-breakpoint
-- Incidents from before the outbox: their platform is the one their space is on; one that never
-- got a space is marked so `retry` can open it.
UPDATE "incidents" SET "space_platform" = "space"->>'platform' WHERE "space" IS NOT NULL;--> statement-breakpoint
UPDATE "incidents" SET "space_state" = 'none' WHERE "space" IS NULL;
