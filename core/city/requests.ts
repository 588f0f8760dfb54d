// Service request changes: each checked, audited and written in one transaction; the
// citizen's contact is sealed by the application and every read of it audited.
import { audited, record } from '../audit/write.js';
import { staleWrite } from '../audit/last-change.js';
import { addCaseEvent } from '../cases/timeline.js';
import { canMove, Contact, REQUEST_TRANSITIONS, RequestInput, type RequestView, type SetRequestStatusInput } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { knownService } from './services.js';
import { refusedMove, requestById, requestView, type RequestRow } from './rows.js';
import { mustBeNear } from '../org/near.js';
import { mustSee } from '../org/site-access.js';

const target = (r: { id: string; site_id: string; lat: number | null; lon: number | null }) =>
  ({ resourceType: 'service_request', resourceId: r.id, siteId: r.site_id, lat: r.lat, lon: r.lon });

export const sealContact = (ctx: AuthedContext, c: Contact | undefined) =>
  c && (c.name || c.email || c.phone) ? ctx.secrets.seal(JSON.stringify(c)) : null;

export async function createRequest(ctx: AuthedContext, raw: RequestInput): Promise<RequestView> {
  const input = RequestInput.parse(raw);
  const at = ctx.clock.now();
  const id = await audited(ctx, { resourceType: 'service_request', siteId: input.siteId, lat: input.lat, lon: input.lon }, async (tx) => {
    await knownService(tx, input.siteId, input.category);
    if (!input.confirmFar) await mustBeNear(tx, input.siteId, input);
    if (input.externalId) {
      const [taken] = await tx.query('SELECT 1 FROM city.service_requests WHERE site_id = $1 AND external_id = $2', [input.siteId, input.externalId]);
      if (taken) throw new DomainError('conflict', { code: 'city.externalIdTaken', params: { externalId: input.externalId } });
    }
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO city.service_requests (site_id, category, external_id, description, lat, lon, address, priority, agency_responsible,
         contact_enc, attachments, requested_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12) RETURNING id`,
      [input.siteId, input.category, input.externalId ?? null, input.description, input.lat, input.lon, input.address ?? null, input.priority,
        input.agencyResponsible ?? null, sealContact(ctx, input.contact), JSON.stringify(input.attachments), at]);
    await addCaseEvent(tx, { caseType: 'service_request', caseId: row!.id, kind: 'created', visibility: 'public', details: { category: input.category }, actorId: ctx.user.id, at });
    // The contact is personal data: the audit entry says only whether there was one.
    return { result: row!.id, resourceId: row!.id, newValues: { ...input, contact: input.contact ? '[set]' : null } };
  });
  return requestView((await requestById(ctx.db, id))!);
}

async function liveRequest(ctx: AuthedContext, tx: Parameters<typeof requestById>[0], id: string, version?: number): Promise<RequestRow> {
  const r = await requestById(tx, id, true);
  if (!r) throw new DomainError('not_found', { code: 'city.noSuchRequest' });
  mustSee(ctx, r, 'service request');
  if (version !== undefined && version !== r.version) {
    throw await staleWrite(tx, 'service_request', r.id, 'The service request', r.status.replace('_', ' '));
  }
  return r;
}

export async function setRequestStatus(ctx: AuthedContext, input: SetRequestStatusInput): Promise<RequestView> {
  const at = ctx.clock.now();
  const [probe] = await ctx.db.query<RequestRow>('SELECT id, site_id, lat, lon FROM city.service_requests WHERE id = $1', [input.id]);
  if (!probe) throw new DomainError('not_found', { code: 'city.noSuchRequest' });
  await audited(ctx, target(probe), async (tx) => {
    const r = await liveRequest(ctx, tx, input.id, input.version);
    if (r.status === input.status) throw new DomainError('conflict', { code: 'city.requestAlready', params: { status: r.status.replace('_', ' ') } });
    if (!canMove(REQUEST_TRANSITIONS, r.status, input.status)) {
      throw new DomainError('invalid', refusedMove('service request', r.status, input.status, REQUEST_TRANSITIONS[r.status]));
    }
    await tx.query(
      `UPDATE city.service_requests SET status = $2, closed_at = $3, status_notes = coalesce($4, status_notes), version = version + 1 WHERE id = $1`,
      [r.id, input.status, input.status === 'closed' ? at : null, input.publicMessage ?? null]);
    await addCaseEvent(tx, { caseType: 'service_request', caseId: r.id, kind: 'status', visibility: 'public', details: { from: r.status, to: input.status }, actorId: ctx.user.id, at });
    if (input.publicMessage) await addCaseEvent(tx, { caseType: 'service_request', caseId: r.id, kind: 'comment', visibility: 'public', body: input.publicMessage, actorId: ctx.user.id, at });
    if (input.internalNote) await addCaseEvent(tx, { caseType: 'service_request', caseId: r.id, kind: 'comment', visibility: 'internal', body: input.internalNote, actorId: ctx.user.id, at });
    return { result: null, oldValues: { status: r.status }, newValues: { status: input.status, publicMessage: input.publicMessage ?? null, internalNote: input.internalNote ? '[set]' : null } };
  });
  return requestView((await requestById(ctx.db, input.id))!);
}

/** Soft delete: the request leaves every list, its row and timeline stay for the audit. */
export async function deleteRequest(ctx: AuthedContext, input: { id: string; reason: string }): Promise<{ id: string }> {
  const at = ctx.clock.now();
  const [probe] = await ctx.db.query<RequestRow>('SELECT id, site_id, lat, lon FROM city.service_requests WHERE id = $1', [input.id]);
  if (!probe) throw new DomainError('not_found', { code: 'city.noSuchRequest' });
  await audited(ctx, target(probe), async (tx) => {
    const r = await liveRequest(ctx, tx, input.id);
    const [dups] = await tx.query<{ n: string }>('SELECT count(*) AS n FROM city.service_requests WHERE duplicate_of = $1 AND deleted_at IS NULL', [r.id]);
    if (Number(dups!.n) > 0) throw new DomainError('conflict', { code: 'city.requestHasDuplicates', params: { n: dups!.n } });
    await tx.query('UPDATE city.service_requests SET deleted_at = $2, version = version + 1 WHERE id = $1', [r.id, at]);
    await addCaseEvent(tx, { caseType: 'service_request', caseId: r.id, kind: 'comment', visibility: 'internal', body: `Deleted: ${input.reason}`, details: { deleted: true }, actorId: ctx.user.id, at });
    return { result: null, oldValues: { deletedAt: null }, newValues: { deletedAt: at.toISOString(), reason: input.reason } };
  });
  return { id: input.id };
}

const SEALED = {
  service_request: { table: 'city.service_requests', column: 'contact_enc', what: 'service request' },
  report: { table: 'city.public_reports', column: 'reporter_enc', what: 'public report' },
} as const;

/** The citizen's contact on a request or report, for city:manage only; the read is audited. */
export async function requestContact(ctx: AuthedContext, id: string, kind: keyof typeof SEALED = 'service_request'): Promise<Contact | null> {
  const t = SEALED[kind];
  const [r] = await ctx.db.query<{ id: string; site_id: string; sealed: string | null }>(
    `SELECT id, site_id, ${t.column} AS sealed FROM ${t.table} WHERE id = $1 AND deleted_at IS NULL`, [id]);
  if (!r) throw new DomainError('not_found', { code: 'cases.noSuchThing', params: { what: t.what } });
  await record(ctx, { resourceType: kind, resourceId: r.id, siteId: r.site_id, action: 'city.read_contact' }, 'success');
  return r.sealed ? (JSON.parse(ctx.secrets.open(r.sealed)) as Contact) : null;
}
