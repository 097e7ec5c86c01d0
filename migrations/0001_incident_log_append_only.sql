-- Hand-written: drizzle-kit cannot express triggers. The incident log is evidence; the database
-- itself refuses to change or remove a row once written.
CREATE FUNCTION incident_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incident_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Add a new row that corrects the record instead of changing an old one.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER incident_log_no_update_delete
  BEFORE UPDATE OR DELETE ON incident_log
  FOR EACH ROW EXECUTE FUNCTION incident_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER incident_log_no_truncate
  BEFORE TRUNCATE ON incident_log
  FOR EACH STATEMENT EXECUTE FUNCTION incident_log_refuse_change();
