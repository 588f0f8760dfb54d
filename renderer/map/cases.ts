import type {
  CircleLayerSpecification, ExpressionSpecification, FillLayerSpecification, GeoJSONSourceSpecification,
  LayerSpecification, LineLayerSpecification, SymbolLayerSpecification,
} from 'maplibre-gl';
import type { LayerId } from '../../core/contract/index.js';
import { intlLocale, t, tDynamic } from '../i18n/i18n.svelte.js';
import { caseIconId, type CaseShape } from './icons.js';
import { FONT_BOLD } from './style.js';

// The case layers' MapLibre specs and colours: pure, so they are tested without a map.

/** Bottom to top: areas under everything, alerts on top. */
export const LAYER_ORDER: readonly LayerId[] = ['announcements', 'assets', 'requests', 'reports', 'resources', 'incidents', 'alerts'];

/** Each layer's name in the current language: getters, so a template reading one redraws on a language switch. */
export const LAYER_LABELS: Readonly<Record<LayerId, string>> = {
  get incidents() { return t('map.layers.incidents'); },
  get alerts() { return t('map.layers.alerts'); },
  get requests() { return t('map.layers.requests'); },
  get reports() { return t('map.layers.reports'); },
  get announcements() { return t('map.layers.announcements'); },
  get assets() { return t('map.layers.assets'); },
  get resources() { return t('map.layers.resources'); },
};

/** Requests and reports are many: MapLibre clusters them in the browser too. */
export const CLIENT_CLUSTERED: readonly LayerId[] = ['requests', 'reports'];

const GREY = '#8c8c8c';
/** Incident priority and alert severity share one scale: 1 red … 5 grey. */
export const RANK_COLORS: Record<string, string> = { 1: '#d62728', 2: '#ff7f0e', 3: '#e8b90c', 4: '#1f77b4', 5: GREY };

/** The property each layer is coloured by, and its value → colour key (in legend order). */
export const LAYER_COLORS: Record<LayerId, { by: string; colors: Record<string, string> }> = {
  incidents: { by: 'priority', colors: RANK_COLORS },
  alerts: { by: 'severity', colors: RANK_COLORS },
  requests: { by: 'status', colors: { open: '#e4572e', in_progress: '#f3a712', closed: GREY } },
  reports: {
    by: 'status',
    colors: { new: '#c0392b', under_review: '#e67e22', assigned: '#d4ac0d', in_progress: '#2e86c1', resolved: '#27ae60', closed: GREY, rejected: GREY },
  },
  announcements: { by: 'severity', colors: { info: '#2f80ed', warning: '#f2994a', critical: '#eb5757' } },
  assets: { by: 'type', colors: { park: '#3d9a50', vehicle: '#2f80ed', sensor: '#9b51e0', facility: '#8d6e63' } },
  resources: {
    by: 'status',
    colors: { available: '#27ae60', assigned: '#2f80ed', en_route: '#f2994a', on_scene: '#eb5757', off_duty: GREY, maintenance: '#9b51e0', out_of_service: '#4f4f4f' },
  },
};

/** How a value reads in the legend: "1 (highest)", "in progress". */
export function keyLabel(layer: LayerId, value: string): string {
  if (layer === 'incidents') return value === '1' ? t('map.legend.priorityHighest') : t('map.legend.priority', { value });
  if (layer === 'alerts') return value === '1' ? t('map.legend.severityCritical') : t('map.legend.severity', { value });
  // A resource's status has the same words everywhere (the incidents area's).
  const key = layer === 'resources' ? `incidents.status.${value}` : `map.legend.values.${layer}.${value}`;
  return tDynamic(key, value.replaceAll('_', ' '));
}

/** A match expression from the layer's colour key; unknown values are grey. */
export function colorExpression(layer: LayerId): ExpressionSpecification {
  const { by, colors } = LAYER_COLORS[layer];
  const numeric = layer === 'incidents' || layer === 'alerts';
  const pairs = Object.entries(colors).flatMap(([k, c]) => [numeric ? Number(k) : k, c]);
  return ['match', ['get', by], ...pairs, GREY] as unknown as ExpressionSpecification;
}

export const sourceId = (layer: LayerId) => `cases-${layer}`;
export const pointsLayerId = (layer: LayerId) => `cases-${layer}-points`;
export const clustersLayerId = (layer: LayerId) => `cases-${layer}-clusters`;
export const selectedLayerId = (layer: LayerId) => `cases-${layer}-selected`;
export const areaFillId = 'cases-announcements-fill';

/** The layers a click selects a case on (clusters are clicked to zoom in instead). */
export const clickableLayerId = (layer: LayerId) => (layer === 'announcements' ? areaFillId : pointsLayerId(layer));

export function caseSource(layer: LayerId): GeoJSONSourceSpecification {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  if (!CLIENT_CLUSTERED.includes(layer)) return { type: 'geojson', data: empty };
  // A server cluster arrives as one point with `count` rows; summing `count` keeps totals right.
  return { type: 'geojson', data: empty, cluster: true, clusterRadius: 50, clusterMaxZoom: 16, clusterProperties: { count: ['+', ['get', 'count']] } };
}

const isCluster: ExpressionSpecification = ['has', 'point_count'];
const NONE = '\u0000none';

/** Matches the selected case on this layer (nothing when the selection is elsewhere). */
export function selectedFilter(layer: LayerId, selected: { layer: LayerId; id: string } | null): ExpressionSpecification {
  const id = selected?.layer === layer ? selected.id : NONE;
  return layer === 'announcements' ? ['==', ['get', 'id'], id] : ['all', ['!', isCluster], ['==', ['get', 'id'], id]];
}

/** A cluster's count as the map draws it, in the current language's digits ("1,234" / "1.234"). */
export const clusterCountField = (): ExpressionSpecification => ['number-format', ['get', 'count'], { locale: intlLocale() }];

/** Cluster circles grow with the count: under 100, under 1,000, more. */
export function clusterLayers(layer: LayerId): LayerSpecification[] {
  const source = sourceId(layer);
  const circle: CircleLayerSpecification = {
    id: clustersLayerId(layer), type: 'circle', source, filter: isCluster,
    paint: {
      'circle-color': ['step', ['get', 'count'], '#7fb3d5', 100, '#f5b041', 1000, '#e74c3c'],
      'circle-opacity': 0.85,
      'circle-radius': ['step', ['get', 'count'], 14, 100, 18, 1000, 24],
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
    },
  };
  const count: SymbolLayerSpecification = {
    id: `${clustersLayerId(layer)}-count`, type: 'symbol', source, filter: isCluster,
    layout: { 'text-field': clusterCountField(), 'text-font': FONT_BOLD, 'text-size': 12, 'text-allow-overlap': true },
    paint: { 'text-color': '#1b1f24' },
  };
  return [circle, count];
}

/** Marks' size (of the 24 px icon): cases and alerts larger than the resources and assets around them. */
export const ICON_SIZE: Record<CaseShape, number> = { alerts: 1.2, incidents: 1.15, requests: 0.95, reports: 1, resources: 0.9, assets: 0.85 };

/** What a mark's label says, and the zoom from which it shows: alerts and incidents sooner, as they are few and urgent. */
export const LABELS: Record<Exclude<LayerId, 'announcements'>, { field: ExpressionSpecification; from: number }> = {
  alerts: { field: ['get', 'title'], from: 15.5 },
  incidents: { field: ['get', 'title'], from: 15.5 },
  requests: { field: ['get', 'category'], from: 17 },
  reports: { field: ['get', 'report_type'], from: 17 },
  resources: { field: ['get', 'name'], from: 16.5 },
  assets: { field: ['get', 'name'], from: 17.5 },
};

/** The label at its zooms, and no text below them (a wide view would be a wall of words). */
export function labelField(layer: LayerId): ExpressionSpecification {
  if (layer === 'announcements') return ['literal', ''] as unknown as ExpressionSpecification;
  const { field, from } = LABELS[layer];
  return ['step', ['zoom'], '', from, ['to-string', ['coalesce', field, '']]] as unknown as ExpressionSpecification;
}

/** Drawn on top where marks overlap: priority or severity 1 last. Status-coloured layers keep their order. */
export function sortKey(layer: LayerId): ExpressionSpecification | number {
  if (layer === 'incidents') return ['-', 10, ['to-number', ['get', 'priority'], 5]] as unknown as ExpressionSpecification;
  if (layer === 'alerts') return ['-', 10, ['to-number', ['get', 'severity'], 5]] as unknown as ExpressionSpecification;
  return 0;
}

/** Everything drawn for one layer, bottom to top. */
export function caseLayers(layer: LayerId, selected: { layer: LayerId; id: string } | null): LayerSpecification[] {
  const source = sourceId(layer);
  const color = colorExpression(layer);
  if (layer === 'announcements') {
    const fill: FillLayerSpecification = { id: areaFillId, type: 'fill', source, paint: { 'fill-color': color, 'fill-opacity': 0.18 } };
    const line: LineLayerSpecification = { id: 'cases-announcements-line', type: 'line', source, paint: { 'line-color': color, 'line-width': 2, 'line-dasharray': [3, 2] } };
    const ring: LineLayerSpecification = { id: selectedLayerId(layer), type: 'line', source, filter: selectedFilter(layer, selected), paint: { 'line-color': '#ffb020', 'line-width': 4 } };
    return [fill, line, ring];
  }
  const ring: CircleLayerSpecification = {
    id: selectedLayerId(layer), type: 'circle', source, filter: selectedFilter(layer, selected),
    paint: { 'circle-radius': 14, 'circle-color': 'rgba(255, 176, 32, 0.25)', 'circle-stroke-color': '#ffb020', 'circle-stroke-width': 3 },
  };
  const points: SymbolLayerSpecification = {
    id: pointsLayerId(layer), type: 'symbol', source, filter: ['!', isCluster],
    layout: {
      'icon-image': caseIconId(layer as CaseShape),
      'icon-size': ICON_SIZE[layer as CaseShape],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      // The most urgent is drawn on top where marks overlap.
      'symbol-sort-key': sortKey(layer),
      'symbol-z-order': 'source',
      'text-field': labelField(layer),
      'text-font': FONT_BOLD,
      'text-size': 11,
      'text-anchor': 'top',
      'text-offset': [0, 1.1],
      'text-max-width': 12,
      'text-optional': true,
    },
    paint: {
      'icon-color': color,
      // Alerts stand out with a dark edge, everything else has a white one against the basemap.
      'icon-halo-color': layer === 'alerts' ? '#1b1f24' : '#ffffff',
      'icon-halo-width': layer === 'alerts' ? 2.5 : 1.5,
      'text-color': '#1b1f24',
      'text-halo-color': '#ffffff',
      'text-halo-width': 1.5,
    },
  };
  return [ring, ...clusterLayers(layer), points];
}

/** Every map layer id of a case layer, for showing and hiding it. */
export const mapLayerIds = (layer: LayerId): string[] => caseLayers(layer, null).map((l) => l.id);

/** The feature's centre: a point's position, a polygon's bounding-box middle. */
export function featureCenter(geometry: { type: string; coordinates: unknown }): [number, number] | null {
  if (geometry.type === 'Point') return geometry.coordinates as [number, number];
  if (geometry.type !== 'Polygon') return null;
  const ring = (geometry.coordinates as [number, number][][])[0] ?? [];
  if (!ring.length) return null;
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
}

/** The map's viewport as map.layers asks for it, clamped to valid coordinates. */
export function viewBbox(b: { getSouth(): number; getWest(): number; getNorth(): number; getEast(): number }) {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return { minLat: clamp(b.getSouth(), -90, 90), minLon: clamp(b.getWest(), -180, 180), maxLat: clamp(b.getNorth(), -90, 90), maxLon: clamp(b.getEast(), -180, 180) };
}
