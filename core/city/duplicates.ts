// Possible duplicates of a new request or report (same category within 50 m in the last
// 30 days: DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_DAYS), and confirming one as a link.
// The earth_box test lets the GiST index on ll_to_earth(lat, lon) find the neighbours;
// earth_distance then cuts the box's corners off.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import { addCaseEvent } from '../cases/timeline.js';
import { DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_DAYS, type DuplicateSuggestion } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

export type DupKind = 'service_request' | 'report';

const SPEC = {
  service_request: { table: 'city.service_requests', category: 'category', label: "category || coalesce(': ' || nullif(description, ''), '')", at: 'requested_at', name: 'service request', event: 'request' },
  report: { table: 'city.public_reports', category: 'report_type', label: 'title', at: 'created_at', name: 'report', event: 'report' },
} as const;

export interface Probe { siteId: string; category: string; lat: number; lon: number; excludeId?: string | undefined }

/** Live, unlinked cases of the same category near the probe, nearest first. */
export async function duplicatesFor(db: Queryable, kind: DupKind, p: Probe, now: Date): Promise<DuplicateSuggestion[]> {
  const rows = await db.query<{ id: string; label: string; status: string; d: number; at: Date }>(duplicateSql(kind), duplicateParams(p, now));
  return rows.map((r) => ({ id: r.id, label: r.label, status: r.status, distanceM: Math.round(r.d * 10) / 10, at: r.at.toISOString() }));
}

export const duplicateParams = (p: Probe, now: Date) =>
  [p.siteId, p.category, p.lat, p.lon, DUPLICATE_RADIUS_M, now, DUPLICATE_WINDOW_DAYS, p.excludeId ?? null];

/** The query, exported so a test can check its plan uses the GiST index. */
export function duplicateSql(kind: DupKind): string {
  const s = SPEC[kind];
  return `SELECT id, left(${s.label}, 120) AS label, status, earth_distance(ll_to_earth($3, $4), ll_to_earth(lat, lon)) AS d, ${s.at} AS at
     FROM ${s.table}
     WHERE deleted_at IS NULL AND duplicate_of IS NULL AND site_id = $1 AND ${s.category} = $2
       AND earth_box(ll_to_earth($3, $4), $5) @> ll_to_earth(lat, lon)
       AND earth_distance(ll_to_earth($3, $4), ll_to_earth(lat, lon)) <= $5
       AND ${s.at} >= $6::timestamptz - make_interval(days => $7)
       AND ($8::uuid IS NULL OR id <> $8)
     ORDER BY d, ${s.at} DESC LIMIT 20`;
}

interface LinkRow { id: string; site_id: string; category: string; duplicate_of: string | null; lat: number; lon: number }

/** Marks `id` as a duplicate of `duplicateOf`; both timelines get a 'link' entry. */
export async function linkDuplicate(ctx: AuthedContext, kind: DupKind, input: { id: string; duplicateOf: string }): Promise<void> {
  const s = SPEC[kind];
  if (input.id === input.duplicateOf) throw new DomainError('invalid', { code: 'cases.duplicateOfItself', params: { what: s.name } });
  const at = ctx.clock.now();
  const [probe] = await ctx.db.query<{ site_id: string }>(`SELECT site_id FROM ${s.table} WHERE id = $1`, [input.id]);
  await audited(ctx, { resourceType: kind, resourceId: input.id, siteId: probe?.site_id ?? null }, async (tx) => {
    const rows = await tx.query<LinkRow>(
      `SELECT id, site_id, ${s.category} AS category, duplicate_of, lat, lon FROM ${s.table} WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
      [[input.id, input.duplicateOf]]);
    const dup = rows.find((r) => r.id === input.id), orig = rows.find((r) => r.id === input.duplicateOf);
    if (!dup || !orig) throw new DomainError('not_found', { code: !dup ? 'cases.noSuchThing' : 'cases.noSuchCaseToLink', params: { what: s.name } });
    if (dup.site_id !== orig.site_id) throw new DomainError('invalid', { code: 'cases.duplicateOtherSite', params: { what: s.name } });
    if (dup.category !== orig.category) throw new DomainError('invalid', { code: 'cases.duplicateOtherCategory', params: { what: s.name, category: dup.category, originalCategory: orig.category } });
    if (orig.duplicate_of) throw new DomainError('invalid', { code: 'cases.duplicateOfDuplicate', params: { what: s.name, duplicateOf: orig.duplicate_of } });
    if (dup.duplicate_of) throw new DomainError('conflict', { code: 'cases.alreadyDuplicate', params: { what: s.name, duplicateOf: dup.duplicate_of } });
    const [children] = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM ${s.table} WHERE duplicate_of = $1 AND deleted_at IS NULL`, [dup.id]);
    if (Number(children!.n) > 0) throw new DomainError('invalid', { code: 'cases.hasDuplicates', params: { what: s.name } });
    await tx.query(`UPDATE ${s.table} SET duplicate_of = $2, version = version + 1 WHERE id = $1`, [dup.id, orig.id]);
    await addCaseEvent(tx, { caseType: kind, caseId: dup.id, kind: 'link', details: { duplicateOf: orig.id }, actorId: ctx.user.id, at });
    await addCaseEvent(tx, { caseType: kind, caseId: orig.id, kind: 'link', details: { duplicate: dup.id }, actorId: ctx.user.id, at });
    return { result: null, resourceId: dup.id, oldValues: { duplicateOf: null }, newValues: { duplicateOf: orig.id } };
  });
}
