// Offline basemaps in Chromium: an administrator imports map packs the test makes (a raster
// MBTiles of magenta tiles, a vector PMTiles), a cut-off file is refused and leaves nothing,
// the chooser draws each pack from the console's own tiles, and the night style goes dark.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngTile, tilesAround, vectorTile, writeMbtiles, writePmtiles } from '../basemaps/make-packs.js';
import { NIGHT } from '../../renderer/map/style.js';
import { createFirstAdmin, guardNetwork, launchChromium, localRequests, mapSettled, SITE_MAP, startHost, type Host } from './harness.js';
import { analyse } from './pixels.js';

const ADMIN = { email: 'admin@lindenhof.test', name: 'Ada Admin', password: 'correct-horse-battery' };
const MAGENTA: [number, number, number] = [214, 32, 192];
const LON = 5.4697;
const LAT = 51.4416;
type MapHandle = { loaded(): boolean; areTilesLoaded(): boolean; queryRenderedFeatures(o: { layers: string[] }): unknown[]; getStyle(): { layers: { id: string }[] } };

describe('offline basemaps', () => {
  let host: Host;
  let browser: Browser;
  let page: Page;
  let external: string[];
  const files = mkdtempSync(join(tmpdir(), 'wf-e2e-packs-'));
  const raster = join(files, 'aerial.mbtiles');
  const vector = join(files, 'streets.pmtiles');
  const cut = join(files, 'cut-off.pmtiles');

  beforeAll(async () => {
    writeMbtiles(raster, { name: 'aerial', format: 'png', minzoom: '12', maxzoom: '19', bounds: '5.44,51.43,5.50,51.46', attribution: 'Test tiles' },
      tilesAround(LON, LAT, 12, 19, () => pngTile(MAGENTA)).flatMap((t) => [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => ({ ...t, x: t.x + dx, y: t.y + dy })))));
    const vtiles = tilesAround(LON, LAT, 12, 16, () => vectorTile());
    writePmtiles(vector, vtiles, { tileType: 1, bounds: [5.44, 51.43, 5.5, 51.46], center: [LON, LAT, 14], metadata: { name: 'streets', vector_layers: [{ id: 'area' }, { id: 'label' }] } });
    const whole = readFileSync(vector);
    writeFileSync(cut, whole.subarray(0, whole.length - 200));
    [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO: 'false' }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    external = await guardNetwork(context);
    await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
    page = await context.newPage();
    await createFirstAdmin(page, host, ADMIN);
    await page.locator(SITE_MAP).waitFor({ timeout: 180_000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  /** The map has drawn what it has asked for (after a basemap change: the new style's tiles). */
  const drawn = async (basemap: string) => {
    await page.locator(`[data-testid="map"][data-basemap="${basemap}"]`).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => {
      const m = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
      return m.loaded() && m.areTilesLoaded();
    }), { timeout: 60_000 }).toBe(true);
    await mapSettled(page);
  };
  const mapPixels = async (near: Record<string, string>) => analyse(await page.getByTestId('map').screenshot(), near, 12);
  const hex = (c: number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  const packFiles = () => readdirSync(join(host.dataDir, 'basemaps')).filter((f) => f !== '.incoming' && f !== 'sites.json').sort();
  const openSettings = async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('basemap-settings').waitFor();
  };
  /** Imports a file on Settings → Map packs and waits for the console to say it was imported. */
  const importInSettings = async (file: string, name: string) => {
    await openSettings();
    await page.getByTestId('basemap-file').setInputFiles(file);
    await page.getByTestId('basemap-name').fill(name);
    await page.getByTestId('basemap-import').click();
    await expect.poll(() => page.getByTestId('basemap-notice').textContent(), { timeout: 60_000 }).toContain(`"${name}" was imported`);
  };
  /** Each map story starts on the live map with both packs there and the shipped map by day, whatever the story before did. */
  const onMapWithPacks = async () => {
    await openSettings();
    const names = await page.getByTestId('basemap-pack').locator('strong').allTextContents();
    if (!names.includes('Aerial (test)')) await importInSettings(raster, 'Aerial (test)');
    if (!names.includes('streets')) await importInSettings(vector, 'streets');
    await page.getByTestId('nav-live').click();
    await page.getByTestId('basemap-select').selectOption({ value: 'shipped' });
    await page.getByTestId('basemap-night').uncheck();
    await drawn('shipped');
  };

  it('imports packs in Settings as an administrator; a cut-off file is refused and leaves nothing', async () => {
    await importInSettings(raster, 'Aerial (test)');
    await importInSettings(vector, 'streets');
    const kept = packFiles();
    expect(kept.filter((f) => f.endsWith('.json'))).toHaveLength(2);

    await page.getByTestId('basemap-file').setInputFiles(cut);
    await page.getByTestId('basemap-name').fill('cut-off');
    await page.getByTestId('basemap-import').click();
    await expect.poll(() => page.getByTestId('basemap-error').textContent(), { timeout: 60_000 }).toMatch(/refused: The PMTiles file is incomplete/);
    expect(await page.getByTestId('basemap-pack').count()).toBe(2);
    expect(packFiles()).toEqual(kept);
    expect(readdirSync(join(host.dataDir, 'basemaps', '.incoming'))).toEqual([]);
    mkdirSync('docs/screenshots', { recursive: true });
    await page.getByTestId('basemap-settings').screenshot({ path: 'docs/screenshots/settings-map-packs.png' });
  }, 400_000);

  it('draws the raster pack\'s tiles from the console when chosen, and the shipped map again after', async () => {
    await onMapWithPacks();
    expect((await mapPixels({ magenta: hex(MAGENTA) })).counts.magenta).toBe(0);
    const options = await page.getByTestId('basemap-select').locator('option').allTextContents();
    expect(options).toEqual(['Campus & Natural Earth (site default)', 'Aerial (test)', 'streets']);
    await page.getByTestId('basemap-select').selectOption({ label: 'Aerial (test)' });
    const aerialId = await page.getByTestId('basemap-chooser').getAttribute('data-current');
    await drawn(aerialId!);
    const shot = await mapPixels({ magenta: hex(MAGENTA), border: '#000000' });
    // The pack's magenta tiles, with their black borders, fill the map where no panel covers it (none before).
    expect(shot.counts.magenta).toBeGreaterThan(shot.width * shot.height * 0.1);
    expect(shot.counts.border).toBeGreaterThan(1000);
    // The views' own layers stay, above the pack.
    const ids = await page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getStyle().layers.map((l) => l.id));
    expect(ids.indexOf('view-points')).toBeGreaterThan(ids.indexOf('pack:raster'));
    expect(ids).not.toContain('building');
    await page.screenshot({ path: 'docs/screenshots/basemap-chooser.png' });
    // The administrator makes it the site's default; the menu says so.
    await page.getByTestId('basemap-use-for-site').click();
    await expect.poll(() => page.getByTestId('basemap-select').locator('option:checked').textContent()).toBe('Aerial (test) (site default)');
    expect(await page.getByTestId('basemap-use-for-site').count()).toBe(0);
    await page.getByTestId('basemap-select').selectOption({ value: 'shipped' });
    await drawn('shipped');
    expect((await mapPixels({ magenta: hex(MAGENTA) })).counts.magenta).toBe(0);
    await page.getByTestId('basemap-use-for-site').click();
    await expect.poll(() => page.getByTestId('basemap-select').locator('option:checked').textContent()).toBe('Campus & Natural Earth (site default)');
  }, 200_000);

  it('draws the vector pack\'s layers', async () => {
    await onMapWithPacks();
    await page.getByTestId('basemap-select').selectOption({ label: 'streets' });
    const id = await page.getByTestId('basemap-chooser').getAttribute('data-current');
    await drawn(id!);
    const features = await page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.queryRenderedFeatures({ layers: ['pack:area:fill'] }).length);
    expect(features).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/basemap-vector.png' });
    expect(await page.getByTestId('map').getAttribute('data-error')).toBeNull();
    await page.getByTestId('basemap-select').selectOption({ value: 'shipped' });
    await drawn('shipped');
  }, 200_000);

  it('goes dark at night, and nothing left 127.0.0.1', async () => {
    await onMapWithPacks();
    const day = await mapPixels({ land: NIGHT.land, site: NIGHT.site });
    await page.getByTestId('basemap-night').check();
    await drawn('shipped:night');
    const night = await mapPixels({ land: NIGHT.land, site: NIGHT.site });
    expect(night.counts.land! + night.counts.site!).toBeGreaterThan(day.counts.land! + day.counts.site! + 50_000);
    await page.screenshot({ path: 'docs/screenshots/basemap-night.png' });
    await page.getByTestId('basemap-night').uncheck();
    await drawn('shipped');
    expect(localRequests(external)).toBeGreaterThan(0);
    expect(external).toEqual([]);
  }, 200_000);
});
