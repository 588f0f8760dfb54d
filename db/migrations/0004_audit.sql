-- The audit log: one append-only, hash-chained table.
--
-- `body` is the entry; hash = sha256(prev_hash || E'\n' || body::text), over
-- PostgreSQL's own text form of the jsonb, so the database can number, hash
-- and later verify entries by itself. Every other column is generated from
-- `body`: no column can say something the hash does not cover.

-- The text always carries its UTC offset ('…Z'), so parsing it does not depend on settings.
CREATE OR REPLACE FUNCTION audit.utc(text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT $1::timestamptz $$;

CREATE TABLE audit.entries (
  body           jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
  prev_hash      text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash           text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
  seq            bigint GENERATED ALWAYS AS ((body ->> 'seq')::bigint) STORED PRIMARY KEY,
  at             timestamptz GENERATED ALWAYS AS (audit.utc(body ->> 'at')) STORED NOT NULL,
  actor_id       uuid GENERATED ALWAYS AS ((body ->> 'actorId')::uuid) STORED,
  actor_email    text GENERATED ALWAYS AS (body ->> 'actorEmail') STORED,
  session_id     uuid GENERATED ALWAYS AS ((body ->> 'sessionId')::uuid) STORED,
  action         text GENERATED ALWAYS AS (body ->> 'action') STORED NOT NULL,
  resource_type  text GENERATED ALWAYS AS (body ->> 'resourceType') STORED,
  resource_id    text GENERATED ALWAYS AS (body ->> 'resourceId') STORED,
  site_id        uuid GENERATED ALWAYS AS ((body ->> 'siteId')::uuid) STORED,
  old_values     jsonb GENERATED ALWAYS AS (nullif(body -> 'oldValues', 'null'::jsonb)) STORED,
  new_values     jsonb GENERATED ALWAYS AS (nullif(body -> 'newValues', 'null'::jsonb)) STORED,
  lat            double precision GENERATED ALWAYS AS ((body ->> 'lat')::double precision) STORED,
  lon            double precision GENERATED ALWAYS AS ((body ->> 'lon')::double precision) STORED,
  request_id     text GENERATED ALWAYS AS (body ->> 'requestId') STORED,
  outcome        text GENERATED ALWAYS AS (body ->> 'outcome') STORED NOT NULL,
  reason         text GENERATED ALWAYS AS (body ->> 'reason') STORED,
  CHECK (seq >= 1),
  CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  CHECK (outcome IN ('success', 'denied', 'failed')),
  CHECK (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180 OR lat IS NULL AND lon IS NULL)
);

-- Appends one entry in the caller's transaction, in one round trip: the lock
-- serialises appenders, the tip is read after it is held (each statement of a
-- volatile function takes a fresh snapshot), and the unique prev_hash would
-- refuse a fork even if the lock were bypassed. With `permission`, the actor
-- must still hold it as the change commits, or the whole transaction fails.
CREATE OR REPLACE FUNCTION audit.append(entry jsonb, permission text DEFAULT NULL)
RETURNS TABLE (seq bigint, hash text)
LANGUAGE plpgsql AS $$
DECLARE
  tip_seq bigint;
  tip_hash text;
  v_body jsonb;
  v_hash text;
BEGIN
  IF permission IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM iam.users u
    JOIN iam.user_roles ur ON ur.user_id = u.id
    JOIN iam.role_permissions rp ON rp.role_id = ur.role_id
    JOIN iam.permissions p ON p.id = rp.permission_id
    WHERE u.id = (entry ->> 'actorId')::uuid AND u.status = 'active' AND u.deleted_at IS NULL AND p.key = permission
  ) THEN
    RAISE EXCEPTION 'missing permission %', permission USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_advisory_xact_lock(7305002);
  SELECT e.seq, e.hash INTO tip_seq, tip_hash FROM audit.entries e ORDER BY e.seq DESC LIMIT 1;
  tip_seq := coalesce(tip_seq, 0);
  tip_hash := coalesce(tip_hash, repeat('0', 64));
  v_body := entry || jsonb_build_object('seq', tip_seq + 1);
  v_hash := encode(sha256(convert_to(tip_hash || E'\n' || v_body::text, 'UTF8')), 'hex');
  INSERT INTO audit.entries (body, prev_hash, hash) VALUES (v_body, tip_hash, v_hash);
  RETURN QUERY SELECT tip_seq + 1, v_hash;
END
$$;

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
