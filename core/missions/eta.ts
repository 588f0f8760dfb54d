// Expected pick-up and arrival for active missions, from where their vehicles are, and the
// route a mission's vehicle drives, as points on the map.
import type { Queryable } from '../../db/index.js';
import { frameToLatLon, nearestNode, routeThrough, type MissionView, type SiteGraph, type VehicleLive } from '../contract/index.js';
import { graphOf } from './store.js';

/**
 * Graphs change only when saved from the map editor or imported: read each once. The save
 * forgets its graph here, and so does the change stream when another console saved it.
 */
const graphs = new Map<string, Promise<SiteGraph>>();
export const forgetGraph = (siteMapId: string): void => void graphs.delete(siteMapId);
/** All of them: changes were missed. */
export const forgetGraphs = (): void => graphs.clear();
export function cachedGraph(db: Queryable, siteMapId: string): Promise<SiteGraph> {
  let g = graphs.get(siteMapId);
  if (!g) {
    g = graphOf(db, siteMapId);
    graphs.set(siteMapId, g);
    g.catch(() => graphs.delete(siteMapId));
  }
  return g;
}

/** Where the vehicle drives for this mission from now: to the pick-up (unless picked up), then to the drop-off. */
function remainingStops(m: MissionView, graph: SiteGraph, v: VehicleLive | undefined): string[] | null {
  if (!v || v.x === null || v.y === null) return null;
  const start = graph.nodes.find((n) => n.id === v.lastNodeId)?.id ?? nearestNode(graph, { x: v.x, y: v.y }).id;
  return m.pickedUpAt ? [start, m.dropoffNode] : [start, m.pickupNode, m.dropoffNode];
}

export async function withEstimates(db: Queryable, rows: Array<MissionView & { siteMapId: string }>, vehicles: Map<string, VehicleLive>, speed: { speedMps: number; factsheetSpeeds: Map<string, number> }, now: Date): Promise<MissionView[]> {
  const out: MissionView[] = [];
  for (const { siteMapId, ...m } of rows) {
    if ((m.status === 'assigned' || m.status === 'in_progress') && m.vehicleId) {
      const graph = await cachedGraph(db, siteMapId);
      const stops = remainingStops(m, graph, vehicles.get(m.vehicleId));
      const route = stops && routeThrough(graph, stops);
      if (route) {
        const mps = speed.factsheetSpeeds.get(m.vehicleId) ?? speed.speedMps;
        const at = (metres: number) => new Date(now.getTime() + (metres / mps) * 1000).toISOString();
        const toPickup = m.pickedUpAt ? null : routeThrough(graph, stops!.slice(0, 2))!.length;
        out.push({ ...m, expectedPickupAt: toPickup === null ? null : at(toPickup), expectedArrivalAt: at(route.length) });
        continue;
      }
    }
    out.push(m);
  }
  return out;
}

/** The path of the mission (pick-up to drop-off, and the vehicle's way to the pick-up) as [lon, lat] points. */
export async function missionRoute(db: Queryable, m: MissionView, siteMapId: string, v: VehicleLive | undefined): Promise<{ trip: Array<[number, number]>; approach: Array<[number, number]> }> {
  const graph = await cachedGraph(db, siteMapId);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const points = (ids: string[]) => ids.map((id) => {
    const n = byId.get(id)!;
    const { lat, lon } = frameToLatLon(graph.georef, n.x, n.y);
    return [lon, lat] as [number, number];
  });
  const trip = routeThrough(graph, [m.pickupNode, m.dropoffNode]);
  const stops = !m.pickedUpAt && (m.status === 'assigned' || m.status === 'in_progress') ? remainingStops(m, graph, v) : null;
  const approach = stops ? routeThrough(graph, stops.slice(0, 2)) : null;
  return { trip: trip ? points(trip.nodes) : [], approach: approach ? points(approach.nodes) : [] };
}
