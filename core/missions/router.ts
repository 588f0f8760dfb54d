import { z } from 'zod';
import { MissionPriority, MissionStatus, ResidentInput, type MissionView } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { DomainError } from '../errors.js';
import { access, router } from '../trpc.js';
import { coalesced } from '../fleet/feed.js';
import { missionRoute, withEstimates } from './eta.js';
import { factsheetSpeeds } from './suggest.js';
import { listMissions } from './queries.js';
import { createResident, listResidents, readResident } from '../residents/service.js';
import { assignMission, cancelMission, createMission, pauseMission, reassignMission, siteMap, suggestVehicles } from './service.js';
import { missionById, missionView, placesOf, timeline } from './store.js';
import { mustSee, siteScope } from '../org/site-access.js';
import { own } from '../contract/errors/index.js';

const id = z.string().uuid();
const reason = z.string().trim().min(3, own('input.reason')).max(500);

export const missionsRouter = router({
  /** The places of one floor (`siteMapId`, one of the site's maps), or of the site's first map. */
  places: access('missions:read').input(z.object({ siteId: id, siteMapId: id.optional() })).query(async ({ ctx, input }) => {
    const map = await siteMap(ctx.db, input.siteId, input.siteMapId);
    if (!map && input.siteMapId) throw new DomainError('not_found', { code: 'missions.noSuchFloor' }, 'siteMapId');
    return map ? placesOf(ctx.db, map.id) : [];
  }),
  list: access('missions:read')
    .input(z.object({
      siteId: id.optional(), statuses: z.array(MissionStatus).optional(), priorities: z.array(MissionPriority).optional(), vehicleId: id.optional(),
      residentId: id.optional(), from: z.string().datetime().optional(), to: z.string().datetime().optional(), limit: z.number().int().min(1).max(1000).default(200),
    }))
    .query(async ({ ctx, input }) =>
      withEstimates(ctx.db, await listMissions(ctx.db, { ...input, sites: siteScope(ctx, input.siteId) }), ctx.fleet.vehicles, { speedMps: ctx.config.vehicleSpeedMps, factsheetSpeeds: factsheetSpeeds(ctx.fleet.factsheets) }, ctx.clock.now())),
  get: access('missions:read').input(z.object({ id })).query(async ({ ctx, input }) => {
    const m = await missionById(ctx.db, input.id);
    if (!m) throw new DomainError('not_found', { code: 'missions.noSuchMission' });
    mustSee(ctx, m, 'mission');
    const [mission] = await withEstimates(ctx.db, [{ ...missionView(m), siteMapId: m.site_map_id }], ctx.fleet.vehicles, { speedMps: ctx.config.vehicleSpeedMps, factsheetSpeeds: factsheetSpeeds(ctx.fleet.factsheets) }, ctx.clock.now());
    const route = await missionRoute(ctx.db, mission!, m.site_map_id, m.vehicle_id ? ctx.fleet.vehicles.get(m.vehicle_id) : undefined);
    return { mission: mission!, timeline: await timeline(ctx.db, m.id), route };
  }),
  /** Tells which missions changed (at most 5 times a second); views reload what they show. */
  onChanged: access('missions:read').input(z.void()).subscription(({ ctx, signal }) =>
    coalesced<'missions.changed', { ids: string[] }>({
      bus: ctx.bus, event: 'missions.changed', key: (e) => e.id, signal, intervalMs: 200,
      snapshot: () => ({ ids: [] }), delta: (changed) => ({ ids: changed.map((c) => c.id) }),
    })),
  create: access('missions:create')
    .input(z.object({
      residentId: id, pickupNode: z.string().min(1).max(200), dropoffNode: z.string().min(1).max(200), priority: MissionPriority.default('normal'),
      scheduledAt: z.string().datetime({ offset: true, message: own('input.pickUpTime') }).nullable().optional(),
      backdated: z.object({ reason: z.string().trim().min(3, own('input.backdatedReason')).max(500) }).optional(),
      notes: z.string().trim().max(2000).optional(),
      siteMapId: id.optional(),
    }))
    .mutation(({ ctx, input }): Promise<MissionView> => createMission(ctx, input)),
  suggest: access('missions:dispatch').input(z.object({ id })).query(({ ctx, input }) => suggestVehicles(ctx, input.id)),
  assign: access('missions:dispatch')
    .input(z.object({ missionId: id, vehicleId: id, version: z.number().int(), reason: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => assignMission(ctx, input)),
  cancel: access('missions:dispatch').input(z.object({ missionId: id, reason })).mutation(({ ctx, input }) => cancelMission(ctx, input)),
  pause: access('missions:dispatch').input(z.object({ missionId: id, reason })).mutation(({ ctx, input }) => pauseMission(ctx, { ...input, resume: false })),
  resume: access('missions:dispatch').input(z.object({ missionId: id, reason })).mutation(({ ctx, input }) => pauseMission(ctx, { ...input, resume: true })),
  reassign: access('missions:dispatch').input(z.object({ missionId: id, vehicleId: id, reason })).mutation(({ ctx, input }) => reassignMission(ctx, input)),
  /** The per-site switch: pending missions get the best vehicle without an operator. */
  setAutoDispatch: access('missions:dispatch').input(z.object({ siteId: id, on: z.boolean() })).mutation(({ ctx, input }) =>
    audited(ctx, { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId }, async (tx) => {
      const [before] = await tx.query<{ auto_dispatch: boolean }>('SELECT auto_dispatch FROM org.sites WHERE id = $1 FOR UPDATE', [input.siteId]);
      if (!before) throw new DomainError('not_found', { code: 'org.noSuchSite' });
      await tx.query('UPDATE org.sites SET auto_dispatch = $2 WHERE id = $1', [input.siteId, input.on]);
      return { result: { autoDispatch: input.on }, oldValues: { autoDispatch: before.auto_dispatch }, newValues: { autoDispatch: input.on } };
    })),
  autoDispatch: access('missions:read').input(z.object({ siteId: id })).query(async ({ ctx, input }) => {
    const [s] = await ctx.db.query<{ auto_dispatch: boolean }>('SELECT auto_dispatch FROM org.sites WHERE id = $1', [input.siteId]);
    return { autoDispatch: s?.auto_dispatch ?? false };
  }),
  residents: access('residents:read').input(z.object({ siteId: id.optional() })).query(({ ctx, input }) => listResidents(ctx, { sites: siteScope(ctx, input.siteId) })),
  resident: access('residents:read_pii').input(z.object({ id })).query(({ ctx, input }) => readResident(ctx, input.id)),
  createResident: access('residents:manage').input(ResidentInput).mutation(({ ctx, input }) => createResident(ctx, input)),
});
