// Running incidents: create, move through the status machine, send and release resources.
// Every change goes through audited() and lands on the incident's timeline.
import type { Queryable } from '../../db/index.js';
import { staleWrite } from '../audit/last-change.js';
import { canMove, INCIDENT_TRANSITIONS, NOTES_MIN, NOTES_REQUIRED, resourceStatusFor, type IncidentInput, type IncidentStatus, type IncidentView } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { addCaseEvent } from '../cases/timeline.js';
import { DomainError } from '../errors.js';
import { mustBeNear } from '../org/near.js';
import type { AuthedContext } from '../trpc.js';
import { incidentById, incidentView, type IncidentRow } from './incidents-store.js';
import { mustSee } from '../org/site-access.js';


async function mustGet(ctx: AuthedContext, tx: Queryable, id: string): Promise<IncidentRow> {
  const row = await incidentById(tx, id, true);
  if (!row) throw new DomainError('not_found', { code: 'incidents.noSuchIncident' });
  return mustSee(ctx, row, 'incident');
}

/** Inserts an incident and its 'created' entry; the caller's transaction commits it. */
export async function insertIncident(tx: Queryable, ctx: AuthedContext, input: IncidentInput, sourceAlertId: string | null = null): Promise<IncidentRow> {
  if (input.agencyId) {
    const [a] = await tx.query<{ site_id: string }>('SELECT site_id FROM ops.agencies WHERE id = $1 AND deleted_at IS NULL', [input.agencyId]);
    if (!a || a.site_id !== input.siteId) throw new DomainError('invalid', { code: 'ops.agencyOtherSite' });
  }
  if (input.parentId) {
    const [p] = await tx.query<{ site_id: string }>('SELECT site_id FROM ops.incidents WHERE id = $1', [input.parentId]);
    if (!p || p.site_id !== input.siteId) throw new DomainError('invalid', { code: 'incidents.parentOtherSite' });
  }
  const now = ctx.clock.now();
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO ops.incidents (site_id, type, category, priority, title, description, lat, lon, address, agency_id, parent_id,
       source_alert_id, reported_by, metadata, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [input.siteId, input.type, input.category, input.priority, input.title, input.description ?? null, input.location?.lat ?? null,
      input.location?.lon ?? null, input.address ?? null, input.agencyId ?? null, input.parentId ?? null, sourceAlertId, ctx.user.id,
      JSON.stringify({ needs: input.needs }), now],
  );
  await addCaseEvent(tx, { caseType: 'incident', caseId: row!.id, kind: 'created', details: { priority: input.priority, sourceAlertId }, actorId: ctx.user.id, at: now });
  return (await incidentById(tx, row!.id))!;
}

export async function createIncident(ctx: AuthedContext, input: IncidentInput): Promise<IncidentView> {
  const view = await audited(ctx, { resourceType: 'incident', siteId: input.siteId, lat: input.location?.lat, lon: input.location?.lon }, async (tx) => {
    if (input.location && !input.confirmFar) await mustBeNear(tx, input.siteId, input.location);
    const row = await insertIncident(tx, ctx, input);
    return { result: incidentView(row), resourceId: row.id, newValues: { number: row.incident_number, priority: input.priority, title: input.title } };
  });
  return view;
}

/** Moves the resources on an incident with it; on resolved, closed and cancelled they are released. */
async function resourcesFollow(tx: Queryable, ctx: AuthedContext, incidentId: string, status: IncidentStatus): Promise<string[]> {
  const ended = status === 'resolved' || status === 'closed' || status === 'cancelled';
  const rows = await tx.query<{ resource_id: string }>(
    ended
      ? 'UPDATE ops.incident_resources SET released_at = $2, reason = coalesce(reason, $3) WHERE incident_id = $1 AND released_at IS NULL RETURNING resource_id'
      : 'SELECT resource_id FROM ops.incident_resources WHERE incident_id = $1 AND released_at IS NULL',
    ended ? [incidentId, ctx.clock.now(), `incident ${status}`] : [incidentId],
  );
  const ids = rows.map((r) => r.resource_id);
  if (ids.length) await tx.query('UPDATE ops.resources SET status = $2 WHERE id = ANY($1)', [ids, resourceStatusFor(status)]);
  return ids;
}

export async function setIncidentStatus(ctx: AuthedContext, input: { id: string; status: IncidentStatus; version: number; reason?: string }): Promise<IncidentView> {
  const { view, resources } = await audited(ctx, { resourceType: 'incident', resourceId: input.id }, async (tx) => {
    const before = await mustGet(ctx, tx, input.id);
    if (before.version !== input.version) {
      throw await staleWrite(tx, 'incident', input.id, before.incident_number, before.status.replace('_', ' '));
    }
    if (!canMove(INCIDENT_TRANSITIONS, before.status, input.status)) {
      const next = INCIDENT_TRANSITIONS[before.status];
      throw new DomainError('invalid', next.length
        ? { code: 'incidents.cannotMove', params: { incident: before.incident_number, from: before.status, to: input.status, next: next.join(', ') } }
        : { code: 'incidents.cannotMoveFinished', params: { incident: before.incident_number, from: before.status, to: input.status } });
    }
    if (input.status === 'cancelled' && !input.reason?.trim()) throw new DomainError('invalid', { code: 'incidents.sayWhyCancelled' }, 'reason');
    if ((NOTES_REQUIRED as readonly string[]).includes(input.status) && (input.reason?.trim().length ?? 0) < NOTES_MIN) {
      throw new DomainError('invalid', { code: 'incidents.notesNeeded', params: { status: input.status, min: NOTES_MIN } }, 'reason');
    }
    if (input.status === 'assigned' && before.resources.length === 0 && before.status === 'new') {
      throw new DomainError('invalid', { code: 'incidents.noResources', params: { incident: before.incident_number } });
    }
    await tx.query('UPDATE ops.incidents SET status = $2, cancel_reason = $3 WHERE id = $1',
      [input.id, input.status, input.status === 'cancelled' ? input.reason!.trim() : before.cancel_reason]);
    const moved = await resourcesFollow(tx, ctx, input.id, input.status);
    await addCaseEvent(tx, {
      caseType: 'incident', caseId: input.id, kind: 'status', visibility: 'public', body: input.reason?.trim() || null,
      details: { from: before.status, to: input.status }, actorId: ctx.user.id, at: ctx.clock.now(),
    });
    const after = (await incidentById(tx, input.id))!;
    return { result: { view: incidentView(after), resources: moved }, oldValues: { status: before.status }, newValues: { status: input.status, reason: input.reason ?? null } };
  });
  return view;
}

export type LinkKind = 'related' | 'duplicate' | 'caused_by';

/** Links two incidents of one site (both timelines say so); linking twice is refused. */
export async function linkIncidents(ctx: AuthedContext, input: { id: string; linkedId: string; kind: LinkKind }): Promise<void> {
  if (input.id === input.linkedId) throw new DomainError('invalid', { code: 'incidents.linkToItself' });
  await audited(ctx, { resourceType: 'incident', resourceId: input.id }, async (tx) => {
    const [a, b] = [await mustGet(ctx, tx, input.id), await mustGet(ctx, tx, input.linkedId)];
    if (a.site_id !== b.site_id) throw new DomainError('invalid', { code: 'incidents.otherSite', params: { incident: b.incident_number } });
    const [exists] = await tx.query('SELECT 1 FROM ops.incident_links WHERE (incident_id, linked_id) IN (($1, $2), ($2, $1))', [a.id, b.id]);
    if (exists) throw new DomainError('conflict', { code: 'incidents.alreadyLinked', params: { incident: a.incident_number, other: b.incident_number } });
    const now = ctx.clock.now();
    await tx.query('INSERT INTO ops.incident_links (incident_id, linked_id, kind, created_at) VALUES ($1, $2, $3, $4)', [a.id, b.id, input.kind, now]);
    for (const [self, other] of [[a, b], [b, a]] as const) {
      await addCaseEvent(tx, { caseType: 'incident', caseId: self.id, kind: 'link', body: `${input.kind.replace('_', ' ')}: ${other.incident_number}`,
        details: { incidentId: other.id, kind: input.kind }, actorId: ctx.user.id, at: now });
    }
    return { result: undefined, newValues: { linked: b.incident_number, kind: input.kind } };
  });
}
