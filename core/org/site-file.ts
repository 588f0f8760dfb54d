// A site's maps, floor plans, georeferences and graphs as one file, and back. An import is checked
// whole and written in one transaction: a bad file is refused with the reason and leaves nothing.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import { SITE_FILE_FORMAT, SiteFile, type SiteFileMap } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { insertSite, slugTaken } from './site-edit.js';
import { listSites } from './sites.js';
import { readGraph, writeGraph } from './site-graph.js';
import { readPlanImage } from './plan-image.js';

export async function exportSite(ctx: AuthedContext, siteId: string): Promise<SiteFile> {
  const site = (await listSites(ctx.db)).find((s) => s.id === siteId);
  if (!site) throw new DomainError('not_found', { code: 'org.noSuchSite' }, 'siteId');
  const maps: SiteFileMap[] = [];
  for (const m of site.maps) {
    const [img] = await ctx.db.query<{ image: Uint8Array }>('SELECT image FROM org.map_plans WHERE site_map_id = $1', [m.id]);
    maps.push({
      mapId: m.mapId,
      name: m.name,
      georef: { originLat: m.originLat, originLon: m.originLon, rotationDeg: m.rotationDeg, matrix: m.matrix },
      bounds: m.bounds,
      plan: m.plan && img ? { mime: m.plan.mime, metresPerPixel: m.plan.metresPerPixel, data: Buffer.from(img.image).toString('base64') } : null,
      placement: m.placement,
      ...(await readGraph(ctx.db, m.id)),
    });
  }
  return { format: SITE_FILE_FORMAT, version: 1, site: { name: site.name, slug: site.slug, timeZone: site.timeZone, lat: site.lat, lon: site.lon }, maps };
}

/** Reads a file's text as a site file, or says in a sentence why it is not one. */
export function parseSiteFile(text: string): SiteFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError('invalid', { code: 'org.siteFileNotJson' }, 'file');
  }
  if ((json as { format?: unknown } | null)?.format !== SITE_FILE_FORMAT) throw new DomainError('invalid', { code: 'org.siteFileWrongFormat' }, 'file');
  const parsed = SiteFile.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new DomainError('invalid', { code: 'org.siteFileDamaged', params: { at: i.path.join('.') || 'its top', message: i.message } }, 'file');
  }
  return parsed.data;
}

/** Writes one map of a site file (the caller's transaction). */
export async function writeFileMap(tx: Queryable, siteId: string, m: SiteFileMap): Promise<string> {
  const [taken] = await tx.query<{ name: string }>(
    'SELECT s.name FROM org.site_maps m JOIN org.sites s ON s.id = m.site_id WHERE m.map_id = $1 AND m.deleted_at IS NULL', [m.mapId]);
  if (taken) throw new DomainError('conflict', { code: 'org.siteFileMapTaken', params: { mapId: m.mapId, name: taken.name } }, 'file');
  const image = m.plan ? Buffer.from(m.plan.data, 'base64') : null;
  const info = image ? readPlanImage(image) : null;
  if (info && m.plan!.mime !== info.mime) throw new DomainError('invalid', { code: 'org.siteFilePlanMismatch', params: { mapId: m.mapId, says: m.plan!.mime, holds: info.mime } }, 'file');
  const g = m.georef;
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO org.site_maps (site_id, map_id, name, origin_lat, origin_lon, rotation_deg, frame_matrix, min_x, min_y, max_x, max_y, plan_mime, plan_width, plan_height, metres_per_pixel, placement)
     VALUES ($1, $2, $3, $4, $5, $6, $7::float8[], $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb) RETURNING id`,
    [siteId, m.mapId, m.name, g.originLat, g.originLon, g.rotationDeg, g.matrix, m.bounds.minX, m.bounds.minY, m.bounds.maxX, m.bounds.maxY,
      info?.mime ?? null, info?.width ?? null, info?.height ?? null, m.plan?.metresPerPixel ?? null, m.placement ? JSON.stringify(m.placement) : null]);
  if (image) await tx.query('INSERT INTO org.map_plans (site_map_id, image) VALUES ($1, $2)', [row!.id, image]);
  if (m.nodes.length || m.edges.length) {
    await writeGraph(tx, row!.id, g, info ? m.bounds : null, { nodes: m.nodes, edges: m.edges }).catch((err: unknown) => {
      throw err instanceof DomainError ? new DomainError(err.kind, { code: 'org.siteFileMap', params: { mapId: m.mapId, message: err.message } }, 'file') : err;
    });
  }
  return row!.id;
}

/** A new site from a file (its slug must be free). */
export async function importSite(ctx: AuthedContext, text: string): Promise<{ siteId: string; maps: number }> {
  const file = parseSiteFile(text);
  const siteId = await audited(ctx, { resourceType: 'site', lat: file.site.lat, lon: file.site.lon }, async (tx) => {
    const id = await insertSite(tx, file.site).catch(slugTaken(file.site.slug));
    for (const m of file.maps) await writeFileMap(tx, id, m);
    const [limited] = await tx.query('SELECT 1 FROM iam.user_sites WHERE user_id = $1 LIMIT 1', [ctx.user.id]);
    if (limited) await tx.query('INSERT INTO iam.user_sites (user_id, site_id) VALUES ($1, $2)', [ctx.user.id, id]);
    return { result: id, resourceId: id, siteId: id, newValues: { site: file.site, maps: file.maps.map((m) => ({ mapId: m.mapId, places: m.nodes.length, paths: m.edges.length, plan: !!m.plan })) } };
  });
  await ctx.fleet.places.load(ctx.db);
  return { siteId, maps: file.maps.length };
}
