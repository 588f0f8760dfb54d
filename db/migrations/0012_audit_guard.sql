-- An audit log its own database role cannot rewrite.
--
-- 1. Appends go through audit.append, now SECURITY DEFINER: it runs as the
--    log's owner (the role that ran the migrations), takes the actor from the
--    transaction's session (`watchfloor.session_token`, set by core per
--    transaction: the session whose token hashes to it) and stamps the time
--    itself. What the caller says about actor, session and time is overwritten.
-- 2. audit.checkpoints holds Ed25519 signatures of (seq, hash), made by the
--    console with a key that never enters the database; `audit:verify` checks
--    them, so truncation, appended forgeries and re-hashing are named.
-- 3. The role `watchfloor_console` (created when the migrating role may create
--    roles) gets what a console needs on every table, and on the audit tables
--    only SELECT: it cannot own, alter, delete from, or disable the triggers of
--    the log. A console connects as a login role granted watchfloor_console.
-- The same SQL runs on PGlite, where the single user owns everything.

CREATE TABLE audit.checkpoints (
  seq        bigint NOT NULL CHECK (seq >= 1),
  hash       text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  key_id     text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
  signature  text NOT NULL CHECK (length(signature) BETWEEN 80 AND 100),
  signed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (key_id, seq)
);
CREATE INDEX checkpoints_seq_idx ON audit.checkpoints (seq DESC);
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE OR DELETE ON audit.checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON audit.checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

CREATE OR REPLACE FUNCTION audit.append(entry jsonb, permission text DEFAULT NULL)
RETURNS TABLE (seq bigint, hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  token text := nullif(current_setting('watchfloor.session_token', true), '');
  s_id uuid;
  u_id uuid;
  u_email text;
  tip_seq bigint;
  tip_hash text;
  v_body jsonb;
  v_hash text;
BEGIN
  IF token IS NOT NULL THEN
    -- An ended session still names who acted (a logout is audited as it ends).
    SELECT s.id, u.id, u.email INTO s_id, u_id, u_email
    FROM iam.sessions s JOIN iam.users u ON u.id = s.user_id
    WHERE s.token_hash = encode(sha256(convert_to(token, 'UTF8')), 'hex');
    IF s_id IS NULL THEN
      RAISE EXCEPTION 'audit.append: the transaction''s session token matches no session' USING ERRCODE = 'invalid_authorization_specification';
    END IF;
  END IF;
  IF permission IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM iam.users u
    JOIN iam.user_roles ur ON ur.user_id = u.id
    JOIN iam.role_permissions rp ON rp.role_id = ur.role_id
    JOIN iam.permissions p ON p.id = rp.permission_id
    WHERE u.id = u_id AND u.status = 'active' AND u.deleted_at IS NULL AND p.key = permission
  ) THEN
    RAISE EXCEPTION 'missing permission %', permission USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_advisory_xact_lock(7305002);
  SELECT e.seq, e.hash INTO tip_seq, tip_hash FROM audit.entries e ORDER BY e.seq DESC LIMIT 1;
  tip_seq := coalesce(tip_seq, 0);
  tip_hash := coalesce(tip_hash, repeat('0', 64));
  -- Without a session the entry has no actor id; the email stays as what was
  -- claimed (a typed sign-in email, `system`), visibly without a session.
  v_body := entry || jsonb_build_object(
    'seq', tip_seq + 1,
    'actorId', u_id,
    'sessionId', s_id,
    'at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  IF u_id IS NOT NULL THEN
    v_body := v_body || jsonb_build_object('actorEmail', u_email);
  END IF;
  v_hash := encode(sha256(convert_to(tip_hash || E'\n' || v_body::text, 'UTF8')), 'hex');
  INSERT INTO audit.entries (body, prev_hash, hash) VALUES (v_body, tip_hash, v_hash);
  RETURN QUERY SELECT tip_seq + 1, v_hash;
END
$$;

-- A checkpoint is only taken for an entry that exists with that hash; the
-- signature itself is checked by `audit:verify`, which holds the public key.
CREATE OR REPLACE FUNCTION audit.add_checkpoint(p_seq bigint, p_hash text, p_key_id text, p_signature text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit.entries e WHERE e.seq = p_seq AND e.hash = p_hash) THEN
    RAISE EXCEPTION 'audit.add_checkpoint: entry % with hash % does not exist', p_seq, left(p_hash, 12) USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO audit.checkpoints (seq, hash, key_id, signature) VALUES (p_seq, p_hash, p_key_id, p_signature)
  ON CONFLICT DO NOTHING;
END
$$;

REVOKE ALL ON audit.entries, audit.checkpoints FROM PUBLIC;
REVOKE ALL ON FUNCTION audit.append(jsonb, text), audit.add_checkpoint(bigint, text, text, text) FROM PUBLIC;

DO $$
DECLARE
  may_create boolean;
BEGIN
  SELECT rolsuper OR rolcreaterole INTO may_create FROM pg_roles WHERE rolname = current_user;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'watchfloor_console') THEN
    IF NOT may_create THEN
      -- Without the role, appends stay open to every role, as before.
      RAISE NOTICE 'role watchfloor_console not created (% may not create roles); see SECURITY.md', current_user;
      GRANT EXECUTE ON FUNCTION audit.append(jsonb, text), audit.add_checkpoint(bigint, text, text, text) TO PUBLIC;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE watchfloor_console NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database on this server created it at the same moment
    END;
  END IF;
  GRANT USAGE ON SCHEMA iam, org, fleet, ops, city, audit, ingest TO watchfloor_console;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA iam, org, fleet, ops, city, ingest TO watchfloor_console;
  GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA iam, org, fleet, ops, city, ingest TO watchfloor_console;
  GRANT SELECT ON public.watchfloor_migrations TO watchfloor_console;
  GRANT SELECT ON audit.entries, audit.checkpoints TO watchfloor_console;
  GRANT EXECUTE ON FUNCTION audit.append(jsonb, text), audit.add_checkpoint(bigint, text, text, text) TO watchfloor_console;
  -- Tables, sequences and schemas later migrations create get the same grants;
  -- a later audit table must revoke them, as this one does above.
  ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO watchfloor_console;
  ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO watchfloor_console;
  ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO watchfloor_console;
END
$$;
