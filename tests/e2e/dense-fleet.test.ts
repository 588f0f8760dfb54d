// Issue 17 item 4: a fleet larger than DENSE_AT is drawn by the dense vehicle layer (every vehicle
// from typed arrays in one draw call), with labels only for the selected vehicle and, at close zoom,
// those in view. Clicking a vehicle drawn there selects it; another basemap keeps it; a WebGL that
// cannot build its shaders gets the symbol layer for all. 2,500 vehicles from a paced publisher.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../../renderer/lib/fleet-format.js';
import { openLive, startFleet } from '../bench/live.js';
import { launchChromium } from './harness.js';

type MapHandle = import('maplibre-gl').Map;
const VEHICLES = 2500;

/** The labelled vehicles' source: its features' ids, in the page. */
const labelled = (page: Page) => page.evaluate(async () => {
  const map = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
  const data = (await (map.getSource('fleet-vehicles') as import('maplibre-gl').GeoJSONSource).getData()) as GeoJSON.FeatureCollection;
  return data.features.map((f) => String(f.properties!.id));
});

/** Screen points (CSS pixels) of the map whose colour is exactly one of the status colours: icon fills. */
async function statusPixels(page: Page): Promise<{ x: number; y: number; color: string }[]> {
  const png = PNG.sync.read(await page.screenshot());
  const colors = new Map(Object.values(STATUS_COLORS).map((hex) => [parseInt(hex.slice(1), 16), hex]));
  const found: { x: number; y: number; color: string }[] = [];
  for (let y = 0; y < png.height; y += 2) {
    for (let x = 0; x < png.width; x += 2) {
      const i = (y * png.width + x) * 4;
      const color = colors.get((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
      if (color) found.push({ x, y, color });
    }
  }
  return found;
}

describe('the dense vehicle layer (2,500 vehicles)', () => {
  let browser: Browser;
  let fleet: Awaited<ReturnType<typeof startFleet>>;
  let ran = 0;
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    [browser, fleet] = await Promise.all([launchChromium(), startFleet(VEHICLES, 900, 0.5)]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await fleet?.stop();
    expect(ran).toBe(2);
  });

  it('draws every vehicle in one layer, labels few, and selects the vehicle clicked', async () => {
    const app = await openLive(browser, fleet.host, VEHICLES);
    const { page } = app;
    const map = page.getByTestId('map');
    expect(await map.getAttribute('data-dense')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getLayer('fleet-vehicles-dense')?.type)).toBe('custom');
    // Over 200 in view: none is labelled (nothing is selected).
    await expect.poll(() => labelled(page), { timeout: 30_000 }).toEqual([]);
    // The vehicles are drawn: many icon fills in the status colours right of the list (the demo site has none of its own).
    const box = (await page.getByTestId('fleet-panel').boundingBox())!;
    const onMap = async () => (await statusPixels(page)).filter((p) => p.x > box.x + box.width + 40 && p.y > 80 && p.y < 640);
    await expect.poll(async () => (await onMap()).length, { timeout: 30_000 }).toBeGreaterThan(500);
    await page.screenshot({ path: 'test-results/dense-fleet.png' });

    // Click an icon's fill inside the fleet (not at its edge, which the vehicles leave as they move on): that vehicle is selected, labelled and ringed.
    const fills = await onMap();
    const target = fills[Math.floor(fills.length / 2)]!;
    await page.mouse.click(target.x, target.y);
    const panel = page.getByTestId('vehicle-panel');
    await panel.waitFor({ timeout: 30_000 });
    const id = (await panel.getAttribute('data-id'))!;
    expect(await map.getAttribute('data-selected-vehicle')).toBe(id);
    await expect.poll(() => labelled(page), { timeout: 30_000 }).toContain(id);
    // Once the camera stands still (the map flies to the selection), it is ringed on the map.
    await page.locator('[data-testid="map"][data-moving="false"]').waitFor({ timeout: 30_000 });
    const ring = () => page.evaluate((id) => {
      const m = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
      return m.queryRenderedFeatures({ layers: ['fleet-vehicles-selected'] }).map((f) => String(f.properties.id));
    }, id);
    await expect.poll(ring, { timeout: 30_000 }).toEqual([id]);

    // Close in on it (in the part of the map the panels leave), few in view: each of them is labelled, the selected one too.
    await page.evaluate((id) => {
      const m = (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap;
      const f = m.querySourceFeatures('fleet-vehicles', { filter: ['==', ['get', 'id'], id] })[0]!;
      m.jumpTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom: 21 });
    }, id);
    await expect.poll(async () => (await labelled(page)).length, { timeout: 30_000 }).toBeGreaterThan(1);
    const close = await labelled(page);
    expect(close.length).toBeLessThanOrEqual(201);
    expect(close).toContain(id);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.queryRenderedFeatures({ layers: ['fleet-vehicles'] }).length), { timeout: 30_000 }).toBeGreaterThan(1);
    await page.screenshot({ path: 'test-results/dense-fleet-close.png' });

    // Another basemap rebuilds the style, which does not carry a custom layer: the dense layer is put back on it.
    const denseLayer = () => page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getLayer('fleet-vehicles-dense')?.type ?? null);
    await page.getByTestId('basemap-night').check();
    await expect.poll(() => map.getAttribute('data-basemap'), { timeout: 60_000 }).toBe('shipped:night');
    await expect.poll(denseLayer, { timeout: 30_000 }).toBe('custom');
    await page.screenshot({ path: 'test-results/dense-fleet-night.png' });
    await app.close();
    ran++;
  }, 600_000);

  it('falls back to the symbol layer for every vehicle where WebGL cannot build its shaders', async () => {
    // This page's WebGL refuses to compile the dense layer's vertex shader (the one reading a heading).
    const app = await openLive(browser, fleet.host, VEHICLES, 'live', () => {
      for (const gl of [WebGLRenderingContext, WebGL2RenderingContext]) {
        const sources = new WeakMap<WebGLShader, string>();
        const source = gl.prototype.shaderSource;
        const status = gl.prototype.getShaderParameter;
        gl.prototype.shaderSource = function (shader: WebGLShader, text: string) {
          sources.set(shader, text);
          return source.call(this, shader, text);
        };
        gl.prototype.getShaderParameter = function (shader: WebGLShader, name: number) {
          return sources.get(shader)?.includes('a_heading') && name === this.COMPILE_STATUS ? false : status.call(this, shader, name);
        };
      }
    });
    const map = app.page.getByTestId('map');
    expect(await map.getAttribute('data-dense')).toBe('false');
    expect(await map.getAttribute('data-vehicles')).toBe(String(VEHICLES));
    expect(await app.page.evaluate(() => (window as unknown as { __watchfloorMap: MapHandle }).__watchfloorMap.getLayer('fleet-vehicles-dense') ?? null)).toBeNull();
    expect((await labelled(app.page)).length).toBe(VEHICLES);
    await app.close();
    ran++;
  }, 600_000);
});
