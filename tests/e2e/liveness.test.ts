import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

/** A console that has lost its core never looks live: the page is greyed within 3 s, says since when and what to do. */
describe('liveness: the page when core stops, hangs or restarts', () => {
  let browser: Browser;
  const hosts: Host[] = [];
  const externals: string[][] = [];
  let ran = 0;
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) {
      if (h.proc.exitCode === null && h.proc.signalCode === null) h.proc.kill('SIGCONT');
      await h.stop();
    }
  });
  afterAll(async () => {
    await browser?.close();
    // Each story ran and none of them reached past 127.0.0.1.
    expect(ran).toBe(3);
    expect(externals.flat()).toEqual([]);
  });

  async function open(env: Record<string, string> = {}): Promise<{ host: Host; page: Page }> {
    const host = await startHost({ WATCHFLOOR_DEMO_VEHICLES: '2', WATCHFLOOR_DEMO_SENSORS: '1', WATCHFLOOR_DEMO_ALERT_SECONDS: '0', ...env });
    hosts.push(host);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    externals.push(await guardNetwork(context));
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('2');
    expect(await page.getByTestId('shell').getAttribute('data-stale')).toBe('false');
    return { host, page };
  }

  /**
   * Runs `stop` and returns how long the page took to mark itself stale after it, by the page's own
   * record of the moment (a MutationObserver), not by when this process next looked: on a busy
   * machine the test's polling adds its own delay. Both read the same wall clock.
   */
  async function staleAfter(page: Page, stop: () => void): Promise<number> {
    await page.evaluate(() => {
      const shell = document.querySelector('[data-testid="shell"]')!;
      const w = window as unknown as { staleAt?: number };
      delete w.staleAt;
      new MutationObserver((_, o) => {
        if (shell.getAttribute('data-stale') !== 'true') return;
        w.staleAt = Date.now();
        o.disconnect();
      }).observe(shell, { attributes: true, attributeFilter: ['data-stale'] });
    });
    const from = Date.now();
    stop();
    await page.locator('[data-testid="shell"][data-stale="true"]').waitFor({ timeout: 10_000 });
    return (await page.evaluate(() => (window as unknown as { staleAt: number }).staleAt)) - from;
  }

  const grey = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).filter);

  it('a killed core: within 3 s the map, the fleet list and the top bar are greyed, with since when and a banner', async () => {
    const { host, page } = await open();
    expect(await staleAfter(page, () => host.proc.kill('SIGKILL'))).toBeLessThan(3000);
    expect(await grey(page, '[data-testid="map"]')).toContain('grayscale');
    expect(await grey(page, '[data-testid="fleet-panel"]')).toContain('grayscale');
    expect(await page.getByTestId('db-status').textContent()).toMatch(/Not live since \d\d:\d\d:\d\d/);
    const banner = page.getByTestId('stale-banner');
    expect(await banner.textContent()).toMatch(/Lost the console's core at \d\d:\d\d:\d\d.*reconnecting/);
    await page.screenshot({ path: 'test-results/liveness-killed.png' });
    ran++;
  }, 300_000);

  it('a core that hangs (stopped, socket still open) is caught by the heartbeat, and the page is live again when it resumes', async () => {
    const { host, page } = await open();
    expect(await staleAfter(page, () => host.proc.kill('SIGSTOP'))).toBeLessThan(3500);
    expect(await page.getByTestId('stale-banner').getAttribute('data-why')).toMatch(/silent|unreachable/);
    host.proc.kill('SIGCONT');
    await page.locator('[data-testid="shell"][data-stale="false"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('stale-banner').count()).toBe(0);
    // The fleet streams again: the vehicles are drawn and move on.
    await expect.poll(() => page.getByTestId('map').getAttribute('data-vehicles'), { timeout: 30_000 }).toBe('2');
    ran++;
  }, 300_000);

  it('after a restart the page says how to get back in instead of retrying a refused socket, and the new address works', async () => {
    const { host, page } = await open();
    const port = new URL(host.url).port;
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await staleAfter(page, () => host.proc.kill('SIGKILL'));
    const again = await startHost({ WATCHFLOOR_DATA_DIR: host.dataDir, WATCHFLOOR_PORT: port, WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' });
    hosts.push(again);
    const banner = page.locator('[data-testid="stale-banner"][data-why="restarted"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toMatch(/restarted.*open the address it printed/);
    await page.screenshot({ path: 'test-results/liveness-restarted.png' });
    // The socket stopped trying: over the next 8 s of the page's clock at most the one attempt already under
    // way when it stopped (a socket still retrying tries at least every 3 s, so two or more).
    const attempts = sockets;
    const refused = () => again.output.join('').split('websocket refused').length;
    const refusedBefore = refused();
    const t = await page.evaluate(() => performance.now());
    await page.waitForFunction((t0) => performance.now() > t0 + 8000, t, { polling: 500 });
    expect(sockets - attempts).toBeLessThanOrEqual(1);
    expect(refused() - refusedBefore).toBeLessThanOrEqual(1);
    await page.goto(again.url);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('shell').getAttribute('data-stale')).toBe('false');
    ran++;
  }, 400_000);
});
