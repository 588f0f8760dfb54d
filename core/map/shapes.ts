import { POINT_AREA_RADIUS_M, type Bbox } from '../contract/index.js';

// Announcement areas as GeoJSON polygons: MapLibre draws no circles in metres, so a
// circle becomes a 64-gon and a point a small circle.

const EARTH_RADIUS_M = 6_371_008.8;
export const CIRCLE_SIDES = 64;

/** A closed ring of `sides` vertices `radiusM` from the centre, [lon, lat] pairs. */
export function circleRing(lat: number, lon: number, radiusM: number, sides = CIRCLE_SIDES): [number, number][] {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const ring: [number, number][] = [];
  for (let i = 0; i < sides; i++) {
    const a = (2 * Math.PI * i) / sides;
    ring.push([lon + dLon * Math.sin(a), lat + dLat * Math.cos(a)]);
  }
  ring.push(ring[0]!);
  return ring;
}

export interface AnnouncementArea {
  area_type: 'point' | 'circle' | 'polygon';
  center_lat: number | null;
  center_lon: number | null;
  radius_m: number | null;
  polygon: [number, number][] | null;
}

/** The area's outline as a closed ring (stored polygons are open rings). */
export function areaRing(a: AnnouncementArea): [number, number][] {
  if (a.area_type === 'polygon') {
    const ring = (a.polygon ?? []).map(([lon, lat]) => [lon, lat] as [number, number]);
    const [f, l] = [ring[0], ring[ring.length - 1]];
    if (f && l && (f[0] !== l[0] || f[1] !== l[1])) ring.push(f);
    return ring;
  }
  const radius = a.area_type === 'circle' ? a.radius_m! : POINT_AREA_RADIUS_M;
  return circleRing(a.center_lat!, a.center_lon!, radius);
}

/** The stored cluster grid's level (org.case_cells): 64-pixel cells at zoom 14. */
export const CELL_LEVEL = 14;
const MAX_MERCATOR_LAT = 85.0511;

/** Column of the 64-pixel Web Mercator cell holding `lon` at `level` (as org.cell_x). */
export function cellX(lon: number, level: number): number {
  return Math.floor(((lon + 180) / 360) * 8 * 2 ** level);
}

/** Row of the 64-pixel Web Mercator cell holding `lat` at `level`, north first (as org.cell_y). */
export function cellY(lat: number, level: number): number {
  const r = (Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat)) * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 8 * 2 ** level);
}

/** The cells a bbox touches at `level`: x from west to east, y from north to south. */
export function cellRange(bbox: Bbox, level: number) {
  return { minX: cellX(bbox.minLon, level), maxX: cellX(bbox.maxLon, level), minY: cellY(bbox.maxLat, level), maxY: cellY(bbox.minLat, level) };
}
