import { z } from 'zod';
import { coded } from './errors/index.js';

// Geometry for areas drawn on the map: a point, a circle, a polygon. Plain lat/lon
// math on a sphere, good to centimetres over a city; no PostGIS needed.

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversineM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
export const LatLon = z.object({ lat: Lat, lon: Lon });
export type LatLon = z.infer<typeof LatLon>;
/** [lon, lat], the GeoJSON order. */
export const Position = z.tuple([Lon, Lat]);

type Ring = readonly (readonly [number, number])[];

/** Drops a repeated closing vertex: rings are stored open. */
export function openRing(ring: Ring): Ring {
  const [f, l] = [ring[0], ring[ring.length - 1]];
  return ring.length > 1 && f && l && f[0] === l[0] && f[1] === l[1] ? ring.slice(0, -1) : ring;
}

const cross = (o: readonly number[], a: readonly number[], b: readonly number[]) =>
  (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);

function segmentsCross(p1: readonly number[], p2: readonly number[], q1: readonly number[], q2: readonly number[]): boolean {
  const d1 = cross(q1, q2, p1), d2 = cross(q1, q2, p2), d3 = cross(p1, p2, q1), d4 = cross(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  // Touching or overlapping collinear edges count as crossing too.
  const on = (a: readonly number[], b: readonly number[], c: readonly number[]) =>
    Math.min(a[0]!, b[0]!) <= c[0]! && c[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= c[1]! && c[1]! <= Math.max(a[1]!, b[1]!);
  return (d1 === 0 && on(q1, q2, p1)) || (d2 === 0 && on(q1, q2, p2)) || (d3 === 0 && on(p1, p2, q1)) || (d4 === 0 && on(p1, p2, q2));
}

/** The first pair of non-adjacent edges that cross, as edge indexes; null for a simple polygon. */
export function selfIntersection(ring: Ring): [number, number] | null {
  const r = openRing(ring);
  const n = r.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Adjacent edges share a vertex; the first and last edge too.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsCross(r[i]!, r[(i + 1) % n]!, r[j]!, r[(j + 1) % n]!)) return [i, j];
    }
  }
  return null;
}

/** Ray casting on [lon, lat]; a point on the boundary counts as inside. */
export function pointInPolygon(p: LatLon, ring: Ring): boolean {
  const r = openRing(ring);
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]!, [xj, yj] = r[j]!;
    if (cross([xj, yj], [xi, yi], [p.lon, p.lat]) === 0 && Math.min(xi, xj) <= p.lon && p.lon <= Math.max(xi, xj)
      && Math.min(yi, yj) <= p.lat && p.lat <= Math.max(yi, yj)) return true;
    if ((yi > p.lat) !== (yj > p.lat) && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** How close to a point counts as "at" it: a point area covers this radius. */
export const POINT_AREA_RADIUS_M = 25;

export const Area = z.discriminatedUnion('type', [
  z.object({ type: z.literal('point'), center: LatLon }),
  z.object({
    type: z.literal('circle'),
    center: LatLon,
    radiusM: z.number().refine((r) => r > 0, coded('area.radiusZero')).refine((r) => r <= 50_000, coded('area.radiusMax')),
  }),
  // At least 3 corners is checked below, as a refusal with a code (zod's own .min carries none).
  z.object({ type: z.literal('polygon'), ring: z.array(Position).max(500) }),
]).superRefine((a, ctx) => {
  if (a.type !== 'polygon') return;
  if (a.ring.length < 3) return ctx.addIssue({ code: 'custom', path: ['ring'], ...coded('area.corners') });
  const r = openRing(a.ring);
  if (r.length < 3) return ctx.addIssue({ code: 'custom', path: ['ring'], ...coded('area.distinctCorners') });
  const hit = selfIntersection(r);
  if (hit) ctx.addIssue({ code: 'custom', path: ['ring'], ...coded('area.crosses', { a: hit[0] + 1, b: hit[1] + 1 }) });
});
export type Area = z.infer<typeof Area>;

export function inArea(p: LatLon, a: Area): boolean {
  if (a.type === 'polygon') return pointInPolygon(p, a.ring);
  return haversineM(p, a.center) <= (a.type === 'circle' ? a.radiusM : POINT_AREA_RADIUS_M);
}

/** Bounding box [minLat, minLon, maxLat, maxLon] of an area. */
export function areaBounds(a: Area): { minLat: number; minLon: number; maxLat: number; maxLon: number } {
  if (a.type === 'polygon') {
    const lats = a.ring.map((p) => p[1]), lons = a.ring.map((p) => p[0]);
    return { minLat: Math.min(...lats), minLon: Math.min(...lons), maxLat: Math.max(...lats), maxLon: Math.max(...lons) };
  }
  const r = a.type === 'circle' ? a.radiusM : POINT_AREA_RADIUS_M;
  const dLat = (r / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos(rad(a.center.lat)), 1e-6);
  return { minLat: a.center.lat - dLat, minLon: a.center.lon - dLon, maxLat: a.center.lat + dLat, maxLon: a.center.lon + dLon };
}
