// Public report lists, one report for staff, and the public's view of it.
import type { Queryable } from '../../db/index.js';
import { caseTimeline } from '../cases/timeline.js';
import { ReportFilter, type CaseEvent, type PublicReportView, type ReportView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { likePattern, reportById, reportView, type ReportRow } from './rows.js';
import { sitesParam } from '../org/site-access.js';

/** The expression the trigram index (public_reports_search_idx) is built on. */
export const REPORT_SEARCH = "(title || ' ' || description || ' ' || coalesce(address, ''))";

export async function listReports(db: Queryable, raw: ReportFilter & { sites?: string[] | null }): Promise<ReportView[]> {
  const f = ReportFilter.parse(raw);
  const b = f.bbox;
  const rows = await db.query<ReportRow>(
    `SELECT * FROM city.public_reports
     WHERE deleted_at IS NULL
       AND ($1::uuid[] IS NULL OR site_id = ANY($1))
       AND ($2::text[] IS NULL OR status = ANY($2))
       AND ($3::text IS NULL OR report_type = $3)
       AND ${f.search ? `${REPORT_SEARCH} ILIKE $4` : '$4::text IS NULL'}
       AND ($5::float8 IS NULL OR (lat BETWEEN $5 AND $7 AND lon BETWEEN $6 AND $8))
     ORDER BY created_at DESC, id DESC
     LIMIT $9`,
    [sitesParam(raw), f.statuses?.length ? f.statuses : null, f.reportType ?? null, f.search ? likePattern(f.search) : null,
      b?.minLat ?? null, b?.minLon ?? null, b?.maxLat ?? null, b?.maxLon ?? null, f.limit]);
  return rows.map(reportView);
}

export async function reportDetail(db: Queryable, id: string): Promise<{ report: ReportView; timeline: CaseEvent[] }> {
  const r = await reportById(db, id);
  if (!r) throw new DomainError('not_found', { code: 'city.noSuchReport' });
  return { report: reportView(r), timeline: await caseTimeline(db, 'report', id) };
}

/** What the public may see: no reporter, no department, no internal entry of the timeline. */
export async function publicReport(db: Queryable, id: string): Promise<PublicReportView> {
  const r = await reportById(db, id);
  if (!r) throw new DomainError('not_found', { code: 'city.noSuchReport' });
  const updates = (await caseTimeline(db, 'report', id, true)).map((e) => ({ ...e, actor: null, details: e.kind === 'status' ? e.details : {} }));
  return {
    id: r.id, reportType: r.report_type, title: r.title, description: r.description, lat: r.lat, lon: r.lon, address: r.address,
    status: r.status, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), updates,
  };
}
