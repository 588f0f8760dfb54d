// Which stored resolution of telemetry a history query reads, and the rows of it as one shape.
import type { TelemetryResolution } from '../contract/index.js';

/** The coarsest level whose buckets are no wider than the `bucketSeconds` asked for. */
export function resolutionFor(bucketSeconds: number): TelemetryResolution {
  return bucketSeconds >= 60 ? '1m' : bucketSeconds >= 1 ? '1s' : 'raw';
}

/** A bucket width that is a whole number of the level's buckets, so none straddles two. */
export function alignedBucket(bucketSeconds: number): number {
  return bucketSeconds >= 60 ? Math.round(bucketSeconds / 60) * 60 : Math.max(1, Math.round(bucketSeconds));
}

const AGG = 'ts, n, speed_sum, speed_n, speed_max, battery_sum, battery_n, battery_min, battery_max, battery_last, lat, lon, driving, error_max';
const RAW = `ts, 1 AS n, speed AS speed_sum, (speed IS NOT NULL)::int AS speed_n, speed AS speed_max, battery AS battery_sum,
  (battery IS NOT NULL)::int AS battery_n, battery AS battery_min, battery AS battery_max, battery AS battery_last, lat, lon, driving, error_count AS error_max`;
/**
 * Where a level is complete: its watermark, or earlier where rows arrived late and wait to be
 * rolled up again (the minute level also waits on the second level's redo).
 */
const done = (level: string) => `coalesce((SELECT min(least(done_until, redo_from)) FROM fleet.telemetry_rollups
  WHERE level = '${level}' OR (level = '1s' AND '${level}' = '1m') HAVING count(*) FILTER (WHERE level = '${level}') > 0), '-infinity'::timestamptz)`;

/**
 * One vehicle's telemetry from `from` (inclusive) to `to` (exclusive) at `resolution`, as rows
 * of the aggregate tables' shape (ts, n, speed_sum, speed_n, speed_max, battery_sum, battery_n,
 * battery_min, battery_max, battery_last, lat, lon, driving, error_max); a raw row is a bucket
 * of one. Each level is read where it is complete and the finer one after its watermark, so
 * nothing is missed or counted twice while the rollup catches up. Arguments are SQL
 * expressions (parameters such as `$1`, or a column such as `v.id`).
 */
export function telemetryRows(resolution: TelemetryResolution, vehicle: string, from: string, to: string): string {
  const raw = (after: string) => `SELECT ${RAW} FROM fleet.telemetry WHERE vehicle_id = ${vehicle} AND ts >= ${after} AND ts < ${to}`;
  if (resolution === 'raw') return raw(from);
  const seconds = (after: string) => `SELECT ${AGG} FROM fleet.telemetry_1s WHERE vehicle_id = ${vehicle} AND ts >= ${after} AND ts < ${to} AND ts < ${done('1s')}`;
  const tail = `${seconds(`greatest(${from}, ${done('1m')})`)} UNION ALL ${raw(`greatest(${from}, ${done('1s')})`)}`;
  if (resolution === '1s') return `${seconds(from)} UNION ALL ${raw(`greatest(${from}, ${done('1s')})`)}`;
  return `SELECT ${AGG} FROM fleet.telemetry_1m WHERE vehicle_id = ${vehicle} AND ts >= ${from} AND ts < ${to} AND ts < ${done('1m')} UNION ALL ${tail}`;
}
