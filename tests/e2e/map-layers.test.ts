// The case layers on the City view (demo data): drawn from map.layers, a legend that hides and
// shows a layer, a click on a case selecting it (ringed), a click on a cluster zooming in.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

type MapHandle = import('maplibre-gl').Map;
const counts = (page: Page) => page.getByTestId('case-layers').getAttribute('data-counts');

/** The screen position of the first drawn point (or cluster) of `layer` that no panel covers and nothing lies on, or null. */
function screenPoint(page: Page, layer: string, cluster: boolean) {
  return page.evaluate(({ layer, cluster }) => {
    const map = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
    const box = map.getCanvas().getBoundingClientRect();
    const features = map.queryRenderedFeatures({ layers: [cluster ? `cases-${layer}-clusters` : `cases-${layer}-points`] });
    for (const f of features) {
      const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
      // Right of the city panel, left of the legend, and the feature on top at that pixel.
      if (p.x < 700 || p.x > box.width - 260 || p.y < 60 || p.y > box.height - 60) continue;
      // A cluster's count label lies on its circle.
      const top = map.queryRenderedFeatures([p.x, p.y])[0];
      if (!top?.layer.id.startsWith(f.layer.id)) continue;
      return { x: box.left + p.x, y: box.top + p.y, id: f.properties.id as string, zoom: map.getZoom() };
    }
    return null;
  }, { layer, cluster });
}

describe('case layers on the city map (demo data)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    external = await guardNetwork(context);
    // The test flag makes MapView expose its map, to find where features are drawn.
    await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('draws the layers the operator may read, with a legend that hides and shows one', async () => {
    await page.goto(`${host.url}#/city`);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await expect.poll(() => counts(page), { timeout: 30_000 }).toMatch(/requests:[1-9]\d*\/\d+/);
    // The legend starts closed, its head a button that says so; opened, it lists the layers.
    expect(await page.getByTestId('legend-layer').count()).toBe(0);
    expect(await page.getByTestId('legend-head').getAttribute('aria-expanded')).toBe('false');
    await page.getByTestId('legend-head').click();
    expect(await page.getByTestId('legend-layer').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-layer')))).toEqual(
      ['alerts', 'incidents', 'resources', 'reports', 'requests', 'assets', 'announcements']);
    const visibility = () => page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getLayoutProperty('cases-requests-points', 'visibility'));
    expect(await visibility()).toBe('visible');
    await page.getByTestId('legend-toggle-requests').uncheck();
    expect(await visibility()).toBe('none');
    await expect.poll(() => counts(page)).not.toContain('requests:');
    await page.getByTestId('legend-toggle-requests').check();
    expect(await visibility()).toBe('visible');
    await expect.poll(() => counts(page)).toContain('requests:');
    await page.screenshot({ path: 'test-results/map-layers-city.png' });
  });

  it('selects a case clicked on the map and rings it; a cluster clicked zooms in', async () => {
    const target = await screenPoint(page, 'requests', false) ?? await screenPoint(page, 'reports', false);
    expect(target, 'a request or report drawn where no panel covers it').not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    await expect.poll(() => page.evaluate(() => {
      const map = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
      return JSON.stringify([map.getFilter('cases-requests-selected'), map.getFilter('cases-reports-selected')]);
    })).toContain(target!.id);

    // The demo has two requests at the main entrance, clustered at the first zoom.
    const cluster = await screenPoint(page, 'requests', true);
    expect(cluster, 'a cluster of requests where no panel covers it').not.toBeNull();
    await page.mouse.click(cluster!.x, cluster!.y);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getZoom())).toBeGreaterThan(cluster!.zoom + 0.4);
    expect(external).toEqual([]);
  });
});
