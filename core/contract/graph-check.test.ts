import { describe, expect, it } from 'vitest';
import { checkGraph } from './graph-check.js';
import type { GraphNode } from './graph.js';

const node = (id: string, x: number, y: number, name?: string, kind: GraphNode['kind'] = name ? 'room' : 'junction'): GraphNode => ({ id, x, y, kind, ...(name ? { name } : {}) });
const bounds = { minX: 0, minY: 0, maxX: 40, maxY: 30 };
const square = [node('a', 1, 1, 'Entrance', 'entrance'), node('b', 30, 1, 'Room 1'), node('c', 30, 20, 'Room 2'), node('d', 1, 20, 'Charger', 'charger')];
const ring: [string, string][] = [['a', 'b'], ['b', 'c'], ['c', 'd']];
const codes = (p: ReturnType<typeof checkGraph>) => p.map((x) => x.code);

describe('map editor validation', () => {
  it('passes four connected, named places on the plan', () => {
    expect(checkGraph(square, ring, bounds)).toEqual([]);
  });
  it('names the places a disconnected graph cannot reach', () => {
    const p = checkGraph(square, [['a', 'b'], ['c', 'd']], bounds);
    expect(codes(p)).toEqual(['disconnected']);
    expect(p[0]!.nodeIds).toEqual(['c', 'd']);
    expect(p[0]!.message).toContain('Room 2 (c)');
  });
  it('finds duplicate names whatever their case and accents', () => {
    const p = checkGraph([...square.slice(0, 3), node('d', 1, 20, ' room  1', 'dock')], ring, bounds);
    expect(codes(p)).toEqual(['duplicate_name']);
    expect(p[0]!.nodeIds).toEqual(['b', 'd']);
    expect(codes(checkGraph([node('a', 1, 1, 'Café'), node('b', 2, 2, 'CAFE')], [['a', 'b']], bounds))).toEqual(['duplicate_name']);
  });
  it('finds a place off the plan', () => {
    const p = checkGraph([...square.slice(0, 3), node('d', -2, 20, 'Charger', 'charger')], ring, bounds);
    expect(codes(p)).toEqual(['off_plan']);
    expect(checkGraph([...square.slice(0, 3), node('d', -2, 20, 'Charger', 'charger')], ring, null)).toEqual([]);
  });
  it('finds bad paths, unnamed places and a graph too small', () => {
    expect(codes(checkGraph(square, [...ring, ['d', 'x']], bounds))).toEqual(['unknown_node']);
    expect(codes(checkGraph(square, [...ring, ['c', 'b']], bounds))).toEqual(['duplicate_edge']);
    expect(codes(checkGraph(square, [...ring, ['c', 'c']], bounds))).toEqual(['self_edge']);
    expect(codes(checkGraph([...square.slice(0, 3), { id: 'd', x: 1, y: 20, kind: 'dock' }], ring, bounds))).toEqual(['unnamed_place']);
    expect(codes(checkGraph([square[0]!], [], bounds))).toEqual(['too_small']);
    expect(codes(checkGraph([...square, square[3]!], ring, bounds))).toContain('duplicate_id');
  });
});
