import { describe, expect, it } from 'vitest';
import { Bus } from '../bus.js';
import type { VehicleLive } from '../contract/index.js';
import { blankVehicle } from './vehicle-state.js';
import { coalesced, FEED_WINDOW, FeedCredits } from './feed.js';

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

  it('sends the snapshot again when changes were missed for good, so views reload', async () => {
    const bus = new Bus();
    const ac = new AbortController();
    const feed = coalesced<'missions.changed', { ids: string[] }>({
      bus, event: 'missions.changed', key: (e) => e.id, signal: ac.signal, intervalMs: 20,
      snapshot: () => ({ ids: [] }), delta: (changed) => ({ ids: changed.map((c) => c.id) }),
    })[Symbol.asyncIterator]();
    expect((await feed.next()).value).toEqual({ ids: [] });
    bus.emit('missions.changed', { id: 'm1' });
    expect((await feed.next()).value).toEqual({ ids: ['m1'] });
    bus.emit('missions.changed', { id: 'm2' });
    bus.emit('changes.reset', { seq: 42 });
    // Whatever was pending is covered by the reload.
    expect((await feed.next()).value).toEqual({ ids: [] });
    ac.abort();
  });
});

describe('a feed paced by its page', () => {
  it('sends no more than FEED_WINDOW undrawn messages, then the latest of each vehicle once the page catches up', async () => {
    const bus = new Bus();
    const ac = new AbortController();
    const credits = new FeedCredits();
    const { credit, close } = credits.open('u:f');
    const feed = coalesced<'fleet.vehicle', { kind: 'snapshot' | 'delta'; vehicles: VehicleLive[] }>({
      bus, event: 'fleet.vehicle', key: (e) => e.id, signal: ac.signal, intervalMs: 10, credit,
      snapshot: () => ({ kind: 'snapshot', vehicles: [] }),
      delta: (vehicles) => ({ kind: 'delta', vehicles }),
    });
    const got: Array<{ kind: string; vehicles: VehicleLive[] }> = [];
    let arrived: () => void = () => {};
    const reading = (async () => {
      for await (const m of feed) {
        got.push(m);
        arrived();
      }
    })();
    const next = () => new Promise<void>((r) => (arrived = r));
    await new Promise((r) => setTimeout(r, 5));
    // A page that draws nothing: 100 rounds of 20 vehicles reach it as one more message, no queue.
    for (let tick = 0; tick < 100; tick++) {
      for (let i = 0; i < 20; i++) bus.emit('fleet.vehicle', v(`v${i}`, tick));
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(got.length).toBe(FEED_WINDOW);
    // It draws them: the next message carries each vehicle once, at its latest value.
    const third = next();
    expect(credits.ack('u:f', 2)).toBe(true);
    await third;
    expect(got.length).toBe(3);
    const last = got[2]!.vehicles;
    expect(last.length).toBe(20);
    expect(last.every((x) => x.battery === 99)).toBe(true);
    // Only the same key speeds the feed up; a closed feed is forgotten.
    expect(credits.ack('other:f', 3)).toBe(false);
    ac.abort();
    await reading;
    close();
    expect(credits.size).toBe(0);
  });
});
