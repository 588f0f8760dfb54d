import type { Db } from '../../db/index.js';

const CHUNK = 20_000;

/**
 * Where each time series' old rows are: the high-volume ones by their owner's index
 * (owner, ts) — one index scan per vehicle or sensor — the others by time.
 */
const SERIES = [
  { table: 'fleet.telemetry', pick: `SELECT t.ctid FROM fleet.vehicles o CROSS JOIN LATERAL
      (SELECT ctid FROM fleet.telemetry WHERE vehicle_id = o.id AND ts < $1 LIMIT ${CHUNK}) t LIMIT ${CHUNK}` },
  { table: 'fleet.sensor_readings', pick: `SELECT r.ctid FROM fleet.sensors o CROSS JOIN LATERAL
      (SELECT ctid FROM fleet.sensor_readings WHERE sensor_id = o.id AND ts < $1 LIMIT ${CHUNK}) r LIMIT ${CHUNK}` },
  { table: 'fleet.vehicle_connections', pick: `SELECT ctid FROM fleet.vehicle_connections WHERE ts < $1 LIMIT ${CHUNK}` },
  { table: 'ingest.quarantine', pick: `SELECT ctid FROM ingest.quarantine WHERE received_at < $1 LIMIT ${CHUNK}` },
];

/**
 * Deletes time series older than `cutoff`, in chunks so that ingest is never
 * blocked for long. Returns the rows removed per table.
 */
export async function pruneTimeSeries(db: Db, cutoff: Date): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const { table, pick } of SERIES) {
    removed[table] = 0;
    for (;;) {
      const rows = await db.query<{ n: string }>(
        `WITH gone AS (DELETE FROM ${table} WHERE ctid = ANY (ARRAY(${pick})) RETURNING 1) SELECT count(*) AS n FROM gone`,
        [cutoff.toISOString()],
      );
      const n = Number(rows[0]!.n);
      removed[table] += n;
      if (n < CHUNK) break;
    }
  }
  return removed;
}
