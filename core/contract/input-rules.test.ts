import { describe, expect, it } from 'vitest';
import { categoryForAlert, farFromSite, pickupTimeRefusal, placeRefusal } from './input-rules.js';

describe('input rules', () => {
  const now = new Date('2026-11-30T10:00:00Z');

  it('refuses a pick-up time in the past unless backdated, and one absurdly far ahead', () => {
    expect(pickupTimeRefusal('2020-01-01T09:00:00Z', now, false)).toMatch(/^The pick-up time is in the past/);
    expect(pickupTimeRefusal('2020-01-01T09:00:00Z', now, true)).toBeNull();
    expect(pickupTimeRefusal('2026-11-30T09:57:00Z', now, false)).toBeNull(); // a form filled in a few minutes ago
    expect(pickupTimeRefusal('2026-12-01T09:00:00Z', now, false)).toBeNull();
    expect(pickupTimeRefusal('2099-01-01T09:00:00Z', now, true)).toMatch(/more than 90 days ahead/);
  });

  it('offers rooms and entrances for residents, never chargers, docks or junctions', () => {
    expect(placeRefusal({ name: 'Linden Ward', kind: 'room' }, 'pick-up')).toBeNull();
    expect(placeRefusal({ name: 'Main Gate', kind: 'entrance' }, 'drop-off')).toBeNull();
    expect(placeRefusal({ name: 'Charger 1', kind: 'charger' }, 'pick-up')).toBe('Charger 1 is a charger, where vehicles charge, not a place to pick up a resident.');
    expect(placeRefusal({ name: 'Dock A', kind: 'dock' }, 'drop-off')).toBe('Dock A is a dock, where vehicles park, not a place to drop off a resident.');
    expect(placeRefusal({ name: null, kind: 'junction' }, 'pick-up')).toMatch(/^This place is a path junction/);
  });

  it('asks to confirm a place beyond the site’s radius', () => {
    const site = { name: 'Lindenhof', lat: 51.4418, lon: 5.4702, radiusKm: 10 };
    expect(farFromSite({ lat: 51.45, lon: 5.48 }, site)).toBeNull();
    expect(farFromSite({ lat: 51.9, lon: 4.4 }, site)).toMatch(/^This place is 8\d\.\d km from Lindenhof, further than its 10 km/);
    expect(farFromSite({ lat: -33.8688, lon: 151.2093 }, site)).toMatch(/^This place is 16,\d{3} km from Lindenhof/);
  });

  it('gives an alert’s incident the category of what happened', () => {
    expect(['fall', 'smoke', 'wandering', 'door_forced', 'vehicle_fatal_error', 'sensor_temperature', 'call_button', 'x'].map(categoryForAlert))
      .toEqual(['fall', 'fire', 'wandering', 'security', 'vehicle', 'environment', 'care', 'other']);
  });
});
