// The conformance checks themselves: they catch what the official schema files let through.
import { describe, expect, it } from 'vitest';
import { instantActionsBody } from '../../core/fleet/commands.js';
import { orderAlong, type SiteGraph } from '../../core/contract/index.js';
import { trafficProblems, vdaProblems } from './check.js';

const header = (headerId = 0) => ({ headerId, timestamp: '2026-11-30T10:00:00.000Z', version: '2.0.0', manufacturer: 'Acme', serialNumber: 's1' });
const msg = (o: object) => Buffer.from(JSON.stringify(o));
const action = { actionId: 'a1', actionType: 'startPause', blockingType: 'NONE' as const, actionParameters: [] };
const graph: SiteGraph = {
  site: 's', mapId: 'm', georef: { originLat: 0, originLon: 0, rotationDeg: 0 },
  nodes: [{ id: 'a', x: 0, y: 0, kind: 'dock', name: 'A' }, { id: 'b', x: 10, y: 0, kind: 'room', name: 'B' }], edges: [['a', 'b']],
};

describe('VDA 5050 2.0.0 conformance checks', () => {
  it('refuse the 1.x instantActions message that the official schema file accepts', () => {
    const old = { ...header(), instantActions: [action] };
    expect(vdaProblems('x/v2/Acme/s1/instantActions', msg(old))).toEqual(['instantActions: `actions` missing or empty']);
    expect(vdaProblems('x/v2/Acme/s1/instantActions', msg({ ...header(), actions: [] }))).toEqual(['instantActions: `actions` missing or empty']);
  });

  it('pass what the console sends: instant actions and an order along the graph', () => {
    expect(vdaProblems('x/v2/Acme/s1/instantActions', msg({ ...header(), ...instantActionsBody([action]) }))).toEqual([]);
    expect(vdaProblems('x/v2/Acme/s1/order', msg({ ...header(), ...orderAlong(graph, ['a', 'b'], 'o-1') }))).toEqual([]);
  });

  it('refuse a wrong version, a missing header field and a schema violation', () => {
    expect(vdaProblems('x/v2/Acme/s1/instantActions', msg({ ...header(), version: '1.1.0', ...instantActionsBody([action]) }))).toEqual(['version is 1.1.0, not 2.0.0']);
    const { headerId: _, ...noId } = header();
    expect(vdaProblems('x/v2/Acme/s1/connection', msg({ ...noId, connectionState: 'ONLINE' }))).toEqual([
      "connection schema: / must have required property 'headerId'", 'header: headerId missing']);
    expect(vdaProblems('x/v2/Acme/s1/connection', msg({ ...header(), connectionState: 'MAYBE' }))[0]).toMatch(/connectionState must be equal to one of the allowed values/);
  });

  it('find headerIds that skip or repeat per topic and vehicle', () => {
    const body = (id: number) => msg({ ...header(id), ...instantActionsBody([action]) });
    const t = 'x/v2/Acme/s1/instantActions';
    const u = 'x/v2/Acme/s2/instantActions';
    expect(trafficProblems([{ topic: t, payload: body(0) }, { topic: u, payload: body(0) }, { topic: t, payload: body(1) }])).toEqual([]);
    expect(trafficProblems([{ topic: t, payload: body(0) }, { topic: t, payload: body(2) }])).toEqual([`${t}: headerId 2 after 0`]);
  });
});
