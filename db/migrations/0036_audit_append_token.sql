-- audit.append with the session token as an argument, so that an audited change appends its
-- entry in one statement instead of two (a set_config, then the append): on the embedded
-- database each statement is a message to its thread and back. It sets the token for the
-- two-argument append (0012_audit_guard.sql), which still takes the actor from it, checks the
-- permission and stamps the time; that one stays for consoles not yet upgraded that share a
-- central database.
CREATE FUNCTION audit.append(entry jsonb, permission text, session_token text)
RETURNS TABLE (seq bigint, hash text)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT set_config('watchfloor.session_token', coalesce(session_token, ''), true);
  SELECT a.seq, a.hash FROM audit.append(entry, permission) AS a;
$$;

REVOKE ALL ON FUNCTION audit.append(jsonb, text, text) FROM PUBLIC;

DO $$
BEGIN
  -- As 0012 granted the two-argument append: to the console role, or to every role where it could not be made.
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'watchfloor_console') THEN
    GRANT EXECUTE ON FUNCTION audit.append(jsonb, text, text) TO watchfloor_console;
  ELSE
    GRANT EXECUTE ON FUNCTION audit.append(jsonb, text, text) TO PUBLIC;
  END IF;
END
$$;
