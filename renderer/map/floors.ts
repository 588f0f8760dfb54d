// One floor at a time on the map: its plan under the layers, its vehicles, and the others listed.
import { planCorners, type SiteMap, type VehicleLive } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';
import type { MapLayers } from './layers.js';

/** A placed floor plan for the map: an image source at its four corners. */
export type FloorLayer = { siteMapId: string; mapId: string; corners: [[number, number], [number, number], [number, number], [number, number]]; version: string };

/** The site's maps that can be shown as a floor: those with a plan placed on the world map. */
export const floorsOf = (maps: readonly SiteMap[]): SiteMap[] => maps.filter((m) => m.plan?.metresPerPixel);

export function floorLayer(m: SiteMap): FloorLayer | null {
  if (!m.plan?.metresPerPixel) return null;
  return {
    siteMapId: m.id,
    mapId: m.mapId,
    corners: planCorners(m, m.plan.metresPerPixel, m.plan),
    // A new plan or placement draws afresh.
    version: `${m.plan.width}x${m.plan.height}@${m.plan.metresPerPixel}:${m.originLat},${m.originLon},${m.rotationDeg}`,
  };
}

/** A view's layers with one floor shown: its plan, and only the vehicles on its map. */
export function onFloor(layers: MapLayers, floor: SiteMap | null): MapLayers {
  if (!floor) return layers;
  return {
    ...layers,
    fleet: layers.fleet ? { ...layers.fleet, vehicles: layers.fleet.vehicles.filter((v) => v.mapId === floor.mapId) } : layers.fleet,
    floor: floorLayer(floor),
  };
}

/** Vehicles somewhere else than the floor shown, with the floor (or map id) each is on. */
export function elsewhere(vehicles: readonly VehicleLive[], floor: SiteMap | null, maps: readonly SiteMap[]): Array<{ vehicle: VehicleLive; where: string }> {
  if (!floor) return [];
  const names = new Map(maps.map((m) => [m.mapId, m.name]));
  return vehicles.filter((v) => v.mapId !== floor.mapId).map((vehicle) => ({ vehicle, where: vehicle.mapId ? (names.get(vehicle.mapId) ?? vehicle.mapId) : t('map.floors.noMap') }));
}
