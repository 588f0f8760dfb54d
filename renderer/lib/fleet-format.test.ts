import { describe, expect, it } from 'vitest';
import type { VehicleLive } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { ago, batteryText, factsheetFacts, referencesText, sortVehicles, statusText } from './fleet-format.js';

const vehicle = (name: string, over: Partial<VehicleLive> = {}): VehicleLive => ({
  id: crypto.randomUUID(), name, manufacturer: 'm', serialNumber: name, isNew: false, status: 'idle', connection: 'ONLINE',
  mapId: null, x: null, y: null, lat: null, lon: null, heading: null, speed: null, battery: null, charging: false, paused: false,
  driving: false, operatingMode: null, orderId: null, lastNodeId: null, errors: [], information: [], loads: [], lastHeartbeat: null, reportedAt: null, ...over,
});

describe('fleet formatting', () => {
  it('says how long ago in the largest whole unit', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(ago(null, now)).toBe('—');
    expect(ago('2026-01-01T11:59:57Z', now)).toBe('3 s ago');
    expect(ago('2026-01-01T12:00:02Z', now)).toBe('0 s ago');
    expect(ago('2026-01-01T11:55:00Z', now)).toBe('5 min ago');
    expect(ago('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2025-12-30T12:00:00Z', now)).toBe('2 d ago');
  });

  it('says it in Dutch too', async () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    try {
      await setLocale('nl');
      expect(ago('2026-01-01T09:00:00Z', now)).toBe('3 u geleden');
      expect(statusText('driving')).toBe('rijdt');
    } finally {
      await setLocale('en');
    }
    expect(statusText('driving')).toBe('driving');
  });

  it('rounds the battery', () => {
    expect(batteryText(86.6)).toBe('87%');
    expect(batteryText(null)).toBe('—');
  });

  it('sorts by status worst first, battery, last seen, with names breaking ties', () => {
    const vs = [
      vehicle('v10', { status: 'driving', battery: 50, lastHeartbeat: '2026-01-01T12:00:00Z' }),
      vehicle('v2', { status: 'error', battery: 90, lastHeartbeat: '2026-01-01T11:00:00Z' }),
      vehicle('v1', { status: 'driving', battery: 20 }),
    ];
    expect(sortVehicles(vs, { key: 'status', dir: 1 }).map((v) => v.name)).toEqual(['v2', 'v1', 'v10']);
    expect(sortVehicles(vs, { key: 'battery', dir: -1 }).map((v) => v.name)).toEqual(['v2', 'v10', 'v1']);
    expect(sortVehicles(vs, { key: 'seen', dir: 1 }).map((v) => v.name)).toEqual(['v10', 'v2', 'v1']);
    expect(sortVehicles(vs, { key: 'name', dir: 1 }).map((v) => v.name)).toEqual(['v1', 'v2', 'v10']);
  });
});

describe('factsheet and references in words', () => {
  it('lists what the factsheet gives, leaving out what it does not', async () => {
    const f = {
      receivedAt: '2026-11-30T10:00:00Z', seriesName: 'Carrier', seriesDescription: null, agvClass: 'CARRIER', agvKinematic: 'DIFF', maxLoadMassKg: 250,
      speedMaxMps: 1.4, speedMinMps: 0, accelerationMax: 0.5, decelerationMax: 1, lengthM: 1.4, widthM: 0.9, heightMaxM: null, actions: [], limits: [],
    };
    expect(factsheetFacts(f)).toEqual([['Series', 'Carrier'], ['Type', 'carrier · diff'], ['Max speed', '1.4 m/s'], ['Max load', '250 kg'], ['Size', '1.4 × 0.9 m'], ['Accel.', '0.5 / −1 m/s²']]);
    expect(factsheetFacts({ ...f, seriesName: null, agvClass: null, agvKinematic: null, speedMaxMps: null, maxLoadMassKg: null, lengthM: null, accelerationMax: null })).toEqual([]);
    try {
      await setLocale('nl');
      expect(factsheetFacts(f)[2]).toEqual(['Max. snelheid', '1,4 m/s']);
    } finally {
      await setLocale('en');
    }
  });

  it('writes references as key = value pairs', () => {
    expect(referencesText([{ key: 'actionId', value: 'a1' }, { key: 'topic', value: 'instantActions' }])).toBe('actionId = a1 · topic = instantActions');
    expect(referencesText([])).toBe('');
  });
});
