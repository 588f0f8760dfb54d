// A site's maps (VDA 5050 mapIds: outdoor, ground floor, first floor, …) and their floor plans.
import { audited } from '../audit/write.js';
import { fitPlan, PlanFitError, type Placement, type PlacementInfo } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { mapSite } from './site-access.js';
import { mapById } from './sites.js';
import { readPlanImage } from './plan-image.js';
import { relocateNodes } from './site-graph.js';

/** A new map starts at the site's centre, unplaced, 100 m square, until its plan is imported and placed. */
export async function createMap(ctx: AuthedContext, input: { siteId: string; mapId: string; name: string }): Promise<{ siteMapId: string }> {
  const [site] = await ctx.db.query<{ lat: number; lon: number }>('SELECT lat, lon FROM org.sites WHERE id = $1 AND deleted_at IS NULL', [input.siteId]);
  if (!site) throw new DomainError('not_found', { code: 'org.noSuchSite' }, 'siteId');
  const [elsewhere] = await ctx.db.query<{ name: string }>(
    'SELECT s.name FROM org.site_maps m JOIN org.sites s ON s.id = m.site_id WHERE m.map_id = $1 AND m.deleted_at IS NULL', [input.mapId]);
  // Vehicles report only the mapId, so one mapId names one map across all sites.
  if (elsewhere) throw new DomainError('conflict', { code: 'org.mapIdTaken', params: { mapId: input.mapId, name: elsewhere.name } }, 'mapId');
  const siteMapId = await audited(ctx, { resourceType: 'site_map', siteId: input.siteId, lat: site.lat, lon: site.lon }, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO org.site_maps (site_id, map_id, name, origin_lat, origin_lon, rotation_deg, min_x, min_y, max_x, max_y)
       VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 100, 100) RETURNING id`, [input.siteId, input.mapId, input.name, site.lat, site.lon]);
    return { result: row!.id, resourceId: row!.id, newValues: input };
  });
  await ctx.fleet.places.load(ctx.db);
  return { siteMapId };
}

export async function renameMap(ctx: AuthedContext, input: { siteMapId: string; name: string }) {
  const siteId = await mapSite(ctx, input.siteMapId);
  await audited(ctx, { resourceType: 'site_map', resourceId: input.siteMapId, siteId }, async (tx) => {
    const [before] = await tx.query<{ name: string }>('SELECT name FROM org.site_maps WHERE id = $1 FOR UPDATE', [input.siteMapId]);
    await tx.query('UPDATE org.site_maps SET name = $2 WHERE id = $1', [input.siteMapId, input.name]);
    return { result: null, oldValues: { name: before!.name }, newValues: { name: input.name } };
  });
  await ctx.fleet.places.load(ctx.db);
}

/** Stores a floor plan image (replacing the map's plan). A placed map keeps its placement and scale. */
export async function uploadPlan(ctx: AuthedContext, siteMapId: string, bytes: Buffer) {
  const siteId = await mapSite(ctx, siteMapId);
  const info = readPlanImage(bytes);
  const result = await audited(ctx, { resourceType: 'site_map', resourceId: siteMapId, siteId }, async (tx) => {
    const [m] = await tx.query<{ metres_per_pixel: number | null }>('SELECT metres_per_pixel FROM org.site_maps WHERE id = $1 FOR UPDATE', [siteMapId]);
    const k = m!.metres_per_pixel ?? 1;
    await tx.query(
      'UPDATE org.site_maps SET plan_mime = $2, plan_width = $3, plan_height = $4, min_x = 0, min_y = 0, max_x = $5, max_y = $6 WHERE id = $1',
      [siteMapId, info.mime, info.width, info.height, info.width * k, info.height * k]);
    await tx.query(
      'INSERT INTO org.map_plans (site_map_id, image) VALUES ($1, $2) ON CONFLICT (site_map_id) DO UPDATE SET image = EXCLUDED.image, created_at = now()',
      [siteMapId, bytes]);
    return { result: info, newValues: { plan: { ...info, bytes: bytes.length } } };
  });
  await ctx.fleet.places.load(ctx.db);
  return result;
}

export async function planImage(ctx: AuthedContext, siteMapId: string): Promise<{ mime: string; data: string } | null> {
  await mapSite(ctx, siteMapId);
  const [row] = await ctx.db.query<{ mime: string; image: Uint8Array }>(
    'SELECT m.plan_mime AS mime, p.image FROM org.map_plans p JOIN org.site_maps m ON m.id = p.site_map_id WHERE p.site_map_id = $1', [siteMapId]);
  return row ? { mime: row.mime, data: Buffer.from(row.image).toString('base64') } : null;
}

/** What a placement gives: the georeference, the scale, and what to show of it. */
export function placementOf(p: Placement, plan: { width: number; height: number }) {
  if (p.by === 'typed') {
    return { georef: { originLat: p.originLat, originLon: p.originLon, rotationDeg: p.rotationDeg, matrix: null }, metresPerPixel: p.metresPerPixel, info: p as PlacementInfo };
  }
  let fit;
  try {
    fit = fitPlan(p.points, plan);
  } catch (err) {
    throw new DomainError('invalid', err instanceof PlanFitError ? { code: err.code } : (err as Error).message, 'points');
  }
  const info: PlacementInfo = { by: 'points', points: p.points, kind: fit.kind, residualsM: fit.residualsM, rmsM: fit.rmsM, maxM: fit.maxM };
  return { georef: { ...fit.georef, matrix: fit.georef.matrix ?? null }, metresPerPixel: fit.metresPerPixel, info };
}

/** Places the plan on the world map; places already drawn keep their frame position and move with it. */
export async function placePlan(ctx: AuthedContext, input: { siteMapId: string; placement: Placement }) {
  const siteId = await mapSite(ctx, input.siteMapId);
  const map = await mapById(ctx.db, input.siteMapId);
  if (!map?.plan) throw new DomainError('invalid', { code: 'org.importPlanFirst' }, 'siteMapId');
  const placed = placementOf(input.placement, map.plan);
  const { georef, metresPerPixel: k } = placed;
  const rotationDeg = ((georef.rotationDeg % 360) + 540) % 360 - 180;
  await audited(ctx, { resourceType: 'site_map', resourceId: input.siteMapId, siteId, lat: georef.originLat, lon: georef.originLon }, async (tx) => {
    await tx.query(
      `UPDATE org.site_maps SET origin_lat = $2, origin_lon = $3, rotation_deg = $4, frame_matrix = $5::float8[], metres_per_pixel = $6::float8, placement = $7::jsonb,
         min_x = 0, min_y = 0, max_x = plan_width * $6::float8, max_y = plan_height * $6::float8 WHERE id = $1`,
      [input.siteMapId, georef.originLat, georef.originLon, rotationDeg, georef.matrix, k, JSON.stringify(placed.info)]);
    await relocateNodes(tx, input.siteMapId, { ...georef, rotationDeg });
    return {
      result: null,
      oldValues: { originLat: map.originLat, originLon: map.originLon, rotationDeg: map.rotationDeg, metresPerPixel: map.plan!.metresPerPixel },
      newValues: { originLat: georef.originLat, originLon: georef.originLon, rotationDeg, metresPerPixel: k, placement: placed.info },
    };
  });
  await ctx.fleet.places.load(ctx.db);
  return mapById(ctx.db, input.siteMapId);
}
