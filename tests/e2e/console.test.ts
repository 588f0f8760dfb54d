import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { guardNetwork, launchChromium, localRequests, SITE_MAP, startHost, type Host } from './harness.js';
import { analyse } from './pixels.js';

describe('the console in a browser', () => {
  let host: Host;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  const responses: { url: string; status: number }[] = [];

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    external = await guardNetwork(context);
    page = await context.newPage();
    page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('loads with the database status and the site clock in the top bar', async () => {
    await page.goto(host.url);
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar for a cookie
    const status = page.getByTestId('db-status');
    await expect.poll(() => status.getAttribute('data-level')).toBe('ok');
    expect(await status.textContent()).toMatch(/Embedded database · PostgreSQL 18\.\d+ · schema (\d+)\/\1/);
    await expect.poll(() => page.getByTestId('site-name').textContent()).toBe('Lindenhof Care Campus');
    // No broker configured: the embedded one runs on 127.0.0.1 and the console is connected to it.
    await expect.poll(() => page.getByTestId('broker-status').textContent()).toMatch(/Embedded broker connected · MQTT 3\.1\.1/);
    expect(await page.getByTestId('site-clock').textContent()).toMatch(/\d\d:\d\d:\d\d (CET|CEST)/);
  });

  it('draws the demo-site map with labels from local data only', async () => {
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('map').getAttribute('data-error')).toBeNull();
    const shot = await page.getByTestId('map').screenshot();
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/e2e-map.png', shot);
    const a = analyse(shot, { building: '#d8cfc6', park: '#d4e8c2', water: '#a9cce8', labelText: '#3a3129' }, 4);
    expect(a.distinctColours).toBeGreaterThan(200); // a blank or single-colour canvas has a handful
    expect(a.counts.building).toBeGreaterThan(5000);
    expect(a.counts.park).toBeGreaterThan(5000);
    expect(a.counts.water).toBeGreaterThan(500);
    expect(a.counts.labelText).toBeGreaterThan(50); // building names were rasterised from the glyphs
    const glyphs = responses.filter((r) => r.url.includes('/map/glyphs/'));
    expect(glyphs.length).toBeGreaterThan(0);
    expect(glyphs.every((r) => r.status === 200)).toBe(true);
  });

  it('navigates between views and keeps the view across a reload', async () => {
    await page.getByTestId('nav-missions').click();
    await page.getByTestId('mission-queue').waitFor();
    expect(new URL(page.url()).hash).toBe('#/missions');
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('view-audit').waitFor();
    expect(await page.getByTestId('view-missions').count()).toBe(0);
    await page.reload();
    await page.getByTestId('view-audit').waitFor();
    expect(await page.getByTestId('nav-audit').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('nav-live').click();
    await expect.poll(() => page.locator('[data-testid^="view-"]').count()).toBe(0);
  });

  it('refuses requests and sockets without the token or from another origin', async () => {
    for (const path of ['/', '/assets/x.js', '/map/campus.geojson', `/?token=wrong`]) {
      const r = await fetch(host.origin + path, { redirect: 'manual' });
      expect(r.status, path).toBe(401);
    }
    const cookie = (await context.cookies()).find((c) => c.name.startsWith('wf_token_'));
    expect(cookie?.httpOnly).toBe(true);
    const tryWs = (headers: Record<string, string>) =>
      new Promise<string>((ok) => {
        const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/trpc`, { headers });
        ws.on('open', () => (ws.close(), ok('open')));
        ws.on('unexpected-response', (_req, res) => ok(String(res.statusCode)));
        ws.on('error', () => ok('error'));
      });
    expect(await tryWs({ Origin: host.origin })).toBe('401');
    expect(await tryWs({ Origin: 'http://evil.example.com', Cookie: `${cookie!.name}=${cookie!.value}` })).toBe('401');
    expect(await tryWs({ Origin: host.origin, Cookie: `${cookie!.name}=${cookie!.value}` })).toBe('open');
  });

  it('made no request that left 127.0.0.1', () => {
    expect(responses.length).toBeGreaterThan(10);
    expect(external).toEqual([]);
    // …and the stories ran: their pages made requests, all on 127.0.0.1.
    expect(localRequests(external)).toBeGreaterThan(0);
  });
});
