// A transport's route on the map: the shortest path from its pick-up to its drop-off along the
// site's path graph, as the vehicle was ordered to drive it.
import type { Queryable } from '../../db/index.js';
import { routeThrough, type SiteGraph } from '../contract/index.js';
import { graphOf } from '../missions/store.js';

interface Map_ { graph: SiteGraph; lonLat: Map<string, [number, number]>; loadedAt: number }
/** Graphs change only when a site map is imported again: each is read at most once a minute per database. */
const TTL_MS = 60_000;
const cache = new WeakMap<Queryable, Map<string, Map_>>();

async function mapOf(db: Queryable, siteMapId: string): Promise<Map_> {
  const byMap = cache.get(db) ?? new Map<string, Map_>();
  cache.set(db, byMap);
  const hit = byMap.get(siteMapId);
  if (hit && Date.now() - hit.loadedAt < TTL_MS) return hit;
  const graph = await graphOf(db, siteMapId);
  const nodes = await db.query<{ node_id: string; lon: number; lat: number }>('SELECT node_id, lon, lat FROM org.map_nodes WHERE site_map_id = $1', [siteMapId]);
  const loaded = { graph, lonLat: new Map(nodes.map((n) => [n.node_id, [n.lon, n.lat] as [number, number]])), loadedAt: Date.now() };
  byMap.set(siteMapId, loaded);
  return loaded;
}

/** [lon, lat] along the route; the straight line when the graph has none. */
export async function routePath(db: Queryable, siteMapId: string, pickup: string, dropoff: string): Promise<[number, number][]> {
  const m = await mapOf(db, siteMapId);
  const route = routeThrough(m.graph, [pickup, dropoff]);
  const ids = route ? route.nodes : [pickup, dropoff];
  return ids.map((id) => m.lonLat.get(id)).filter((p) => p !== undefined);
}
