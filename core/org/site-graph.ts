// Places and paths of a map, as drawn in the map editor (or loaded from a site file): checked
// whole, then written whole in the caller's transaction.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import { checkGraph, frameToLatLon, type Bounds, type Georef, type GraphNode } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { forgetGraph } from '../missions/eta.js';
import type { AuthedContext } from '../trpc.js';
import { mapSite } from './site-access.js';
import { mapById } from './sites.js';

export interface DrawnGraph {
  nodes: GraphNode[];
  edges: Array<[string, string]>;
}

/** Keeps each node's lat/lon in step with its map's georeference. */
export async function relocateNodes(tx: Queryable, siteMapId: string, g: Georef): Promise<void> {
  const nodes = await tx.query<{ node_id: string; x: number; y: number }>('SELECT node_id, x, y FROM org.map_nodes WHERE site_map_id = $1', [siteMapId]);
  if (!nodes.length) return;
  const placed = nodes.map((n) => ({ id: n.node_id, ...frameToLatLon(g, n.x, n.y) }));
  await tx.query(
    `UPDATE org.map_nodes m SET lat = n.lat, lon = n.lon FROM jsonb_to_recordset($2::jsonb) AS n(id text, lat float8, lon float8)
     WHERE m.site_map_id = $1 AND m.node_id = n.id`, [siteMapId, JSON.stringify(placed)]);
  forgetGraph(siteMapId);
}

/**
 * Replaces a map's graph: refused whole, with every problem named, when the check finds any.
 * A place a mission still names cannot be removed (the database says so; the message names it).
 */
export async function writeGraph(tx: Queryable, siteMapId: string, georef: Georef, bounds: Bounds | null, graph: DrawnGraph): Promise<void> {
  const problems = checkGraph(graph.nodes, graph.edges, bounds);
  // The editor runs the same check and names every problem; a refusal here names the first.
  if (problems[0]) throw new DomainError('invalid', problems[0].reason, 'graph');
  const nodes = graph.nodes.map((n) => ({ ...n, name: n.name?.trim() || null, ...frameToLatLon(georef, n.x, n.y) }));
  const keep = nodes.map((n) => n.id);
  await tx.query('DELETE FROM org.map_edges WHERE site_map_id = $1', [siteMapId]);
  const used = await tx.query<{ node: string; n: string }>(
    `SELECT node, count(*) AS n FROM (SELECT pickup_node AS node FROM fleet.missions WHERE site_map_id = $1 UNION ALL SELECT dropoff_node FROM fleet.missions WHERE site_map_id = $1) u
     WHERE NOT (node = ANY($2::text[])) GROUP BY node`, [siteMapId, keep]);
  if (used.length) {
    throw new DomainError('conflict', { code: used.length === 1 ? 'org.placeInUse' : 'org.placesInUse', params: { places: used.map((u) => `${u.node} (${u.n})`).join(', ') } }, 'graph');
  }
  await tx.query('DELETE FROM org.map_nodes WHERE site_map_id = $1 AND NOT (node_id = ANY($2::text[]))', [siteMapId, keep]);
  await tx.query(
    `INSERT INTO org.map_nodes (site_map_id, node_id, x, y, lat, lon, name, kind)
     SELECT $1, n.id, n.x, n.y, n.lat, n.lon, n.name, n.kind FROM jsonb_to_recordset($2::jsonb) AS n(id text, x float8, y float8, lat float8, lon float8, name text, kind text)
     ON CONFLICT (site_map_id, node_id) DO UPDATE SET x = EXCLUDED.x, y = EXCLUDED.y, lat = EXCLUDED.lat, lon = EXCLUDED.lon, name = EXCLUDED.name, kind = EXCLUDED.kind`,
    [siteMapId, JSON.stringify(nodes)]);
  await tx.query(
    `INSERT INTO org.map_edges (site_map_id, from_node, to_node) SELECT $1, e->>0, e->>1 FROM jsonb_array_elements($2::jsonb) AS e`,
    [siteMapId, JSON.stringify(graph.edges)]);
  forgetGraph(siteMapId);
}

export async function readGraph(db: Queryable, siteMapId: string): Promise<DrawnGraph> {
  const nodes = await db.query<{ node_id: string; x: number; y: number; name: string | null; kind: GraphNode['kind'] }>(
    'SELECT node_id, x, y, name, kind FROM org.map_nodes WHERE site_map_id = $1 ORDER BY node_id', [siteMapId]);
  const edges = await db.query<{ from_node: string; to_node: string }>('SELECT from_node, to_node FROM org.map_edges WHERE site_map_id = $1 ORDER BY 1, 2', [siteMapId]);
  return {
    nodes: nodes.map((n) => ({ id: n.node_id, x: n.x, y: n.y, kind: n.kind, ...(n.name ? { name: n.name } : {}) })),
    edges: edges.map((e) => [e.from_node, e.to_node]),
  };
}

export async function mapGraph(ctx: AuthedContext, siteMapId: string): Promise<DrawnGraph> {
  await mapSite(ctx, siteMapId);
  return readGraph(ctx.db, siteMapId);
}

/** The map editor's save: the whole drawn graph, checked against the plan's edges. */
export async function saveGraph(ctx: AuthedContext, input: { siteMapId: string } & DrawnGraph) {
  const siteId = await mapSite(ctx, input.siteMapId);
  const map = await mapById(ctx.db, input.siteMapId);
  if (!map) throw new DomainError('not_found', { code: 'org.noSuchMap' }, 'siteMapId');
  if (map.plan && map.plan.metresPerPixel === null) throw new DomainError('invalid', { code: 'org.placePlanFirst' }, 'siteMapId');
  await audited(ctx, { resourceType: 'site_map', resourceId: input.siteMapId, siteId, lat: map.originLat, lon: map.originLon }, async (tx) => {
    const before = await readGraph(tx, input.siteMapId);
    await writeGraph(tx, input.siteMapId, map, map.plan ? map.bounds : null, input);
    return {
      result: null,
      oldValues: { places: before.nodes.length, paths: before.edges.length },
      newValues: { places: input.nodes.length, paths: input.edges.length, names: input.nodes.filter((n) => n.name).map((n) => n.name) },
    };
  });
  // Again after commit: a route read while the transaction ran may have cached the old graph.
  forgetGraph(input.siteMapId);
}
