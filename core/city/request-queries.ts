// Service request lists for the board and the map, and one request with its timeline.
import type { Queryable } from '../../db/index.js';
import { caseTimeline } from '../cases/timeline.js';
import { RequestFilter, type CaseEvent, type RequestView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { likePattern, REQUEST_SELECT, requestById, requestView, type RequestRow } from './rows.js';
import { sitesParam } from '../org/site-access.js';

/** The expression the trigram index (service_requests_search_idx) is built on. */
export const REQUEST_SEARCH = "(coalesce(r.external_id, '') || ' ' || r.category || ' ' || r.description || ' ' || coalesce(r.address, ''))";

/**
 * Newest first; `search` matches anywhere in id, category, description or address. The
 * search clause is there only when searching: `$4 IS NULL OR …` would keep a generic
 * plan off the trigram index.
 */
export async function listRequests(db: Queryable, raw: RequestFilter & { sites?: string[] | null }): Promise<RequestView[]> {
  const f = RequestFilter.parse(raw);
  const b = f.bbox;
  const rows = await db.query<RequestRow>(
    `${REQUEST_SELECT}
     WHERE r.deleted_at IS NULL
       AND ($1::uuid[] IS NULL OR r.site_id = ANY($1))
       AND ($2::text[] IS NULL OR r.status = ANY($2))
       AND ($3::text IS NULL OR r.category = $3)
       AND ${f.search ? `${REQUEST_SEARCH} ILIKE $4` : '$4::text IS NULL'}
       AND ($5::float8 IS NULL OR (r.lat BETWEEN $5 AND $7 AND r.lon BETWEEN $6 AND $8))
       AND ${f.needsLocation ? 'r.lat IS NULL' : 'true'}
     ORDER BY r.requested_at DESC, r.id DESC
     LIMIT $9`,
    [sitesParam(raw), f.statuses?.length ? f.statuses : null, f.category ?? null, f.search ? likePattern(f.search) : null,
      b?.minLat ?? null, b?.minLon ?? null, b?.maxLat ?? null, b?.maxLon ?? null, f.limit]);
  return rows.map(requestView);
}

export async function requestDetail(db: Queryable, id: string): Promise<{ request: RequestView; timeline: CaseEvent[] }> {
  const r = await requestById(db, id);
  if (!r) throw new DomainError('not_found', { code: 'city.noSuchRequest' });
  return { request: requestView(r), timeline: await caseTimeline(db, 'service_request', id) };
}
