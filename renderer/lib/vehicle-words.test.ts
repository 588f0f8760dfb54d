import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.svelte.js';
import { orderWords, placeName } from './vehicle-words.js';

const places = [{ nodeId: 'main-house', name: 'Main House' }, { nodeId: 'rehab', name: 'Rehab Centre' }];
const mission = { vehicleId: 'v1', status: 'in_progress' as const, resident: 'Ann de Vries', pickup: 'Main House', dropoff: 'Rehab Centre' };

describe('a vehicle in words', () => {
  it('names the place a node is, and nothing for a point along a path', () => {
    expect(placeName('rehab', places)).toBe('Rehab Centre');
    expect(placeName('drive-bend', places)).toBeNull();
    expect(placeName(null, places)).toBeNull();
  });
  it('says which transport the vehicle runs, never its order id', () => {
    expect(orderWords('v1', 'order-7f3a', [mission])).toBe('Transport for Ann de Vries: Main House → Rehab Centre');
    expect(orderWords('v1', 'roam-sim-02-2', [{ ...mission, status: 'completed' }])).toBe('An order not from a transport');
    expect(orderWords('v2', 'roam-sim-02-2', [mission])).not.toContain('roam');
    expect(orderWords('v2', null, [])).toBe('No order');
  });
  it('says it in Dutch too', async () => {
    try {
      await setLocale('nl');
      expect(orderWords('v1', 'order-7f3a', [mission])).toBe('Transport voor Ann de Vries: Main House → Rehab Centre');
    } finally {
      await setLocale('en');
    }
  });
});
