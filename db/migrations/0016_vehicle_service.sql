-- Servicing one vehicle: the instant actions people send it (each with its reason, its
-- life on the vehicle and, for the risky ones, the second person who confirmed it), the
-- vehicle's error and information entries kept as episodes, and the maintenance log.

-- One instant action a person sent (or asked to send) a vehicle. A command under the
-- two-person rule waits in 'awaiting_confirmation' until a second person confirms it
-- (then it is sent) or it expires. 'sent' → 'acknowledged' (the vehicle lists it in its
-- actionStates) → 'finished' or 'failed'; 'timed_out' when the vehicle never said.
CREATE TABLE fleet.vehicle_commands (
  id               uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  vehicle_id       uuid NOT NULL REFERENCES fleet.vehicles (id),
  action_type      text NOT NULL CHECK (action_type IN ('startPause', 'stopPause', 'cancelOrder', 'stateRequest', 'factsheetRequest', 'logReport', 'initPosition')),
  action_id        text NOT NULL UNIQUE CHECK (length(action_id) BETWEEN 1 AND 200),
  parameters       jsonb NOT NULL DEFAULT '[]',
  reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  status           text NOT NULL CHECK (status IN ('awaiting_confirmation', 'sent', 'acknowledged', 'finished', 'failed', 'timed_out', 'expired')),
  detail           text CHECK (length(detail) <= 1000),
  -- The transport the command would disturb, confirmed by the person who sent it.
  mission_id       uuid REFERENCES fleet.missions (id),
  requested_by     uuid NOT NULL REFERENCES iam.users (id),
  confirmed_by     uuid REFERENCES iam.users (id),
  requested_at     timestamptz NOT NULL,
  expires_at       timestamptz,
  sent_at          timestamptz,
  acknowledged_at  timestamptz,
  ended_at         timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (confirmed_by IS NULL OR confirmed_by <> requested_by),
  CHECK (status <> 'awaiting_confirmation' OR expires_at IS NOT NULL),
  CHECK (status IN ('awaiting_confirmation', 'expired') OR sent_at IS NOT NULL),
  CHECK (status NOT IN ('finished', 'failed', 'timed_out', 'expired') OR ended_at IS NOT NULL)
);
CREATE INDEX vehicle_commands_vehicle_idx ON fleet.vehicle_commands (vehicle_id, requested_at DESC);
CREATE INDEX vehicle_commands_open_idx ON fleet.vehicle_commands (status) WHERE status IN ('awaiting_confirmation', 'sent', 'acknowledged');
CREATE TRIGGER vehicle_commands_touch BEFORE UPDATE ON fleet.vehicle_commands
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- An error or information entry from the moment a vehicle first reports it until the
-- first state without it (ended_at). The same type, level and references again later is
-- a new episode. Duration: (ended_at or last_seen) - first_seen.
CREATE TABLE fleet.vehicle_diagnostics (
  id           uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  vehicle_id   uuid NOT NULL REFERENCES fleet.vehicles (id),
  kind         text NOT NULL CHECK (kind IN ('error', 'information')),
  entry_type   text NOT NULL CHECK (length(entry_type) BETWEEN 1 AND 200),
  level        text NOT NULL CHECK (level IN ('WARNING', 'FATAL', 'INFO', 'DEBUG')),
  description  text CHECK (length(description) <= 2000),
  refs         jsonb NOT NULL DEFAULT '[]',
  entry_key    text NOT NULL CHECK (length(entry_key) <= 3000),
  first_seen   timestamptz NOT NULL,
  last_seen    timestamptz NOT NULL,
  ended_at     timestamptz,
  CHECK (last_seen >= first_seen),
  CHECK (ended_at IS NULL OR ended_at >= first_seen),
  CHECK ((kind = 'error') = (level IN ('WARNING', 'FATAL')))
);
CREATE UNIQUE INDEX vehicle_diagnostics_open ON fleet.vehicle_diagnostics (vehicle_id, kind, entry_key) WHERE ended_at IS NULL;
CREATE INDEX vehicle_diagnostics_vehicle_idx ON fleet.vehicle_diagnostics (vehicle_id, first_seen DESC);

-- The maintenance log of a vehicle (TVM's vehicle_logs): the work done, parts, notes,
-- photos, and the ticket it answers.
CREATE TABLE fleet.vehicle_logs (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  vehicle_id  uuid NOT NULL REFERENCES fleet.vehicles (id),
  ticket_id   uuid REFERENCES ops.tickets (id),
  work_done   text NOT NULL CHECK (length(work_done) BETWEEN 1 AND 2000),
  parts       jsonb NOT NULL DEFAULT '[]',
  notes       text CHECK (length(notes) <= 5000),
  author_id   uuid NOT NULL REFERENCES iam.users (id),
  logged_at   timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE INDEX vehicle_logs_vehicle_idx ON fleet.vehicle_logs (vehicle_id, logged_at DESC) WHERE deleted_at IS NULL;
CREATE TRIGGER vehicle_logs_touch BEFORE UPDATE ON fleet.vehicle_logs
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE fleet.vehicle_log_photos (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  log_id      uuid NOT NULL REFERENCES fleet.vehicle_logs (id),
  file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  mime_type   text NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes       bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 5242880),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vehicle_log_photos_log_idx ON fleet.vehicle_log_photos (log_id);
