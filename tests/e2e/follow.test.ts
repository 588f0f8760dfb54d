import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

type MapHandle = {
  on: (e: string, f: () => void) => void;
  jumpTo: (o: object) => void;
  project: (ll: [number, number]) => { x: number; y: number };
  getContainer: () => HTMLElement;
  getPadding: () => { left: number; right: number; top: number; bottom: number };
};

/** Where the selected vehicle is on screen, relative to the camera's (padded) centre, in pixels; and how far it is from where it started, in metres. */
const offCentre = (page: Page, id: string) => page.evaluate((id) => {
  const map = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
  const row = document.querySelector(`[data-testid="fleet-row"][data-id="${id}"]`)!;
  const p = map.project([Number(row.getAttribute('data-lon')), Number(row.getAttribute('data-lat'))]);
  const c = map.getContainer();
  const pad = map.getPadding();
  const cx = pad.left + (c.clientWidth - pad.left - pad.right) / 2;
  const cy = pad.top + (c.clientHeight - pad.top - pad.bottom) / 2;
  return Math.hypot(p.x - cx, p.y - cy);
}, id);

describe('the camera and a selected vehicle', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let ran = 0;
  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '2', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external = await guardNetwork(context);
    await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(ran).toBe(1);
    expect(external).toEqual([]);
  });

  it('stays put while a selected vehicle moves, and follows it in follow mode', async () => {
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('2');
    expect(await page.getByTestId('follow-toggle').isDisabled()).toBe(true);
    const id = (await page.getByTestId('fleet-row').first().getAttribute('data-id'))!;
    // That vehicle's row wherever the list sorts it (a moving fleet re-sorts).
    const row = page.locator(`[data-testid="fleet-row"][data-id="${id}"]`);
    await row.click();
    // Close in, where a metre is about ten pixels, and count the camera's moves from here on.
    await page.evaluate(() => {
      const w = window as unknown as { __watchfloorMap: MapHandle; __moves: number };
      w.__moves = 0;
      w.__watchfloorMap.on('movestart', () => w.__moves++);
    });
    await page.waitForFunction(() => !(window as unknown as { __watchfloorMap: { isEasing: () => boolean } }).__watchfloorMap.isEasing());
    await page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.jumpTo({ zoom: 20 }));
    const moves = () => page.evaluate(() => (window as unknown as { __moves: number }).__moves);
    const settled = await moves();
    // Not following: the vehicle drives off centre and the camera does not move with each message.
    await expect.poll(() => offCentre(page, id), { timeout: 60_000, interval: 500 }).toBeGreaterThan(40);
    expect(await moves()).toBe(settled);
    // Following: the camera brings it back and keeps it at the centre as it moves on.
    await page.getByTestId('follow-toggle').click();
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => offCentre(page, id), { timeout: 30_000, interval: 500 }).toBeLessThan(20);
    const before = await row.getAttribute('data-lon');
    await expect.poll(() => row.getAttribute('data-lon'), { timeout: 30_000, interval: 500 }).not.toBe(before);
    // Where it has moved to, the camera follows (its ease takes a moment; a busy machine's, longer).
    await expect.poll(() => offCentre(page, id), { timeout: 10_000, interval: 200 }).toBeLessThan(20);
    await page.screenshot({ path: 'test-results/follow.png' });
    // Closing the selection ends follow mode.
    await row.click();
    await expect.poll(() => page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('false');
    ran++;
  }, 180_000);
});
