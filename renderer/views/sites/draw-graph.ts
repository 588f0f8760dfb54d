// The map editor's drawing steps, pure: a click adds a place or a junction, two clicks join two
// points with a path, and removing a point removes its paths.
import type { GraphNode } from '../../../core/contract/index.js';

export type PlaceKind = GraphNode['kind'];

/** The next free id: p1, p2, … */
export function nextId(nodes: readonly GraphNode[]): string {
  let n = nodes.length + 1;
  const taken = new Set(nodes.map((x) => x.id));
  while (taken.has(`p${n}`)) n++;
  return `p${n}`;
}

export function addPoint(nodes: readonly GraphNode[], kind: PlaceKind, x: number, y: number): GraphNode[] {
  const id = nextId(nodes);
  const round = (v: number) => Math.round(v * 100) / 100;
  return [...nodes, { id, x: round(x), y: round(y), kind, ...(kind === 'junction' ? {} : { name: '' }) }];
}

/** Joins two points (once, either way round); the same point twice joins nothing. */
export function join(edges: readonly [string, string][], a: string, b: string): [string, string][] {
  if (a === b || edges.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) return [...edges];
  return [...edges, [a, b]];
}

export function removePoint(nodes: readonly GraphNode[], edges: readonly [string, string][], id: string): { nodes: GraphNode[]; edges: [string, string][] } {
  return { nodes: nodes.filter((n) => n.id !== id), edges: edges.filter(([a, b]) => a !== id && b !== id) };
}
