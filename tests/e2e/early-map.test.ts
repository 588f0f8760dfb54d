import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

/**
 * A restarted console draws the map at the last site's view before its core answers: the page
 * holds its socket as the host does while the database opens, and the basemap is drawn from the
 * host's own files meanwhile, greyed and saying so. Once the core answers, the same map goes on
 * as the site's. Nothing is drawn behind the sign-in form. A browser that kept no view draws the
 * demo site on a demo console (the host names it).
 */
/** Holds the page's tRPC socket until the returned function is called; the test hook exposes the map's camera. */
async function holdSocket(context: BrowserContext): Promise<() => void> {
  await context.addInitScript(() => ((window as unknown as { __watchfloorTest: boolean }).__watchfloorTest = true));
  let release!: () => void;
  const held = new Promise<void>((ok) => (release = ok));
  await context.routeWebSocket(/\/trpc/, async (ws) => {
    await held;
    ws.connectToServer();
  });
  return release;
}

const mapCentre = (page: Page) => page.evaluate(() => (window as unknown as { __watchfloorMap: { getCenter(): { lng: number; lat: number } } }).__watchfloorMap.getCenter());

describe('the map before the core answers', () => {
  let host: Host;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '2', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('draws the last site view while the socket waits, then the same map becomes the site\'s, live', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const external = await guardNetwork(context);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    const kept = JSON.parse((await page.evaluate(() => localStorage.getItem('watchfloor.siteView')))!);
    expect(kept).toEqual({ lon: expect.any(Number), lat: expect.any(Number) });

    // The socket is held, as the host holds it until its core is up.
    const release = await holdSocket(context);
    await page.reload();
    const map = page.locator('[data-testid="map"][data-ready="true"][data-early="true"]');
    await map.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('shell').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('early-map').textContent()).toMatch(/Checking your session/);
    expect(await page.getByTestId('stale-banner').getAttribute('data-why')).toBe('starting');
    expect(await page.getByTestId('sign-in').count()).toBe(0);
    expect(await map.getAttribute('data-vehicles')).toBe('0');
    // Centred where the site was (the test hook exposes the map's camera).
    const centre = await mapCentre(page);
    expect(centre.lng).toBeCloseTo(kept.lon, 5);
    expect(centre.lat).toBeCloseTo(kept.lat, 5);
    await page.evaluate(() => document.querySelector('[data-testid="map"]')!.setAttribute('data-mark', 'early'));
    await page.screenshot({ path: 'test-results/early-map.png' });

    release();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('2');
    expect(await page.getByTestId('map').getAttribute('data-mark')).toBe('early'); // the same map, not drawn again
    await expect.poll(() => page.getByTestId('shell').getAttribute('data-stale')).toBe('false');
    expect(await page.getByTestId('early-map').count()).toBe(0);

    // Signed out: the sign-in form alone, though the last view is still kept.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('sign-in').locator('input[type="password"]').waitFor();
    expect(await page.getByTestId('map').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('watchfloor.siteView'))).not.toBeNull();
    expect(external).toEqual([]);
    await context.close();
  }, 300_000);

  it('a first demo run, with nothing kept in the browser, draws the map at the demo site while the socket waits', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const external = await guardNetwork(context);
    const release = await holdSocket(context);
    const page = await context.newPage();
    await page.goto(host.url);
    const map = page.locator('[data-testid="map"][data-ready="true"][data-early="true"]');
    await map.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => localStorage.getItem('watchfloor.siteView'))).toBeNull();
    expect(await page.getByTestId('stale-banner').getAttribute('data-why')).toBe('starting');
    const centre = await mapCentre(page);
    expect(centre.lng).toBeCloseTo(5.4711, 5); // the demo site, Lindenhof
    expect(centre.lat).toBeCloseTo(51.4426, 5);

    release();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('2');
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('watchfloor.siteView')))!)).toEqual({ lon: 5.4711, lat: 51.4426 });
    expect(external).toEqual([]);
    await context.close();
  }, 300_000);
});
