import { z } from 'zod';
import { audited, record } from '../audit/write.js';
import type { SensorLive, VehicleDetail, VehicleFeed, VehicleLive } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { access, router } from '../trpc.js';
import { coalesced, FeedCredits } from './feed.js';
import { connectionHistory, listQuarantine, telemetrySeries } from './queries.js';
import { alignedBucket, resolutionFor } from './resolution.js';
import { vehicleFilter } from '../org/site-access.js';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { numeric: true });

/** Feeds paced by their page (see FeedCredit); held in memory only, for as long as each feed is open. */
export const feedCredits = new FeedCredits();
const FeedId = z.object({ feedId: z.string().uuid() });

export const fleetRouter = router({
  vehicles: access('fleet:read').input(z.void()).query(async ({ ctx }): Promise<VehicleLive[]> =>
    [...ctx.fleet.vehicles.values()].filter(await vehicleFilter(ctx.db, ctx)).sort(byName)),

  /**
   * All vehicles at once, then only the vehicles that changed, at most one message per `liveFeedMs`
   * (the first change after a quiet spell at once); a user limited to some sites gets their maps' vehicles.
   * With a feedId the page paces the feed: it says with `feedDrawn` how many messages it has drawn,
   * and is sent the next (the latest of each vehicle that changed meanwhile) only when it keeps up.
   */
  onVehicles: access('fleet:read').input(FeedId.optional()).subscription(async function* ({ ctx, input, signal }) {
    const paced = input ? feedCredits.open(`${ctx.user.id}:${input.feedId}`) : null;
    const visible = await vehicleFilter(ctx.db, ctx);
    try {
      yield* coalesced<'fleet.vehicle', VehicleFeed>({
        bus: ctx.bus, event: 'fleet.vehicle', key: (v) => v.id, signal, credit: paced?.credit, intervalMs: ctx.config.liveFeedMs,
        snapshot: () => ({ kind: 'snapshot', at: ctx.clock.now().toISOString(), vehicles: [...ctx.fleet.vehicles.values()].filter(visible).sort(byName) }),
        delta: (vehicles) => ({ kind: 'delta', at: ctx.clock.now().toISOString(), vehicles: vehicles.filter(visible) }),
      });
    } finally {
      paced?.close();
    }
  }),

  /**
   * How many messages of a paced feed (counted from its snapshot, which is 1) this page has drawn.
   * A query, not a mutation: it changes no data, only the pace of the caller's own stream.
   */
  feedDrawn: access('fleet:read').input(FeedId.extend({ count: z.number().int().min(1) })).query(({ ctx, input }) =>
    feedCredits.ack(`${ctx.user.id}:${input.feedId}`, input.count)),

  vehicle: access('fleet:read')
    .input(z.object({ id: z.string().uuid(), windowMinutes: z.number().int().min(1).max(366 * 24 * 60).default(30) }))
    .query(async ({ ctx, input }): Promise<VehicleDetail> => {
      const vehicle = ctx.fleet.vehicles.get(input.id);
      if (!vehicle || !(await vehicleFilter(ctx.db, ctx))(vehicle)) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
      const now = ctx.clock.now();
      const from = new Date(now.getTime() - input.windowMinutes * 60_000);
      // About 180 points whatever the span, read from the resolution that fits it.
      const bucket = alignedBucket((input.windowMinutes * 60) / 180);
      const [connections, telemetry] = await Promise.all([
        connectionHistory(ctx.db, input.id),
        telemetrySeries(ctx.db, input.id, from, null, bucket),
      ]);
      return {
        vehicle, factsheet: ctx.fleet.factsheets.get(vehicle.id) ?? null, connections, telemetry, windowMinutes: input.windowMinutes,
        resolution: resolutionFor(bucket), bucketSeconds: bucket,
      };
    }),

  /** Confirms a vehicle that registered itself, optionally naming it. */
  confirmVehicle: access('fleet:manage')
    .input(z.object({ id: z.string().uuid(), name: z.string().trim().min(1).max(100).optional() }))
    .mutation(async ({ ctx, input }) => {
      const v = ctx.fleet.vehicles.get(input.id);
      if (!v) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
      const name = input.name ?? v.name;
      await audited(ctx, { resourceType: 'vehicle', resourceId: v.id, lat: v.lat, lon: v.lon }, async (tx) => {
        const [row] = await tx.query<{ name: string }>(
          'UPDATE fleet.vehicles SET confirmed_at = coalesce(confirmed_at, $2), confirmed_by = coalesce(confirmed_by, $3), name = $4 WHERE id = $1 AND deleted_at IS NULL RETURNING name',
          [v.id, ctx.clock.now().toISOString(), ctx.user.id, name],
        );
        if (!row) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
        return { result: null, oldValues: { name: v.name, isNew: v.isNew }, newValues: { name, isNew: false } };
      });
      const next = { ...ctx.fleet.vehicles.get(v.id)!, name, isNew: false };
      ctx.fleet.vehicles.set(v.id, next);
      ctx.bus.emit('fleet.vehicle', next);
      return next;
    }),

  /** Asks the vehicle for its VDA 5050 factsheet; it arrives on the factsheet topic and shows in the vehicle's detail. */
  requestFactsheet: access('fleet:command')
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const v = ctx.fleet.vehicles.get(input.id);
      if (!v) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
      const t = { resourceType: 'vehicle', resourceId: v.id, lat: v.lat, lon: v.lon };
      // Not inside a transaction: the vehicle may take seconds to answer.
      await ctx.vda.requestFactsheet(v).catch(async (err: Error) => {
        await record(ctx, t, 'failed', { reason: err.message });
        throw err;
      });
      await record(ctx, t, 'success', { newValues: { factsheetRequested: true } });
      return null;
    }),

  sensors: access('fleet:read').input(z.void()).query(({ ctx }): SensorLive[] => [...ctx.fleet.sensors.latest.values()].sort(byName)),

  onSensors: access('fleet:read').input(z.void()).subscription(({ ctx, signal }) =>
    coalesced<'fleet.sensor', { kind: 'snapshot' | 'delta'; sensors: SensorLive[] }>({
      bus: ctx.bus, event: 'fleet.sensor', key: (s) => s.id, signal, intervalMs: 1000,
      snapshot: () => ({ kind: 'snapshot', sensors: [...ctx.fleet.sensors.latest.values()].sort(byName) }),
      delta: (sensors) => ({ kind: 'delta', sensors }),
    })),

  /** Received and quarantined message counts since this console started, at most once a second. */
  onIngest: access('fleet:read').input(z.void()).subscription(({ ctx, signal }) =>
    coalesced({
      bus: ctx.bus, event: 'fleet.ingest', key: () => 'ingest', signal, intervalMs: 1000,
      snapshot: () => ({ ...ctx.fleet.ingest }),
      delta: (all) => all[all.length - 1]!,
    })),

  quarantine: access('fleet:read')
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => listQuarantine(ctx.db, input.limit)),
});
