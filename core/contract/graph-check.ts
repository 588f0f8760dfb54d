// What the map editor checks before a drawn graph is saved: a vehicle must be able to reach every
// place from every other, names must tell places apart, and places must lie on the plan.
import type { GraphNode } from './graph.js';

export interface GraphProblem {
  code: 'too_small' | 'duplicate_id' | 'duplicate_name' | 'unnamed_place' | 'unknown_node' | 'self_edge' | 'duplicate_edge' | 'off_plan' | 'disconnected';
  message: string;
  /** The nodes the problem is about, for the editor to mark. */
  nodeIds: string[];
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const label = (n: Pick<GraphNode, 'id' | 'name'>) => (n.name ? `${n.name} (${n.id})` : n.id);
/** Names compared as people read them: case, accents and spacing do not make two places different. */
export const nameKey = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** Every problem with a drawn graph; empty when it may be saved. */
export function checkGraph(nodes: readonly GraphNode[], edges: readonly (readonly [string, string])[], bounds: Bounds | null): GraphProblem[] {
  const problems: GraphProblem[] = [];
  if (nodes.length < 2 || edges.length < 1) {
    problems.push({ code: 'too_small', message: 'Draw at least two places and one path between them.', nodeIds: [] });
  }
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) {
    if (byId.has(n.id)) problems.push({ code: 'duplicate_id', message: `Two points share the id ${n.id}.`, nodeIds: [n.id] });
    byId.set(n.id, n);
  }
  const named = new Map<string, GraphNode>();
  for (const n of nodes) {
    if (n.kind !== 'junction' && !n.name?.trim()) problems.push({ code: 'unnamed_place', message: `The ${n.kind} at ${n.id} needs a name.`, nodeIds: [n.id] });
    if (!n.name?.trim()) continue;
    const other = named.get(nameKey(n.name));
    if (other) problems.push({ code: 'duplicate_name', message: `Two places are called ${n.name}: ${other.id} and ${n.id}.`, nodeIds: [other.id, n.id] });
    else named.set(nameKey(n.name), n);
  }
  if (bounds) {
    for (const n of nodes) {
      if (n.x < bounds.minX || n.x > bounds.maxX || n.y < bounds.minY || n.y > bounds.maxY) {
        problems.push({ code: 'off_plan', message: `${label(n)} lies off the plan.`, nodeIds: [n.id] });
      }
    }
  }
  const adj = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const seen = new Set<string>();
  for (const [a, b] of edges) {
    if (!byId.has(a) || !byId.has(b)) {
      problems.push({ code: 'unknown_node', message: `A path names ${byId.has(a) ? b : a}, which is not drawn.`, nodeIds: [a, b].filter((id) => byId.has(id)) });
      continue;
    }
    if (a === b) {
      problems.push({ code: 'self_edge', message: `A path from ${label(byId.get(a)!)} to itself.`, nodeIds: [a] });
      continue;
    }
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (seen.has(key)) problems.push({ code: 'duplicate_edge', message: `The path ${a}–${b} is drawn twice.`, nodeIds: [a, b] });
    seen.add(key);
    adj.get(a)!.push(b);
    adj.get(b)!.push(a);
  }
  if (nodes.length > 1) {
    const reached = new Set<string>([nodes[0]!.id]);
    const todo = [nodes[0]!.id];
    while (todo.length) for (const next of adj.get(todo.pop()!) ?? []) if (!reached.has(next)) (reached.add(next), todo.push(next));
    const cut = nodes.filter((n) => !reached.has(n.id));
    if (cut.length) {
      problems.push({
        code: 'disconnected',
        message: `No path reaches ${cut.slice(0, 3).map(label).join(', ')}${cut.length > 3 ? ` and ${cut.length - 3} more` : ''} from ${label(nodes[0]!)}: join every place to the others.`,
        nodeIds: cut.map((n) => n.id),
      });
    }
  }
  return problems;
}
