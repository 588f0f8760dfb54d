-- Data that survives (issue 16): telemetry that scales to a year, and retention set per site.
--
-- 1. fleet.telemetry becomes a table partitioned by day (range on ts, UTC days), with a
--    default partition for rows outside every day made so far (a vehicle's clock far off).
--    Existing rows are copied into the partitions of their days; none is lost.
-- 2. Aggregates: fleet.telemetry_1s (per vehicle and second) and fleet.telemetry_1m (per
--    vehicle and minute), each partitioned by day likewise. Sums and counts are
--    kept beside min/max/last so that an aggregate of aggregates equals the aggregate of the
--    raw rows. fleet.telemetry_rollups holds how far each level is complete.
-- 3. Partitions are made ahead and dropped behind by the retention job through two
--    SECURITY DEFINER functions, so a console connecting as watchfloor_console (which owns
--    no table) can run it; they act only on these three tables, and refuse to drop a
--    partition whose rows are not yet rolled up into the next level.
-- 4. org.retention_rules: how long each kind of record is kept, per site (NULL site = the
--    default for every site), and org.audit_archive_schedule.

ALTER TABLE fleet.telemetry RENAME TO telemetry_unpartitioned;
ALTER INDEX fleet.telemetry_vehicle_ts_idx RENAME TO telemetry_unpartitioned_idx;

CREATE TABLE fleet.telemetry (
  vehicle_id  uuid NOT NULL,
  ts          timestamptz NOT NULL,
  map_id      text,
  x           double precision,
  y           double precision,
  lat         double precision,
  lon         double precision,
  heading     double precision,
  speed       double precision,
  battery     double precision,
  driving     boolean,
  error_count smallint
) PARTITION BY RANGE (ts);
CREATE INDEX telemetry_vehicle_ts_idx ON fleet.telemetry (vehicle_id, ts DESC);
CREATE TABLE fleet.telemetry_default PARTITION OF fleet.telemetry DEFAULT;

-- One row per vehicle and bucket (a second or a minute): `n` rows, the sums and counts of
-- speed and battery (for exact means), their extremes, and the last position and values.
CREATE TABLE fleet.telemetry_1s (
  vehicle_id   uuid NOT NULL,
  ts           timestamptz NOT NULL,
  n            integer NOT NULL,
  map_id       text,
  x            double precision,
  y            double precision,
  lat          double precision,
  lon          double precision,
  heading      double precision,
  speed_sum    double precision,
  speed_n      integer NOT NULL,
  speed_max    double precision,
  battery_sum  double precision,
  battery_n    integer NOT NULL,
  battery_min  double precision,
  battery_max  double precision,
  battery_last double precision,
  driving      boolean,
  error_max    smallint
) PARTITION BY RANGE (ts);
CREATE UNIQUE INDEX telemetry_1s_vehicle_ts ON fleet.telemetry_1s (vehicle_id, ts DESC);
CREATE TABLE fleet.telemetry_1s_default PARTITION OF fleet.telemetry_1s DEFAULT;

CREATE TABLE fleet.telemetry_1m (LIKE fleet.telemetry_1s) PARTITION BY RANGE (ts);
CREATE UNIQUE INDEX telemetry_1m_vehicle_ts ON fleet.telemetry_1m (vehicle_id, ts DESC);
CREATE TABLE fleet.telemetry_1m_default PARTITION OF fleet.telemetry_1m DEFAULT;

-- Each level holds every bucket that starts before `done_until`. Rows that arrive later for a
-- time already rolled up (a writer that held rows while the database was away, a laptop's
-- sync, an import) set `redo_from`, and the next run recomputes from there, but never
-- before `source_kept_from`: the source's rows before it may be partly dropped.
CREATE TABLE fleet.telemetry_rollups (
  level            text PRIMARY KEY CHECK (level IN ('1s', '1m')),
  done_until       timestamptz NOT NULL,
  redo_from        timestamptz,
  source_kept_from timestamptz
);

CREATE FUNCTION fleet.note_late_telemetry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fleet.telemetry_rollups r SET redo_from = least(r.redo_from, n.first)
  FROM (SELECT min(ts) AS first FROM new_rows) n
  WHERE r.level = '1s' AND n.first < r.done_until;
  RETURN NULL;
END
$$;
CREATE TRIGGER telemetry_late AFTER INSERT ON fleet.telemetry
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fleet.note_late_telemetry();

-- The partition of `tbl` holding `at`: its UTC day, named <tbl>_pYYYYMMDD. Rows already in the default
-- partition for that range are moved into it (in the caller's transaction).
CREATE FUNCTION fleet.ensure_partition(tbl text, at timestamptz) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, fleet AS $$
DECLARE
  lo timestamp;
  hi timestamp;
  part text;
BEGIN
  IF tbl NOT IN ('telemetry', 'telemetry_1s', 'telemetry_1m') THEN
    RAISE EXCEPTION 'ensure_partition: % is not a partitioned telemetry table', tbl;
  END IF;
  lo := date_trunc('day', at AT TIME ZONE 'UTC');
  hi := lo + interval '1 day';
  part := tbl || '_p' || to_char(lo, 'YYYYMMDD');
  IF to_regclass('fleet.' || part) IS NOT NULL THEN
    RETURN false;
  END IF;
  -- Rows of that range that went to the default partition move into the new one.
  EXECUTE format('CREATE TEMP TABLE moving ON COMMIT DROP AS WITH m AS (DELETE FROM fleet.%I WHERE ts >= %L AND ts < %L RETURNING *) SELECT * FROM m',
    tbl || '_default', lo || '+00', hi || '+00');
  EXECUTE format('CREATE TABLE fleet.%I PARTITION OF fleet.%I FOR VALUES FROM (%L) TO (%L)', part, tbl, lo || '+00', hi || '+00');
  EXECUTE format('INSERT INTO fleet.%I SELECT * FROM pg_temp.moving', tbl);
  DROP TABLE pg_temp.moving;
  RETURN true;
END
$$;

-- Drops the partitions of `tbl` that end at or before `cutoff` (and deletes default-partition
-- rows older than it). Raw telemetry is dropped only up to where the per-second level is
-- complete, and per-second rows only up to where the per-minute level is: a partition not yet
-- rolled up is kept. Returns the partitions dropped.
CREATE FUNCTION fleet.drop_partitions_before(tbl text, cutoff timestamptz) RETURNS text[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, fleet AS $$
DECLARE
  safe timestamptz := cutoff;
  rolled timestamptz;
  p record;
  lo timestamptz;
  hi timestamptz;
  dropped text[] := '{}';
BEGIN
  IF tbl NOT IN ('telemetry', 'telemetry_1s', 'telemetry_1m') THEN
    RAISE EXCEPTION 'drop_partitions_before: % is not a partitioned telemetry table', tbl;
  END IF;
  IF tbl <> 'telemetry_1m' THEN
    SELECT done_until INTO rolled FROM fleet.telemetry_rollups WHERE level = CASE tbl WHEN 'telemetry' THEN '1s' ELSE '1m' END;
    safe := least(cutoff, coalesce(rolled, '-infinity'));
  END IF;
  FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = ('fleet.' || tbl)::regclass AND c.relname ~ ('^' || tbl || '_p[0-9]+$') ORDER BY 1 LOOP
    lo := to_date(substr(p.relname, length(tbl) + 3), 'YYYYMMDD')::timestamp AT TIME ZONE 'UTC';
    hi := lo + interval '1 day';
    EXIT WHEN hi > safe;
    EXECUTE format('DROP TABLE fleet.%I', p.relname);
    dropped := dropped || p.relname::text;
  END LOOP;
  EXECUTE format('DELETE FROM fleet.%I WHERE ts < %L', tbl || '_default', safe);
  IF tbl <> 'telemetry_1m' THEN
    UPDATE fleet.telemetry_rollups SET source_kept_from = greatest(source_kept_from, safe)
    WHERE level = CASE tbl WHEN 'telemetry' THEN '1s' ELSE '1m' END;
  END IF;
  RETURN dropped;
END
$$;

-- The days with rows, and the next two, get their partitions; then the rows move over.
SELECT fleet.ensure_partition('telemetry', d)
FROM (SELECT DISTINCT date_trunc('day', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS d FROM fleet.telemetry_unpartitioned
      UNION SELECT now() + k * interval '1 day' FROM generate_series(0, 2) k) days;
SELECT fleet.ensure_partition('telemetry_1s', now() + k * interval '1 day') FROM generate_series(0, 2) k;
SELECT fleet.ensure_partition('telemetry_1m', now() + k * interval '1 day') FROM generate_series(0, 2) k;
INSERT INTO fleet.telemetry SELECT * FROM fleet.telemetry_unpartitioned;
DROP TABLE fleet.telemetry_unpartitioned;

-- How long records are kept, per site. A row with no site is the default for every site; a
-- site's own row overrides it. Periods are in days. The defaults follow the seeds: closed
-- incidents 7 years (ERIOP), closed cases 2 years (Smart Home: reports archived after 2 years
-- once resolved), finished missions 3 years (TVM), handled alerts 1 year, sessions 30 days.
CREATE TABLE org.retention_rules (
  id         uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id    uuid REFERENCES org.sites (id),
  subject    text NOT NULL CHECK (subject IN ('incidents', 'cases', 'missions', 'alerts', 'sessions')),
  keep_days  integer NOT NULL CHECK (keep_days BETWEEN 1 AND 36500),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX retention_rules_site_subject ON org.retention_rules (coalesce(site_id, '00000000-0000-0000-0000-000000000000'::uuid), subject);
INSERT INTO org.retention_rules (site_id, subject, keep_days) VALUES
  (NULL, 'incidents', 2557), (NULL, 'cases', 730), (NULL, 'missions', 1096), (NULL, 'alerts', 365), (NULL, 'sessions', 30);

-- Records archiving: where archive files go and when the job last ran. Audit archiving on a
-- schedule: entries older than `older_than_days` go to `folder` every `every_hours`.
CREATE TABLE org.archive_schedule (
  id               integer PRIMARY KEY CHECK (id = 1),
  enabled          boolean NOT NULL DEFAULT false,
  folder           text NOT NULL,
  every_hours      integer NOT NULL CHECK (every_hours BETWEEN 1 AND 720),
  audit_older_than_days integer NOT NULL CHECK (audit_older_than_days BETWEEN 1 AND 36500),
  records          boolean NOT NULL DEFAULT true,
  last_started_at  timestamptz,
  last_finished_at timestamptz,
  last_error       text,
  last_result      jsonb,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Timelines stay append-only, except while org.delete_archived_timeline (below) removes the
-- timeline of a closed record that was archived: it sets watchfloor.archiving and runs as
-- the tables' owner; a console role that sets the setting itself still owns nothing.
CREATE OR REPLACE FUNCTION fleet.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('watchfloor.archiving', true) = 'on'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'mission events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE FUNCTION ops.refuse_case_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('watchfloor.archiving', true) = 'on'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'case timelines are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

-- Deletes the timelines of archived records of one kind; refuses any record that is not closed.
CREATE FUNCTION org.delete_archived_timeline(kind text, ids uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  open_count integer;
  n integer;
BEGIN
  EXECUTE format('SELECT count(*) FROM %s WHERE id = ANY($1) AND NOT (%s)',
    CASE kind WHEN 'incident' THEN 'ops.incidents' WHEN 'ticket' THEN 'ops.tickets' WHEN 'service_request' THEN 'city.service_requests'
      WHEN 'report' THEN 'city.public_reports' WHEN 'mission' THEN 'fleet.missions' ELSE NULL END,
    CASE kind WHEN 'incident' THEN $c$status IN ('closed', 'cancelled')$c$ WHEN 'ticket' THEN $c$status IN ('resolved', 'closed')$c$
      WHEN 'service_request' THEN $c$status = 'closed'$c$ WHEN 'report' THEN $c$status IN ('resolved', 'closed', 'rejected')$c$
      ELSE $c$status IN ('completed', 'cancelled', 'failed')$c$ END)
    INTO open_count USING ids;
  IF open_count IS NULL OR open_count > 0 THEN
    RAISE EXCEPTION 'delete_archived_timeline: only closed records are archived (% open among them)', open_count USING ERRCODE = 'check_violation';
  END IF;
  PERFORM set_config('watchfloor.archiving', 'on', true);
  IF kind = 'mission' THEN
    DELETE FROM fleet.mission_events WHERE mission_id = ANY(ids);
  ELSE
    EXECUTE format('DELETE FROM ops.case_events WHERE %I = ANY($1)', CASE kind WHEN 'incident' THEN 'incident_id' WHEN 'ticket' THEN 'ticket_id'
      WHEN 'service_request' THEN 'service_request_id' ELSE 'report_id' END) USING ids;
  END IF;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('watchfloor.archiving', 'off', true);
  RETURN n;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'watchfloor_console') THEN
    GRANT EXECUTE ON FUNCTION org.delete_archived_timeline(text, uuid[]) TO watchfloor_console;
    GRANT EXECUTE ON FUNCTION fleet.ensure_partition(text, timestamptz), fleet.drop_partitions_before(text, timestamptz) TO watchfloor_console;
  END IF;
END
$$;
