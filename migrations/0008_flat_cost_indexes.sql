DROP INDEX "incidents_phase_idx";--> statement-breakpoint
CREATE INDEX "incidents_space_idx" ON "incidents" USING btree (("space" ->> 'platform'),("space" ->> 'id'));--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("severity","declared_at") WHERE "incidents"."phase" <> 'closed';--> statement-breakpoint
CREATE INDEX "posted_messages_message_idx" ON "posted_messages" USING btree ("platform","message_id");--> statement-breakpoint
CREATE INDEX "role_assignments_incident_idx" ON "role_assignments" USING btree ("incident_id");