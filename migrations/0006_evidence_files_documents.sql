CREATE TABLE "shared_documents" (
	"token" text PRIMARY KEY NOT NULL,
	"effect_id" bigint NOT NULL,
	"incident_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "hash_of" text DEFAULT 'description' NOT NULL;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "size_bytes" bigint;--> statement-breakpoint
ALTER TABLE "shared_documents" ADD CONSTRAINT "shared_documents_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shared_documents_effect_key" ON "shared_documents" USING btree ("effect_id");--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_hash_of_check" CHECK (hash_of in ('description', 'artefact', 'file'));