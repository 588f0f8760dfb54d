import type { Db } from '../../db/index.js';

const CHUNK = 20_000;
const TABLES = [
  ['fleet.telemetry', 'ts'],
  ['fleet.sensor_readings', 'ts'],
  ['fleet.vehicle_connections', 'ts'],
  ['ingest.quarantine', 'received_at'],
] as const;

/**
 * Deletes time series older than `cutoff`, in chunks so that ingest is never
 * blocked for long. Returns the rows removed per table.
 */
export async function pruneTimeSeries(db: Db, cutoff: Date): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const [table, column] of TABLES) {
    removed[table] = 0;
    for (;;) {
      const rows = await db.query<{ n: string }>(
        `WITH gone AS (DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${column} < $1 LIMIT ${CHUNK}) RETURNING 1)
         SELECT count(*) AS n FROM gone`,
        [cutoff.toISOString()],
      );
      const n = Number(rows[0]!.n);
      removed[table] += n;
      if (n < CHUNK) break;
    }
  }
  return removed;
}
