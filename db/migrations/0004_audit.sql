-- The audit log: one append-only, hash-chained table.
--
-- `body` is the exact canonical JSON that was hashed (see core/audit/chain.ts):
-- hash = sha256(prev_hash || '\n' || body). Every other column is generated
-- from `body`, so no column can say something the hash does not cover, and the
-- whole chain can be verified inside the database in one pass.

-- The text always carries its UTC offset ('…Z'), so parsing it does not depend on settings.
CREATE OR REPLACE FUNCTION audit.utc(text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT $1::timestamptz $$;

CREATE TABLE audit.entries (
  body           text NOT NULL CHECK (length(body) <= 1048576),
  prev_hash      text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash           text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
  seq            bigint GENERATED ALWAYS AS ((body::jsonb ->> 'seq')::bigint) STORED PRIMARY KEY,
  at             timestamptz GENERATED ALWAYS AS (audit.utc(body::jsonb ->> 'at')) STORED NOT NULL,
  actor_id       uuid GENERATED ALWAYS AS ((body::jsonb ->> 'actorId')::uuid) STORED,
  actor_email    text GENERATED ALWAYS AS (body::jsonb ->> 'actorEmail') STORED,
  session_id     uuid GENERATED ALWAYS AS ((body::jsonb ->> 'sessionId')::uuid) STORED,
  action         text GENERATED ALWAYS AS (body::jsonb ->> 'action') STORED NOT NULL,
  resource_type  text GENERATED ALWAYS AS (body::jsonb ->> 'resourceType') STORED,
  resource_id    text GENERATED ALWAYS AS (body::jsonb ->> 'resourceId') STORED,
  site_id        uuid GENERATED ALWAYS AS ((body::jsonb ->> 'siteId')::uuid) STORED,
  old_values     jsonb GENERATED ALWAYS AS (nullif(body::jsonb -> 'oldValues', 'null'::jsonb)) STORED,
  new_values     jsonb GENERATED ALWAYS AS (nullif(body::jsonb -> 'newValues', 'null'::jsonb)) STORED,
  lat            double precision GENERATED ALWAYS AS ((body::jsonb ->> 'lat')::double precision) STORED,
  lon            double precision GENERATED ALWAYS AS ((body::jsonb ->> 'lon')::double precision) STORED,
  request_id     text GENERATED ALWAYS AS (body::jsonb ->> 'requestId') STORED,
  outcome        text GENERATED ALWAYS AS (body::jsonb ->> 'outcome') STORED NOT NULL,
  reason         text GENERATED ALWAYS AS (body::jsonb ->> 'reason') STORED,
  CHECK (seq >= 1),
  CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  CHECK (outcome IN ('success', 'denied', 'failed')),
  CHECK (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180 OR lat IS NULL AND lon IS NULL)
);
CREATE INDEX entries_at_idx ON audit.entries (at DESC);
CREATE INDEX entries_actor_idx ON audit.entries (actor_id, at DESC);
CREATE INDEX entries_resource_idx ON audit.entries (resource_type, resource_id, at DESC);

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
