import type { Queryable } from '../../db/index.js';
import type { Site } from '../contract/index.js';

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
}

export async function listSites(db: Queryable): Promise<Site[]> {
  const sites = await db.query<SiteRow>(
    'SELECT id, slug, name, time_zone, lat, lon, radius_km FROM org.sites WHERE deleted_at IS NULL ORDER BY name',
  );
  const maps = await db.query<MapRow>('SELECT * FROM org.site_maps WHERE deleted_at IS NULL ORDER BY name');
  return sites.map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    timeZone: s.time_zone,
    lat: s.lat,
    lon: s.lon,
    radiusKm: Number(s.radius_km),
    maps: maps
      .filter((m) => m.site_id === s.id)
      .map((m) => ({
        id: m.id,
        mapId: m.map_id,
        name: m.name,
        originLat: m.origin_lat,
        originLon: m.origin_lon,
        rotationDeg: m.rotation_deg,
        bounds: { minX: m.min_x, minY: m.min_y, maxX: m.max_x, maxY: m.max_y },
      })),
  }));
}
