import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

/**
 * Each view is its own chunk inside a boundary: one that fails to load or throws while it renders shows
 * its error in its place, and the rest of the console (top bar, nav, map, the other views) keeps working.
 */
describe('a failing view does not take the console down', () => {
  let browser: Browser;
  let host: Host | null = null;
  const externals: string[][] = [];
  let ran = 0;
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
  }, 240_000);
  afterEach(async () => {
    await host?.stop();
    host = null;
  });
  afterAll(async () => {
    await browser?.close();
    expect(ran).toBe(2);
    expect(externals.flat()).toEqual([]);
  });

  async function open(): Promise<Page> {
    host = await startHost({ WATCHFLOOR_DEMO_VEHICLES: '2', WATCHFLOOR_DEMO_SENSORS: '1', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    externals.push(await guardNetwork(context));
    const page = await context.newPage();
    page.on('pageerror', () => {});
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('2');
    return page;
  }

  /** The console still works: the live view opens with its list and the map still shows the fleet. */
  async function livesOn(page: Page): Promise<void> {
    await page.getByTestId('nav-live').click();
    await page.getByTestId('fleet-panel').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('2');
    expect(await page.getByTestId('view-failed').count()).toBe(0);
    expect(await page.getByTestId('shell').getAttribute('data-stale')).toBe('false');
  }

  it('a view that throws while it renders shows its error; the others keep working', async () => {
    const page = await open();
    // The reports view's chunk, replaced by a component that throws as it mounts.
    await page.route(/\/assets\/ReportsView-[^/]*\.js/, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: 'export default function ReportsView() { throw new Error("Reports broke on purpose"); }' }));
    await page.getByTestId('nav-reports').click();
    const failed = page.locator('[data-testid="view-failed"][data-view="reports"]');
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toContain('Reports broke on purpose');
    // The top bar and nav are still there, and the map behind it.
    expect(await page.getByTestId('nav-live').isVisible()).toBe(true);
    expect(await page.locator(SITE_MAP).count()).toBe(1);
    await page.screenshot({ path: 'test-results/view-boundary-throws.png' });
    await livesOn(page);
    ran++;
  }, 300_000);

  it('a view whose code cannot be loaded says so, and opens once it can', async () => {
    const page = await open();
    let refuse = true;
    await page.route(/\/assets\/AuditView-[^/]*\.js/, (route) => (refuse ? route.abort('connectionreset') : route.fallback()));
    await page.getByTestId('nav-audit').click();
    await page.locator('[data-testid="view-failed"][data-view="audit"]').waitFor({ timeout: 30_000 });
    await livesOn(page);
    // Back again once the code can be fetched: a new page load (what "Reload the console" does) opens it.
    refuse = false;
    await page.getByTestId('nav-audit').click();
    const failedAgain = page.locator('[data-testid="view-failed"][data-view="audit"]');
    await Promise.race([failedAgain.waitFor({ timeout: 30_000 }), page.getByTestId('view-audit').waitFor({ timeout: 30_000 })]);
    if (await failedAgain.count()) {
      await page.getByRole('button', { name: 'Reload the console' }).click();
    }
    await page.getByTestId('view-audit').waitFor({ timeout: 60_000 });
    ran++;
  }, 300_000);
});
