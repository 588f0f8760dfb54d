// City: service requests by category, status or age, and the open backlog day by day.
import type { z } from 'zod';
import type { Queryable } from '../../db/index.js';
import type { CityReportInput, Report } from '../contract/index.js';
import { num, reportHead, type SiteRange } from './range.js';
import { reportWords } from './words.js';

/** Age: from the request to its closing, or to the end of the range while still open. */
const AGE = "coalesce(least(r.closed_at, $3::timestamptz), $3::timestamptz) - r.requested_at";
const GROUPS = {
  category: 'coalesce(s.service_name, r.category)',
  // A status and an age band are named in the report's language.
  status: 'r.status',
  age: `CASE WHEN ${AGE} < interval '1 day' THEN '1' WHEN ${AGE} < interval '7 days' THEN '2' WHEN ${AGE} < interval '30 days' THEN '3' ELSE '4' END`,
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
  const w = reportWords(input.lang);
  const label = w(`city.${input.groupBy}`);
  const group = (g: string) => (input.groupBy === 'age' ? w(`city.ages.${g as '1'}`) : input.groupBy === 'status' ? w(`city.statuses.${g as 'open'}`) : g);
  const groups = rows.map((x) => ({
    group: group(x.grp as string), requests: num(x.n), open: num(x.open), in_progress: num(x.in_progress),
    closed: num(x.closed), close_days: num(x.close_days), open_days: num(x.open_days),
  }));
  const title = w('byGroup', { what: w('city.requests'), group: label.toLowerCase() });
  return {
    ...reportHead(r, 'city', w),
    tables: [
      {
        id: 'requests', title,
        columns: [
          { key: 'group', label }, { key: 'requests', label: w('city.requests') }, { key: 'open', label: w('city.open') }, { key: 'in_progress', label: w('city.inProgress') },
          { key: 'closed', label: w('city.closed') }, { key: 'close_days', label: w('city.closeDays') }, { key: 'open_days', label: w('city.openDays') },
        ],
        rows: groups,
      },
      {
        id: 'backlog', title: w('city.backlog'), columns: [{ key: 'day', label: w('city.day') }, { key: 'open', label: w('city.openRequests') }],
        rows: backlog.map((b) => ({ day: b.day, open: Number(b.open) })),
      },
    ],
    charts: [
      { title, kind: 'bar', xLabel: label, x: groups.map((g) => g.group), series: [
        { label: w('city.open'), values: groups.map((g) => g.open) }, { label: w('city.inProgress'), values: groups.map((g) => g.in_progress) },
        { label: w('city.closed'), values: groups.map((g) => g.closed) },
      ] },
      { title: w('city.backlogChart'), kind: 'line', xLabel: w('city.day'), x: backlog.map((b) => b.day), series: [{ label: w('city.openRequests'), values: backlog.map((b) => Number(b.open)) }] },
    ],
  };
}
