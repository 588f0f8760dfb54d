-- Issue 15 items 5-8: residents (consent by whom, deactivation, erasure), staff and responders,
-- vehicle maintenance and decommissioning.

-- Residents. Consent is recorded with its date and the user who recorded it; a withdrawal
-- keeps when and by whom. An erased resident keeps its row (missions point at it) with
-- every personal field emptied or replaced, so the mission history stays, anonymous.
ALTER TABLE fleet.residents ADD COLUMN gdpr_consent_by uuid REFERENCES iam.users (id);
ALTER TABLE fleet.residents ADD COLUMN consent_withdrawn_at timestamptz;
ALTER TABLE fleet.residents ADD COLUMN consent_withdrawn_by uuid REFERENCES iam.users (id);
ALTER TABLE fleet.residents ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE fleet.residents ADD COLUMN erased_at timestamptz;
ALTER TABLE fleet.residents ADD COLUMN erased_by uuid REFERENCES iam.users (id);
-- Bumped by every change, for stale-write checks.
ALTER TABLE fleet.residents ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE fleet.residents ALTER COLUMN date_of_birth DROP NOT NULL;
ALTER TABLE fleet.residents ADD CONSTRAINT residents_dob_until_erased CHECK (erased_at IS NOT NULL OR date_of_birth IS NOT NULL);
ALTER TABLE fleet.residents ADD CONSTRAINT residents_erased_empty CHECK (erased_at IS NULL OR (
  date_of_birth IS NULL AND emergency_contact_name IS NULL AND emergency_contact_phone IS NULL AND medical_notes_enc IS NULL
  AND NOT active AND NOT gdpr_consent));

-- Vehicles: in service, in maintenance (with why, since when, and the ticket it answers), or
-- decommissioned (for good). Only an in-service vehicle is suggested or dispatched.
ALTER TABLE fleet.vehicles ADD COLUMN service_state text NOT NULL DEFAULT 'in_service'
  CHECK (service_state IN ('in_service', 'maintenance', 'decommissioned'));
ALTER TABLE fleet.vehicles ADD COLUMN service_reason text CHECK (length(service_reason) BETWEEN 1 AND 500);
ALTER TABLE fleet.vehicles ADD COLUMN service_ticket_id uuid REFERENCES ops.tickets (id);
ALTER TABLE fleet.vehicles ADD COLUMN service_since timestamptz;
ALTER TABLE fleet.vehicles ADD CONSTRAINT vehicles_service_why CHECK (
  (service_state = 'in_service') = (service_reason IS NULL AND service_since IS NULL));

-- Units: what they can do and whether they are on duty.
ALTER TABLE ops.units ADD COLUMN capabilities text[] NOT NULL DEFAULT '{}';
ALTER TABLE ops.units ADD COLUMN duty_status text NOT NULL DEFAULT 'on_duty'
  CHECK (duty_status IN ('on_duty', 'off_duty', 'maintenance', 'out_of_service'));

-- A resource (a person) can be a user who signs in: at most one resource per user.
ALTER TABLE ops.resources ADD COLUMN user_id uuid REFERENCES iam.users (id);
CREATE UNIQUE INDEX resources_user ON ops.resources (user_id) WHERE deleted_at IS NULL AND user_id IS NOT NULL;

-- A vehicle put in or out of service is a change people make: announce it like a rename.
DROP TRIGGER announce_vehicle_id ON fleet.vehicles;
SELECT events.watch('fleet.vehicles', 'vehicle', 'id', 'site_id', NULL,
  'name, site_id, confirmed_at, deleted_at, factsheet, service_state, service_reason, service_ticket_id');
