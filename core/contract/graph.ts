import { z } from 'zod';

/** A site map's path graph in map-frame metres: where vehicles may drive, and its named places. */
export const GraphNode = z.object({
  id: z.string().min(1),
  x: z.number(),
  y: z.number(),
  name: z.string().optional(),
  kind: z.enum(['junction', 'room', 'entrance', 'dock', 'charger']).default('junction'),
});
export type GraphNode = z.infer<typeof GraphNode>;

export const SiteGraph = z.object({
  /** The site's slug and the map's georeference, as seeded in the database. */
  site: z.string().min(1),
  mapId: z.string().min(1),
  georef: z.object({ originLat: z.number(), originLon: z.number(), rotationDeg: z.number(), matrix: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().optional() }),
  nodes: z.array(GraphNode).min(2),
  /** Undirected: a vehicle may drive either way. */
  edges: z.array(z.tuple([z.string(), z.string()])).min(1),
});
export type SiteGraph = z.infer<typeof SiteGraph>;

export const distance = (a: { x: number; y: number }, b: { x: number; y: number }): number => Math.hypot(a.x - b.x, a.y - b.y);

/** Neighbours of every node with the edge length. */
function adjacency(graph: SiteGraph): Map<string, Array<[string, number]>> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const adj = new Map<string, Array<[string, number]>>(graph.nodes.map((n) => [n.id, []]));
  for (const [a, b] of graph.edges) {
    const na = byId.get(a), nb = byId.get(b);
    if (!na || !nb) throw new Error(`Edge ${a}–${b} names a node that is not in the graph`);
    const d = distance(na, nb);
    adj.get(a)!.push([b, d]);
    adj.get(b)!.push([a, d]);
  }
  return adj;
}

/** Shortest route by length (Dijkstra); null when `to` cannot be reached. */
export function shortestPath(graph: SiteGraph, from: string, to: string): { nodes: string[]; length: number } | null {
  const adj = adjacency(graph);
  if (!adj.has(from) || !adj.has(to)) return null;
  const dist = new Map<string, number>([[from, 0]]);
  const prev = new Map<string, string>();
  const open = new Set([from]);
  while (open.size) {
    let cur = '';
    let best = Infinity;
    for (const id of open) if (dist.get(id)! < best) [cur, best] = [id, dist.get(id)!];
    open.delete(cur);
    if (cur === to) break;
    for (const [next, d] of adj.get(cur)!) {
      if (best + d < (dist.get(next) ?? Infinity)) {
        dist.set(next, best + d);
        prev.set(next, cur);
        open.add(next);
      }
    }
  }
  if (!dist.has(to)) return null;
  const nodes = [to];
  while (nodes[0] !== from) nodes.unshift(prev.get(nodes[0]!)!);
  return { nodes, length: dist.get(to)! };
}

/** The node closest to a point. */
export function nearestNode(graph: SiteGraph, p: { x: number; y: number }): GraphNode {
  return graph.nodes.reduce((best, n) => (distance(n, p) < distance(best, p) ? n : best));
}
