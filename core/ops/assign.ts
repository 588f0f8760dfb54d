// Sending resources to an incident: ranked suggestions, assignment, release.
import type { Queryable } from '../../db/index.js';
import type { IncidentView, ResourceSuggestion } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { addCaseEvent } from '../cases/timeline.js';
import { DomainError } from '../errors.js';
import type { AuthedContext, Context } from '../trpc.js';
import { incidentById, incidentView } from './incidents-store.js';
import { rankResources, type ResourceCandidate } from './suggest.js';
import { mustSee } from '../org/site-access.js';

interface CandidateRow {
  id: string; name: string; type: ResourceCandidate['type']; status: ResourceCandidate['status']; capabilities: string[]; distance_m: number | null;
  on_incident: string | null; vehicle_id: string | null; vehicle_status: string | null; vehicle_name: string | null;
}

/** Every resource of the incident's site with its great-circle distance to the incident. */
async function candidates(db: Queryable, incidentId: string): Promise<CandidateRow[]> {
  return db.query<CandidateRow>(
    `SELECT r.id, r.name, r.type, r.status, r.capabilities, v.status AS vehicle_status, v.name AS vehicle_name, r.vehicle_id,
       CASE WHEN i.lat IS NULL OR r.lat IS NULL THEN NULL ELSE earth_distance(ll_to_earth(i.lat, i.lon), ll_to_earth(r.lat, r.lon)) END AS distance_m,
       (SELECT oi.incident_number FROM ops.incident_resources ir JOIN ops.incidents oi ON oi.id = ir.incident_id
        WHERE ir.resource_id = r.id AND ir.released_at IS NULL) AS on_incident
     FROM ops.incidents i JOIN ops.resources r ON r.site_id = i.site_id AND r.deleted_at IS NULL
     LEFT JOIN fleet.vehicles v ON v.id = r.vehicle_id
     WHERE i.id = $1`,
    [incidentId],
  );
}

export async function suggestResources(ctx: Context, incidentId: string): Promise<ResourceSuggestion[]> {
  const incident = await incidentById(ctx.db, incidentId);
  if (!incident) throw new DomainError('not_found', { code: 'incidents.noSuchIncident' });
  mustSee(ctx, incident, 'incident');
  const rows = await candidates(ctx.db, incidentId);
  return rankResources(rows.map((r) => ({
    id: r.id, name: r.name, type: r.type, status: r.status, capabilities: r.capabilities, distanceM: r.distance_m === null ? null : Number(r.distance_m),
    onIncident: r.on_incident,
    vehicleBusy: !r.vehicle_id ? null
      : r.vehicle_status === 'offline' ? 'offline'
      : r.vehicle_status === 'error' ? 'error'
      : ctx.missions.activeMission(r.vehicle_id) ? 'onMission' : null,
  })), incident.metadata.needs ?? []);
}

export async function assignResources(ctx: AuthedContext, input: { incidentId: string; resourceIds: string[] }): Promise<IncidentView> {
  const ranked = new Map((await suggestResources(ctx, input.incidentId)).map((s) => [s.resourceId, s]));
  const view = await audited(ctx, { resourceType: 'incident', resourceId: input.incidentId }, async (tx) => {
    const incident = await incidentById(tx, input.incidentId, true);
    if (!incident) throw new DomainError('not_found', { code: 'incidents.noSuchIncident' });
    mustSee(ctx, incident, 'incident');
    if (incident.status === 'resolved' || incident.status === 'closed' || incident.status === 'cancelled') {
      throw new DomainError('invalid', { code: 'incidents.noLongerSend', params: { incident: incident.incident_number, status: incident.status } });
    }
    // Locked in id order so two operators sending overlapping sets cannot deadlock.
    const ids = [...new Set(input.resourceIds)].sort();
    const locked = await tx.query<{ id: string; name: string; site_id: string; status: string }>(
      'SELECT id, name, site_id, status FROM ops.resources WHERE id = ANY($1) AND deleted_at IS NULL ORDER BY id FOR UPDATE', [ids]);
    if (locked.length !== ids.length) throw new DomainError('not_found', { code: 'incidents.noSuchResource' });
    const now = ctx.clock.now();
    for (const r of locked) {
      const s = ranked.get(r.id);
      if (r.site_id !== incident.site_id) throw new DomainError('invalid', { code: 'incidents.resourceOtherSite', params: { name: r.name } });
      const [busy] = await tx.query<{ incident_number: string }>(
        `SELECT i.incident_number FROM ops.incident_resources ir JOIN ops.incidents i ON i.id = ir.incident_id
         WHERE ir.resource_id = $1 AND ir.released_at IS NULL`, [r.id]);
      if (busy) throw new DomainError('conflict', { code: 'incidents.resourceBusy', params: { name: r.name, incident: busy.incident_number } });
      if (r.status !== 'available') throw new DomainError('conflict', { code: 'incidents.resourceUnavailable', params: { name: r.name, status: r.status.replaceAll('_', ' ') } });
      await tx.query('INSERT INTO ops.incident_resources (incident_id, resource_id, assigned_by, assigned_at, distance_m, reason) VALUES ($1, $2, $3, $4, $5, $6)',
        [incident.id, r.id, ctx.user.id, now, s?.distanceM ?? null, s?.reason ?? null]);
      await tx.query('UPDATE ops.resources SET status = $2 WHERE id = $1', [r.id, incident.status === 'new' ? 'assigned' : incident.status]);
      await addCaseEvent(tx, { caseType: 'incident', caseId: incident.id, kind: 'assignment', visibility: 'public', body: r.name,
        // The reason in English for the record, and as data (blocker, distance, matched) for the renderer to word.
        details: { resourceId: r.id, distanceM: s?.distanceM ?? null, reason: s?.reason ?? null, ...(s ? { matched: s.matched, blocker: s.blocker } : {}) }, actorId: ctx.user.id, at: now });
    }
    if (incident.status === 'new') {
      await tx.query("UPDATE ops.incidents SET status = 'assigned' WHERE id = $1", [incident.id]);
      await addCaseEvent(tx, { caseType: 'incident', caseId: incident.id, kind: 'status', visibility: 'public', details: { from: 'new', to: 'assigned' }, actorId: ctx.user.id, at: now });
    }
    const after = (await incidentById(tx, incident.id))!;
    return { result: incidentView(after), newValues: { resources: locked.map((r) => r.name) } };
  });
  return view;
}

export async function releaseResource(ctx: AuthedContext, input: { incidentId: string; resourceId: string; reason: string }): Promise<IncidentView> {
  const view = await audited(ctx, { resourceType: 'incident', resourceId: input.incidentId }, async (tx) => {
    const incident = await incidentById(tx, input.incidentId, true);
    if (!incident) throw new DomainError('not_found', { code: 'incidents.noSuchIncident' });
    mustSee(ctx, incident, 'incident');
    const now = ctx.clock.now();
    const [released] = await tx.query<{ name: string }>(
      `UPDATE ops.incident_resources ir SET released_at = $3, reason = $4 FROM ops.resources r
       WHERE ir.incident_id = $1 AND ir.resource_id = $2 AND ir.released_at IS NULL AND r.id = ir.resource_id RETURNING r.name`,
      [input.incidentId, input.resourceId, now, input.reason]);
    if (!released) throw new DomainError('invalid', { code: 'incidents.resourceNotOnIncident' });
    await tx.query("UPDATE ops.resources SET status = 'available' WHERE id = $1", [input.resourceId]);
    await addCaseEvent(tx, { caseType: 'incident', caseId: incident.id, kind: 'released', visibility: 'public', body: input.reason,
      details: { resourceId: input.resourceId, name: released.name }, actorId: ctx.user.id, at: now });
    // The last resource gone: an assigned incident waits for resources again.
    const [left] = await tx.query<{ n: string }>('SELECT count(*) AS n FROM ops.incident_resources WHERE incident_id = $1 AND released_at IS NULL', [incident.id]);
    if (Number(left!.n) === 0 && incident.status === 'assigned') {
      await tx.query("UPDATE ops.incidents SET status = 'new' WHERE id = $1", [incident.id]);
      await addCaseEvent(tx, { caseType: 'incident', caseId: incident.id, kind: 'status', visibility: 'public', details: { from: 'assigned', to: 'new' }, actorId: ctx.user.id, at: now });
    }
    return { result: incidentView((await incidentById(tx, incident.id))!), oldValues: { resource: released.name }, newValues: { reason: input.reason } };
  });
  return view;
}
