import type { Db } from '../../db/index.js';

const CHUNK = 20_000;

/**
 * Where each time series' old rows are: the high-volume ones by their owner's index
 * (owner, ts) — one index scan per sensor — the others by time. Telemetry is not here: its
 * partitions are dropped whole (rollup.ts).
 */
const SERIES = [
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

/** The period in days of `subject` for the row `x` (its site's rule, else the rule for every site), as SQL. */
export const keepDaysOf = (subject: string, alias = 'x') => `(SELECT r.keep_days FROM org.retention_rules r WHERE r.subject = '${subject}'
  AND (r.site_id = ${alias}.site_id OR r.site_id IS NULL) ORDER BY r.site_id IS NULL LIMIT 1)`;

/**
 * Removes ended sessions and handled alerts past their period (org.retention_rules: sessions
 * by the rule for every site, alerts by their site's). Neither is the record of what
 * happened: the audit log names every sign-in and every alert's handling, and keeps doing so
 * after these rows are gone.
 */
export async function purgeExpired(db: Db, now: Date): Promise<Record<string, number>> {
  const count = async (sql: string) => Number((await db.query<{ n: string }>(`WITH gone AS (${sql} RETURNING 1) SELECT count(*) AS n FROM gone`, [now.toISOString()]))[0]!.n);
  return {
    'iam.sessions': await count(`DELETE FROM iam.sessions WHERE coalesce(ended_at, last_seen_at) < $1::timestamptz
      - (SELECT keep_days FROM org.retention_rules WHERE subject = 'sessions' AND site_id IS NULL) * interval '1 day'`),
    'ops.alerts': await count(
      `DELETE FROM ops.alerts x WHERE coalesce(CASE x.status WHEN 'dismissed' THEN x.dismissed_at WHEN 'acknowledged' THEN x.acknowledged_at END, 'infinity')
         < $1::timestamptz - ${keepDaysOf('alerts')} * interval '1 day'
       AND NOT EXISTS (SELECT 1 FROM ops.incidents i WHERE i.source_alert_id = x.id)`),
  };
}
