import { describe, expect, it } from 'vitest';
import { testCore } from '../testing.js';
import { blankVehicle } from './vehicle-state.js';

/** Deltas of the live vehicle feed while one vehicle changes every 5 ms for 600 ms, at the console's window. */
async function deltas(liveFeedMs: number): Promise<number[]> {
  const t = await testCore({ config: { liveFeedMs } });
  try {
    const api = await t.signedIn(['operator']);
    const feed = (await api.fleet.onVehicles())[Symbol.asyncIterator]();
    const at: number[] = [];
    let open = true;
    void (async () => {
      for (let m = await feed.next(); open && !m.done; m = await feed.next()) if (m.value.kind === 'delta') at.push(performance.now());
    })();
    const { bus } = t.core.context('direct');
    const end = performance.now() + 600;
    for (let i = 0; performance.now() < end; i++) {
      bus.emit('fleet.vehicle', { ...blankVehicle('11111111-1111-4111-8111-111111111111', 'M', 'v1', 'v1', false), battery: i % 100 });
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, liveFeedMs + 50));
    open = false;
    void feed.return?.();
    return at;
  } finally {
    await t.db.close();
  }
}

describe('the live vehicle feed window (liveFeedMs)', () => {
  it('sends a busy fleet at most once per window, and a shorter window more often', async () => {
    const short = await deltas(25);
    const long = await deltas(200);
    for (const at of [short, long]) expect(at.length).toBeGreaterThan(1);
    // Timed where they are received: a stalled event loop can bring two together, so the span is checked,
    // with one window of slack for the first message's own delay: n messages need (n - 2) full windows at least.
    const span = (at: number[]) => at[at.length - 1]! - at[0]!;
    expect(span(short)).toBeGreaterThanOrEqual((short.length - 2) * 24);
    expect(span(long)).toBeGreaterThanOrEqual((long.length - 2) * 199);
    // 600 ms: at most 4 deltas at 200 ms; a 25 ms window gives several times that even on a loaded machine.
    expect(long.length).toBeLessThanOrEqual(5);
    expect(short.length).toBeGreaterThan(2 * long.length);
  }, 90_000); // two cores, each on a fresh PGlite: on a loaded machine each start takes most of the default 30 s
});
