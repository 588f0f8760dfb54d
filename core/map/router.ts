import { z } from 'zod';
import { LAYER_PERMISSION, LayerId, MapLayersInput, type MapLayersResult } from '../contract/index.js';
import { coalesced } from '../fleet/feed.js';
import { merge } from '../merge.js';
import { access, router } from '../trpc.js';
import { DomainError } from '../errors.js';
import { locateCase, mapLayers } from './layers.js';
import { siteScope } from '../org/site-access.js';

const OPS_LAYER = { alert: 'alerts', incident: 'incidents', resource: 'resources', ticket: null } as const;
const CITY_LAYER = { request: 'requests', report: 'reports', announcement: 'announcements', asset: 'assets' } as const;

export const mapRouter = router({
  /**
   * The case layers in a viewport. Any signed-in user may ask; layers whose permission
   * (incidents:read or city:read) the user lacks are left out and listed in `denied`.
   */
  layers: access('authenticated').input(MapLayersInput).query(async ({ ctx, input }): Promise<MapLayersResult> => {
    const may = (l: LayerId) => ctx.user.permissions.includes(LAYER_PERMISSION[l]);
    const allowed = input.layers.filter(may);
    const denied = [...new Set(input.layers.filter((l) => !may(l)))].map((layer) => ({ layer, permission: LAYER_PERMISSION[layer] }));
    const layers = allowed.length ? await mapLayers(ctx.db, { ...input, layers: allowed }, { now: ctx.clock.now() }) : {};
    return { layers, denied };
  }),
  /** Where one case is, so the map can bring a case selected on a board into view even when it is clustered or off screen. */
  locate: access('authenticated').input(z.object({ layer: LayerId, id: z.string().uuid() })).query(async ({ ctx, input }) => {
    const permission = LAYER_PERMISSION[input.layer];
    if (!ctx.user.permissions.includes(permission)) throw new DomainError('forbidden', { code: 'iam.mayNotSeeLayer', params: { email: ctx.user.email, layer: input.layer, permission } });
    return locateCase(ctx.db, input.layer, input.id, siteScope(ctx));
  }),
  /** Which layers changed (ops and city events, at most 5 times a second), among those the user may read. */
  onChanged: access('authenticated').input(z.void()).subscription(async function* ({ ctx, signal }) {
    const may = (l: LayerId) => ctx.user.permissions.includes(LAYER_PERMISSION[l]);
    const merged = new AbortController();
    signal?.addEventListener('abort', () => merged.abort(), { once: true });
    const ops = coalesced<'ops.changed', LayerId[]>({
      bus: ctx.bus, event: 'ops.changed', key: (e) => `${e.kind}:${e.id}`, signal: merged.signal, intervalMs: 200,
      snapshot: () => [], delta: (changed) => changed.flatMap((e) => OPS_LAYER[e.kind] ?? []),
    });
    const city = coalesced<'city.changed', LayerId[]>({
      bus: ctx.bus, event: 'city.changed', key: (e) => `${e.kind}:${e.id}`, signal: merged.signal, intervalMs: 200,
      snapshot: () => [], delta: (changed) => changed.map((e) => CITY_LAYER[e.kind]),
    });
    yield* mergeLayers([ops, city], may, merged);
  }),
});

/** Interleaves the two coalesced feeds, yielding each non-empty set of readable layers. */
async function* mergeLayers(feeds: AsyncGenerator<LayerId[]>[], may: (l: LayerId) => boolean, ctl: AbortController): AsyncGenerator<{ layers: LayerId[] }> {
  for await (const changed of merge(feeds, () => ctl.abort())) {
    const layers = [...new Set(changed)].filter(may);
    if (layers.length) yield { layers: LayerId.array().parse(layers) };
  }
}
