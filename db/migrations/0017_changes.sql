-- Changes come from the database, after commit (issue 13).
-- Every write to a table a view shows appends one row to events.changes in the
-- same transaction, and notifies `watchfloor_changes` with the row (kind, ids,
-- site, sequence: no personal data). PostgreSQL delivers a notification only
-- when its transaction commits, to every console listening (in process on
-- PGlite), so no console hears of a change that was rolled back and none has
-- to be told by hand. A console that lost its listener catches up from the
-- table by sequence; rows older than a day are pruned by retention.
CREATE SCHEMA IF NOT EXISTS events;

CREATE TABLE events.changes (
  seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind     text NOT NULL,
  id       text,
  site_id  uuid,
  action   text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  -- A second id the kind needs (a case event's case type).
  ref      text,
  at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_at ON events.changes (at);

-- Everything up to `through` was pruned: a reader behind it cannot catch up and reloads.
CREATE TABLE events.pruned (
  one      boolean PRIMARY KEY DEFAULT true CHECK (one),
  through  bigint NOT NULL DEFAULT 0
);
INSERT INTO events.pruned DEFAULT VALUES;

-- Trigger arguments: kind, the id column, the site column (optional), the ref column (optional).
CREATE FUNCTION events.announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
  the_id text;
  site uuid;
  the_ref text;
  s bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  IF TG_ARGV[1] = '*case' THEN
    the_id := coalesce(r ->> 'incident_id', r ->> 'service_request_id', r ->> 'report_id', r ->> 'ticket_id');
  ELSE
    the_id := r ->> TG_ARGV[1];
  END IF;
  IF TG_NARGS > 2 AND TG_ARGV[2] <> '' THEN site := (r ->> TG_ARGV[2])::uuid; END IF;
  IF TG_NARGS > 3 THEN the_ref := r ->> TG_ARGV[3]; END IF;
  INSERT INTO events.changes (kind, id, site_id, action, ref)
    VALUES (TG_ARGV[0], the_id, site, lower(TG_OP), the_ref) RETURNING seq INTO s;
  PERFORM pg_notify('watchfloor_changes', json_build_object(
    'seq', s, 'kind', TG_ARGV[0], 'id', the_id, 'siteId', site, 'action', lower(TG_OP), 'ref', the_ref)::text);
  RETURN NULL;
END $$;

-- Puts a table under watch; later migrations call it for the tables they add.
CREATE FUNCTION events.watch(tbl regclass, kind text, id_col text, site_col text DEFAULT '', ref_col text DEFAULT NULL, cols text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'CREATE TRIGGER %I AFTER INSERT OR %s OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION events.announce(%L, %L, %L%s)',
    'announce_' || kind || '_' || replace(id_col, '*', ''),
    CASE WHEN cols IS NULL THEN 'UPDATE' ELSE 'UPDATE OF ' || cols END,
    tbl, kind, id_col, site_col, CASE WHEN ref_col IS NULL THEN '' ELSE format(', %L', ref_col) END);
END $$;

SELECT events.watch('org.sites', 'site', 'id', 'id');
SELECT events.watch('org.site_maps', 'site', 'site_id', 'site_id');
SELECT events.watch('org.map_nodes', 'map', 'site_map_id');
SELECT events.watch('org.map_edges', 'map', 'site_map_id');
SELECT events.watch('iam.users', 'user', 'id');
SELECT events.watch('iam.user_roles', 'user', 'user_id');
SELECT events.watch('iam.roles', 'role', 'id');
SELECT events.watch('iam.role_permissions', 'role', 'role_id');
SELECT events.watch('fleet.residents', 'resident', 'id', 'site_id');
-- Vehicles and sensors: the writer updates their live columns with every batch; only what people change is announced.
SELECT events.watch('fleet.vehicles', 'vehicle', 'id', 'site_id', NULL, 'name, site_id, confirmed_at, deleted_at, factsheet');
SELECT events.watch('fleet.sensors', 'sensor', 'id', 'site_id', NULL, 'name, site_id, deleted_at');
SELECT events.watch('fleet.missions', 'mission', 'id', 'site_id');
SELECT events.watch('fleet.mission_events', 'mission', 'mission_id');
SELECT events.watch('ops.agencies', 'agency', 'id', 'site_id');
SELECT events.watch('ops.units', 'unit', 'id');
SELECT events.watch('ops.resources', 'resource', 'id', 'site_id');
SELECT events.watch('ops.alert_rules', 'alert_rule', 'id', 'site_id');
SELECT events.watch('ops.alerts', 'alert', 'id', 'site_id');
SELECT events.watch('ops.incidents', 'incident', 'id', 'site_id');
SELECT events.watch('ops.incident_links', 'incident', 'incident_id');
SELECT events.watch('ops.incident_resources', 'incident', 'incident_id');
SELECT events.watch('ops.incident_resources', 'resource', 'resource_id');
SELECT events.watch('ops.tickets', 'ticket', 'id', 'site_id');
SELECT events.watch('ops.case_events', 'case', '*case', '', 'case_type');
SELECT events.watch('city.services', 'service', 'id', 'site_id');
SELECT events.watch('city.service_requests', 'request', 'id', 'site_id');
SELECT events.watch('city.public_reports', 'report', 'id', 'site_id');
SELECT events.watch('city.announcements', 'announcement', 'id', 'site_id');
SELECT events.watch('city.assets', 'asset', 'id', 'site_id');
