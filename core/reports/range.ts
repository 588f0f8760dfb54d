// A report's date range: whole days in the site's time zone, as UTC instants for the queries.
import type { Queryable } from '../../db/index.js';
import { REPORT_MAX_DAYS, type Report, type ReportKind } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { ReportWords } from './words.js';

export interface SiteRange { siteId: string; from: string; to: string; timeZone: string; start: Date; end: Date; days: number }

/** `from` and `to` (both included) become [start, end) at the site's midnights, daylight saving and all. */
export async function siteRange(db: Queryable, input: { siteId: string; from: string; to: string }): Promise<SiteRange> {
  const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000 + 1;
  if (!Number.isFinite(days)) throw new DomainError('invalid', { code: 'reports.notADate' }, 'from');
  if (days < 1) throw new DomainError('invalid', { code: 'reports.rangeReversed' }, 'to');
  if (days > REPORT_MAX_DAYS) throw new DomainError('invalid', { code: 'reports.rangeTooLong', params: { max: REPORT_MAX_DAYS } }, 'to');
  const [row] = await db.query<{ time_zone: string; start: Date; end: Date }>(
    `SELECT time_zone, ($2::date)::timestamp AT TIME ZONE time_zone AS start, ($3::date + 1)::timestamp AT TIME ZONE time_zone AS end
     FROM org.sites WHERE id = $1 AND deleted_at IS NULL`,
    [input.siteId, input.from, input.to],
  );
  if (!row) throw new DomainError('not_found', { code: 'org.noSuchSite' });
  return { siteId: input.siteId, from: input.from, to: input.to, timeZone: row.time_zone, start: row.start, end: row.end, days };
}

/** Seconds → minutes with one decimal, in SQL. */
export const minutes = (expr: string) => `round((${expr} / 60)::numeric, 1)::float8`;
/** The median and 90th percentile of an interval, in minutes. */
export const medianP90 = (interval: string, name: string) =>
  `${minutes(`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${interval}))`)} AS ${name}_p50,
   ${minutes(`percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ${interval}))`)} AS ${name}_p90`;

/** Numbers from the driver (numeric and bigint arrive as strings) as numbers. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** What every report starts with: which it is, its title, its language, its range as asked and the site's zone. */
export const reportHead = (r: SiteRange, kind: ReportKind, w: ReportWords): Omit<Report, 'tables' | 'charts'> =>
  ({ kind, title: w(`${kind}.title`), lang: w.lang, from: r.from, to: r.to, timeZone: r.timeZone, generatedAt: new Date().toISOString() });
