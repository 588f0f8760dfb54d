// Resources kept by hand: people, equipment and vehicles that are not fleet robots, and
// their availability (off duty, maintenance, out of service) outside incidents.
import { z } from 'zod';
import { LatLon, ResourceStatus, ResourceType, type ResourceView } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { RESOURCE_SELECT, resourceView, type ResourceRow } from './resources.js';

export const ResourceInput = z.object({
  siteId: z.string().uuid(),
  agencyId: z.string().uuid().optional(),
  type: ResourceType,
  subtype: z.string().trim().max(50).optional(),
  name: z.string().trim().min(1).max(200),
  identifier: z.string().trim().min(1).max(100),
  location: LatLon.optional(),
  capabilities: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
});

/** What an operator may set by hand; assigned/en_route/on_scene follow incidents only. */
export const ManualStatus = ResourceStatus.extract(['available', 'off_duty', 'maintenance', 'out_of_service']);

const byId = async (db: Parameters<Parameters<typeof audited>[2]>[0], id: string) =>
  (await db.query<ResourceRow>(`${RESOURCE_SELECT} WHERE r.id = $1 AND r.deleted_at IS NULL`, [id]))[0];

export async function createResource(ctx: AuthedContext, input: z.infer<typeof ResourceInput>): Promise<ResourceView> {
  const view = await audited(ctx, { resourceType: 'resource', siteId: input.siteId }, async (tx) => {
    if (input.agencyId) {
      const [a] = await tx.query<{ site_id: string }>('SELECT site_id FROM ops.agencies WHERE id = $1 AND deleted_at IS NULL', [input.agencyId]);
      if (!a || a.site_id !== input.siteId) throw new DomainError('invalid', { code: 'ops.agencyOtherSite' });
    }
    const [taken] = await tx.query('SELECT 1 FROM ops.resources WHERE site_id = $1 AND identifier = $2 AND deleted_at IS NULL', [input.siteId, input.identifier]);
    if (taken) throw new DomainError('conflict', { code: 'ops.resourceNameTaken', params: { identifier: input.identifier } });
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO ops.resources (site_id, agency_id, type, subtype, name, identifier, lat, lon, located_at, capabilities)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [input.siteId, input.agencyId ?? null, input.type, input.subtype ?? null, input.name, input.identifier, input.location?.lat ?? null,
        input.location?.lon ?? null, input.location ? ctx.clock.now() : null, input.capabilities]);
    const v = resourceView((await byId(tx, row!.id))!);
    return { result: v, resourceId: v.id, newValues: { name: v.name, type: v.type, capabilities: v.capabilities } };
  });
  return view;
}

export async function setResourceStatus(ctx: AuthedContext, input: { id: string; status: z.infer<typeof ManualStatus>; reason: string }): Promise<ResourceView> {
  const view = await audited(ctx, { resourceType: 'resource', resourceId: input.id }, async (tx) => {
    await tx.query('SELECT 1 FROM ops.resources WHERE id = $1 FOR UPDATE', [input.id]);
    const before = await byId(tx, input.id);
    if (!before) throw new DomainError('not_found', { code: 'ops.noSuchResource' });
    if (before.incident_id) throw new DomainError('conflict', { code: 'ops.resourceOnIncident', params: { name: before.name } });
    if (before.vehicle_id) throw new DomainError('invalid', { code: 'ops.resourceIsFleet', params: { name: before.name } });
    await tx.query('UPDATE ops.resources SET status = $2 WHERE id = $1', [input.id, input.status]);
    return { result: resourceView((await byId(tx, input.id))!), oldValues: { status: before.status }, newValues: { status: input.status, reason: input.reason } };
  });
  return view;
}
