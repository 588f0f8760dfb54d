// The alert inbox: acknowledge, dismiss with a reason, convert to an incident (linked both ways).
import { categoryForAlert, type AlertView, type IncidentCategory, type IncidentView } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { addCaseEvent } from '../cases/timeline.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { alertById, alertView, type AlertRow } from './alerts.js';
import { insertIncident } from './incidents.js';
import { incidentView } from './incidents-store.js';
import { mustSee } from '../org/site-access.js';

const target = (id: string) => ({ resourceType: 'alert', resourceId: id });

function mustBeOpen(ctx: AuthedContext, a: AlertRow | undefined, doing: string): AlertRow {
  if (!a) throw new DomainError('not_found', { code: 'ops.noSuchAlert' });
  mustSee(ctx, a, 'alert');
  if (a.status === 'dismissed') throw new DomainError('conflict', { code: 'ops.alertDismissed', params: { by: a.dismissed_email ?? 'the console', reason: String(a.dismiss_reason), doing } });
  if (a.status === 'converted') throw new DomainError('conflict', { code: 'ops.alertConverted', params: { incident: String(a.incident_number), doing } });
  return a;
}

export async function acknowledgeAlert(ctx: AuthedContext, id: string): Promise<AlertView> {
  const view = await audited(ctx, target(id), async (tx) => {
    const a = mustBeOpen(ctx, await alertById(tx, id, true), 'acknowledged');
    if (a.status === 'acknowledged') {
      throw new DomainError('conflict', { code: 'ops.alertAcknowledged', params: { by: a.acknowledged_email ?? 'someone', at: a.acknowledged_at!.toISOString().slice(11, 19) } });
    }
    await tx.query("UPDATE ops.alerts SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1", [id, ctx.user.id, ctx.clock.now()]);
    return { result: alertView((await alertById(tx, id))!), oldValues: { status: a.status }, newValues: { status: 'acknowledged' } };
  });
  return view;
}

export async function dismissAlert(ctx: AuthedContext, input: { id: string; reason: string }): Promise<AlertView> {
  const view = await audited(ctx, target(input.id), async (tx) => {
    const a = mustBeOpen(ctx, await alertById(tx, input.id, true), 'dismissed');
    const now = ctx.clock.now();
    await tx.query(
      `UPDATE ops.alerts SET status = 'dismissed', dismissed_by = $2, dismissed_at = $3, dismiss_reason = $4,
         acknowledged_by = coalesce(acknowledged_by, $2), acknowledged_at = coalesce(acknowledged_at, $3) WHERE id = $1`,
      [input.id, ctx.user.id, now, input.reason]);
    return { result: alertView((await alertById(tx, input.id))!), oldValues: { status: a.status }, newValues: { status: 'dismissed', reason: input.reason } };
  });
  return view;
}

export interface ConvertInput { id: string; type?: string; category?: IncidentCategory; priority?: number; title?: string; needs?: string[] }

/** The alert becomes an incident: same place, its severity as priority unless given; both point at each other. */
export async function convertAlert(ctx: AuthedContext, input: ConvertInput): Promise<IncidentView> {
  const view = await audited(ctx, target(input.id), async (tx) => {
    const a = mustBeOpen(ctx, await alertById(tx, input.id, true), 'converted');
    const now = ctx.clock.now();
    const incident = await insertIncident(tx, ctx, {
      siteId: a.site_id, type: input.type ?? a.type, category: input.category ?? categoryForAlert(a.type), priority: input.priority ?? Number(a.severity),
      title: input.title ?? a.title, description: a.description ?? undefined, location: a.lat !== null && a.lon !== null ? { lat: a.lat, lon: a.lon } : undefined,
      address: a.address ?? undefined, needs: input.needs ?? [],
    }, a.id);
    await tx.query(
      `UPDATE ops.alerts SET status = 'converted', incident_id = $2, acknowledged_by = coalesce(acknowledged_by, $3),
         acknowledged_at = coalesce(acknowledged_at, $4) WHERE id = $1`,
      [a.id, incident.id, ctx.user.id, now]);
    await addCaseEvent(tx, { caseType: 'incident', caseId: incident.id, kind: 'link', body: `From alert ${a.source}/${a.external_id}`,
      details: { alertId: a.id, source: a.source, externalId: a.external_id }, actorId: ctx.user.id, at: now });
    return { result: incidentView(incident), oldValues: { status: a.status }, newValues: { status: 'converted', incident: incident.incident_number } };
  });
  return view;
}
