import { describe, expect, it } from 'vitest';
import { addPoint, join, nextId, removePoint } from './draw-graph.js';

describe('map editor drawing', () => {
  it('adds places with free ids, names to fill in, junctions without', () => {
    let nodes = addPoint([], 'room', 1.234, 5.678);
    nodes = addPoint(nodes, 'junction', 2, 2);
    expect(nodes).toEqual([{ id: 'p1', x: 1.23, y: 5.68, kind: 'room', name: '' }, { id: 'p2', x: 2, y: 2, kind: 'junction' }]);
    expect(nextId([{ id: 'p2', x: 0, y: 0, kind: 'junction' }])).toBe('p3');
  });
  it('joins two points once, never a point to itself', () => {
    let edges = join([], 'p1', 'p2');
    edges = join(edges, 'p2', 'p1');
    edges = join(edges, 'p3', 'p3');
    expect(edges).toEqual([['p1', 'p2']]);
  });
  it('removes a point with its paths', () => {
    const r = removePoint([{ id: 'p1', x: 0, y: 0, kind: 'junction' }, { id: 'p2', x: 1, y: 0, kind: 'junction' }], [['p1', 'p2']], 'p2');
    expect(r).toEqual({ nodes: [{ id: 'p1', x: 0, y: 0, kind: 'junction' }], edges: [] });
  });
});
