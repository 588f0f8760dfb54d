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

/** Grid cell size in degrees for a zoom: about 64 screen pixels (MapLibre's 512-pixel tiles). */
export function clusterCell(zoom: number, bbox: Bbox): { lat: number; lon: number } {
  const lon = 45 / 2 ** zoom;
  const midLat = ((bbox.minLat + bbox.maxLat) / 2) * (Math.PI / 180);
  return { lon, lat: lon * Math.cos(midLat) };
}
