-- Open311 imports all or nothing without one long transaction (issue 19): an import writes in
-- short transactions, so ingest on the embedded database (one connection) goes on in between,
-- and each of them notes here what it changed: a row it created (old NULL) or the row as it
-- was (old). Cancelled, failed, or found left behind by a console that stopped half-way, the
-- import is undone from these notes, newest first; once it is marked done (in the same
-- transaction as its audit entry) the notes are dropped.
CREATE TABLE city.open311_imports (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id     uuid NOT NULL REFERENCES org.sites (id),
  state       text NOT NULL DEFAULT 'writing' CHECK (state IN ('writing', 'done')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  -- Each transaction of the import touches it: one untouched for minutes was left behind.
  touched_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE city.open311_undo (
  import_id  uuid NOT NULL REFERENCES city.open311_imports (id) ON DELETE CASCADE,
  seq        integer NOT NULL CHECK (seq >= 0),
  kind       text NOT NULL CHECK (kind IN ('service', 'request')),
  row_id     uuid NOT NULL,
  old        jsonb,
  -- The timeline entries the import added to the request.
  events     bigint[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (import_id, seq)
);

-- Timelines stay append-only: this removes only the entries an import being written noted
-- as its own, and only Open311 import entries ('imported', or a status change from the file).
CREATE FUNCTION city.undo_open311_events(p_import uuid, p_from integer, p_to integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  n integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM city.open311_imports WHERE id = p_import AND state = 'writing') THEN
    RAISE EXCEPTION 'undo_open311_events: no import % is being written', p_import USING ERRCODE = 'check_violation';
  END IF;
  PERFORM set_config('watchfloor.archiving', 'on', true);
  DELETE FROM ops.case_events e USING city.open311_undo u
  WHERE u.import_id = p_import AND u.seq BETWEEN p_from AND p_to AND u.kind = 'request'
    AND e.id = ANY (u.events) AND e.service_request_id = u.row_id
    AND e.kind IN ('imported', 'status') AND e.details ->> 'source' = 'open311';
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('watchfloor.archiving', 'off', true);
  RETURN n;
END
$$;
REVOKE ALL ON FUNCTION city.undo_open311_events(uuid, integer, integer) FROM PUBLIC;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'watchfloor_console') THEN
    GRANT EXECUTE ON FUNCTION city.undo_open311_events(uuid, integer, integer) TO watchfloor_console;
  END IF;
END
$$;
