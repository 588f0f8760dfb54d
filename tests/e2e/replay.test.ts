// After-action replay in Chromium: from an alert that came in over MQTT, "Replay around this"
// opens the time bar at that moment; the map shows the alert and the vehicles as they were,
// read-only and marked as the past; playing at 60× reaches the end; one click returns to live.
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, launchChromium, SITE_MAP, startHost, type Host } from './harness.js';

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/replay-${name}.png` });

/** The replayed shapes drawn over the map on a layer (see renderer/map/overlay.ts), as kind:label. */
const drawn = (page: Page, layer: string) =>
  page.getByTestId('replay-overlay').locator(`[data-layer="${layer}"]`).evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.kind}:${(e as HTMLElement).dataset.label}`));

/** The vehicles replayed on the map (drawn, or just off screen). */
const replayedVehicles = async (page: Page) => (await drawn(page, 'vehicle')).length;

/** The labels shown over the map. */
const labels = (page: Page) => page.getByTestId('map-labels').locator('span[data-shown="true"]').allTextContents();

describe('replay (demo operator, an alert over MQTT)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let publisher: mqtt.MqttClient;
  const pageErrors: string[] = [];
  /** The page's socket traffic in order: each frame's tRPC messages (a batch is several). */
  const frames: { dir: 'in' | 'out'; ops: { id?: number; params?: { path?: string } }[] }[] = [];
  const frame = (dir: 'in' | 'out', payload: string | Buffer) => {
    const parsed: unknown = (() => { try { return JSON.parse(String(payload)); } catch { return null; } })();
    frames.push({ dir, ops: (Array.isArray(parsed) ? parsed : [parsed]).filter((o) => o && typeof o === 'object') });
  };

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO_VEHICLES: '3', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
    external = await guardNetwork(context);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e.stack)));
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => frame('out', f.payload));
      ws.on('framereceived', (f) => frame('in', f.payload));
    });
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await browser?.close();
    await host?.stop();
  });

  it('opens the moment an alert came in from the alert, with the alert and the vehicles on the map, read-only', async () => {
    await page.goto(`${host.url}#/incidents`);
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    publisher = await mqtt.connectAsync(host.brokerUrl(), { clientId: `e2e-replay-${process.pid}`, reconnectPeriod: 0 });
    await page.getByTestId('tab-inbox').click();
    await publisher.publishAsync('watchfloor/v1/lindenhof/alerts/fire-panel', JSON.stringify({
      externalId: 'smoke-r1', type: 'smoke', severity: 2, title: 'Smoke in the Rehab Centre', location: { lat: 51.44262, lon: 5.47115 },
    }), { qos: 1 });
    const row = page.getByTestId('alert-row').first();
    await row.waitFor({ timeout: 15_000 });
    await row.locator('[role="row"]').click();
    frames.length = 0;
    await row.getByTestId('replay-around').click();

    const bar = page.getByTestId('replay-bar');
    await bar.waitFor();
    // The moment's state is asked for first and alone: the span's events only once it is answered.
    const sent = (path: string) => frames.findIndex((f) => f.dir === 'out' && f.ops.some((o) => o.params?.path === path));
    const answered = (path: string) => {
      const id = frames[sent(path)]?.ops.find((o) => o.params?.path === path)?.id;
      return frames.findIndex((f) => f.dir === 'in' && f.ops.some((o) => o.id === id));
    };
    await expect.poll(() => sent('replay.events') > -1 && answered('replay.state') > -1, { timeout: 15_000 }).toBe(true);
    expect(sent('replay.events')).toBeGreaterThan(answered('replay.state'));
    expect(await page.getByTestId('replay-badge').textContent()).toBe('REPLAY · the past, read-only');
    // The moment is the alert's arrival; the map draws the state of exactly that moment.
    const at = (await bar.getAttribute('data-at'))!;
    await expect.poll(() => page.getByTestId('map').getAttribute('data-replay-at'), { timeout: 15_000 }).toBe(at);
    await expect.poll(() => drawn(page, 'point'), { timeout: 15_000 }).toContain('alert:Smoke in the Rehab Centre');
    await expect.poll(() => replayedVehicles(page), { timeout: 15_000 }).toBe(3);
    // Its label is page text over the map, shown where no label ranked above it sits.
    await expect.poll(() => labels(page), { timeout: 15_000 }).toContain('Smoke in the Rehab Centre');
    expect(await page.getByTestId('replay-alerts').textContent()).toContain('Smoke in the Rehab Centre');
    // The live panels are gone while replaying: nothing shown can be acted on.
    expect(await page.getByTestId('alert-ack').count()).toBe(0);
    expect(await page.getByTestId('replay-panel').getByRole('button').evaluateAll((b) => b.every((x) => x.classList.contains('link')))).toBe(true);
    // The span's events come after the moment's state: counted once they are answered.
    await expect.poll(() => page.getByTestId('replay-kind-alert').textContent(), { timeout: 15_000 }).toMatch(/Alerts 1$/);
    await shot(page, 'alert-moment');
    // The shapes and labels drawn over the map follow its camera: panned 120 px, they move 120 px.
    const alertAt = async () => {
      const [circle, label] = [await page.getByTestId('replay-overlay').locator('[data-kind="alert"]').boundingBox(), await page.getByTestId('map-labels').getByText('Smoke in the Rehab Centre').boundingBox()];
      return [circle!.x + circle!.width / 2, circle!.y + circle!.height / 2, label!.x, label!.y];
    };
    const pan = (by: [number, number]) => page.evaluate((o) => (window as unknown as { __watchfloorMap: { panBy(o: [number, number], a: object): void } }).__watchfloorMap.panBy(o, { animate: false }), by);
    const was = await alertAt();
    await pan([120, -40]);
    // To the pixel (positions are rounded to a tenth, labels to a pixel).
    await expect.poll(async () => (await alertAt()).map((v, i) => Math.abs(v - was[i]! - (i % 2 ? 40 : -120)) <= 1)).toEqual([true, true, true, true]);
    await pan([-120, 40]);

    // A step back is before the alert came in: it is not on the map; the next alert event brings it back.
    await page.getByTestId('replay-kind-status').click();
    await page.getByTestId('replay-kind-audit').click();
    await page.getByTestId('replay-kind-command').click();
    await page.getByTestId('replay-back').click();
    await expect.poll(async () => Date.parse((await bar.getAttribute('data-at'))!)).toBeLessThan(Date.parse(at));
    await expect.poll(() => drawn(page, 'point'), { timeout: 15_000 }).not.toContain('alert:Smoke in the Rehab Centre');
    await expect.poll(() => labels(page), { timeout: 15_000 }).not.toContain('Smoke in the Rehab Centre');
    await page.getByTestId('replay-next').click();
    await expect.poll(() => bar.getAttribute('data-at')).toBe(at);
    await expect.poll(() => drawn(page, 'point'), { timeout: 15_000 }).toContain('alert:Smoke in the Rehab Centre');

    // "Go to" a moment before the span opens a new span there: the map keeps the moment it shows until
    // the new one is drawn, never an empty map between (each one drawn cost frames the new state waited behind).
    await page.evaluate(() => {
      const map = document.querySelector('[data-testid="map"]')!;
      const was = map.getAttribute('data-replay-at');
      const seen: string[] = [];
      (window as unknown as { shown: Promise<string[]> }).shown = new Promise((done) => {
        const watch = new MutationObserver(() => {
          const now = map.getAttribute('data-replay-at') ?? '';
          seen.push(now);
          if (now !== '' && now !== was) (watch.disconnect(), done(seen));
        });
        watch.observe(map, { attributes: true, attributeFilter: ['data-replay-at'] });
      });
    });
    const goTo = async (t: number) => {
      await page.getByTestId('replay-goto').fill(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'medium' }).format(t).replace(' ', 'T'));
      await page.getByTestId('replay-goto').dispatchEvent('change');
      return new Date(Math.floor(t / 1000) * 1000).toISOString();
    };
    const before = await goTo(Date.parse(at) - 600_000);
    expect(await page.evaluate(() => (window as unknown as { shown: Promise<string[]> }).shown)).toEqual([before]);
    // Back to the alert's moment, inside the new span.
    const again = await goTo(Date.parse(at));
    await expect.poll(() => page.getByTestId('map').getAttribute('data-replay-at'), { timeout: 15_000 }).toBe(again);
  });

  it('plays at 60× to the end of the span, and returns to live in one click', async () => {
    const bar = page.getByTestId('replay-bar');
    await page.getByTestId('replay-speed-60').click();
    await page.getByTestId('replay-play').click();
    expect(await bar.getAttribute('data-playing')).toBe('true');
    await expect.poll(() => bar.getAttribute('data-ended'), { timeout: 30_000 }).toBe('true');
    expect(await bar.getAttribute('data-playing')).toBe('false');
    await page.getByTestId('replay-play').waitFor();
    await shot(page, 'played-to-end');

    // The bar stays under the map in another map view, still showing the past there.
    await page.getByTestId('nav-live').click();
    await page.getByTestId('replay-panel').waitFor();
    expect(await page.getByTestId('fleet-panel').count()).toBe(0);
    await shot(page, 'live-view');

    await page.getByTestId('replay-live').click();
    await bar.waitFor({ state: 'detached' });
    await page.getByTestId('replay-open').waitFor();
    expect(await page.getByTestId('map').getAttribute('data-replay-features')).toBe('0');
    await page.getByTestId('fleet-panel').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('map').getAttribute('data-vehicles'))).toBe(3);
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
  });
});
