import { describe, expect, it } from 'vitest';
import type { SiteGraph, VehicleLive } from '../contract/index.js';
import { blankVehicle } from '../fleet/vehicle-state.js';
import { rankCandidates } from './suggest.js';

const g: SiteGraph = {
  site: 's', mapId: 'm', georef: { originLat: 0, originLon: 0, rotationDeg: 0 },
  nodes: [{ id: 'a', x: 0, y: 0, kind: 'dock', name: 'A' }, { id: 'b', x: 100, y: 0, kind: 'junction' }, { id: 'c', x: 200, y: 0, kind: 'room', name: 'C' }, { id: 'd', x: 700, y: 0, kind: 'room', name: 'D' }],
  edges: [['a', 'b'], ['b', 'c'], ['c', 'd']],
};
const model = { speedMps: 1, reachM: 10_000, reservePercent: 20 };
const v = (name: string, x: number, o: Partial<VehicleLive> = {}): VehicleLive =>
  ({ ...blankVehicle(name, 'M', name, name, false), mapId: 'm', x, y: 0, battery: 80, status: 'idle', connection: 'ONLINE', ...o });

describe('vehicle suggestion', () => {
  it('ranks by time to the pick-up and says why, leaving out those that cannot go', () => {
    const ranked = rankCandidates(g, [
      v('far', 700), v('near', 100), v('tired', 100, { battery: 22 }), v('broken', 0, { errors: [{ type: 'x', level: 'FATAL', description: 'bumper', references: [] }] }),
      v('gone', 0, { status: 'offline' }), v('paused', 0, { paused: true, status: 'paused' }), v('busy', 0), v('elsewhere', 0, { mapId: 'other' }),
    ], { pickupNode: 'a', dropoffNode: 'c' }, new Map([['busy', { missionId: 'x', remainingM: 400 }]]), model);
    expect(ranked.map((c) => [c.name, c.eligible, c.score])).toEqual([
      ['paused', true, 60], ['near', true, 100], ['far', true, 700],
      ['broken', false, null], ['busy', false, null], ['elsewhere', false, null], ['gone', false, null], ['tired', false, null],
    ]);
    // 100 m to the pick-up and 200 m of trip take 3% of a 10 km battery.
    expect(ranked.find((c) => c.name === 'near')).toMatchObject({ etaToPickupS: 100, batteryAfterPercent: 77, reason: 'idle, 100 m to the pick-up (100 s); 77% left after the trip' });
    expect(ranked.find((c) => c.name === 'paused')!.reason).toBe('paused, 0 m to the pick-up (0 s); 78% left after the trip; paused (+60 s)');
    expect(ranked.find((c) => c.name === 'tired')!.reason).toBe('battery would end at 19% (reserve 20%)');
    expect(ranked.find((c) => c.name === 'busy')!.reason).toBe('on another mission, 400 m to go');
    expect(ranked.find((c) => c.name === 'broken')!.reason).toBe('in error: bumper');
    expect(ranked.find((c) => c.name === 'elsewhere')!.reason).toBe('on another floor');
    expect(rankCandidates(g, [v('lost', 0, { mapId: null, x: null, y: null })], { pickupNode: 'a', dropoffNode: 'c' }, new Map(), model)[0]!.reason).toBe('position unknown');
    // Finishing soon: counted with what it has left.
    const soon = rankCandidates(g, [v('soon', 0)], { pickupNode: 'a', dropoffNode: 'c' }, new Map([['soon', { missionId: 'x', remainingM: 100 }]]), model);
    expect(soon[0]).toMatchObject({ eligible: true, score: 100, reason: 'finishing its mission, 100 m to the pick-up (100 s); 77% left after the trip' });
  });

  it('never offers a vehicle nobody has confirmed, and times each vehicle by its factsheet speed where it has one', () => {
    const ranked = rankCandidates(g, [v('stranger', 0, { isNew: true }), v('slow', 100), v('quick', 100)], { pickupNode: 'a', dropoffNode: 'c' }, new Map(),
      { ...model, factsheetSpeeds: new Map([['quick', 2]]) });
    expect(ranked.map((c) => [c.name, c.eligible, c.etaToPickupS])).toEqual([['quick', true, 50], ['slow', true, 100], ['stranger', false, null]]);
    expect(ranked[2]!.reason).toBe('not confirmed yet');
  });
});
