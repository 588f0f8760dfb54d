-- Bringing a field laptop's work back to the central database. Each laptop (source) pushes
-- its records by their own ids, so a second push finds them there and changes nothing; its
-- audit chain arrives as a linked segment: the entries as the laptop hashed them (verifiable
-- on their own), and one central audit entry recording the segment's tip hash.

CREATE TABLE fleet.field_sources (
  source       text PRIMARY KEY CHECK (length(source) BETWEEN 1 AND 200),
  -- The last laptop audit entry received, and its hash: the next push must continue from it.
  last_seq     bigint NOT NULL DEFAULT 0,
  last_hash    text NOT NULL DEFAULT repeat('0', 64) CHECK (last_hash ~ '^[0-9a-f]{64}$'),
  pushed_at    timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- The laptop's audit entries exactly as it hashed them (body is its text form of the jsonb).
CREATE TABLE fleet.field_audit_entries (
  source     text NOT NULL REFERENCES fleet.field_sources (source),
  seq        bigint NOT NULL CHECK (seq >= 1),
  prev_hash  text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash       text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  body       text NOT NULL,
  PRIMARY KEY (source, seq)
);

-- Which laptop record became which central one (vehicles and users are matched, not copied).
CREATE TABLE fleet.field_pushed (
  source     text NOT NULL REFERENCES fleet.field_sources (source),
  kind       text NOT NULL CHECK (kind IN ('ticket', 'vehicle_log', 'vehicle_command')),
  local_id   uuid NOT NULL,
  pushed_at  timestamptz NOT NULL,
  outcome    text NOT NULL CHECK (outcome IN ('pushed', 'kept_central')),
  PRIMARY KEY (source, kind, local_id)
);
