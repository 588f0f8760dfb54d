// Open311 GeoReport v2 import and export. An import is checked whole before anything is
// written: one bad record refuses the file with every reason, naming each record.
import type { Queryable } from '../../db/index.js';
import { audited, record } from '../audit/write.js';
import { addCaseEvent } from '../cases/timeline.js';
import type { Open311Export, Open311ImportInput, Open311ImportResult, RequestStatus } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { checkRequests, checkServices, mediaAttachment, toOpen311Request, toOpen311Service, type ExportRow, type ParsedRequest } from './open311-format.js';

const MAX_LISTED = 50;

function refuse(errors: string[]): never {
  const listed = errors.slice(0, MAX_LISTED).join('; ');
  const more = errors.length > MAX_LISTED ? `; and ${errors.length - MAX_LISTED} more` : '';
  throw new DomainError('invalid', `The Open311 file was refused and nothing was imported (${errors.length} problem${errors.length > 1 ? 's' : ''}): ${listed}${more}.`);
}

interface Existing { id: string; status: RequestStatus; status_notes: string | null; closed_at: Date | null; attachments: Array<{ url: string }> }

/** Open311 knows open and closed only: 'open' keeps a request we have in progress. */
const statusFor = (p: ParsedRequest, ours: RequestStatus | undefined): RequestStatus =>
  p.status === 'closed' ? 'closed' : ours === 'in_progress' ? 'in_progress' : 'open';

const COLUMNS = `(category, description, lat, lon, address, status, status_notes, agency_responsible, service_notice, requested_at, expected_at,
  closed_at, attachments, updated_at)`;
const PARAMS = '($2::text, $3::text, $4::float8, $5::float8, $6::text, $7::text, $8::text, $9::text, $10::text, $11::timestamptz, $12::timestamptz, $13::timestamptz, $14::jsonb, $15::timestamptz)';

async function upsertRequest(tx: Queryable, ctx: AuthedContext, siteId: string, p: ParsedRequest, at: Date): Promise<'created' | 'updated' | 'unchanged'> {
  const [old] = await tx.query<Existing>('SELECT id, status, status_notes, closed_at, attachments FROM city.service_requests WHERE site_id = $1 AND external_id = $2 FOR UPDATE', [siteId, p.externalId]);
  const status = statusFor(p, old?.status);
  const closedAt = status !== 'closed' ? null : old?.closed_at ?? p.updatedAt ?? at;
  const attachments = [...(old?.attachments ?? [])];
  if (p.mediaUrl && !attachments.some((a) => a.url === p.mediaUrl)) attachments.unshift(mediaAttachment(p.mediaUrl));
  // A file without notes keeps the ones we have: status notes are never lost on the way in.
  const values = [p.serviceCode, p.description, p.lat, p.lon, p.address, status, p.statusNotes ?? old?.status_notes ?? null, p.agency, p.serviceNotice, p.requestedAt,
    p.expectedAt, closedAt, JSON.stringify(attachments), p.updatedAt ?? at];
  let id: string;
  if (old) {
    // The same record imported again changes nothing (and keeps its updated_datetime).
    const [hit] = await tx.query(
      `UPDATE city.service_requests SET ${COLUMNS} = ${PARAMS}, version = version + 1 WHERE id = $1 AND ${COLUMNS} IS DISTINCT FROM ${PARAMS} RETURNING id`,
      [old.id, ...values]);
    if (!hit) return 'unchanged';
    id = old.id;
  } else {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO city.service_requests (site_id, external_id, category, description, lat, lon, address, status, status_notes, agency_responsible,
         service_notice, requested_at, expected_at, closed_at, attachments, updated_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`, [siteId, p.externalId, ...values, at]);
    id = row!.id;
  }
  await addCaseEvent(tx, { caseType: 'service_request', caseId: id, kind: 'imported', details: { source: 'open311', externalId: p.externalId, created: !old }, actorId: ctx.user.id, at });
  if (old && old.status !== status) {
    await addCaseEvent(tx, { caseType: 'service_request', caseId: id, kind: 'status', visibility: 'public', details: { from: old.status, to: status, source: 'open311' }, actorId: ctx.user.id, at });
  }
  return old ? 'updated' : 'created';
}

export async function importOpen311(ctx: AuthedContext, input: Required<Open311ImportInput>): Promise<Open311ImportResult> {
  const at = ctx.clock.now();
  const result: Open311ImportResult = { services: { created: 0, updated: 0 }, requests: { created: 0, updated: 0, unchanged: 0 } };
  const ids = await audited(ctx, 'city:manage', { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId, action: 'city.import_open311' }, async (tx) => {
    const [site] = await tx.query('SELECT 1 FROM org.sites WHERE id = $1', [input.siteId]);
    if (!site) throw new DomainError('not_found', 'No such site.');
    // The whole file is checked before the first write; a refusal is audited with its reasons.
    const services = checkServices(input.services);
    const known = await tx.query<{ service_code: string }>('SELECT service_code FROM city.services WHERE site_id = $1 AND deleted_at IS NULL', [input.siteId]);
    const codes = new Set([...known.map((k) => k.service_code), ...services.services.map((s) => s.code)]);
    const requests = checkRequests(input.requests, codes);
    if (services.errors.length || requests.errors.length) refuse([...services.errors, ...requests.errors]);
    for (const s of services.services) {
      const [r] = await tx.query<{ created: boolean }>(
        `INSERT INTO city.services (site_id, service_code, service_name, description, service_group, keywords, type) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (site_id, service_code) DO UPDATE SET service_name = $3, description = $4, service_group = $5, keywords = $6, type = $7, deleted_at = NULL
         RETURNING (xmax = 0) AS created`, [input.siteId, s.code, s.name, s.description, s.group, s.keywords, s.type]);
      result.services[r!.created ? 'created' : 'updated']++;
    }
    const changed: string[] = [];
    for (const p of requests.requests) {
      result.requests[await upsertRequest(tx, ctx, input.siteId, p, at)]++;
      changed.push(p.externalId);
    }
    return { result: changed, newValues: result };
  });
  if (ids.length) {
    const rows = await ctx.db.query<{ id: string }>('SELECT id FROM city.service_requests WHERE site_id = $1 AND external_id = ANY($2)', [input.siteId, ids]);
    for (const r of rows) {
      ctx.bus.emit('city.changed', { kind: 'request', id: r.id });
      ctx.bus.emit('cases.changed', { caseType: 'service_request', id: r.id });
    }
  }
  return result;
}

/** The site's services and live requests as Open311 JSON; timelines (internal notes included) stay behind. */
export async function exportOpen311(ctx: AuthedContext, siteId: string): Promise<Open311Export> {
  const services = await ctx.db.query<{ code: string; name: string; description: string | null; group: string | null; keywords: string[]; type: 'realtime' | 'batch' | 'blackbox' }>(
    `SELECT service_code AS code, service_name AS name, description, service_group AS "group", keywords, type
     FROM city.services WHERE site_id = $1 AND deleted_at IS NULL ORDER BY service_code`, [siteId]);
  const requests = await ctx.db.query<ExportRow>(
    `SELECT r.external_id, r.id, r.status, r.status_notes, s.service_name, r.category, r.description, r.agency_responsible, r.service_notice,
       r.requested_at, r.updated_at, r.expected_at, r.address, r.lat, r.lon, r.attachments -> 0 ->> 'url' AS media_url
     FROM city.service_requests r JOIN city.services s ON s.site_id = r.site_id AND s.service_code = r.category
     WHERE r.site_id = $1 AND r.deleted_at IS NULL ORDER BY r.requested_at, r.id`, [siteId]);
  await record(ctx, { resourceType: 'site', resourceId: siteId, siteId, action: 'city.export_open311' }, 'success', { newValues: { services: services.length, requests: requests.length } });
  return { services: services.map(toOpen311Service), requests: requests.map(toOpen311Request) };
}
