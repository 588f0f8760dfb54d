-- The audit log: one append-only, hash-chained table (see core/audit/chain.ts for the encoding).

CREATE TABLE audit.entries (
  seq            bigint PRIMARY KEY CHECK (seq >= 1),
  -- Written by the application at millisecond precision, and hashed at the same.
  at             timestamptz NOT NULL CHECK (at = date_trunc('milliseconds', at)),
  actor_id       uuid,
  actor_email    text,
  session_id     uuid,
  action         text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  resource_type  text,
  resource_id    text,
  site_id        uuid,
  old_values     jsonb,
  new_values     jsonb,
  lat            double precision CHECK (lat BETWEEN -90 AND 90),
  lon            double precision CHECK (lon BETWEEN -180 AND 180),
  request_id     text,
  outcome        text NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
  reason         text,
  prev_hash      text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash           text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX entries_at_idx ON audit.entries (at DESC);
CREATE INDEX entries_actor_idx ON audit.entries (actor_id, at DESC);
CREATE INDEX entries_resource_idx ON audit.entries (resource_type, resource_id, at DESC);
CREATE INDEX entries_action_trgm_idx ON audit.entries USING gin (action gin_trgm_ops);

-- Append-only, whoever asks: the database itself refuses changes and removals.
CREATE OR REPLACE FUNCTION audit.refuse_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER entries_no_update BEFORE UPDATE OR DELETE ON audit.entries
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON audit.entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
