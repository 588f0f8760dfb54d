-- Row-level security for users limited to some sites (iam.user_sites), on a central database.
--
-- Core already filters every list and read by the caller's sites (core/org/site-access.ts). This is
-- the database's own second check: for a limited user, core runs each statement in a transaction
-- that says whose sites it may touch (`watchfloor.sites`, a uuid array, and `watchfloor.user_id`),
-- and the case, mission and audit tables then show and take only those sites' rows, whatever the
-- SQL. Unset, as for background work (ingest, dispatch, retention) and unlimited users, nothing is
-- hidden.
--
-- Policies bind roles that do not own the tables: the console's role (watchfloor_console, see
-- 0012_audit_guard.sql). The owner that runs the migrations, and PGlite's single user, are not
-- held by them. SECURITY DEFINER functions (audit.append) run as the owner too.

CREATE FUNCTION org.site_limit() RETURNS uuid[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('watchfloor.sites', true), '')::uuid[]
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fleet.missions', 'fleet.residents', 'ops.incidents', 'ops.alerts', 'ops.tickets',
                           'city.service_requests', 'city.public_reports', 'city.announcements'] LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY site_limit ON %s USING (org.site_limit() IS NULL OR site_id = ANY (org.site_limit()))', t);
  END LOOP;
END
$$;

-- The audit log: a limited user sees their sites' entries and their own (a sign-in names no site).
ALTER TABLE audit.entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_limit ON audit.entries USING (
  org.site_limit() IS NULL OR site_id = ANY (org.site_limit())
  OR actor_id = nullif(current_setting('watchfloor.user_id', true), '')::uuid
);
