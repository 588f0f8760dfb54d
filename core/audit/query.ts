import type { Queryable } from '../../db/index.js';
import type { AuditFilter, AuditRecord } from '../contract/index.js';
import { fromRow, type AuditRow } from './store.js';

/** Newest first, filtered; `before` pages by seq. Text search covers action, actor, resource and reason. */
/**
 * `scope`: a reader limited to some sites sees the entries of those sites and their own, nothing
 * of another site (entries without a site may name another site's records).
 */
export async function listAudit(db: Queryable, f: AuditFilter & { before?: number; limit: number }, scope: { sites: string[]; self: string } | null = null): Promise<AuditRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (scope) {
    params.push(scope.sites, scope.self);
    where.push(`(site_id = ANY($${params.length - 1}::uuid[]) OR actor_id = $${params.length})`);
  }
  if (f.before) add('seq < ?', f.before);
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  if (f.actor) add(`actor_email ILIKE '%' || ? || '%'`, f.actor);
  if (f.action) add(`action LIKE ? || '%'`, f.action);
  if (f.resourceType) add('resource_type = ?', f.resourceType);
  if (f.outcome) add('outcome = ?', f.outcome);
  if (f.text) {
    add(`(action || ' ' || coalesce(actor_email, '') || ' ' || coalesce(resource_type, '') || ' ' || coalesce(resource_id, '') || ' ' || coalesce(reason, '')) ILIKE '%' || ? || '%'`, f.text);
  }
  params.push(f.limit);
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit.entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(fromRow);
}

/** Distinct values for the filter pickers. */
export async function auditFacets(db: Queryable): Promise<{ actions: string[]; resourceTypes: string[] }> {
  const actions = await db.query<{ v: string }>('SELECT DISTINCT action AS v FROM audit.entries ORDER BY 1 LIMIT 500');
  const types = await db.query<{ v: string }>('SELECT DISTINCT resource_type AS v FROM audit.entries WHERE resource_type IS NOT NULL ORDER BY 1 LIMIT 500');
  return { actions: actions.map((r) => r.v), resourceTypes: types.map((r) => r.v) };
}
