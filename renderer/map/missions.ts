import type { FeatureCollection, Geometry } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { MissionEvent, MissionView, Place } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';
import { FONT_BOLD } from './style.js';

export const PLACES_SOURCE = 'mission-places';
export const PLACES_LAYER = 'mission-places';
export const ROUTE_SOURCE = 'mission-route';

/** Pick-up and drop-off, on the map and in the panels that explain it. */
export const ROLE_COLORS = { pickup: '#2ea043', dropoff: '#db61a2' } as const;
export type Role = keyof typeof ROLE_COLORS;

export type LonLat = [number, number];

/** A mission's route as drawn: its two places, and the assigned vehicle's way while it still has to reach the pick-up. */
export interface RouteShape {
  pickup: Place;
  dropoff: Place;
  /** The path from pick-up to drop-off when core gives it; otherwise a straight line is drawn. */
  trip: LonLat[] | null;
  /** The vehicle's way to the pick-up (from where it is), or null once it has picked up. */
  approach: LonLat[] | null;
}

const lonLat = (p: Place): LonLat => [p.lon, p.lat];

/** Every named place, the chosen pick-up and drop-off marked. */
export function placesData(places: Place[], chosen: { pickupNode: string; dropoffNode: string }): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: places.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: lonLat(p) },
      properties: { id: p.nodeId, name: p.name, kind: p.kind, role: p.nodeId === chosen.pickupNode ? 'pickup' : p.nodeId === chosen.dropoffNode ? 'dropoff' : '' },
    })),
  };
}

/**
 * The trip (along the paths when core gives them, else straight: the path graph is
 * core's, not the renderer's), the vehicle's approach dashed, and both places.
 */
export function routeData(route: RouteShape | null): FeatureCollection {
  if (!route) return { type: 'FeatureCollection', features: [] };
  const feature = (geometry: Geometry, properties: Record<string, string>) => ({ type: 'Feature' as const, geometry, properties });
  return {
    type: 'FeatureCollection',
    features: [
      ...(route.approach && route.approach.length > 1 ? [feature({ type: 'LineString', coordinates: route.approach }, { kind: 'approach' })] : []),
      feature({ type: 'LineString', coordinates: route.trip && route.trip.length > 1 ? route.trip : [lonLat(route.pickup), lonLat(route.dropoff)] }, { kind: 'trip' }),
      feature({ type: 'Point', coordinates: lonLat(route.pickup) }, { kind: 'stop', role: 'pickup', label: t('map.route.pickup', { name: route.pickup.name }) }),
      feature({ type: 'Point', coordinates: lonLat(route.dropoff) }, { kind: 'stop', role: 'dropoff', label: t('map.route.dropoff', { name: route.dropoff.name }) }),
    ],
  };
}

/** [west, south, east, north] around the given [lon, lat] points. */
export function boundsOf(points: LonLat[]): [number, number, number, number] | null {
  if (!points.length) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

const roleColor = (fallback: string): ExpressionSpecification =>
  ['match', ['get', 'role'], 'pickup', ROLE_COLORS.pickup, 'dropoff', ROLE_COLORS.dropoff, fallback] as ExpressionSpecification;
const kind = (k: string): ExpressionSpecification => ['==', ['get', 'kind'], k];
const halo = { 'text-color': '#1f2a36', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 };

/** The places to choose from: clickable circles with their names; the chosen ones in their role's colour. */
export const placesLayers = (): LayerSpecification[] => [
  {
    id: PLACES_LAYER, type: 'circle', source: PLACES_SOURCE,
    paint: { 'circle-radius': ['case', ['==', ['get', 'role'], ''], 7, 10], 'circle-color': roleColor('#ffffff'), 'circle-stroke-color': '#1f2a36', 'circle-stroke-width': 2 },
  },
  {
    id: `${PLACES_LAYER}-label`, type: 'symbol', source: PLACES_SOURCE, filter: ['==', ['get', 'role'], ''],
    layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 12, 'text-anchor': 'left', 'text-offset': [1, 0], 'text-optional': true },
    paint: halo,
  },
  // The chosen pick-up and drop-off always say their names, whatever they overlap.
  {
    id: `${PLACES_LAYER}-chosen-label`, type: 'symbol', source: PLACES_SOURCE, filter: ['!=', ['get', 'role'], ''],
    layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 13, 'text-anchor': 'left', 'text-offset': [1, 0], 'text-allow-overlap': true, 'text-ignore-placement': true },
    paint: { ...halo, 'text-halo-width': 2 },
  },
];

/** The trip solid, the vehicle's approach dashed, the two stops as coloured rings with their names. */
export const routeLayers = (): LayerSpecification[] => [
  {
    id: `${ROUTE_SOURCE}-approach`, type: 'line', source: ROUTE_SOURCE, filter: kind('approach'),
    layout: { 'line-cap': 'round' }, paint: { 'line-color': '#1f2a36', 'line-width': 2, 'line-dasharray': [2, 2] },
  },
  {
    id: `${ROUTE_SOURCE}-trip`, type: 'line', source: ROUTE_SOURCE, filter: kind('trip'),
    layout: { 'line-cap': 'round' }, paint: { 'line-color': ROLE_COLORS.dropoff, 'line-width': 4, 'line-opacity': 0.8 },
  },
  {
    id: `${ROUTE_SOURCE}-stops`, type: 'circle', source: ROUTE_SOURCE, filter: kind('stop'),
    paint: { 'circle-radius': 9, 'circle-color': roleColor('#ffffff'), 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
  },
  {
    id: `${ROUTE_SOURCE}-label`, type: 'symbol', source: ROUTE_SOURCE, filter: kind('stop'),
    layout: { 'text-field': ['get', 'label'], 'text-font': FONT_BOLD, 'text-size': 12, 'text-anchor': 'top', 'text-offset': [0, 1.1] },
    paint: halo,
  },
];

/**
 * The selected mission's route from what the console knows: the places, core's path
 * when it sends one, and the live vehicle, whose approach is drawn until it has picked up.
 */
export function routeShape(
  detail: { mission: MissionView; timeline: MissionEvent[]; route?: { trip: LonLat[]; approach: LonLat[] } | undefined } | null,
  places: Place[],
  vehicle: { lat: number | null; lon: number | null } | undefined,
): RouteShape | null {
  if (!detail) return null;
  const { mission: m, timeline } = detail;
  const pickup = places.find((p) => p.nodeId === m.pickupNode);
  const dropoff = places.find((p) => p.nodeId === m.dropoffNode);
  if (!pickup || !dropoff) return null;
  const since = timeline.findLastIndex((e) => e.type === 'assigned' || e.type === 'reassigned');
  const pickedUp = timeline.slice(since + 1).some((e) => e.type === 'pickup_completed');
  const driving = (m.status === 'assigned' || m.status === 'in_progress') && !pickedUp && vehicle?.lat != null && vehicle.lon != null;
  const here: LonLat | null = driving ? [vehicle!.lon!, vehicle!.lat!] : null;
  const path = detail.route?.approach.length ? detail.route.approach.slice(1) : [lonLat(pickup)];
  return { pickup, dropoff, trip: detail.route?.trip.length ? detail.route.trip : null, approach: here ? [here, ...path] : null };
}
