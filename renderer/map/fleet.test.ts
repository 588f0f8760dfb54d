import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.svelte.js';
import { ARROW_ICON, DOT_ICON, fleetLayers, sensorLabel, SERVICE_COLORS, vehicleLabel, vehiclesData } from './fleet.js';

describe('fleet map data', () => {
  it('labels vehicles with name and battery, sensors with value and unit', async () => {
    expect(vehicleLabel({ name: 'sim-01', battery: 86.6 })).toBe('sim-01 · 87%');
    expect(vehicleLabel({ name: 'sim-01', battery: null })).toBe('sim-01');
    expect(sensorLabel({ name: 't', value: 11.24, unit: '°C' })).toBe('11.2 °C');
    expect(sensorLabel({ name: 't', value: 3, unit: null })).toBe('3');
    expect(sensorLabel({ name: 't', value: null, unit: 'dB' })).toBe('t');
    expect(sensorLabel({ name: 't', value: 1013.25, unit: 'hPa' })).toBe('1013.3 hPa');
    expect(sensorLabel({ name: 't', value: -0.02, unit: '°C' })).toBe('0 °C');
    try {
      await setLocale('nl');
      expect(sensorLabel({ name: 't', value: 11.24, unit: '°C' })).toBe('11,2 °C');
      expect(vehicleLabel({ name: 'x', battery: 5, service: { state: 'maintenance' } as never })).toBe('x · in onderhoud');
    } finally {
      await setLocale('en');
    }
  });

  it('draws vehicles with a position, arrows only where the heading is known', () => {
    const base = { name: 'v', battery: 50, status: 'driving' as const };
    const fc = vehiclesData([
      { ...base, id: 'a', lat: 51, lon: 5, heading: 90 },
      { ...base, id: 'b', lat: 51, lon: 5, heading: null },
      { ...base, id: 'c', lat: null, lon: null, heading: 10 },
    ] as never);
    expect(fc.features.map((f) => [f.properties!.id, f.properties!.icon, f.properties!.heading])).toEqual([['a', ARROW_ICON, 90], ['b', DOT_ICON, 0]]);
    expect(fc.features[0]!.geometry.coordinates).toEqual([5, 51]);
  });

  it('colours every status', () => {
    const layer = fleetLayers(null).find((l) => l.id === 'fleet-vehicles') as { paint: { 'icon-color': unknown[] } };
    const color = layer.paint['icon-color'];
    for (const s of ['idle', 'driving', 'charging', 'paused', 'error', 'offline']) expect(color.flat(3)).toContain(s);
    // Out of service wins over what the vehicle reports.
    expect(color.slice(0, 6)).toEqual(['match', ['get', 'service'], 'maintenance', SERVICE_COLORS.maintenance, 'decommissioned', SERVICE_COLORS.decommissioned]);
  });

  it('says on the map that a vehicle is in maintenance or decommissioned', () => {
    const v = { id: 'a', name: 'sim-02', battery: 80, status: 'idle' as const, lat: 51, lon: 5, heading: 0 };
    const service = { state: 'maintenance' as const, reason: 'wheel', since: '2026-11-30T10:00:00Z', ticketId: null };
    const [f] = vehiclesData([{ ...v, service }] as never).features;
    expect(f!.properties).toMatchObject({ service: 'maintenance', label: 'sim-02 · in maintenance' });
    expect(vehiclesData([v] as never).features[0]!.properties).toMatchObject({ service: '', label: 'sim-02 · 80%' });
    expect(vehicleLabel({ name: 'x', battery: 5, service: { ...service, state: 'decommissioned' } })).toBe('x · decommissioned');
  });
});
