// Transports: wait, duration, on-time share and failures, per vehicle, ward or hour of day.
import type { z } from 'zod';
import type { Queryable } from '../../db/index.js';
import { ON_TIME_MINUTES, type Report, type TransportReportInput } from '../contract/index.js';
import { minutes, num, reportHead, type SiteRange } from './range.js';
import { reportWords } from './words.js';

// A group without a name (no vehicle) is null here, and named in the report's language.
const GROUPS = {
  vehicle: 'v.name',
  ward: 'coalesce(pn.name, m.pickup_node)',
  // The hour of day in the site's zone, as "07:00".
  hour: "lpad(extract(hour FROM coalesce(m.scheduled_at, m.created_at) AT TIME ZONE s.time_zone)::text, 2, '0') || ':00'",
} as const;

/**
 * Transports requested in the range (by when they were created). Wait: from the time asked
 * for (or the request) to the pick-up; duration: from the start to the drop-off; on time:
 * picked up within ON_TIME_MINUTES of the time asked for, among those completed.
 */
export async function transportReport(db: Queryable, r: SiteRange, input: z.infer<typeof TransportReportInput>): Promise<Report> {
  const params: unknown[] = [r.siteId, r.start.toISOString(), r.end.toISOString()];
  let where = '';
  if (input.vehicleId) where += ` AND m.vehicle_id = $${params.push(input.vehicleId)}`;
  if (input.ward) where += ` AND coalesce(pn.name, m.pickup_node) = $${params.push(input.ward)}`;
  const base = `SELECT ${GROUPS[input.groupBy]} AS grp, m.status, m.failure_reason,
      coalesce(m.scheduled_at, m.created_at) AS requested, coalesce(m.picked_up_at, m.started_at) AS pickup, m.started_at, m.completed_at
    FROM fleet.missions m JOIN org.sites s ON s.id = m.site_id LEFT JOIN fleet.vehicles v ON v.id = m.vehicle_id
    LEFT JOIN org.map_nodes pn ON pn.site_map_id = m.site_map_id AND pn.node_id = m.pickup_node
    WHERE m.site_id = $1 AND m.created_at >= $2 AND m.created_at < $3 AND m.deleted_at IS NULL${where}`;
  const stats = `count(*) AS n, count(*) FILTER (WHERE status = 'completed') AS completed, count(*) FILTER (WHERE status = 'failed') AS failed,
    count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
    ${minutes("percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM pickup - requested))")} AS wait_p50,
    ${minutes("percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM pickup - requested))")} AS wait_p90,
    ${minutes("percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at))")} AS duration_p50,
    round((100.0 * count(*) FILTER (WHERE status = 'completed' AND pickup <= requested + interval '${ON_TIME_MINUTES} minutes')
      / nullif(count(*) FILTER (WHERE status = 'completed'), 0))::numeric, 1)::float8 AS on_time`;
  const rows = await db.query<Record<string, unknown>>(
    `WITH base AS (${base})
     SELECT grp, GROUPING(grp) AS total, ${stats} FROM base GROUP BY GROUPING SETS ((grp), ())
     ORDER BY GROUPING(grp), grp NULLS FIRST`, params);
  const failures = await db.query<{ reason: string | null; n: string }>(
    `WITH base AS (${base}) SELECT failure_reason AS reason, count(*) AS n FROM base WHERE status = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1`, params);
  const w = reportWords(input.lang);
  const label = w(`transports.${input.groupBy}`);
  const kept = rows.filter((x) => num(x.n)! > 0 || !num(x.total));
  const table = kept.map((x) => ({
    group: num(x.total) ? w('all') : ((x.grp as string | null) ?? w('transports.noVehicle')), transports: num(x.n), completed: num(x.completed), failed: num(x.failed), cancelled: num(x.cancelled),
    wait_p50: num(x.wait_p50), wait_p90: num(x.wait_p90), duration_p50: num(x.duration_p50), on_time: num(x.on_time),
  }));
  const groups = table.filter((_, i) => !num(kept[i]!.total));
  const title = w('transports.title');
  return {
    ...reportHead(r, 'transports', w),
    tables: [
      {
        id: 'transports', title: w('byGroup', { what: title, group: label.toLowerCase() }),
        columns: [
          { key: 'group', label }, { key: 'transports', label: title }, { key: 'completed', label: w('transports.completed') }, { key: 'failed', label: w('transports.failed') },
          { key: 'cancelled', label: w('transports.cancelled') }, { key: 'wait_p50', label: w('transports.waitMedian') }, { key: 'wait_p90', label: w('transports.waitP90') },
          { key: 'duration_p50', label: w('transports.durationMedian') }, { key: 'on_time', label: w('transports.onTime', { min: ON_TIME_MINUTES }) },
        ],
        rows: table,
      },
      {
        id: 'failures', title: w('transports.failures'), columns: [{ key: 'reason', label: w('transports.reason') }, { key: 'failed', label: w('transports.failed') }],
        rows: failures.map((f) => ({ reason: f.reason ?? w('transports.noReason'), failed: Number(f.n) })),
      },
    ],
    charts: [
      { title, kind: 'bar', xLabel: label, x: groups.map((g) => g.group), series: [
        { label: w('transports.completed'), values: groups.map((g) => g.completed) }, { label: w('transports.failed'), values: groups.map((g) => g.failed) },
        { label: w('transports.cancelled'), values: groups.map((g) => g.cancelled) },
      ] },
      { title: w('transports.waitChart'), kind: 'bar', xLabel: label, x: groups.map((g) => g.group), series: [
        { label: w('transports.wait'), values: groups.map((g) => g.wait_p50) }, { label: w('transports.duration'), values: groups.map((g) => g.duration_p50) },
      ] },
    ],
  };
}
