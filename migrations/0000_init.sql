CREATE TABLE "checklist_steps" (
	"incident_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"checked" boolean NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" jsonb NOT NULL,
	CONSTRAINT "checklist_steps_incident_id_step_key_pk" PRIMARY KEY("incident_id","step_key")
);
--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"description" text NOT NULL,
	"url" text,
	"sha256" text NOT NULL,
	"collected_by" jsonb NOT NULL,
	"collected_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" jsonb NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"incident_id" uuid,
	"text" text,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"human_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"severity" text NOT NULL,
	"vector" text NOT NULL,
	"detection_source" text,
	"phase" text NOT NULL,
	"is_private" boolean DEFAULT false NOT NULL,
	"is_drill" boolean DEFAULT false NOT NULL,
	"playbooks" text[] NOT NULL,
	"declared_by" jsonb NOT NULL,
	"origin" jsonb,
	"space" jsonb,
	"space_name" text,
	"started_at" timestamp with time zone,
	"detected_at" timestamp with time zone NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"notified_at" timestamp with time zone,
	"contained_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"last_update_at" timestamp with time zone,
	"resolution" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "posted_messages" (
	"incident_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"platform" text NOT NULL,
	"space_id" text NOT NULL,
	"message_id" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "posted_messages_incident_id_platform_purpose_pk" PRIMARY KEY("incident_id","platform","purpose")
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"role" text NOT NULL,
	"slot" text NOT NULL,
	"person" jsonb NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"assigned_by" jsonb NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" jsonb
);
--> statement-breakpoint
ALTER TABLE "checklist_steps" ADD CONSTRAINT "checklist_steps_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_log" ADD CONSTRAINT "incident_log_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posted_messages" ADD CONSTRAINT "posted_messages_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_incident_idx" ON "evidence" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_log_prev_hash_key" ON "incident_log" USING btree ("prev_hash");--> statement-breakpoint
CREATE INDEX "incident_log_incident_idx" ON "incident_log" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_human_id_key" ON "incidents" USING btree ("human_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_space_name_key" ON "incidents" USING btree ("space_name");--> statement-breakpoint
CREATE INDEX "incidents_phase_idx" ON "incidents" USING btree ("phase");--> statement-breakpoint
CREATE UNIQUE INDEX "role_assignments_current_key" ON "role_assignments" USING btree ("incident_id","role","slot") WHERE "role_assignments"."ended_at" is null;