ALTER TABLE "incidents" ADD COLUMN "regulator_regime" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "regulator_deadline_minutes" integer;