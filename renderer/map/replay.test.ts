import { describe, expect, it } from 'vitest';
import type { ReplayState } from '../../core/contract/index.js';
import { circleRing, replayData, replayLabels, replayStyle } from './replay.js';

const node = (nodeId: string, lon: number) => ({ nodeId, name: nodeId, lat: 51.44, lon });
const state: ReplayState = {
  at: '2026-11-22T09:10:00.000Z',
  vehicles: [
    { id: 'v1', name: 'sim-01', status: 'driving', lat: 51.44, lon: 5.47, heading: 90, speed: 1.2, battery: 80.4, reportedAt: null, track: [[5.469, 51.44], [5.47, 51.44]] },
    { id: 'v2', name: 'sim-02', status: 'offline', lat: null, lon: null, heading: null, speed: null, battery: null, reportedAt: null, track: [] },
  ],
  sensors: [{ id: 's1', name: 'Hall', kind: 'temperature', unit: '°C', value: 21.26, at: null, lat: 51.441, lon: 5.471 }],
  missions: [
    { id: 'm1', status: 'in_progress', vehicleId: 'v1', priority: 'normal', pickup: node('a', 5.47), dropoff: node('b', 5.48), path: [[5.47, 51.44], [5.475, 51.441], [5.48, 51.44]], lastEvent: 'started' },
    { id: 'm2', status: 'completed', vehicleId: 'v1', priority: 'normal', pickup: node('c', 5.47), dropoff: node('d', 5.48), path: [], lastEvent: 'completed' },
  ],
  alerts: [
    { id: 'a1', title: 'Smoke', severity: 2, status: 'new', lat: 51.442, lon: 5.472, receivedAt: '' },
    { id: 'a2', title: 'Door', severity: 4, status: 'dismissed', lat: 51.442, lon: 5.473, receivedAt: '' },
    { id: 'a3', title: 'Nowhere', severity: 4, status: 'new', lat: null, lon: null, receivedAt: '' },
  ],
  incidents: [{ id: 'i1', number: 'LIN-2026-00001', title: 'Fall', priority: 1, status: 'on_scene', lat: 51.443, lon: 5.47, createdAt: '' }],
  resources: [{ id: 'r1', name: 'Nurse', lat: 51.44, lon: 5.47, incidentId: 'i1' }],
  announcements: [{ id: 'n1', title: 'Works', severity: 'warning', areaType: 'circle', lat: 51.44, lon: 5.47, radiusM: 50, polygon: null }],
};

describe('replay on the map', () => {
  it('draws each part of the past once, what is over faded, and nothing without a place', () => {
    const fc = replayData(state);
    const by = (layer: string) => fc.features.filter((f) => f.properties!.layer === layer).map((f) => f.properties!);
    expect(by('vehicle')).toEqual([{ layer: 'vehicle', id: 'v1', status: 'driving', label: 'sim-01 · 80%' }]);
    expect(by('track').map((p) => p.id)).toEqual(['v1']);
    expect(by('route').map((p) => [p.id, p.past])).toEqual([['m1', false], ['m2', true]]);
    // Along the site's paths where core found one, else the straight line.
    const lines = fc.features.filter((f) => f.properties!.layer === 'route').map((f) => (f.geometry as { coordinates: number[][] }).coordinates.length);
    expect(lines).toEqual([3, 2]);
    expect(by('point').map((p) => [p.kind, p.label, p.past ?? false])).toEqual([
      ['sensor', '21.3 °C', false], ['resource', 'Nurse', false], ['incident', 'LIN-2026-00001 · on scene', false], ['alert', 'Smoke', false], ['alert', 'Door', true],
    ]);
    expect(by('area')).toHaveLength(1);
    expect(replayData(null).features).toEqual([]);
  });

  it('styles each part, what is over faded', () => {
    const style = (layer: string, extra: Record<string, unknown> = {}) => replayStyle({ layer, ...extra });
    expect(style('vehicle', { status: 'driving' })).toMatchObject({ r: '8', stroke: '#fff' });
    expect(style('vehicle', { status: 'no-such-status' }).fill).toBe(style('vehicle', { status: 'offline' }).fill);
    expect(style('route').fill).toBe('none');
    expect([style('route')['stroke-opacity'], style('route', { past: true })['stroke-opacity']]).toEqual(['0.9', '0.3']);
    expect([style('point', { kind: 'alert' }).r, style('point', { kind: 'incident' }).r, style('point', { kind: 'sensor' }).r]).toEqual(['9', '10', '5']);
    expect(style('point', { kind: 'alert', past: true }).opacity).toBe('0.35');
    expect(style('area', { severity: 'critical' })['fill-opacity']).toBe('0.15');
  });

  it("labels the vehicles and points, an alert's and an incident's first, then the vehicles, then the rest; what is over faded", () => {
    const labels = replayLabels(replayData(state));
    expect(labels.map((l) => [l.text, l.bold ?? false, l.past ?? false])).toEqual([
      ['Smoke', false, false], ['Door', false, true], ['LIN-2026-00001 · on scene', false, false], ['sim-01 · 80%', true, false], ['21.3 °C', false, false], ['Nurse', false, false],
    ]);
    expect(labels.find((l) => l.text === 'Nurse')).toMatchObject({ lon: 5.47, lat: 51.44 });
    expect(new Set(labels.map((l) => l.id)).size).toBe(labels.length);
  });

  it('rings a circle closed, its radius away from the centre', () => {
    const ring = circleRing(5.47, 51.44, 100);
    expect(ring[0]).toEqual(ring.at(-1));
    const north = ring[12]!;
    expect((north[1] - 51.44) * 111_320).toBeCloseTo(100, 5);
  });
});
