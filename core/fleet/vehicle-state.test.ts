import { describe, expect, it } from 'vitest';
import { applyConnection, applyState, applyVisualization, blankVehicle, statusOf, timedOut, type VdaState } from './vehicle-state.js';

const campus = { originLat: 51.4416, originLon: 5.4697, rotationDeg: 12 };
const at = new Date('2026-11-22T10:00:00Z');
const state = (o: Partial<VdaState> = {}): VdaState => ({
  timestamp: at.toISOString(), driving: true, paused: false, errors: [],
  agvPosition: { x: 0, y: 0, theta: Math.PI / 2, mapId: 'm' }, velocity: { vx: 0.6, vy: 0.8 },
  batteryState: { batteryCharge: 64, charging: false }, ...o,
});
const base = { connection: 'ONLINE' as const, errors: [], charging: false, paused: false, driving: false };

describe('vehicle status', () => {
  it('is the most urgent of offline, error, charging, paused, driving, idle', () => {
    expect(statusOf(base, false)).toBe('idle');
    expect(statusOf({ ...base, driving: true }, false)).toBe('driving');
    expect(statusOf({ ...base, driving: true, paused: true }, false)).toBe('paused');
    expect(statusOf({ ...base, paused: true, charging: true }, false)).toBe('charging');
    expect(statusOf({ ...base, charging: true, errors: [{ type: 'x', level: 'WARNING', description: null, references: [] }] }, false)).toBe('charging');
    expect(statusOf({ ...base, charging: true, errors: [{ type: 'x', level: 'FATAL', description: null, references: [] }] }, false)).toBe('error');
    expect(statusOf({ ...base, errors: [{ type: 'x', level: 'FATAL', description: null, references: [] }] }, true)).toBe('offline');
    expect(statusOf({ ...base, connection: 'CONNECTIONBROKEN' }, false)).toBe('offline');
  });

  it('places a state on the world with the map georeference, heading as a compass bearing', () => {
    const v = applyState(blankVehicle('id', 'M', 'S', 'S', true), state(), campus, at);
    expect(v.lat).toBeCloseTo(51.4416, 7);
    expect(v.lon).toBeCloseTo(5.4697, 7);
    // theta π/2 is the map's +y axis, which the 12° rotation turns to 12° west of north.
    expect(v.heading).toBeCloseTo(348, 6);
    expect(v).toMatchObject({ speed: 1, battery: 64, status: 'driving', connection: 'ONLINE', lastHeartbeat: at.toISOString() });
  });

  it('keeps battery from state when visualization messages only move the vehicle', () => {
    const v = applyVisualization(applyState(blankVehicle('id', 'M', 'S', 'S', true), state(), campus, at),
      { timestamp: at.toISOString(), agvPosition: { x: 10, y: 0, theta: 0, mapId: 'm' } }, campus, at);
    expect(v).toMatchObject({ x: 10, battery: 64, speed: 1 });
  });

  it('stamps each message with its own time, and keeps the last place when a state has no position', () => {
    const first = applyState(blankVehicle('id', 'M', 'S', 'S', true), state(), campus, at);
    const later = new Date(at.getTime() + 1);
    const v = applyState(first, state({ agvPosition: undefined }), campus, later);
    expect(v).toMatchObject({ lastHeartbeat: later.toISOString(), lat: first.lat, lon: first.lon, mapId: 'm' });
    expect(applyVisualization(v, { timestamp: at.toISOString() }, campus, at).lastHeartbeat).toBe(at.toISOString());
    expect(first.lastHeartbeat).toBe(at.toISOString());
  });

  it('goes offline on a goodbye or after the heartbeat timeout, and back on the next message', () => {
    const v = applyState(blankVehicle('id', 'M', 'S', 'S', true), state(), campus, at);
    expect(applyConnection(v, 'OFFLINE', at)).toMatchObject({ status: 'offline', driving: false, speed: 0 });
    expect(timedOut(v, new Date(at.getTime() + 30_000), 30_000)).toBe(false);
    expect(timedOut(v, new Date(at.getTime() + 30_001), 30_000)).toBe(true);
    expect(timedOut({ ...v, status: 'offline' }, new Date(at.getTime() + 60_000), 30_000)).toBe(false);
    expect(applyState({ ...v, status: 'offline' }, state({ driving: false }), campus, at).status).toBe('idle');
  });
});

describe('vehicle loads', () => {
  it('keeps what the vehicle carries from its state', () => {
    const v = applyState(blankVehicle('id', 'M', 'S', 'S', true), state({ loads: [{ loadId: 'chair-7', loadType: 'wheelchair', weight: 95 }, {}] }), campus, at);
    expect(v.loads).toEqual([{ id: 'chair-7', type: 'wheelchair', weightKg: 95 }, { id: null, type: null, weightKg: null }]);
  });
});
