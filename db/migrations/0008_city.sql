-- City operations, additions to 0007.

-- Open311 import keeps the source's updated_datetime: an update that sets updated_at
-- itself keeps it; any other update stamps now() as before.
CREATE FUNCTION city.touch_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER service_requests_touch ON city.service_requests;
CREATE TRIGGER service_requests_touch BEFORE UPDATE ON city.service_requests FOR EACH ROW EXECUTE FUNCTION city.touch_request();

-- Open311's service_notice (e.g. "repairs within 5 working days"), handed back on export.
ALTER TABLE city.service_requests ADD COLUMN service_notice text CHECK (length(service_notice) <= 2000);

-- Why an announcement was withdrawn, and when.
ALTER TABLE city.announcements ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE city.announcements ADD COLUMN withdraw_reason text CHECK (length(withdraw_reason) <= 500);
ALTER TABLE city.announcements ADD CONSTRAINT announcements_withdrawn_reason
  CHECK (status <> 'withdrawn' OR (withdraw_reason IS NOT NULL AND withdrawn_at IS NOT NULL));

-- Audit actions follow procedure paths (city.importOpen311 → city.import_open311): let a
-- path segment hold digits, so refusals of these procedures can be audited too.
ALTER TABLE audit.entries DROP CONSTRAINT entries_action_check;
ALTER TABLE audit.entries ADD CONSTRAINT entries_action_check CHECK (action ~ '^[a-z_]+(\.[a-z0-9_]+)+$');
