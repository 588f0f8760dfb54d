import { describe, expect, it } from 'vitest';
import { Bus } from '../bus.js';
import type { VehicleLive } from '../contract/index.js';
import { blankVehicle } from './vehicle-state.js';
import { coalesced } from './feed.js';

const v = (id: string, battery: number): VehicleLive => ({ ...blankVehicle(id, 'M', id, id, false), battery });

describe('coalesced live feed', () => {
  it('sends a snapshot, then at most one delta per interval with only the latest of each changed vehicle', async () => {
    const bus = new Bus();
    const ac = new AbortController();
    const feed = coalesced<'fleet.vehicle', { kind: 'snapshot' | 'delta'; vehicles: VehicleLive[] }>({
      bus, event: 'fleet.vehicle', key: (e) => e.id, signal: ac.signal, intervalMs: 100,
      snapshot: () => ({ kind: 'snapshot', vehicles: [] }),
      delta: (vehicles) => ({ kind: 'delta', vehicles }),
    });
    const got: Array<{ kind: string; vehicles: VehicleLive[]; t: number }> = [];
    const reading = (async () => {
      for await (const m of feed) got.push({ ...m, t: performance.now() });
    })();
    await new Promise((r) => setTimeout(r, 10));
    // 50 vehicles at 100 Hz each for one second: 5000 events.
    const start = performance.now();
    for (let tick = 0; tick < 100; tick++) {
      for (let i = 0; i < 50; i++) bus.emit('fleet.vehicle', v(`v${i}`, tick));
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 250));
    ac.abort();
    await reading;
    const elapsed = (performance.now() - start) / 1000;

    expect(got[0]!.kind).toBe('snapshot');
    const deltas = got.slice(1);
    expect(deltas.length).toBeLessThanOrEqual(Math.ceil(elapsed * 10) + 1);
    expect(deltas.length).toBeGreaterThan(3);
    for (let i = 1; i < deltas.length; i++) expect(deltas[i]!.t - deltas[i - 1]!.t).toBeGreaterThanOrEqual(99);
    for (const d of deltas) expect(new Set(d.vehicles.map((x) => x.id)).size).toBe(d.vehicles.length);
    // The last delta carries every vehicle's last value.
    const last = new Map(deltas.flatMap((d) => d.vehicles).map((x) => [x.id, x.battery]));
    expect(last.size).toBe(50);
    expect([...last.values()].every((b) => b === 99)).toBe(true);
  });
});
