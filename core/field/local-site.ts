// A robot's map frame no site knows: a local site for it, placed where the technician says
// its origin lies, so the vehicle shows on the world map and gets a site like any other.
import { audited } from '../audit/write.js';
import type { LocalSiteInput } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

/** Frame metres either side of the origin the local map covers. */
const HALF_EXTENT_M = 5000;

export const localSlug = (mapId: string) => `field-${mapId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 63).replace(/-+$/, '');

export async function createLocalSite(ctx: AuthedContext, input: Required<Omit<LocalSiteInput, 'name'>> & Pick<LocalSiteInput, 'name'>): Promise<{ siteId: string; mapId: string }> {
  const known = ctx.fleet.places.map(input.mapId);
  if (known) throw new DomainError('conflict', { code: 'field.mapPlaced', params: { mapId: input.mapId } }, 'mapId');
  const name = input.name ?? `Field site for map ${input.mapId}`;
  const siteId = await audited(ctx, { resourceType: 'site', lat: input.originLat, lon: input.originLon }, async (tx) => {
    const [site] = await tx.query<{ id: string }>(
      `INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [localSlug(input.mapId), name, input.timeZone, input.originLat, input.originLon]);
    await tx.query(
      `INSERT INTO org.site_maps (site_id, map_id, name, origin_lat, origin_lon, rotation_deg, min_x, min_y, max_x, max_y) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8)`,
      [site!.id, input.mapId, `Map ${input.mapId}`, input.originLat, input.originLon, input.rotationDeg, -HALF_EXTENT_M, HALF_EXTENT_M]);
    // Vehicles reporting positions on this map that had no site belong to it now.
    const on = ctx.desk?.diagnostics.onMap(input.mapId) ?? [];
    await tx.query('UPDATE fleet.vehicles SET site_id = $1 WHERE site_id IS NULL AND id = ANY($2::uuid[]) AND deleted_at IS NULL', [site!.id, on]);
    return { result: site!.id, resourceId: site!.id, newValues: { ...input, name, local: true } };
  }).catch((err: unknown) => {
    if ((err as { code?: string }).code === '23505') throw new DomainError('conflict', { code: 'field.siteExists', params: { name: localSlug(input.mapId) } }, 'mapId');
    throw err;
  });
  await ctx.fleet.places.load(ctx.db);
  return { siteId, mapId: input.mapId };
}
