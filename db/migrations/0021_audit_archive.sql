-- Audit archiving (issue 16): old segments of the log move to an archive file. The
-- live log keeps an anchoring entry (action audit.archive_segment) naming the
-- segment's last seq, its hash and the file's SHA-256, and audit.archived_segments
-- records where the live chain now starts, so audit:verify proves the rest alone
-- and, given the archive files, the whole history.

CREATE TABLE audit.archived_segments (
  last_seq     bigint PRIMARY KEY CHECK (last_seq >= 1),
  first_seq    bigint NOT NULL CHECK (first_seq >= 1 AND first_seq <= last_seq),
  last_hash    text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$'),
  file_sha256  text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 300),
  anchor_seq   bigint NOT NULL CHECK (anchor_seq > last_seq),
  archived_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER archived_segments_no_update BEFORE UPDATE OR DELETE ON audit.archived_segments
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
REVOKE ALL ON audit.archived_segments FROM PUBLIC;

-- The log stays append-only, except for the one deletion audit.archive_segment makes.
CREATE OR REPLACE FUNCTION audit.refuse_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'entries'
     AND OLD.seq <= coalesce(nullif(current_setting('watchfloor.audit_archiving', true), '')::bigint, 0) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit.entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Removes entries up to p_last_seq, only once the anchoring entry for exactly this
-- segment (its last seq and hash and the archive file's SHA-256) is in the log.
CREATE OR REPLACE FUNCTION audit.archive_segment(p_last_seq bigint, p_last_hash text, p_sha256 text, p_file text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_first bigint;
  v_anchor bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7305002);
  IF NOT EXISTS (SELECT 1 FROM audit.entries e WHERE e.seq = p_last_seq AND e.hash = p_last_hash) THEN
    RAISE EXCEPTION 'audit.archive_segment: entry % with hash % is not in the log', p_last_seq, left(p_last_hash, 12) USING ERRCODE = 'check_violation';
  END IF;
  SELECT max(e.seq) INTO v_anchor FROM audit.entries e
  WHERE e.action = 'audit.archive_segment' AND e.seq > p_last_seq
    AND e.new_values ->> 'lastSeq' = p_last_seq::text AND e.new_values ->> 'lastHash' = p_last_hash AND e.new_values ->> 'sha256' = p_sha256;
  IF v_anchor IS NULL THEN
    RAISE EXCEPTION 'audit.archive_segment: no entry in the log anchors the segment ending at %', p_last_seq USING ERRCODE = 'check_violation';
  END IF;
  SELECT min(e.seq) INTO v_first FROM audit.entries e;
  PERFORM set_config('watchfloor.audit_archiving', p_last_seq::text, true);
  DELETE FROM audit.entries e WHERE e.seq <= p_last_seq;
  PERFORM set_config('watchfloor.audit_archiving', '', true);
  INSERT INTO audit.archived_segments (last_seq, first_seq, last_hash, file_sha256, file_name, anchor_seq)
  VALUES (p_last_seq, v_first, p_last_hash, p_sha256, p_file, v_anchor);
  RETURN v_anchor;
END
$$;
REVOKE ALL ON FUNCTION audit.archive_segment(bigint, text, text, text) FROM PUBLIC;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'watchfloor_console') THEN
    GRANT SELECT ON audit.archived_segments TO watchfloor_console;
    GRANT EXECUTE ON FUNCTION audit.archive_segment(bigint, text, text, text) TO watchfloor_console;
  END IF;
END
$$;
