// Transports: wait, duration, on-time share and failures, per vehicle, ward or hour of day.
import type { z } from 'zod';
import type { Queryable } from '../../db/index.js';
import { ON_TIME_MINUTES, type Report, type TransportReportInput } from '../contract/index.js';
import { minutes, num, reportHead, type SiteRange } from './range.js';

const GROUPS = {
  vehicle: "coalesce(v.name, 'No vehicle')",
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
     ORDER BY GROUPING(grp), grp`, params);
  const failures = await db.query<{ reason: string; n: string }>(
    `WITH base AS (${base}) SELECT coalesce(failure_reason, 'No reason given') AS reason, count(*) AS n FROM base WHERE status = 'failed' GROUP BY 1 ORDER BY 2 DESC, 1`, params);
  const label = { vehicle: 'Vehicle', ward: 'Ward (pick-up)', hour: 'Hour of day' }[input.groupBy];
  const table = rows.filter((x) => num(x.n)! > 0 || !num(x.total)).map((x) => ({
    group: num(x.total) ? 'All' : (x.grp as string), transports: num(x.n), completed: num(x.completed), failed: num(x.failed), cancelled: num(x.cancelled),
    wait_p50: num(x.wait_p50), wait_p90: num(x.wait_p90), duration_p50: num(x.duration_p50), on_time: num(x.on_time),
  }));
  const groups = table.filter((x) => x.group !== 'All');
  return {
    ...reportHead(r, 'transports', 'Transports'),
    tables: [
      {
        id: 'transports', title: `Transports by ${label.toLowerCase()}`,
        columns: [
          { key: 'group', label }, { key: 'transports', label: 'Transports' }, { key: 'completed', label: 'Completed' }, { key: 'failed', label: 'Failed' },
          { key: 'cancelled', label: 'Cancelled' }, { key: 'wait_p50', label: 'Wait, median (min)' }, { key: 'wait_p90', label: 'Wait, 90th percentile (min)' },
          { key: 'duration_p50', label: 'Duration, median (min)' }, { key: 'on_time', label: `On time (%, ≤ ${ON_TIME_MINUTES} min)` },
        ],
        rows: table,
      },
      { id: 'failures', title: 'Failures by reason', columns: [{ key: 'reason', label: 'Reason' }, { key: 'failed', label: 'Failed' }], rows: failures.map((f) => ({ reason: f.reason, failed: Number(f.n) })) },
    ],
    charts: [
      { title: 'Transports', kind: 'bar', xLabel: label, x: groups.map((g) => g.group), series: [
        { label: 'Completed', values: groups.map((g) => g.completed) }, { label: 'Failed', values: groups.map((g) => g.failed) }, { label: 'Cancelled', values: groups.map((g) => g.cancelled) },
      ] },
      { title: 'Wait and duration, median minutes', kind: 'bar', xLabel: label, x: groups.map((g) => g.group), series: [
        { label: 'Wait', values: groups.map((g) => g.wait_p50) }, { label: 'Duration', values: groups.map((g) => g.duration_p50) },
      ] },
    ],
  };
}
