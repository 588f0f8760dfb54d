// The past drawn on the map: GeoJSON from a replayed state, and the layers that style it.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { ReplayState } from '../../core/contract/index.js';
import { SENSOR_COLOR, STATUS_COLORS } from '../lib/fleet-format.js';
import { RANK_COLORS } from './cases.js';
import { FONT, FONT_BOLD } from './style.js';

export const REPLAY_SOURCE = 'replay';
export const REPLAY_LAYER_IDS = ['replay-areas', 'replay-area-lines', 'replay-routes', 'replay-tracks', 'replay-points', 'replay-vehicles', 'replay-labels'] as const;

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
    { id: 'replay-labels', type: 'symbol', ...src, filter: ['in', ['get', 'layer'], ['literal', ['vehicle', 'point']]], layout: {
      'text-field': ['get', 'label'], 'text-font': ['match', ['get', 'layer'], 'vehicle', ['literal', FONT_BOLD], ['literal', FONT]] as never, 'text-size': 11,
      'text-offset': [0, 1.3], 'text-anchor': 'top', 'text-optional': true,
      // Where labels collide, the alert's and the incident's win over a vehicle's, and those over the rest.
      'symbol-sort-key': ['match', ['get', 'kind'], 'alert', 0, 'incident', 1, ['match', ['get', 'layer'], 'vehicle', 2, 3]],
    }, paint: { 'text-color': '#e6edf3', 'text-halo-color': '#0d1117', 'text-halo-width': 1.5, 'text-opacity': faded(1, 0.5) } },
  ] as LayerSpecification[];
}
