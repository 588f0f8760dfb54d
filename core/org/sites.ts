import type { Queryable } from '../../db/index.js';
import type { PlacementInfo, Site, SiteMap } from '../contract/index.js';

interface SiteRow {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  lat: number;
  lon: number;
  radius_km: number;
}
interface MapRow {
  id: string;
  site_id: string;
  map_id: string;
  name: string;
  origin_lat: number;
  origin_lon: number;
  rotation_deg: number;
  min_x: number;
  min_y: number;
  max_x: number;
  max_y: number;
  plan_mime: 'image/png' | 'image/jpeg' | null;
  plan_width: number | null;
  plan_height: number | null;
  metres_per_pixel: number | null;
  frame_matrix: number[] | null;
  placement: PlacementInfo | null;
}

const MAP_COLUMNS = 'id, site_id, map_id, name, origin_lat, origin_lon, rotation_deg, min_x, min_y, max_x, max_y, plan_mime, plan_width, plan_height, metres_per_pixel, frame_matrix, placement';

export function mapFromRow(m: MapRow): SiteMap {
  return {
    id: m.id,
    mapId: m.map_id,
    name: m.name,
    originLat: m.origin_lat,
    originLon: m.origin_lon,
    rotationDeg: m.rotation_deg,
    bounds: { minX: m.min_x, minY: m.min_y, maxX: m.max_x, maxY: m.max_y },
    matrix: m.frame_matrix ? [m.frame_matrix[0]!, m.frame_matrix[1]!, m.frame_matrix[2]!, m.frame_matrix[3]!] : null,
    plan: m.plan_mime ? { mime: m.plan_mime, width: m.plan_width!, height: m.plan_height!, metresPerPixel: m.metres_per_pixel } : null,
    placement: m.placement,
  };
}

export async function mapById(db: Queryable, siteMapId: string): Promise<SiteMap | null> {
  const [m] = await db.query<MapRow>(`SELECT ${MAP_COLUMNS} FROM org.site_maps WHERE id = $1 AND deleted_at IS NULL`, [siteMapId]);
  return m ? mapFromRow(m) : null;
}

/** Every site with its maps; `only` limits them to the sites a user may see (null: all). */
/** A site and its maps leave every list; their records stay for history and the audit log. */
export async function markSiteRemoved(tx: Queryable, siteId: string): Promise<void> {
  await tx.query('UPDATE org.site_maps SET deleted_at = now() WHERE site_id = $1 AND deleted_at IS NULL', [siteId]);
  await tx.query('UPDATE org.sites SET deleted_at = now() WHERE id = $1', [siteId]);
}

export async function listSites(db: Queryable, only: ReadonlySet<string> | null = null): Promise<Site[]> {
  const sites = await db.query<SiteRow>(
    'SELECT id, slug, name, time_zone, lat, lon, radius_km FROM org.sites WHERE deleted_at IS NULL ORDER BY name',
  );
  const maps = await db.query<MapRow>(`SELECT ${MAP_COLUMNS} FROM org.site_maps WHERE deleted_at IS NULL ORDER BY name`);
  return sites.filter((s) => !only || only.has(s.id)).map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    timeZone: s.time_zone,
    lat: s.lat,
    lon: s.lon,
    radiusKm: Number(s.radius_km),
    maps: maps.filter((m) => m.site_id === s.id).map(mapFromRow),
  }));
}
