import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shortestPath } from '../contract/index.js';
import { routeOrder } from './roamer.js';
import { loadSiteGraph, seeded } from './site.js';

describe('demo site', () => {
  const campus = loadSiteGraph();

  it('has a connected path graph whose georeference is the seeded site map', () => {
    for (const n of campus.nodes) expect(shortestPath(campus, 'gate', n.id), n.id).not.toBeNull();
    const seed = readFileSync(new URL('../../db/migrations/0002_sites.sql', import.meta.url), 'utf8');
    const { originLat, originLon, rotationDeg } = campus.georef;
    expect(seed).toContain(`'${campus.mapId}', 'Campus grounds', ${originLat}, ${originLon}, ${rotationDeg}`);
  });

  it('turns a route into a VDA 5050 order: nodes and edges alternate in sequence, actions at the end', () => {
    const order = routeOrder(campus, 'dock-b', 'charger-1', 'o-1', [{ actionId: 'c', actionType: 'startCharging', blockingType: 'HARD' as never, actionParameters: [] }])!;
    expect(order.nodes[0]!.nodeId).toBe('dock-b');
    expect(order.nodes.at(-1)).toMatchObject({ nodeId: 'charger-1', actions: [{ actionType: 'startCharging' }] });
    expect(order.nodes.map((n) => n.sequenceId)).toEqual(order.nodes.map((_, i) => i * 2));
    expect(order.edges.map((e) => e.sequenceId)).toEqual(order.edges.map((_, i) => i * 2 + 1));
    order.edges.forEach((e, i) => expect([e.startNodeId, e.endNodeId]).toEqual([order.nodes[i]!.nodeId, order.nodes[i + 1]!.nodeId]));
    expect(routeOrder(campus, 'gate', 'gate', 'o-2')).toBeNull();
  });

  it('replays the same random sequence from the same seed', () => {
    const a = seeded(7), b = seeded(7);
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
