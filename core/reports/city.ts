// City: service requests by category, status or age, and the open backlog day by day.
import type { z } from 'zod';
import type { Queryable } from '../../db/index.js';
import type { CityReportInput, Report } from '../contract/index.js';
import { num, reportHead, type SiteRange } from './range.js';

/** Age: from the request to its closing, or to the end of the range while still open. */
const AGE = "coalesce(least(r.closed_at, $3::timestamptz), $3::timestamptz) - r.requested_at";
const GROUPS = {
  category: 'coalesce(s.service_name, r.category)',
  status: "replace(r.status, '_', ' ')",
  age: `CASE WHEN ${AGE} < interval '1 day' THEN '1: under a day' WHEN ${AGE} < interval '7 days' THEN '2: 1–7 days'
        WHEN ${AGE} < interval '30 days' THEN '3: 7–30 days' ELSE '4: over 30 days' END`,
} as const;

/**
 * Requests that came in during the range, as they stand now; the backlog is the number open
 * at the end of each day of the range (from their request and closing times).
 */
export async function cityReport(db: Queryable, r: SiteRange, input: z.infer<typeof CityReportInput>): Promise<Report> {
  const params: unknown[] = [r.siteId, r.start.toISOString(), r.end.toISOString()];
  let where = '';
  if (input.category) where += ` AND r.category = $${params.push(input.category)}`;
  if (input.status) where += ` AND r.status = $${params.push(input.status)}`;
  const rows = await db.query<Record<string, unknown>>(
    `WITH base AS (
       SELECT ${GROUPS[input.groupBy]} AS grp, r.status, extract(epoch FROM ${AGE}) / 86400 AS age_days, r.closed_at IS NOT NULL AND r.closed_at < $3 AS closed
       FROM city.service_requests r LEFT JOIN city.services s ON s.site_id = r.site_id AND s.service_code = r.category
       WHERE r.site_id = $1 AND r.requested_at >= $2 AND r.requested_at < $3 AND r.deleted_at IS NULL${where})
     SELECT grp, count(*) AS n, count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'closed') AS closed,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY age_days) FILTER (WHERE closed))::numeric, 1)::float8 AS close_days,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY age_days) FILTER (WHERE NOT closed))::numeric, 1)::float8 AS open_days
     FROM base GROUP BY grp ORDER BY grp`, params);
  // Open at the end of a day = requested before its end − closed before its end (a request is closed
  // only after it came in): one pass over the requests, summed day by day in the site's zone.
  const backlog = await db.query<{ day: string; open: string }>(
    `WITH s AS (SELECT time_zone AS tz FROM org.sites WHERE id = $1),
       ev AS (SELECT r.requested_at AS t, 1 AS d FROM city.service_requests r WHERE r.site_id = $1 AND r.deleted_at IS NULL AND r.requested_at < $3${where}
              UNION ALL
              SELECT r.closed_at, -1 FROM city.service_requests r WHERE r.site_id = $1 AND r.deleted_at IS NULL AND r.closed_at < $3${where}),
       days AS (SELECT g::date AS day FROM s, generate_series($2::timestamptz AT TIME ZONE s.tz, ($3::timestamptz AT TIME ZONE s.tz) - interval '1 day', interval '1 day') g),
       per_day AS (SELECT (ev.t AT TIME ZONE s.tz)::date AS day, sum(ev.d) AS n FROM ev, s WHERE ev.t >= $2 GROUP BY 1),
       before AS (SELECT coalesce(sum(d), 0) AS n FROM ev WHERE t < $2)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day, (before.n + sum(coalesce(per_day.n, 0)) OVER (ORDER BY days.day))::int AS open
     FROM days LEFT JOIN per_day ON per_day.day = days.day CROSS JOIN before
     ORDER BY days.day`, params);
  const label = { category: 'Category', status: 'Status', age: 'Age' }[input.groupBy];
  const groups = rows.map((x) => ({
    group: input.groupBy === 'age' ? String(x.grp).slice(3) : (x.grp as string), requests: num(x.n), open: num(x.open), in_progress: num(x.in_progress),
    closed: num(x.closed), close_days: num(x.close_days), open_days: num(x.open_days),
  }));
  return {
    ...reportHead(r, 'city', 'City requests'),
    tables: [
      {
        id: 'requests', title: `Requests by ${label.toLowerCase()}`,
        columns: [
          { key: 'group', label }, { key: 'requests', label: 'Requests' }, { key: 'open', label: 'Open' }, { key: 'in_progress', label: 'In progress' },
          { key: 'closed', label: 'Closed' }, { key: 'close_days', label: 'Days to close, median' }, { key: 'open_days', label: 'Age of the open ones, median (days)' },
        ],
        rows: groups,
      },
      { id: 'backlog', title: 'Backlog at the end of each day', columns: [{ key: 'day', label: 'Day' }, { key: 'open', label: 'Open requests' }], rows: backlog.map((b) => ({ day: b.day, open: Number(b.open) })) },
    ],
    charts: [
      { title: `Requests by ${label.toLowerCase()}`, kind: 'bar', xLabel: label, x: groups.map((g) => g.group), series: [
        { label: 'Open', values: groups.map((g) => g.open) }, { label: 'In progress', values: groups.map((g) => g.in_progress) }, { label: 'Closed', values: groups.map((g) => g.closed) },
      ] },
      { title: 'Backlog over time', kind: 'line', xLabel: 'Day', x: backlog.map((b) => b.day), series: [{ label: 'Open requests', values: backlog.map((b) => Number(b.open)) }] },
    ],
  };
}
