CREATE TABLE "follow_up_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"owner" jsonb NOT NULL,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_writeups" (
	"incident_id" uuid NOT NULL,
	"field" text NOT NULL,
	"text" text NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	"written_by" jsonb NOT NULL,
	CONSTRAINT "incident_writeups_incident_id_field_pk" PRIMARY KEY("incident_id","field"),
	CONSTRAINT "incident_writeups_field_check" CHECK (field in ('root-cause', 'contributing-factors', 'detection-gap', 'impact', 'lessons-learned'))
);
--> statement-breakpoint
ALTER TABLE "follow_up_actions" ADD CONSTRAINT "follow_up_actions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_writeups" ADD CONSTRAINT "incident_writeups_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_actions_number_key" ON "follow_up_actions" USING btree ("incident_id","number");--> statement-breakpoint
CREATE INDEX "follow_up_actions_open_due_idx" ON "follow_up_actions" USING btree ("due_on") WHERE "follow_up_actions"."done_at" is null;--> statement-breakpoint
CREATE INDEX "incidents_declared_at_idx" ON "incidents" USING btree ("declared_at");