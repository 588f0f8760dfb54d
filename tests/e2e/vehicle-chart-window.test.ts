// The vehicle panel's chart window (issue 16): 30 minutes read per second, 7 days per minute, as
// the panel says; the charts still draw the demo vehicle's battery at the longer window.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

describe('vehicle chart window', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '2', WATCHFLOOR_DEMO_SENSORS: '0' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external = await guardNetwork(context);
    page = await context.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('reads the resolution that fits the window chosen', async () => {
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 180_000 });
    await expect.poll(() => page.getByTestId('fleet-row').count(), { timeout: 120_000 }).toBe(2);
    await page.getByTestId('fleet-row').first().click();
    const resolution = page.getByTestId('vehicle-chart-resolution');
    await expect.poll(() => resolution.textContent().catch(() => ''), { timeout: 120_000 }).toBe('per-second data, points every 10 s');
    await page.getByTestId('vehicle-chart-window').selectOption(String(7 * 24 * 60));
    await expect.poll(() => resolution.textContent(), { timeout: 120_000 }).toBe('per-minute data, points every 56 min');
    await expect.poll(async () => Number(await page.getByTestId('chart-battery').getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
    mkdirSync('test-results', { recursive: true });
    await page.getByTestId('vehicle-panel').screenshot({ path: 'test-results/vehicle-chart-window.png' });
    expect(external).toEqual([]);
  }, 600_000);
});
