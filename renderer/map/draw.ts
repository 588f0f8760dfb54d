import { Area, haversineM, type LatLon } from '../../core/contract/index.js';
import { inputIssues } from '../../core/contract/errors/index.js';
import { num, t } from '../i18n/i18n.svelte.js';
import { ownWords } from '../lib/errors.js';

// Drawing an announcement's area on the map, as plain state and plain functions:
// DrawArea.svelte feeds map events in, the editor reads the area (or its refusal) out.

export type DrawShape = 'point' | 'circle' | 'polygon';
export type LonLat = [number, number];

export interface DrawState {
  shape: DrawShape;
  /** Point and circle. */
  center: LatLon | null;
  /** Circle; null until the second click (or typed in). */
  radiusM: number | null;
  /** Circle: the centre is set and the pointer sets the radius. */
  sizing: boolean;
  /** Polygon corners as [lon, lat], open (the first is not repeated). */
  ring: LonLat[];
  closed: boolean;
}

export const startDraw = (shape: DrawShape): DrawState => ({ shape, center: null, radiusM: null, sizing: false, ring: [], closed: false });

/** The state for an area that exists already (editing a saved announcement). */
export function drawFromArea(a: Area): DrawState {
  if (a.type === 'polygon') return { ...startDraw('polygon'), ring: a.ring.map(([lon, lat]) => [lon, lat] as LonLat), closed: true };
  return { ...startDraw(a.type), center: a.center, radiusM: a.type === 'circle' ? a.radiusM : null };
}

/** Metres rounded for a radius field: whole metres. */
const metres = (m: number) => Math.max(1, Math.round(m));

/**
 * A click on the map at `p`. `nearFirst` says the click landed on the polygon's first
 * corner (the component measures that in pixels), which closes the polygon.
 */
export function drawClick(s: DrawState, p: LatLon, nearFirst = false): DrawState {
  if (s.shape === 'point') return { ...s, center: p };
  if (s.shape === 'circle') {
    if (s.sizing && s.center) return { ...s, radiusM: metres(haversineM(s.center, p)), sizing: false };
    // A new centre keeps a radius typed before, and otherwise waits for the second click.
    return { ...s, center: p, sizing: s.radiusM === null };
  }
  if (s.closed) return s;
  if (nearFirst && s.ring.length >= 3) return { ...s, closed: true };
  return { ...s, ring: [...s.ring, [p.lon, p.lat]] };
}

/** The pointer moving while a circle's radius is being chosen. */
export function drawMove(s: DrawState, p: LatLon): DrawState {
  return s.shape === 'circle' && s.sizing && s.center ? { ...s, radiusM: metres(haversineM(s.center, p)) } : s;
}

/**
 * Double-click closes the polygon. The browser sends two clicks first, and the second
 * added a corner on top of the first: drop it.
 */
export function drawClose(s: DrawState, sameSpot: (a: LonLat, b: LonLat) => boolean = (a, b) => a[0] === b[0] && a[1] === b[1]): DrawState {
  if (s.shape !== 'polygon' || s.closed) return s;
  const ring = [...s.ring];
  while (ring.length >= 2 && sameSpot(ring[ring.length - 1]!, ring[ring.length - 2]!)) ring.pop();
  return ring.length >= 3 ? { ...s, ring, closed: true } : { ...s, ring };
}

/** Takes back the last corner; a closed polygon opens again first. */
export function undoCorner(s: DrawState): DrawState {
  if (s.shape !== 'polygon') return s;
  if (s.closed) return { ...s, closed: false };
  return { ...s, ring: s.ring.slice(0, -1) };
}

/** The radius typed as a number: kept as typed, so a refusal can name it. */
export function setRadius(s: DrawState, radiusM: number | null): DrawState {
  return s.shape === 'circle' ? { ...s, radiusM, sizing: false } : s;
}

/** The area drawn so far, unchecked; null while it is not complete. */
export function drawnArea(s: DrawState): Area | null {
  if (s.shape === 'point') return s.center ? { type: 'point', center: s.center } : null;
  if (s.shape === 'circle') return s.center && s.radiusM !== null && !s.sizing ? { type: 'circle', center: s.center, radiusM: s.radiusM } : null;
  return s.closed ? { type: 'polygon', ring: s.ring } : null;
}

/** What to do next, for the hint under the map tools. */
export function drawHint(s: DrawState): string {
  if (s.shape === 'point') return s.center ? t('map.draw.pointMove') : t('map.draw.pointPlace');
  if (s.shape === 'circle') {
    if (!s.center) return t('map.draw.circleCenter');
    return s.sizing ? t('map.draw.circleSizing') : t('map.draw.circleDone');
  }
  if (s.closed) return t('map.draw.polygonClosed');
  if (s.ring.length < 3) return t('map.draw.polygonCorners', { n: num(s.ring.length) });
  return t('map.draw.polygonMore');
}

/** What core would refuse (the Area schema is shared), in the current language; null when the area is fine or not complete. */
export function areaRefusal(s: DrawState): string | null {
  if (s.shape === 'circle' && s.radiusM !== null && !Number.isFinite(s.radiusM)) return t('map.draw.radiusNotNumber');
  const area = drawnArea(s);
  if (!area) return null;
  const r = Area.safeParse(area);
  if (r.success) return null;
  // Area's own issues carry their code (zod's own, should a value be out of range, stay as zod says them).
  return inputIssues(r.error).map((i) => (i.reason ? ownWords(i.reason, i.message) : i.message)).join('; ');
}

/** A circle as a ring of `steps` corners, for drawing. */
export function circleRing(c: LatLon, radiusM: number, steps = 64): LonLat[] {
  const dLat = (radiusM / 6_371_008.8) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos((c.lat * Math.PI) / 180), 1e-6);
  return Array.from({ length: steps }, (_, i) => {
    const t = (2 * Math.PI * i) / steps;
    return [c.lon + dLon * Math.cos(t), c.lat + dLat * Math.sin(t)] as LonLat;
  });
}

type Feature = { type: 'Feature'; geometry: { type: string; coordinates: unknown }; properties: Record<string, string | number | boolean> };

/**
 * What DrawArea shows: the area (filled when complete), the polygon's edges so far,
 * the corners (the first one bigger, as the place to click to close), the circle's
 * centre. `bad` colours it as refused.
 */
export function drawFeatures(s: DrawState, bad: boolean): { type: 'FeatureCollection'; features: Feature[] } {
  const features: Feature[] = [];
  const props = { bad };
  if (s.shape === 'polygon') {
    const closed = s.closed && s.ring.length >= 3;
    if (closed) features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...s.ring, s.ring[0]!]] }, properties: { ...props, role: 'fill' } });
    // The edges as a line of their own: MapLibre draws no outline for a polygon that crosses itself, and that one must show.
    if (s.ring.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: closed ? [...s.ring, s.ring[0]!] : s.ring }, properties: { ...props, role: 'edge' } });
    s.ring.forEach((p, i) => features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: { ...props, role: 'corner', first: i === 0, index: i } }));
  } else if (s.center) {
    const c: LonLat = [s.center.lon, s.center.lat];
    if (s.shape === 'circle' && s.radiusM !== null && s.radiusM > 0 && Number.isFinite(s.radiusM)) {
      const ring = [...circleRing(s.center, Math.min(s.radiusM, 50_000))];
      ring.push(ring[0]!);
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { ...props, role: 'fill' } });
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: ring }, properties: { ...props, role: 'edge' } });
    }
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: { ...props, role: 'center', first: false, index: 0 } });
  }
  return { type: 'FeatureCollection', features };
}
