CREATE TABLE "incident_members" (
	"incident_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"person_id" text NOT NULL,
	"person" jsonb NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by" jsonb NOT NULL,
	CONSTRAINT "incident_members_incident_id_platform_person_id_pk" PRIMARY KEY("incident_id","platform","person_id")
);
--> statement-breakpoint
ALTER TABLE "incident_members" ADD CONSTRAINT "incident_members_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;