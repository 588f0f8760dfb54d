// Issue 15's end-to-end story, on a console without demo data from an empty data folder: the first
// administrator sets up a site from the console (site, a floor plan PNG the test draws placed by
// three control points with the residual shown, four places and the paths between them, a resident
// with consent), a standard-following simulated vehicle on that map id appears on that floor, and
// a transport is created, assigned and completed. Nothing leaves 127.0.0.1.
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameToLatLon, pixelToFrame, type Georef, type SiteGraph } from '../../core/contract/index.js';
import { SimVehicle } from '../../core/simulator/vehicle.js';
import { guardNetwork, launchChromium, localRequests, mapSettled, SITE_MAP, startHost, type Host } from './harness.js';

const ADMIN = { email: 'admin@berkel.test', name: 'Ada Admin', password: 'a long admin password' };
const POLL = { timeout: 60_000 };
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/site-setup-${name}.png` });
const PLAN = { width: 400, height: 300 };
/** Where the plan truly lies: its bottom-left corner here, turned 15°, 10 cm a pixel (40 × 30 m). */
const TRUTH: Georef = { originLat: 52.09, originLon: 5.12, rotationDeg: 15 };
const where = (u: number, v: number) => {
  const f = pixelToFrame(0.1, PLAN, u, v);
  return frameToLatLon(TRUTH, f.x, f.y);
};

/** A floor plan as an architect's export would look: walls, rooms, a corridor. */
function planPng(): Buffer {
  const png = new PNG(PLAN);
  const set = (x: number, y: number, c: number) => png.data.set([c, c, c, 255], (y * PLAN.width + x) * 4);
  for (let y = 0; y < PLAN.height; y++) for (let x = 0; x < PLAN.width; x++) set(x, y, 250);
  const wall = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) set(x, y, 40);
  };
  wall(0, 0, 399, 4); wall(0, 295, 399, 299); wall(0, 0, 4, 299); wall(395, 0, 399, 299);
  wall(0, 120, 160, 124); wall(240, 120, 399, 124); wall(0, 180, 160, 184); wall(240, 180, 399, 184);
  wall(200, 0, 204, 90); wall(200, 210, 204, 299);
  return withMetadata(PNG.sync.write(png), 1_500_000);
}

/**
 * The drawing's metadata embedded as exports do (a PNG text chunk before the end), so the file is
 * larger than one message of the browser's connection carries (1 MiB): it goes up in pieces.
 */
function withMetadata(png: Buffer, bytes: number): Buffer {
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(bytes, 'x')]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const end = png.length - 12;
  return Buffer.concat([png.subarray(0, end), chunk, png.subarray(end)]);
}

describe('a real site set up from the console (no demo data, empty data folder)', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];
  let vehicle: SimVehicle | null = null;
  /** Clicks (and file or option choices) the administrator makes in the setup path, steps 1 to 4. */
  let clicks = 0;
  const click = async (l: Locator) => (clicks++, l.click());

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO: 'false' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external = await guardNetwork(context);
    page = await context.newPage();
    await page.addInitScript(() => ((window as { __watchfloorTest?: boolean }).__watchfloorTest = true));
    await page.goto(host.url);
    const form = page.getByTestId('setup-form');
    await form.getByLabel('Email').fill(ADMIN.email);
    await form.getByLabel('Display name').fill(ADMIN.name);
    await form.getByLabel('Password').fill(ADMIN.password);
    await form.getByTestId('setup-code').fill(await host.setupCode());
    await form.getByRole('button', { name: 'Create administrator' }).click();
    await page.locator(SITE_MAP).waitFor({ timeout: 180_000 });
  }, 300_000);
  afterAll(async () => {
    await vehicle?.stop().catch(() => {});
    await browser?.close();
    await host?.stop();
    expect(localRequests(external)).toBeGreaterThan(0);
    expect(external).toEqual([]);
  });

  it('1. the first administrator is offered setup and creates a site', async () => {
    await page.getByTestId('setup-prompt').waitFor(POLL).catch(() => {});
    await shot(page, '0-start');
    // The prompt leaves the time bar's Replay button free (it sat on top of it at 1280×720).
    const box = async (id: string) => (await page.getByTestId(id).boundingBox())!;
    const [prompt, replayButton] = [await box('setup-prompt'), await box('replay-open')];
    expect(prompt.y + prompt.height <= replayButton.y || replayButton.y + replayButton.height <= prompt.y
      || prompt.x + prompt.width <= replayButton.x || replayButton.x + replayButton.width <= prompt.x).toBe(true);
    await click(page.getByTestId('setup-prompt-open'));
    const guide = page.getByTestId('view-setup');
    await guide.waitFor(POLL);
    await expect.poll(() => guide.getAttribute('data-next'), POLL).toBe('site');
    await shot(page, '0-guide');
    await click(guide.locator('[data-step="site"]').getByTestId('setup-open'));
    const view = page.getByTestId('view-sites');
    await view.waitFor(POLL);
    const form = view.getByTestId('site-form');
    await expect.poll(() => form.getByTestId('save-site').textContent(), POLL).toBe('Create site');
    await form.getByTestId('site-name-input').fill('Berkel Care Home');
    await expect.poll(() => form.getByTestId('site-slug').inputValue()).toBe('berkel-care-home');
    await form.getByTestId('site-tz').fill('Europe/Amsterdam');
    await form.getByTestId('site-lat').fill('52.0905');
    await form.getByTestId('site-lon').fill('5.1215');
    await click(form.getByTestId('save-site'));
    await expect.poll(() => view.getByTestId('sites-notice').textContent(), POLL).toBe('Created Berkel Care Home.');
    // The new site is the one every view shows now. The demo site left (nothing was recorded there),
    // so the top bar names the only site where a switcher would be.
    await expect.poll(() => page.getByTestId('site-name').textContent(), POLL).toBe('Berkel Care Home');
    expect(await page.getByTestId('site-switcher').count()).toBe(0);
    await shot(page, '1-site');
  });

  it('2. imports a floor plan the test draws and places it by three control points (one picked on the world map); the residual is shown', async () => {
    const view = page.getByTestId('view-sites');
    await view.getByTestId('map-id').fill('berkel-ground');
    await view.getByTestId('map-name').fill('Ground floor');
    await click(view.getByTestId('add-map'));
    await expect.poll(() => view.getByTestId('map-item').textContent(), POLL).toContain('Ground floor');
    const file = join(host.dataDir, '..', `plan-${process.pid}.png`);
    writeFileSync(file, planPng());
    clicks++;
    await view.getByTestId('plan-file').setInputFiles(file);
    const placer = view.getByTestId('plan-placer');
    const svg = placer.getByTestId('plan-svg');
    await placer.locator('[data-testid="plan-canvas"][data-loaded="true"]').waitFor(POLL);
    const points: Array<[number, number]> = [[20, 280], [380, 280], [200, 20]];
    const lats = placer.getByTestId('cp-lat'), lons = placer.getByTestId('cp-lon');
    for (const [i, [u, v]] of points.entries()) {
      await svg.scrollIntoViewIfNeeded();
      const box = (await svg.boundingBox())!;
      clicks++;
      await svg.click({ position: { x: (u / PLAN.width) * box.width, y: (v / PLAN.height) * box.height } });
      if (i > 0) continue;
      // The first point's place is picked on the world map: the map's next click fills its latitude and longitude.
      await expect.poll(() => placer.getByTestId('cp-picking').textContent(), POLL).toContain('Click the map where point 1 lies.');
      const mapBox = (await page.getByTestId('map').boundingBox())!;
      const spot = { x: Math.round(mapBox.width * 0.8), y: Math.round(mapBox.height * 0.6) };
      clicks++;
      await page.mouse.click(mapBox.x + spot.x, mapBox.y + spot.y);
      await expect.poll(() => lats.first().inputValue(), POLL).not.toBe('');
      const under = await page.evaluate(([x, y]) => {
        const m = (window as unknown as { __watchfloorMap: { unproject(p: [number, number]): { lat: number; lng: number } } }).__watchfloorMap;
        return m.unproject([x, y]);
      }, [spot.x, spot.y] as [number, number]);
      expect(Number(await lats.first().inputValue())).toBeCloseTo(under.lat, 6);
      expect(Number(await lons.first().inputValue())).toBeCloseTo(under.lng, 6);
      expect(await placer.getByTestId('cp-picking').count()).toBe(0);
      await shot(page, '2-point-picked');
    }
    await expect.poll(() => placer.getByTestId('control-point').count()).toBe(3);
    // Where the plan truly lies is known to the test: typed over the picked spot, so the fit below is exact.
    for (const [i, [u, v]] of points.entries()) {
      const p = where(u, v);
      await lats.nth(i).fill(p.lat.toFixed(7));
      await lons.nth(i).fill(p.lon.toFixed(7));
    }
    await shot(page, '2-control-points');
    await click(placer.getByTestId('place-plan'));
    const residual = placer.getByTestId('residual');
    await expect.poll(() => residual.textContent(), POLL).toMatch(/^Placed by 3 points \(least-squares fit with stretch\): residual \d+\.\d\d m RMS, largest \d+\.\d\d m\.$/);
    expect(Number(await residual.getAttribute('data-rms'))).toBeLessThan(0.05);
    // Three points fit an affine transform exactly; the scale comes out as drawn, 10 cm a pixel (give or take a clicked pixel).
    expect(await placer.textContent()).toMatch(/(9\.\d\d|10\.\d\d) cm a pixel/);
    await shot(page, '2-plan-placed');
  });

  it('3. draws four places and the paths between them on the plan', async () => {
    const editor = page.getByTestId('graph-editor');
    await editor.locator('[data-testid="plan-canvas"][data-loaded="true"]').waitFor(POLL);
    const svg = editor.getByTestId('plan-svg');
    const at = async (u: number, v: number) => {
      await svg.scrollIntoViewIfNeeded();
      const box = (await svg.boundingBox())!;
      clicks++;
      await svg.click({ position: { x: (u / PLAN.width) * box.width, y: (v / PLAN.height) * box.height } });
    };
    const places: Array<[string, string, number, number]> = [['entrance', 'Front door', 60, 250], ['room', 'Room 1', 340, 250], ['room', 'Room 2', 340, 60], ['charger', 'Charger', 60, 60]];
    for (const [kind, , u, v] of places) {
      if ((await editor.getByTestId('place-kind').inputValue()) !== kind) {
        clicks++;
        await editor.getByTestId('place-kind').selectOption(kind);
      }
      await at(u, v);
    }
    await expect.poll(() => editor.getByTestId('place-row').count()).toBe(4);
    for (const [i, [, name]] of places.entries()) await editor.getByTestId('place-name').nth(i).fill(name);
    // Not yet joined: the check says which places no path reaches, and saving waits.
    await expect.poll(() => editor.getByTestId('graph-problems').textContent()).toContain('No path reaches');
    await expect.poll(() => editor.getByTestId('save-graph').isDisabled()).toBe(true);
    await click(editor.getByTestId('mode-join'));
    const node = (id: string) => editor.locator(`[data-testid="plan-node"][data-id="${id}"]`);
    for (const [a, b] of [['p1', 'p2'], ['p2', 'p3'], ['p3', 'p4']]) {
      await click(node(a!));
      await click(node(b!));
    }
    await expect.poll(() => editor.getByTestId('graph-problems').count()).toBe(0);
    await click(editor.getByTestId('save-graph'));
    await expect.poll(() => page.getByTestId('sites-notice').textContent(), POLL).toBe('Saved 4 places and 3 paths.');
    await shot(page, '3-places');
  });

  it('4. creates a resident with consent (the residents screen, from the guide)', async () => {
    await click(page.getByTestId('nav-setup'));
    const guide = page.getByTestId('view-setup');
    await expect.poll(() => guide.getAttribute('data-next'), POLL).toBe('staff');
    await expect.poll(() => guide.locator('[data-step="places"]').getAttribute('data-done')).toBe('true');
    await click(guide.locator('[data-step="residents"]').getByTestId('setup-open'));
    await page.getByTestId('view-residents').waitFor(POLL);
    await click(page.getByTestId('resident-new'));
    const form = page.getByTestId('resident-create');
    await form.getByTestId('resident-first').fill('Ada');
    await form.getByTestId('resident-last').fill('Visser');
    await form.getByTestId('resident-dob').fill('1941-03-02');
    await form.getByTestId('resident-language').fill('nl');
    await click(form.getByTestId('resident-create-submit'));
    await expect.poll(() => page.getByTestId('residents-notice').textContent(), POLL).toContain('Added Ada Visser, with consent recorded');
    await shot(page, '4-resident');
  });

  it('5. a standard-following simulated vehicle on that map id appears on that floor', async () => {
    await page.evaluate(() => (location.hash = '/live'));
    const map = page.locator(SITE_MAP);
    await map.waitFor(POLL);
    await expect.poll(() => page.getByTestId('floor-switcher').getAttribute('data-floor'), POLL).toBe('berkel-ground');
    await expect.poll(() => map.getAttribute('data-floor'), POLL).toBe('berkel-ground');
    // The vehicle's own map: it starts at the charger, drawn at pixel (60, 60), i.e. (6, 24) m in the plan's frame.
    const graph: SiteGraph = {
      site: 'berkel-care-home', mapId: 'berkel-ground', georef: { originLat: TRUTH.originLat, originLon: TRUTH.originLon, rotationDeg: TRUTH.rotationDeg },
      nodes: [{ id: 'p4', x: 6, y: 24, kind: 'charger', name: 'Charger' }, { id: 'p1', x: 6, y: 5, kind: 'entrance', name: 'Front door' }],
      edges: [['p4', 'p1']],
    };
    vehicle = new SimVehicle({
      transport: { brokerUrl: host.brokerUrl(), protocolVersion: '3.1.1', reconnectPeriod: 2000 }, interfaceName: 'uagv',
      manufacturer: 'Berkel Robotics', serialNumber: 'bk-01', graph, start: graph.nodes[0]!, rateHz: 2, reachM: 6000, initialCharge: 90, speed: 1.4, timeLapse: 4,
    });
    await vehicle.start();
    await expect.poll(() => map.getAttribute('data-vehicles'), POLL).toBe('1');
    await expect.poll(() => page.getByTestId('fleet-row').count(), POLL).toBe(1);
    await page.getByTestId('fleet-row').first().click();
    await page.getByTestId('vehicle-panel').getByTestId('confirm-submit').click();
    await expect.poll(() => page.getByTestId('new-badge').count(), POLL).toBe(0);
    await mapSettled(page);
    // The plan is drawn, and the map shows it: the camera's centre lies on the plan.
    const seen = await page.evaluate(() => {
      const m = (window as unknown as { __watchfloorMap: { getSource(id: string): unknown; getCenter(): { lng: number; lat: number } } }).__watchfloorMap;
      const src = m.getSource('floor-plan') as { loaded(): boolean; coordinates: [number, number][] } | undefined;
      return { loaded: src?.loaded() ?? false, corners: src?.coordinates ?? [], center: m.getCenter() };
    });
    expect(seen.loaded).toBe(true);
    const lons = seen.corners.map((c) => c[0]), lats = seen.corners.map((c) => c[1]);
    expect(seen.center.lng).toBeGreaterThan(Math.min(...lons));
    expect(seen.center.lng).toBeLessThan(Math.max(...lons));
    expect(seen.center.lat).toBeGreaterThan(Math.min(...lats));
    expect(seen.center.lat).toBeLessThan(Math.max(...lats));
    await shot(page, '5-vehicle-on-floor');
  });

  it('6. a transport is created, assigned and completed', { timeout: 300_000 }, async () => {
    await page.evaluate(() => (location.hash = '/missions'));
    await page.getByTestId('new-transport').click();
    const form = page.getByTestId('transport-form');
    await expect.poll(() => form.getByTestId('form-resident').locator('option').allTextContents(), POLL).toContain('A. Visser');
    await form.getByTestId('form-resident').selectOption({ label: 'A. Visser' });
    await form.getByTestId('form-pickup').selectOption('p1');
    await form.getByTestId('form-dropoff').selectOption('p3');
    await form.getByTestId('form-submit').click();
    await form.waitFor({ state: 'detached' });
    const detail = page.getByTestId('mission-detail');
    await expect.poll(() => detail.getAttribute('data-status'), POLL).toBe('pending');
    await detail.getByTestId('suggest').click();
    const top = detail.getByTestId('candidate').first();
    await expect.poll(() => top.getAttribute('data-eligible'), POLL).toBe('true');
    await top.getByTestId('candidate-pick').click();
    await expect.poll(() => detail.getAttribute('data-status'), POLL).toMatch(/^(assigned|in_progress|completed)$/);
    await mapSettled(page);
    await shot(page, '6-assigned');
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 240_000, interval: 2000 }).toMatch(/^(completed|failed|cancelled)$/);
    expect(await detail.getAttribute('data-status'), (await detail.getByTestId('timeline-event').allTextContents()).join('\n')).toBe('completed');
    await shot(page, '6-completed');
    // The setup path, steps 1 to 4, as the administrator clicked it.
    writeFileSync('test-results/site-setup-clicks.txt', `${clicks}\n`);
    expect(clicks).toBeLessThan(40);
  });
});
