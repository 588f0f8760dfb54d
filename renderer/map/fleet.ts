import type { FeatureCollection, Point } from 'geojson';
import type { CircleLayerSpecification, ExpressionSpecification, LayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import type { SensorLive, VehicleLive } from '../../core/contract/index.js';
import { num, t } from '../i18n/i18n.svelte.js';
import { batteryText, SENSOR_COLOR, STATUS_COLORS } from '../lib/fleet-format.js';
import { FONT, FONT_BOLD } from './style.js';

export const VEHICLES_SOURCE = 'fleet-vehicles';
export const VEHICLES_LAYER = 'fleet-vehicles';
export const VEHICLE_SELECTED_LAYER = 'fleet-vehicles-selected';
export const SENSORS_SOURCE = 'fleet-sensors';
export const SENSORS_LAYER = 'fleet-sensors';
export const ARROW_ICON = 'wf-vehicle-arrow';
export const DOT_ICON = 'wf-vehicle-dot';

/** "sim-01 · 87%", the label under a vehicle's arrow; "sim-01 · in maintenance" for one out of service. */
export const vehicleLabel = (v: Pick<VehicleLive, 'name' | 'battery' | 'service'>): string =>
  v.service ? `${v.name} · ${v.service.state === 'maintenance' ? t('map.fleet.maintenance') : t('map.fleet.decommissioned')}` : v.battery === null ? v.name : `${v.name} · ${batteryText(v.battery)}`;

/** Out of service is drawn in these colours whatever the vehicle reports. */
export const SERVICE_COLORS = { maintenance: '#c678dd', decommissioned: '#5c6773' } as const;

/** Vehicles with a position, as points carrying what the layers style by. */
export function vehiclesData(vehicles: Iterable<VehicleLive>): FeatureCollection<Point> {
  const features: FeatureCollection<Point>['features'] = [];
  for (const v of vehicles) {
    if (v.lat === null || v.lon === null) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
      properties: { id: v.id, status: v.status, service: v.service?.state ?? '', heading: v.heading ?? 0, icon: v.heading === null ? DOT_ICON : ARROW_ICON, label: vehicleLabel(v) },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** "11.2 °C"; a sensor without a reading shows its name. */
export const sensorLabel = (s: Pick<SensorLive, 'name' | 'value' | 'unit'>): string =>
  s.value === null ? s.name : `${reading(s.value)}${s.unit ? ` ${s.unit}` : ''}`;

/** A reading to one decimal, in the current language's digits ("11.2" / "11,2"), without thousands separators. */
export const reading = (value: number): string => num(Number(value.toFixed(1)) || 0, { maximumFractionDigits: 1, useGrouping: false });

export function sensorsData(sensors: Iterable<SensorLive>): FeatureCollection<Point> {
  const features: FeatureCollection<Point>['features'] = [];
  for (const s of sensors) {
    if (s.lat === null || s.lon === null) continue;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { id: s.id, label: sensorLabel(s), name: s.name } });
  }
  return { type: 'FeatureCollection', features };
}

const statusColor: ExpressionSpecification = [
  'match', ['get', 'service'],
  'maintenance', SERVICE_COLORS.maintenance,
  'decommissioned', SERVICE_COLORS.decommissioned,
  ['match', ['get', 'status'], ...Object.entries(STATUS_COLORS).flat(), STATUS_COLORS.offline],
] as unknown as ExpressionSpecification;

export const vehicleSelectedFilter = (id: string | null): ExpressionSpecification => ['==', ['get', 'id'], id ?? '\u0000none'];

/** Labels are placed in this order, so the selected vehicle's label wins a collision. */
export const vehicleSortKey = (id: string | null): ExpressionSpecification => ['case', vehicleSelectedFilter(id), 0, 1];

/**
 * Sensors under vehicles; each vehicle an arrow turned to its compass bearing
 * (relative to north, so it keeps pointing right when the map rotates), its label
 * below; the selected one ringed. Arrows always show; labels give way when crowded.
 */
export function fleetLayers(selectedId: string | null): LayerSpecification[] {
  const sensors: CircleLayerSpecification = {
    id: SENSORS_LAYER, type: 'circle', source: SENSORS_SOURCE,
    paint: { 'circle-radius': 5, 'circle-color': SENSOR_COLOR, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
  };
  const sensorLabels: SymbolLayerSpecification = {
    id: `${SENSORS_LAYER}-label`, type: 'symbol', source: SENSORS_SOURCE,
    layout: { 'text-field': ['get', 'label'], 'text-font': FONT, 'text-size': 11, 'text-anchor': 'left', 'text-offset': [0.8, 0] },
    paint: { 'text-color': '#5a32a3', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  };
  const selected: CircleLayerSpecification = {
    id: VEHICLE_SELECTED_LAYER, type: 'circle', source: VEHICLES_SOURCE, filter: vehicleSelectedFilter(selectedId),
    paint: { 'circle-radius': 17, 'circle-color': 'rgba(255, 176, 32, 0.25)', 'circle-stroke-color': '#ffb020', 'circle-stroke-width': 2.5 },
  };
  const vehicles: SymbolLayerSpecification = {
    id: VEHICLES_LAYER, type: 'symbol', source: VEHICLES_SOURCE,
    layout: {
      'icon-image': ['get', 'icon'],
      'icon-rotate': ['get', 'heading'],
      'icon-rotation-alignment': 'map',
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'text-field': ['get', 'label'],
      'text-font': FONT_BOLD,
      'text-size': 12,
      'text-anchor': 'top',
      'text-offset': [0, 1.1],
      'text-optional': true,
      'symbol-sort-key': vehicleSortKey(selectedId),
    },
    paint: {
      'icon-color': statusColor,
      'icon-halo-color': '#0f141a',
      'icon-halo-width': 1.5,
      'text-color': '#1f2a36',
      'text-halo-color': '#ffffff',
      'text-halo-width': 1.5,
    },
  };
  return [sensors, sensorLabels, selected, vehicles];
}
