// The past drawn on the map: GeoJSON from a replayed state, how each part is drawn, and its labels.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { ReplayState } from '../../core/contract/index.js';
import { num, tDynamic } from '../i18n/i18n.svelte.js';
import { SENSOR_COLOR, STATUS_COLORS } from '../lib/fleet-format.js';
import { RANK_COLORS } from './cases.js';
import { reading } from './fleet.js';
import type { Label } from './labels.js';
import { featureKey, type Attrs } from './overlay.js';

/** The parts of the past, bottom to top. */
export const REPLAY_LAYERS = ['area', 'route', 'track', 'point', 'vehicle'] as const;

const ACTIVE_MISSION = ['pending', 'assigned', 'in_progress'];
const OPEN_ALERT = ['new', 'acknowledged'];
const CLOSED_INCIDENT = ['resolved', 'closed', 'cancelled'];

/** A circle of `radiusM` around a point as a 48-corner ring (lon/lat), close enough at campus scale. */
export function circleRing(lon: number, lat: number, radiusM: number, corners = 48): [number, number][] {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.cos((lat * Math.PI) / 180));
  const ring: [number, number][] = [];
  for (let i = 0; i <= corners; i++) {
    const a = (i / corners) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return ring;
}

const feature = (geometry: Geometry, properties: Record<string, unknown>): Feature => ({ type: 'Feature', geometry, properties });

/**
 * One collection for everything, each feature tagged with `layer` (area, route, track, point,
 * vehicle); what is over (a completed transport, a handled alert, a closed incident) carries
 * `past: true` and is drawn faded.
 */
export function replayData(s: ReplayState | null): FeatureCollection {
  const out: Feature[] = [];
  if (!s) return { type: 'FeatureCollection', features: out };
  for (const a of s.announcements ?? []) {
    const ring = a.areaType === 'polygon' && a.polygon ? [...a.polygon, a.polygon[0]!] : a.lat !== null && a.lon !== null ? circleRing(a.lon, a.lat, a.radiusM ?? 25) : null;
    if (ring) out.push(feature({ type: 'Polygon', coordinates: [ring] }, { layer: 'area', id: a.id, severity: a.severity, label: a.title }));
  }
  for (const m of s.missions ?? []) {
    out.push(feature({ type: 'LineString', coordinates: m.path.length > 1 ? m.path : [[m.pickup.lon, m.pickup.lat], [m.dropoff.lon, m.dropoff.lat]] },
      { layer: 'route', id: m.id, status: m.status, past: !ACTIVE_MISSION.includes(m.status) }));
  }
  for (const v of s.vehicles ?? []) {
    if (v.track.length > 1) out.push(feature({ type: 'LineString', coordinates: v.track }, { layer: 'track', id: v.id, status: v.status }));
  }
  for (const x of s.sensors ?? []) {
    if (x.lat !== null && x.lon !== null) out.push(feature({ type: 'Point', coordinates: [x.lon, x.lat] }, { layer: 'point', kind: 'sensor', id: x.id, color: SENSOR_COLOR, label: x.value === null ? x.name : `${reading(x.value)}${x.unit ? ` ${x.unit}` : ''}` }));
  }
  for (const r of s.resources ?? []) {
    out.push(feature({ type: 'Point', coordinates: [r.lon, r.lat] }, { layer: 'point', kind: 'resource', id: r.id, color: r.incidentId ? '#ff7f0e' : '#2ca02c', label: r.name }));
  }
  for (const i of s.incidents ?? []) {
    if (i.lat !== null && i.lon !== null) out.push(feature({ type: 'Point', coordinates: [i.lon, i.lat] }, { layer: 'point', kind: 'incident', id: i.id, color: RANK_COLORS[String(i.priority)] ?? '#888', label: `${i.number} · ${tDynamic(`incidents.status.${i.status}`, i.status.replace('_', ' '))}`, past: CLOSED_INCIDENT.includes(i.status) }));
  }
  for (const a of s.alerts ?? []) {
    if (a.lat !== null && a.lon !== null) out.push(feature({ type: 'Point', coordinates: [a.lon, a.lat] }, { layer: 'point', kind: 'alert', id: a.id, color: RANK_COLORS[String(a.severity)] ?? '#888', label: a.title, past: !OPEN_ALERT.includes(a.status) }));
  }
  for (const v of s.vehicles ?? []) {
    if (v.lat !== null && v.lon !== null) out.push(feature({ type: 'Point', coordinates: [v.lon, v.lat] }, { layer: 'vehicle', id: v.id, status: v.status, label: v.battery === null ? v.name : `${v.name} · ${num(Math.round(v.battery))}%` }));
  }
  return { type: 'FeatureCollection', features: out };
}

/** Where labels collide, an alert's and an incident's win over a vehicle's, and those over the rest. */
const rank = (p: Record<string, unknown>) => (p.kind === 'alert' ? 0 : p.kind === 'incident' ? 1 : p.layer === 'vehicle' ? 2 : 3);

/** The labels of the vehicles and points in `replayData`'s collection, most important first. */
export function replayLabels(fc: FeatureCollection): Label[] {
  const out: (Label & { rank: number })[] = [];
  for (const f of fc.features) {
    const p = f.properties!;
    if ((p.layer !== 'vehicle' && p.layer !== 'point') || f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    out.push({ id: featureKey(p), text: String(p.label), lon, lat, rank: rank(p), bold: p.layer === 'vehicle', past: p.past === true });
  }
  return out.sort((a, b) => a.rank - b.rank).map(({ rank: _, ...label }) => label);
}

const statusColor = (status: unknown) => STATUS_COLORS[String(status) as keyof typeof STATUS_COLORS] ?? STATUS_COLORS.offline;
const AREA_FILL: Record<string, string> = { critical: '#d62728', warning: '#e8b90c' };

/** How each part of the past is drawn (see overlay.ts); what is over is faded. */
export function replayStyle(p: Record<string, unknown>): Attrs {
  const past = p.past === true;
  switch (p.layer) {
    case 'area':
      return { fill: AREA_FILL[String(p.severity)] ?? '#1f77b4', 'fill-opacity': '0.15', stroke: '#e8b90c', 'stroke-width': '1.5', 'stroke-dasharray': '3 3' };
    case 'route':
      return { fill: 'none', stroke: '#58a6ff', 'stroke-width': '3', 'stroke-dasharray': '4.5 4.5', 'stroke-opacity': past ? '0.3' : '0.9' };
    case 'track':
      return { fill: 'none', stroke: statusColor(p.status), 'stroke-width': '3', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'stroke-opacity': '0.55' };
    case 'point':
      return { r: p.kind === 'alert' ? '9' : p.kind === 'incident' ? '10' : '5', fill: String(p.color), stroke: '#fff', 'stroke-width': p.kind === 'sensor' ? '1.5' : '2', opacity: past ? '0.35' : '1' };
    default:
      return { r: '8', fill: statusColor(p.status), stroke: '#fff', 'stroke-width': '2.5' };
  }
}
