import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, startHost, type Host } from './harness.js';

const VIEWS = ['live', 'missions', 'incidents', 'city', 'audit', 'settings'] as const;
const SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }];

/** Elements of the top bar whose text is cut (wider than their box) without a tooltip saying it in full. */
const truncated = (page: Page) => page.locator('header.topbar').evaluate((bar) => {
  const cut: string[] = [];
  for (const el of bar.querySelectorAll<HTMLElement>('*')) {
    // Only a box that clips (overflow other than visible) can cut its text; a popover overflowing its anchor cuts nothing.
    if (el.closest('[hidden]') || !el.offsetParent || !el.textContent?.trim() || getComputedStyle(el).overflowX === 'visible') continue;
    if (el.scrollWidth > el.clientWidth + 1 && !el.closest('[title]')?.getAttribute('title')) cut.push(`${el.className}: ${el.textContent.trim()}`);
  }
  // The bar itself fits the window: nothing pushed out past its right edge.
  if (bar.scrollWidth > bar.clientWidth + 1) cut.push(`top bar overflows by ${bar.scrollWidth - bar.clientWidth} px`);
  return cut;
});

/**
 * Each view at 1280×720 and 1920×1080: nothing in the top bar is cut without a tooltip, the
 * statuses are one indicator whose details show in full, and a screenshot of each view for docs/screenshots.
 */
describe('views at 1280×720 and 1920×1080', () => {
  let host: Host;
  let browser: Browser;
  const external: string[] = [];
  let ran = 0;
  beforeAll(async () => {
    mkdirSync('docs/screenshots', { recursive: true });
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '6', WATCHFLOOR_DEMO_SENSORS: '4' }), launchChromium()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    expect(ran).toBe(SIZES.length + 1);
    expect(external).toEqual([]);
  });

  for (const size of SIZES) {
    it(`${size.width}×${size.height}: every view with its top bar whole`, async () => {
      const context = await browser.newContext({ viewport: size });
      external.push(...(await guardNetwork(context)));
      const page = await context.newPage();
      await page.goto(host.url);
      await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
      await expect.poll(() => page.getByTestId('health').getAttribute('data-level'), { timeout: 30_000 }).toBe('ok');
      expect(await page.getByTestId('health').textContent()).toContain('All systems normal');
      for (const view of VIEWS) {
        await page.evaluate((v) => (location.hash = `/${v}`), view);
        await page.locator(`[data-testid="nav-${view}"][aria-current="page"]`).waitFor({ timeout: 10_000 });
        await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
        if (view === 'live') await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('6');
        expect(await truncated(page), `${view} at ${size.width}`).toEqual([]);
        await page.screenshot({ path: `docs/screenshots/${view}-${size.width}x${size.height}.png` });
      }
      // The statuses in full, on a click.
      await page.getByTestId('health').click();
      const details = page.getByTestId('health-details');
      await details.waitFor();
      expect(await details.textContent()).toMatch(/Embedded database · PostgreSQL.*Embedded broker connected/s);
      expect(await truncated(page)).toEqual([]);
      await page.screenshot({ path: `docs/screenshots/health-${size.width}x${size.height}.png` });
      await page.keyboard.press('Escape');
      await details.waitFor({ state: 'hidden' });
      await context.close();
      ran++;
    }, 300_000);
  }

  it('keyboard: ? lists the shortcuts, a number switches the view, Escape closes the list (typing in a field is left alone: unit test)', async () => {
    const context = await browser.newContext({ viewport: SIZES[0] });
    external.push(...(await guardNetwork(context)));
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.keyboard.press('?');
    const list = page.getByTestId('shortcuts');
    await list.waitFor();
    expect(await list.textContent()).toMatch(/Go to Missions.*Open the most urgent unacknowledged alert.*Acknowledge the open alert/s);
    await page.screenshot({ path: 'docs/screenshots/shortcuts-1280x720.png' });
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await page.keyboard.press('3');
    await page.locator('[data-testid="nav-missions"][aria-current="page"]').waitFor();
    await page.keyboard.press('4');
    await page.locator('[data-testid="nav-incidents"][aria-current="page"]').waitFor();
    await page.keyboard.press('1');
    await page.locator('[data-testid="nav-live"][aria-current="page"]').waitFor();
    await context.close();
    ran++;
  }, 300_000);
});
