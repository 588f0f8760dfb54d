import { describe, expect, it } from 'vitest';
import { ARROW_ICON, DOT_ICON, fleetLayers, sensorLabel, vehicleLabel, vehiclesData } from './fleet.js';

describe('fleet map data', () => {
  it('labels vehicles with name and battery, sensors with value and unit', () => {
    expect(vehicleLabel({ name: 'sim-01', battery: 86.6 })).toBe('sim-01 · 87%');
    expect(vehicleLabel({ name: 'sim-01', battery: null })).toBe('sim-01');
    expect(sensorLabel({ name: 't', value: 11.24, unit: '°C' })).toBe('11.2 °C');
    expect(sensorLabel({ name: 't', value: 3, unit: null })).toBe('3');
    expect(sensorLabel({ name: 't', value: null, unit: 'dB' })).toBe('t');
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
    for (const s of ['idle', 'driving', 'charging', 'paused', 'error', 'offline']) expect(color).toContain(s);
  });
});
