// Writing checked Open311 records: services, their definitions, requests. Each write
// says whether the record was new, changed or unchanged, so a preview (the same writes,
// rolled back) and the import that follows it agree. An import passes `note`, told of each
// row created or changed (with the row as it was), so it can be undone (open311-undo.ts).
import type { Queryable } from '../../db/index.js';
import type { Noter } from './open311-undo.js';
import { addCaseEvent } from '../cases/timeline.js';
import type { Open311Definition, RequestStatus } from '../contract/index.js';
import type { AuthedContext } from '../trpc.js';
import { xmlRequest, xmlService } from './open311-blanks.js';
import { mediaAttachment, type ParsedRequest, type Written } from './open311-format.js';
import { storedAttributes, type ParsedService } from './open311-services.js';

export type WriteState = 'new' | 'changed' | 'unchanged';

export async function writeService(tx: Queryable, siteId: string, read: ParsedService, note?: Noter): Promise<WriteState> {
  const [old] = await tx.query<{ id: string; row: unknown }>(
    'SELECT id, description, service_group, keywords_text, to_jsonb(s) AS row FROM city.services s WHERE site_id = $1 AND service_code = $2 FOR UPDATE', [siteId, read.code]);
  const s = old ? xmlService(read, old) : read;
  const values = [s.name, s.description, s.group, s.keywords, s.keywordsText, s.type, s.metadata];
  if (!old) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO city.services (site_id, service_code, service_name, description, service_group, keywords, keywords_text, type, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, [siteId, s.code, ...values]);
    note?.({ kind: 'service', id: row!.id, old: null, events: [] });
    return 'new';
  }
  const [hit] = await tx.query(
    `UPDATE city.services SET (service_name, description, service_group, keywords, keywords_text, type, metadata, deleted_at)
       = ($2::text, $3::text, $4::text, $5::text[], $6::text, $7::text, $8::boolean, NULL)
     WHERE id = $1 AND (service_name, description, service_group, keywords, keywords_text, type, metadata, deleted_at)
       IS DISTINCT FROM ($2::text, $3::text, $4::text, $5::text[], $6::text, $7::text, $8::boolean, NULL::timestamptz) RETURNING id`, [old.id, ...values]);
  if (hit) note?.({ kind: 'service', id: old.id, old: old.row, events: [] });
  return hit ? 'changed' : 'unchanged';
}

export async function writeDefinition(tx: Queryable, siteId: string, d: Open311Definition, note?: Noter): Promise<WriteState> {
  const [old] = await tx.query<{ id: string; attributes: unknown[] | null; row: unknown }>(
    'SELECT id, attributes, to_jsonb(s) AS row FROM city.services s WHERE site_id = $1 AND service_code = $2 FOR UPDATE', [siteId, d.service_code]);
  const next = JSON.stringify(d.attributes);
  if (old!.attributes && JSON.stringify(storedAttributes(old!.attributes)) === next) return 'unchanged';
  await tx.query('UPDATE city.services SET attributes = $2::jsonb WHERE id = $1', [old!.id, next]);
  note?.({ kind: 'service', id: old!.id, old: old!.row, events: [] });
  return old!.attributes ? 'changed' : 'new';
}

interface Existing {
  id: string; status: RequestStatus; status_notes: string | null; closed_at: Date | null; attachments: Array<{ url: string }>; lat: number | null; lon: number | null;
  agency_responsible: string | null; service_notice: string | null; address: string | null; address_id: string | null; zipcode: string | null; open311: Written;
  row: unknown;
}

/** Open311 knows open and closed only: 'open' keeps a request we have in progress. */
const statusFor = (p: ParsedRequest, ours: RequestStatus | undefined): RequestStatus =>
  p.status === 'closed' ? 'closed' : ours === 'in_progress' ? 'in_progress' : 'open';

const COLUMNS = `(category, description, lat, lon, address, status, status_notes, agency_responsible, service_notice, requested_at, expected_at,
  closed_at, attachments, updated_at, address_id, zipcode, open311)`;
const PARAMS = `($2::text, $3::text, $4::float8, $5::float8, $6::text, $7::text, $8::text, $9::text, $10::text, $11::timestamptz, $12::timestamptz,
  $13::timestamptz, $14::jsonb, coalesce($15::timestamptz, updated_at), $16::text, $17::text, $18::jsonb)`;

export async function writeRequest(tx: Queryable, ctx: AuthedContext, siteId: string, read: ParsedRequest, at: Date, note?: Noter): Promise<WriteState> {
  const [old] = await tx.query<Existing>(
    `SELECT id, status, status_notes, closed_at, attachments, lat, lon, agency_responsible, service_notice, address, address_id, zipcode, open311${note ? ', to_jsonb(r) AS row' : ''}
     FROM city.service_requests r WHERE site_id = $1 AND external_id = $2 FOR UPDATE`, [siteId, read.externalId]);
  const p = old ? xmlRequest(read, old as unknown as Record<string, unknown> & { open311: Written }) : read;
  const status = statusFor(p, old?.status);
  const closedAt = status !== 'closed' ? null : old?.closed_at ?? p.updatedAt ?? at;
  const attachments = [...(old?.attachments ?? [])];
  if (p.mediaUrl && !attachments.some((a) => a.url === p.mediaUrl)) attachments.unshift(mediaAttachment(p.mediaUrl));
  // Nothing known here is lost on the way in: a file without notes keeps ours, one without
  // a point keeps the place someone gave the request since, one without updated_datetime
  // keeps our updated_at (in the database: it may hold microseconds a Date cannot).
  const point = p.lat === null && old?.lat != null ? { lat: old.lat, lon: old.lon } : { lat: p.lat, lon: p.lon };
  const values = [p.serviceCode, p.description, point.lat, point.lon, p.address, status, p.statusNotes ?? old?.status_notes ?? null, p.agency, p.serviceNotice,
    p.requestedAt, p.expectedAt, closedAt, JSON.stringify(attachments), p.updatedAt ?? (old ? null : at), p.addressId, p.zipcode, JSON.stringify(p.written)];
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
         service_notice, requested_at, expected_at, closed_at, attachments, updated_at, address_id, zipcode, open311, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`, [siteId, p.externalId, ...values, at]);
    id = row!.id;
  }
  const events = [await addCaseEvent(tx, { caseType: 'service_request', caseId: id, kind: 'imported', details: { source: 'open311', externalId: p.externalId, created: !old }, actorId: ctx.user.id, at })];
  if (old && old.status !== status) {
    events.push(await addCaseEvent(tx, { caseType: 'service_request', caseId: id, kind: 'status', visibility: 'public', details: { from: old.status, to: status, source: 'open311' }, actorId: ctx.user.id, at }));
  }
  note?.({ kind: 'request', id, old: old ? old.row : null, events });
  return old ? 'changed' : 'new';
}
