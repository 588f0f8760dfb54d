// The past drawn on the map: GeoJSON from a replayed state, and the layers that style it.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { ReplayState } from '../../core/contract/index.js';
import { SENSOR_COLOR, STATUS_COLORS } from '../lib/fleet-format.js';
import { RANK_COLORS } from './cases.js';
import type { Label } from './labels.js';

export const REPLAY_SOURCE = 'replay';
export const REPLAY_LAYER_IDS = ['replay-areas', 'replay-area-lines', 'replay-routes', 'replay-tracks', 'replay-points', 'replay-vehicles'] as const;

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
 * One collection for everything, each feature tagged with `layer` (area, route, track,
 * point, vehicle) so one source feeds every layer; what is over (a completed transport, a
 * handled alert, a closed incident) carries `past: true` and is drawn faded.
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
    if (x.lat !== null && x.lon !== null) out.push(feature({ type: 'Point', coordinates: [x.lon, x.lat] }, { layer: 'point', kind: 'sensor', id: x.id, color: SENSOR_COLOR, label: x.value === null ? x.name : `${Number(x.value.toFixed(1))}${x.unit ? ` ${x.unit}` : ''}` }));
  }
  for (const r of s.resources ?? []) {
    out.push(feature({ type: 'Point', coordinates: [r.lon, r.lat] }, { layer: 'point', kind: 'resource', id: r.id, color: r.incidentId ? '#ff7f0e' : '#2ca02c', label: r.name }));
  }
  for (const i of s.incidents ?? []) {
    if (i.lat !== null && i.lon !== null) out.push(feature({ type: 'Point', coordinates: [i.lon, i.lat] }, { layer: 'point', kind: 'incident', id: i.id, color: RANK_COLORS[String(i.priority)] ?? '#888', label: `${i.number} · ${i.status.replace('_', ' ')}`, past: CLOSED_INCIDENT.includes(i.status) }));
  }
  for (const a of s.alerts ?? []) {
    if (a.lat !== null && a.lon !== null) out.push(feature({ type: 'Point', coordinates: [a.lon, a.lat] }, { layer: 'point', kind: 'alert', id: a.id, color: RANK_COLORS[String(a.severity)] ?? '#888', label: a.title, past: !OPEN_ALERT.includes(a.status) }));
  }
  for (const v of s.vehicles ?? []) {
    if (v.lat !== null && v.lon !== null) out.push(feature({ type: 'Point', coordinates: [v.lon, v.lat] }, { layer: 'vehicle', id: v.id, status: v.status, label: v.battery === null ? v.name : `${v.name} · ${Math.round(v.battery)}%` }));
  }
  return { type: 'FeatureCollection', features: out };
}

/** Where labels collide, an alert's and an incident's win over a vehicle's, and those over the rest. */
const rank = (p: Record<string, unknown>) => (p.kind === 'alert' ? 0 : p.kind === 'incident' ? 1 : p.layer === 'vehicle' ? 2 : 3);

/** The labels of the vehicles and points in `replayData`'s collection, most important first. */
export function replayLabels(fc: FeatureCollection): Label[] {
  const out: Label[] = [];
  for (const f of fc.features) {
    const p = f.properties!;
    if ((p.layer !== 'vehicle' && p.layer !== 'point') || f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    out.push({ id: `${p.layer}:${p.kind ?? ''}:${p.id}`, text: String(p.label), lon, lat, rank: rank(p), bold: p.layer === 'vehicle', past: p.past === true });
  }
  return out.sort((a, b) => a.rank - b.rank);
}

const statusColor = ['match', ['get', 'status'], ...Object.entries(STATUS_COLORS).flat(), STATUS_COLORS.offline];
const faded = (on: number, off: number) => ['case', ['==', ['get', 'past'], true], off, on];

export function replayLayers(): LayerSpecification[] {
  const src = { source: REPLAY_SOURCE };
  return [
    { id: 'replay-areas', type: 'fill', ...src, filter: ['==', ['get', 'layer'], 'area'], paint: { 'fill-color': ['match', ['get', 'severity'], 'critical', '#d62728', 'warning', '#e8b90c', '#1f77b4'], 'fill-opacity': 0.15 } },
    { id: 'replay-area-lines', type: 'line', ...src, filter: ['==', ['get', 'layer'], 'area'], paint: { 'line-color': '#e8b90c', 'line-width': 1.5, 'line-dasharray': [2, 2] } },
    { id: 'replay-routes', type: 'line', ...src, filter: ['==', ['get', 'layer'], 'route'], paint: { 'line-color': '#58a6ff', 'line-width': 3, 'line-dasharray': [1.5, 1.5], 'line-opacity': faded(0.9, 0.3) } },
    { id: 'replay-tracks', type: 'line', ...src, filter: ['==', ['get', 'layer'], 'track'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': statusColor, 'line-width': 3, 'line-opacity': 0.55 } },
    { id: 'replay-points', type: 'circle', ...src, filter: ['==', ['get', 'layer'], 'point'], paint: {
      'circle-radius': ['match', ['get', 'kind'], 'alert', 9, 'incident', 10, 5], 'circle-color': ['get', 'color'],
      'circle-stroke-color': '#fff', 'circle-stroke-width': ['match', ['get', 'kind'], 'sensor', 1.5, 2], 'circle-opacity': faded(1, 0.35), 'circle-stroke-opacity': faded(1, 0.35),
    } },
    { id: 'replay-vehicles', type: 'circle', ...src, filter: ['==', ['get', 'layer'], 'vehicle'], paint: { 'circle-radius': 8, 'circle-color': statusColor, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2.5 } },
  ] as LayerSpecification[];
}
