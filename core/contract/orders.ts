// VDA 5050 orders along a site map's path graph (the shapes vda-5050-lib sends).
import { shortestPath, type SiteGraph } from './graph.js';

export interface OrderAction {
  actionId: string;
  actionType: string;
  blockingType: 'NONE' | 'SOFT' | 'HARD';
  actionParameters: Array<{ key: string; value: string | number | boolean }>;
}

export interface GraphOrder {
  orderId: string;
  orderUpdateId: number;
  nodes: Array<{ nodeId: string; sequenceId: number; released: boolean; nodePosition: { x: number; y: number; mapId: string; allowedDeviationXY: number; allowedDeviationXy: number }; actions: OrderAction[] }>;
  edges: Array<{ edgeId: string; sequenceId: number; released: boolean; startNodeId: string; endNodeId: string; actions: OrderAction[] }>;
}

/** The route through `stops` (each leg the shortest path), or null when a leg has no route. */
export function routeThrough(graph: SiteGraph, stops: string[]): { nodes: string[]; stopIndex: number[]; length: number } | null {
  const nodes = [stops[0]!];
  const stopIndex = [0];
  let length = 0;
  for (let i = 1; i < stops.length; i++) {
    const leg = shortestPath(graph, stops[i - 1]!, stops[i]!);
    if (!leg) return null;
    nodes.push(...leg.nodes.slice(1));
    stopIndex.push(nodes.length - 1);
    length += leg.length;
  }
  return { nodes, stopIndex, length };
}

/** An order through `nodeIds` (consecutive nodes joined by graph edges); `actionsAt` puts actions on nodes by index. */
export function orderAlong(graph: SiteGraph, nodeIds: string[], orderId: string, actionsAt: Map<number, OrderAction[]> = new Map(), firstDeviation = 5): GraphOrder {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return {
    orderId,
    orderUpdateId: 0,
    nodes: nodeIds.map((id, i) => {
      const n = byId.get(id)!;
      // The first node is where the vehicle is; it may have stopped a little off it.
      return { nodeId: id, sequenceId: i * 2, released: true, // vda-5050-lib's virtual vehicle reads `allowedDeviationXy`; the standard spells it `allowedDeviationXY`.
      nodePosition: { x: n.x, y: n.y, mapId: graph.mapId, allowedDeviationXY: i === 0 ? firstDeviation : 0.5, allowedDeviationXy: i === 0 ? firstDeviation : 0.5 }, actions: actionsAt.get(i) ?? [] };
    }),
    edges: nodeIds.slice(1).map((id, i) => ({
      edgeId: `${nodeIds[i]}--${id}`, sequenceId: i * 2 + 1, released: true, startNodeId: nodeIds[i]!, endNodeId: id, actions: [],
    })),
  };
}
