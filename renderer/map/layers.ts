import type { LayerId, Place, SensorLive, VehicleLive } from '../../core/contract/index.js';
import type { LayersManager } from '../lib/layers.svelte.js';
import type { Client } from '../lib/trpc.js';
import type { DrawState } from './draw.js';
import type { FloorLayer } from './floors.js';
import type { RouteShape } from './missions.js';
import type { MapPoint } from './points.js';

/** The live fleet, drawn above the points. */
export type FleetLayer = { vehicles: VehicleLive[]; sensors: SensorLive[]; selectedId: string | null; onSelect: (id: string) => void; follow?: boolean; track?: boolean };
/** Places to choose from and the selected mission's route, under the fleet. */
export type MissionsLayer = { places: Place[]; chosen: { pickupNode: string; dropoffNode: string }; onPlace: (nodeId: string) => void; route: RouteShape | null };
/** The case layers (incidents, alerts, city) fetched for the viewport, with the selection shared with the boards. */
export type CasesLayer = { client: Client; siteId: string; layers: LayersManager; allowed: readonly LayerId[] };
/** An area (or a location) being drawn by clicking the map, above everything. */
export type DrawLayer = { state: DrawState; bad: boolean; locked: boolean; onChange: (s: DrawState) => void };

/** What one view draws on the map; each absent or null part is not drawn. */
export interface MapLayers {
  /** Marked as circles over the basemap; clicking one calls `onSelect` with its id. */
  points?: MapPoint[];
  selectedId?: string | number | null;
  onSelect?: (id: string | number) => void;
  fleet?: FleetLayer | null;
  missions?: MissionsLayer | null;
  cases?: CasesLayer | null;
  draw?: DrawLayer | null;
  /** One floor's plan under everything the view draws (App.svelte adds it from the floor switcher). */
  floor?: FloorLayer | null;
}
