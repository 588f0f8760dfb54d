-- A rollup chunk and an insert of telemetry for the time it covers must not pass each other.
-- The rollup takes this advisory lock exclusively for each chunk's transaction; every insert
-- statement takes it shared, until its transaction ends, before it looks at `done_until`.
-- So either the insert commits first and the chunk (which reads after taking the lock) sees
-- its rows, or the chunk commits first and the insert, reading `done_until` after the chunk's
-- commit, notes the rows as late. Before this, rows inserted while a chunk was being computed
-- were neither in the chunk nor noted as late, and the reports missed them for good.
CREATE OR REPLACE FUNCTION fleet.note_late_telemetry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(5050, 1);
  UPDATE fleet.telemetry_rollups r SET redo_from = least(r.redo_from, n.first)
  FROM (SELECT min(ts) AS first FROM new_rows) n
  WHERE r.level = '1s' AND n.first < r.done_until;
  RETURN NULL;
END
$$;
