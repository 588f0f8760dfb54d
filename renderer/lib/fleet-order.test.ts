import { describe, expect, it } from 'vitest';
import type { VehicleLive } from '../../core/contract/index.js';
import { orderChanged, visibleRange } from './fleet-order.js';

const v = (id: string, over: Partial<VehicleLive> = {}) => ({ id, name: id, status: 'driving', battery: 50, lastHeartbeat: null, reportedAt: '2026-11-30T10:00:00Z', ...over }) as VehicleLive;

describe('fleet list order', () => {
  it('sorts again only when a vehicle is new or its sort key changed, not when it only moved', () => {
    const before = new Map([['a', v('a')], ['b', v('b')]]);
    expect(orderChanged(before, [v('a', { lat: 51.1, lon: 5.1 } as Partial<VehicleLive>)], 'status')).toBe(false);
    expect(orderChanged(before, [v('a', { battery: 49 })], 'status')).toBe(false);
    expect(orderChanged(before, [v('a', { battery: 49 })], 'battery')).toBe(true);
    expect(orderChanged(before, [v('a', { status: 'error' })], 'status')).toBe(true);
    expect(orderChanged(before, [v('c')], 'name')).toBe(true);
    expect(orderChanged(before, [v('a', { name: 'z' })], 'status')).toBe(true);
  });

  it('shows only the rows in view, with a few spare', () => {
    expect(visibleRange(0, 320, 32, 1000)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(3200, 320, 32, 1000)).toEqual({ start: 95, end: 115 });
    expect(visibleRange(31_800, 320, 32, 1000)).toEqual({ start: 988, end: 1000 });
    expect(visibleRange(0, 320, 32, 3)).toEqual({ start: 0, end: 3 });
  });
});
