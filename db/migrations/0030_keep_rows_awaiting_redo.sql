-- Rows that arrived late for a time already rolled up wait for the next rollup run
-- (`redo_from`); until then they are the only copy of that telemetry. The retention job used to
-- drop raw rows (and per-second rows) older than their period up to `done_until` alone, so late
-- rows older than that period were deleted before they were rolled up, and reports missed them
-- for good. Now nothing at or after a level's `redo_from` is dropped from its source.
CREATE OR REPLACE FUNCTION fleet.drop_partitions_before(tbl text, cutoff timestamptz) RETURNS text[]
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
    -- Row-locked: a late insert's trigger that notes a redo waits, or is seen.
    SELECT least(done_until, redo_from) INTO rolled FROM fleet.telemetry_rollups
    WHERE level = CASE tbl WHEN 'telemetry' THEN '1s' ELSE '1m' END FOR UPDATE;
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
