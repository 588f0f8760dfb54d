// What the map editor checks before a drawn graph is saved: a vehicle must be able to reach every
// place from every other, names must tell places apart, and places must lie on the plan.
import { englishWords, type Reason } from './errors/index.js';
import type { GraphNode } from './graph.js';

export interface GraphProblem {
  code: 'too_small' | 'duplicate_id' | 'duplicate_name' | 'unnamed_place' | 'unknown_node' | 'self_edge' | 'duplicate_edge' | 'off_plan' | 'disconnected';
  /** The English words (as `reason` says them). */
  message: string;
  /** The refusal's code and parameters, for core to refuse with and the renderer to word. */
  reason: Reason;
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
  const add = (code: GraphProblem['code'], reason: Reason, nodeIds: string[]) =>
    problems.push({ code, message: englishWords(reason.code, reason.params), reason, nodeIds });
  if (nodes.length < 2 || edges.length < 1) add('too_small', { code: 'org.graph.tooSmall' }, []);
  const byId = new Map<string, GraphNode>();
  for (const n of nodes) {
    if (byId.has(n.id)) add('duplicate_id', { code: 'org.graph.duplicateId', params: { id: n.id } }, [n.id]);
    byId.set(n.id, n);
  }
  const named = new Map<string, GraphNode>();
  for (const n of nodes) {
    if (n.kind !== 'junction' && !n.name?.trim()) add('unnamed_place', { code: 'org.graph.unnamedPlace', params: { kind: n.kind, id: n.id } }, [n.id]);
    if (!n.name?.trim()) continue;
    const other = named.get(nameKey(n.name));
    if (other) add('duplicate_name', { code: 'org.graph.duplicateName', params: { name: n.name, a: other.id, b: n.id } }, [other.id, n.id]);
    else named.set(nameKey(n.name), n);
  }
  if (bounds) {
    for (const n of nodes) {
      if (n.x < bounds.minX || n.x > bounds.maxX || n.y < bounds.minY || n.y > bounds.maxY) {
        add('off_plan', { code: 'org.graph.offPlan', params: { place: label(n) } }, [n.id]);
      }
    }
  }
  const adj = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const seen = new Set<string>();
  for (const [a, b] of edges) {
    if (!byId.has(a) || !byId.has(b)) {
      add('unknown_node', { code: 'org.graph.unknownNode', params: { id: byId.has(a) ? b : a } }, [a, b].filter((id) => byId.has(id)));
      continue;
    }
    if (a === b) {
      add('self_edge', { code: 'org.graph.selfEdge', params: { place: label(byId.get(a)!) } }, [a]);
      continue;
    }
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (seen.has(key)) add('duplicate_edge', { code: 'org.graph.duplicateEdge', params: { a, b } }, [a, b]);
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
      const places = cut.slice(0, 3).map(label).join(', '), first = label(nodes[0]!);
      add('disconnected', cut.length > 3
        ? { code: 'org.graph.disconnectedMore', params: { places, more: cut.length - 3, first } }
        : { code: 'org.graph.disconnected', params: { places, first } }, cut.map((n) => n.id));
    }
  }
  return problems;
}
