import { z } from 'zod';
import { AlertStatus, IncidentCategory, IncidentInput, IncidentStatus } from '../contract/index.js';
import { caseTimeline } from '../cases/timeline.js';
import { DomainError } from '../errors.js';
import { coalesced } from '../fleet/feed.js';
import { access, router } from '../trpc.js';
import { alertById, alertView, listAlarms, listAlerts } from './alerts.js';
import { assignResources, releaseResource, suggestResources } from './assign.js';
import { createIncident, linkIncidents, setIncidentStatus } from './incidents.js';
import { childIncidents, incidentById, incidentView, linkedIncidents, listIncidents } from './incidents-store.js';
import { acknowledgeAlert, convertAlert, dismissAlert } from './inbox.js';
import { listResources } from './resources.js';
import { createResource, ManualStatus, ResourceInput, setResourceStatus } from './resource-admin.js';
import { loadRules } from './rules-store.js';
import { deleteRule, SaveRule, saveRule, setEscalation } from './rules.js';
import { mustSee, siteScope } from '../org/site-access.js';
import { own } from '../contract/errors/index.js';

const id = z.string().uuid();
const reason = z.string().trim().min(3, own('input.reason')).max(500);
const limit = z.number().int().min(1).max(1000).default(200);

export const opsRouter = router({
  alerts: access('incidents:read').input(z.object({ siteId: id.optional(), statuses: z.array(AlertStatus).optional(), limit }))
    .query(({ ctx, input }) => listAlerts(ctx.db, { ...input, sites: siteScope(ctx, input.siteId) })),
  /** Severe unacknowledged alerts this user must hear: operators at once, all staff once escalated. */
  alarms: access('authenticated').input(z.object({}).default({}))
    .query(({ ctx }) => listAlarms(ctx.db, ctx.user.permissions.includes('incidents:manage'), siteScope(ctx))),
  alert: access('incidents:read').input(z.object({ id })).query(async ({ ctx, input }) => {
    const a = await alertById(ctx.db, input.id);
    if (!a) throw new DomainError('not_found', { code: 'ops.noSuchAlert' });
    return alertView(mustSee(ctx, a, 'alert'));
  }),
  /** Which alerts, incidents and resources changed (at most 5 times a second); views reload what they show. */
  onChanged: access('incidents:read').input(z.void()).subscription(({ ctx, signal }) =>
    coalesced<'ops.changed', { alerts: string[]; incidents: string[]; resources: string[] }>({
      bus: ctx.bus, event: 'ops.changed', key: (e) => `${e.kind}/${e.id}`, signal, intervalMs: 200,
      snapshot: () => ({ alerts: [], incidents: [], resources: [] }),
      delta: (changed) => ({
        alerts: changed.filter((c) => c.kind === 'alert').map((c) => c.id),
        incidents: changed.filter((c) => c.kind === 'incident').map((c) => c.id),
        resources: changed.filter((c) => c.kind === 'resource').map((c) => c.id),
      }),
    })),
  acknowledgeAlert: access('incidents:manage').input(z.object({ id })).mutation(({ ctx, input }) => acknowledgeAlert(ctx, input.id)),
  dismissAlert: access('incidents:manage').input(z.object({ id, reason })).mutation(({ ctx, input }) => dismissAlert(ctx, input)),
  convertAlert: access('incidents:manage')
    .input(z.object({ id, type: z.string().trim().min(1).max(100).optional(), category: IncidentCategory.optional(),
      priority: z.number().int().min(1).max(5).optional(), title: z.string().trim().min(1).max(255).optional(), needs: z.array(z.string().min(1).max(50)).max(20).optional() }))
    .mutation(({ ctx, input }) => convertAlert(ctx, input)),
  incidents: access('incidents:read')
    .input(z.object({ siteId: id.optional(), statuses: z.array(IncidentStatus).optional(), priorities: z.array(z.number().int().min(1).max(5)).optional(),
      search: z.string().max(200).optional(), limit }))
    .query(({ ctx, input }) => listIncidents(ctx.db, { ...input, sites: siteScope(ctx, input.siteId) })),
  incident: access('incidents:read').input(z.object({ id })).query(async ({ ctx, input }) => {
    const row = await incidentById(ctx.db, input.id);
    if (!row) throw new DomainError('not_found', { code: 'incidents.noSuchIncident' });
    mustSee(ctx, row, 'incident');
    const alert = row.source_alert_id ? await alertById(ctx.db, row.source_alert_id) : undefined;
    return { incident: incidentView(row), timeline: await caseTimeline(ctx.db, 'incident', row.id), alert: alert ? alertView(alert) : null,
      children: await childIncidents(ctx.db, row.id), links: await linkedIncidents(ctx.db, row.id) };
  }),
  createIncident: access('incidents:manage').input(IncidentInput).mutation(({ ctx, input }) => createIncident(ctx, input)),
  setIncidentStatus: access('incidents:manage').input(z.object({ id, status: IncidentStatus, version: z.number().int(), reason: z.string().trim().max(500).optional() }))
    .mutation(({ ctx, input }) => setIncidentStatus(ctx, input)),
  linkIncidents: access('incidents:manage').input(z.object({ id, linkedId: id, kind: z.enum(['related', 'duplicate', 'caused_by']).default('related') }))
    .mutation(({ ctx, input }) => linkIncidents(ctx, input)),
  suggestResources: access('incidents:manage').input(z.object({ incidentId: id })).query(({ ctx, input }) => suggestResources(ctx, input.incidentId)),
  assignResources: access('incidents:manage').input(z.object({ incidentId: id, resourceIds: z.array(id).min(1, own('input.resources')).max(50) }))
    .mutation(({ ctx, input }) => assignResources(ctx, input)),
  releaseResource: access('incidents:manage').input(z.object({ incidentId: id, resourceId: id, reason })).mutation(({ ctx, input }) => releaseResource(ctx, input)),
  resources: access('incidents:read').input(z.object({ siteId: id.optional() })).query(({ ctx, input }) => listResources(ctx.db, siteScope(ctx, input.siteId))),
  createResource: access('incidents:manage').input(ResourceInput).mutation(({ ctx, input }) => createResource(ctx, input)),
  setResourceStatus: access('incidents:manage').input(z.object({ id, status: ManualStatus, reason })).mutation(({ ctx, input }) => setResourceStatus(ctx, input)),
  agencies: access('incidents:read').input(z.object({ siteId: id })).query(({ ctx, input }) =>
    ctx.db.query<{ id: string; code: string; name: string; type: string; parent_id: string | null }>(
      'SELECT id, code, name, type, parent_id FROM ops.agencies WHERE site_id = $1 AND deleted_at IS NULL ORDER BY code', [input.siteId])
      .then((rows) => rows.map((r) => ({ id: r.id, code: r.code, name: r.name, type: r.type, parentId: r.parent_id })))),
  alertRules: access('incidents:read').input(z.object({ siteId: id })).query(({ ctx, input }) => loadRules(ctx.db, input.siteId)),
  saveAlertRule: access('settings:manage').input(SaveRule).mutation(({ ctx, input }) => saveRule(ctx, input)),
  deleteAlertRule: access('settings:manage').input(z.object({ id })).mutation(({ ctx, input }) => deleteRule(ctx, input.id)),
  escalation: access('incidents:read').input(z.object({ siteId: id })).query(async ({ ctx, input }) => {
    const [s] = await ctx.db.query<{ alert_escalation_s: number }>('SELECT alert_escalation_s FROM org.sites WHERE id = $1', [input.siteId]);
    if (!s) throw new DomainError('not_found', { code: 'org.noSuchSite' });
    return { seconds: Number(s.alert_escalation_s) };
  }),
  setEscalation: access('settings:manage').input(z.object({ siteId: id, seconds: z.number().int().min(10, own('input.escalationMin')).max(86_400, own('input.escalationMax')) }))
    .mutation(({ ctx, input }) => setEscalation(ctx, input)),
});
