import { mkdirSync } from 'node:fs';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, localRequests, mapSettled, SITE_MAP, startHost, type Host } from './harness.js';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/fleet-${name}.png` });

/** Each listed vehicle's position, from the rows' test hooks. */
const positions = (page: Page): Promise<Record<string, string>> =>
  page.getByTestId('fleet-row').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-id')!, `${r.getAttribute('data-lat')},${r.getAttribute('data-lon')}`])),
  );

describe('the live fleet (demo, 5 vehicles, 2 sensors)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '5', WATCHFLOOR_DEMO_SENSORS: '2' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    external = await guardNetwork(context);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('draws the five vehicles and two sensors on the live map, and the vehicles move', async () => {
    await page.goto(host.url);
    const map = page.locator(SITE_MAP);
    await map.waitFor({ timeout: 60_000 });
    await expect.poll(() => map.getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('5');
    await expect.poll(() => map.getAttribute('data-sensors'), { timeout: 30_000 }).toBe('2');
    await expect.poll(() => page.getByTestId('fleet-row').count()).toBe(5);
    const before = await positions(page);
    expect(Object.values(before).every((p) => /^\d+\.\d+,\d+\.\d+$/.test(p))).toBe(true);
    // The demo publishes positions twice a second and its vehicles roam from the start.
    await expect
      .poll(async () => {
        const now = await positions(page);
        return Object.keys(before).filter((id) => now[id] !== before[id]).length;
      }, { timeout: 20_000, interval: 1000 })
      .toBeGreaterThanOrEqual(3);
    await shot(page, 'map');
  });

  it('sorts the list by battery when its header is clicked, and back', async () => {
    const batteries = async () => (await page.getByTestId('fleet-row').locator('.battery').allTextContents()).map((t) => Number.parseInt(t, 10));
    await page.getByTestId('sort-battery').click();
    const up = await batteries();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.getByTestId('sort-battery').click();
    const down = await batteries();
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await page.getByTestId('sort-status').click();
  });

  it('a click on a row selects the vehicle on the map and opens its panel, with its battery charted', async () => {
    const row = page.getByTestId('fleet-row').first();
    const id = (await row.getAttribute('data-id'))!;
    const name = (await row.getAttribute('data-name'))!;
    await row.click();
    const panel = page.locator(`[data-testid="vehicle-panel"][data-id="${id}"]`);
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).toBe(name);
    expect(await page.getByTestId('map').getAttribute('data-selected-vehicle')).toBe(id);
    expect(await row.getAttribute('aria-selected')).toBe('true');
    // Telemetry is averaged in 10 s buckets and the panel refreshes every 5 s.
    const chart = page.getByTestId('chart-battery');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000, interval: 1000 }).toBeGreaterThanOrEqual(2);
    // Drawn by uPlot: its canvas fills the chart's width.
    const canvas = chart.locator('canvas');
    await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0, { timeout: 10_000 }).toBeGreaterThan(200);
    // The battery line is on the canvas in its colour (#3fb950).
    const green = await canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 0x3f) < 40 && Math.abs(d[i + 1]! - 0xb9) < 40 && Math.abs(d[i + 2]! - 0x50) < 40 && d[i + 3]! > 128) n++;
      return n;
    });
    expect(green).toBeGreaterThan(20);
    expect(await page.getByTestId('vehicle-connections').textContent()).toContain('ONLINE');
    // Asked for when the vehicle was first seen, its VDA 5050 factsheet shows what it is and accepts.
    const sheet = page.getByTestId('vehicle-factsheet');
    await expect.poll(() => sheet.textContent(), { timeout: 60_000, interval: 1000 }).toContain('1.4 m/s');
    expect(await page.getByTestId('factsheet-instant').textContent()).toContain('startPause, stopPause, cancelOrder');
    await page.getByTestId('request-factsheet').click();
    await expect.poll(() => sheet.textContent(), { timeout: 20_000 }).toContain('Asked; the factsheet shows here');
    // The demo operator may not confirm vehicles (fleet:manage), so the panel says who can.
    expect(await page.getByTestId('confirm-vehicle').count()).toBe(0);
    await mapSettled(page); // the map eases the vehicle into view
    await shot(page, 'panel');
  });

  it('a refused message shows in the top bar counter, which opens the quarantine', async () => {
    const counter = page.getByTestId('ingest-counter');
    expect(await counter.getAttribute('data-quarantined')).toBe('0');
    // The embedded broker takes only its per-run credentials; the host leaves its URL for local tools.
    const brokerUrl = host.brokerUrl();
    const client = await mqtt.connectAsync(brokerUrl);
    await client.publishAsync('watchfloor/v1/lindenhof/sensors/e2e-1/reading', 'not json');
    await client.endAsync();
    await expect.poll(() => counter.getAttribute('data-quarantined'), { timeout: 20_000 }).toBe('1');
    expect(await counter.getAttribute('title')).toMatch(/last refused: .*JSON/);
    await counter.click();
    const entry = page.getByTestId('quarantine').getByTestId('quarantine-row');
    await expect.poll(() => entry.count(), { timeout: 10_000 }).toBe(1);
    expect(await entry.textContent()).toContain('watchfloor/v1/lindenhof/sensors/e2e-1/reading');
    await shot(page, 'quarantine');
  });

  it('made no request that left 127.0.0.1', () => {
    expect(external).toEqual([]);
    // …and the stories ran: their pages made requests, all on 127.0.0.1.
    expect(localRequests(external)).toBeGreaterThan(0);
  });
});
