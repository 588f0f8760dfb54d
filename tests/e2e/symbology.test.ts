// The map at a glance and words instead of ids (issue 14 items 3 and 7), on the demo site at
// 1280×720: one icon per kind of case coloured by urgency, the fleet on the City map, the legend
// closed with the same shapes as the map, list panels folded and resized with the map padded to
// what they leave, follow for a mission, one form for times and no UUIDs outside a disclosure.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

type MapHandle = import('maplibre-gl').Map;
const KINDS = ['alerts', 'incidents', 'resources', 'requests', 'reports', 'assets'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** `siteWhen`: "05:35:07" today, "Sun 29 Nov 05:35:07" another day, "29 Nov 2025 05:35:07" another year (seconds optional). */
const WHEN = /^(?:(?:[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}|\d{1,2} [A-Z][a-z]{2} \d{4}) )?\d{2}:\d{2}(?::\d{2})?$/;

const box = async (page: Page, testId: string) => (await page.getByTestId(testId).boundingBox())!;
const settled = (page: Page) => page.locator('[data-testid="map"][data-moving="false"]').waitFor({ timeout: 30_000 });

describe('the map at a glance, and words instead of ids', () => {
  let host: Host;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  let ran = 0;
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '2', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external = await guardNetwork(context);
    await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
    page = await context.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(ran).toBe(3);
    expect(external).toEqual([]);
  });

  it('draws each kind of case with its own icon, the fleet on the City map, and a closed legend with the same shapes', async () => {
    await page.goto(`${host.url}#/city`);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('case-layers').getAttribute('data-counts'), { timeout: 30_000 }).toMatch(/requests:[1-9]/);
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 60_000 }).toBe('2');
    const styles = await page.evaluate((kinds) => {
      const m = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
      return kinds.map((k) => {
        const id = `cases-${k}-points`;
        return { type: m.getLayer(id)?.type, icon: JSON.stringify(m.getLayoutProperty(id, 'icon-image')), has: m.hasImage(`wf-case-${k}`), color: JSON.stringify(m.getPaintProperty(id, 'icon-color')) };
      });
    }, KINDS);
    for (const [i, k] of KINDS.entries()) expect(styles[i], k).toMatchObject({ type: 'symbol', icon: JSON.stringify(`wf-case-${k}`), has: true });
    // Colour is by urgency: incidents by priority, alerts by severity.
    expect(styles[1]!.color).toContain('priority');
    expect(styles[0]!.color).toContain('severity');
    // The icons are drawn, not only styled: the requests' symbols are on the canvas.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.queryRenderedFeatures({ layers: ['cases-requests-points'] }).length), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('legend-head').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('legend-layer').count()).toBe(0);
    await page.getByTestId('legend-head').click();
    for (const k of KINDS) expect(await page.locator(`[data-testid="legend-layer"][data-layer="${k}"] i.mark.${k}`).count(), k).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/symbology-city-legend.png' });
    await page.getByTestId('legend-head').click();
    ran++;
  }, 240_000);

  it('folds and widens list panels, remembers them, and pads the map to what they leave', async () => {
    // City: the board folds to a strip, stays folded after a reload, and opens again.
    const board = await box(page, 'city-board');
    expect(board.width).toBeGreaterThan(400);
    await page.getByTestId('panel-fold').click();
    await expect.poll(async () => (await box(page, 'city-board')).width).toBeLessThan(45);
    await page.screenshot({ path: 'test-results/symbology-city-folded.png' });
    await page.reload();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await page.getByTestId('panel-open').waitFor();
    expect((await box(page, 'city-board')).width).toBeLessThan(45);
    await page.getByTestId('panel-open').click();
    await expect.poll(async () => Math.round((await box(page, 'city-board')).width)).toBe(Math.round(board.width));

    // Live: three arrow presses on the fleet list's edge widen it by 72 px; the vehicle panel
    // opens beside it, and the map, flying to the vehicle, is padded by both.
    await page.evaluate(() => (location.hash = '/live'));
    await page.getByTestId('fleet-panel').waitFor();
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 60_000 }).toBe('2');
    const list = await box(page, 'fleet-panel');
    await page.getByTestId('panel-edge').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Math.round((await box(page, 'fleet-panel')).width)).toBe(Math.round(list.width) + 72);
    expect(Number(await page.getByTestId('panel-edge').getAttribute('aria-valuenow'))).toBe(420 + 72);
    await page.getByTestId('fleet-row').first().click();
    await page.getByTestId('vehicle-panel').waitFor();
    // The panel says what the vehicle does in words; its order, node and vehicle ids only under Identifiers.
    const vehicleId = (await page.getByTestId('vehicle-panel').getAttribute('data-id'))!;
    const shown = () => page.getByTestId('vehicle-panel').evaluate((p) => (p as HTMLElement).innerText);
    await expect.poll(shown, { timeout: 30_000 }).toMatch(/An order not from a transport|No order/);
    expect(await shown()).not.toMatch(/roam-sim|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await page.getByTestId('vehicle-ids').textContent()).toContain(vehicleId);
    const panel = await box(page, 'vehicle-panel');
    // Beside the widened list (both are placed from the map's left edge).
    expect(Math.round(panel.x - list.x)).toBe(492 + 12);
    // Its close button is not under the map's basemap chooser, which it reaches at this width.
    const close = (await page.getByTestId('vehicle-panel').getByRole('button', { name: /close/i }).first().boundingBox())!;
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="vehicle-panel"]') !== null, { x: close.x + close.width / 2, y: close.y + close.height / 2 })).toBe(true);
    await settled(page);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getPadding().left), { timeout: 30_000 }).toBe(12 + 492 + 12 + 390 + 12);
    await page.screenshot({ path: 'test-results/symbology-live-wide.png' });
    // The vehicle panel has its own edge and fold, and the map's padding follows it too.
    const padLeft = () => page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getPadding().left);
    const vehiclePanel = page.getByTestId('vehicle-panel');
    await vehiclePanel.getByTestId('panel-edge').focus();
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Math.round((await box(page, 'vehicle-panel')).width)).toBe(Math.round(panel.width) + 48);
    await vehiclePanel.getByTestId('panel-fold').click();
    await expect.poll(async () => (await box(page, 'vehicle-panel')).width).toBeLessThan(45);
    // The next flight to a selection is padded by the strip, not the panel.
    await page.getByTestId('fleet-row').first().click();
    await page.getByTestId('vehicle-panel').waitFor({ state: 'detached' });
    await page.getByTestId('fleet-row').first().click();
    await expect.poll(padLeft, { timeout: 30_000 }).toBe(12 + 492 + 12 + 36 + 12);
    await page.screenshot({ path: 'test-results/symbology-live-detail-folded.png' });
    await vehiclePanel.getByTestId('panel-open').click();
    await vehiclePanel.getByTestId('panel-edge').focus();
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Math.round((await box(page, 'vehicle-panel')).width)).toBe(Math.round(panel.width));
    await page.getByTestId('fleet-row').first().click();
    ran++;
  }, 240_000);

  it('shows times in one form and resources by name, their ids only behind a disclosure', async () => {
    // A service request's timeline: "05:35" or "Sun 29 Nov 05:35", not "11-30 05:35".
    await page.evaluate(() => (location.hash = '/city'));
    await page.getByTestId('city-row').nth(2).click();
    await page.getByTestId('city-detail').waitFor({ timeout: 30_000 });
    await page.getByTestId('case-event-when').first().waitFor({ timeout: 30_000 });
    const whens = await page.getByTestId('case-event-when').allTextContents();
    expect(whens.length).toBeGreaterThan(0);
    for (const w of whens) expect(w.trim()).toMatch(WHEN);

    // The audit log: times in the same form, resources by name; a UUID only inside the entry's Identifiers.
    await page.evaluate(() => (location.hash = '/audit'));
    await page.getByTestId('audit-row').first().waitFor({ timeout: 30_000 });
    const times = await page.locator('[data-testid="audit-row"] [role="cell"]:nth-child(2)').allTextContents();
    for (const t of times) expect(t.trim()).toMatch(WHEN);
    const resources = await page.getByTestId('audit-resource').allTextContents();
    expect(resources.some((r) => r.trim() !== '—')).toBe(true);
    for (const r of resources) expect(r).not.toMatch(UUID);
    const withResource = page.locator('[data-testid="audit-row"]').filter({ has: page.locator('[data-testid="audit-resource"]:not(:text-is("—"))') }).first();
    await withResource.click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    expect(await detail.evaluate((d) => (d as HTMLElement).innerText)).not.toMatch(UUID);
    const ids = page.getByTestId('audit-ids');
    expect(await ids.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await ids.locator('summary').click();
    expect(await ids.evaluate((d) => (d as HTMLElement).innerText)).toMatch(UUID);
    await page.screenshot({ path: 'test-results/symbology-audit.png' });
    ran++;
  }, 240_000);
});
