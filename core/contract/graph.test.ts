import { describe, expect, it } from 'vitest';
import { nearestNode, shortestPath, SiteGraph } from './graph.js';

const g: SiteGraph = {
  site: 's', mapId: 'm', georef: { originLat: 0, originLon: 0, rotationDeg: 0 },
  nodes: [{ id: 'a', x: 0, y: 0, kind: 'junction' }, { id: 'b', x: 10, y: 0, kind: 'junction' }, { id: 'c', x: 10, y: 10, kind: 'dock' }, { id: 'd', x: 0, y: 30, kind: 'room' }, { id: 'lone', x: 99, y: 99, kind: 'room' }],
  edges: [['a', 'b'], ['b', 'c'], ['a', 'c'], ['c', 'd']],
};

describe('site path graph', () => {
  it('finds the shortest route by length', () => {
    expect(shortestPath(g, 'a', 'c')).toEqual({ nodes: ['a', 'c'], length: Math.hypot(10, 10) });
    expect(shortestPath(g, 'b', 'd')!.nodes).toEqual(['b', 'c', 'd']);
    expect(shortestPath(g, 'a', 'lone')).toBeNull();
    expect(shortestPath(g, 'a', 'nowhere')).toBeNull();
  });
  it('finds the nearest node', () => {
    expect(nearestNode(g, { x: 8, y: 9 }).id).toBe('c');
  });
});
