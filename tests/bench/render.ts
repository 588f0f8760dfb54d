// Renderer frame rate with clustered points (10,000 by default, `--points=N`): the console's City view (CaseLayers fed by
// map.layers from a database holding that many service requests) against a bare MapLibre page
// with the same maplibre-gl, the same basemap and the same points in one cluster source.
// Both run the same 10-second camera animation in the same headless Chromium (software WebGL).
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { guardNetwork, launchChromium, SITE_MAP, startHost } from '../e2e/harness.js';
import { build } from './cold-start.js';
import { bareServer } from './live.js';

const SITE = { lat: 51.4426, lon: 5.4711 };
const VIEWPORT = { width: 1440, height: 900 };

/** `n` open requests over about 2.7 × 2.8 km around the site; positions are a hash of the row number. */
async function seed(url: string, n: number): Promise<unknown> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const [site] = (await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'")).rows;
    await db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'bench-pothole', 'Pothole (bench)') ON CONFLICT DO NOTHING", [site!.id]);
    await db.query(
      `INSERT INTO city.service_requests (site_id, category, lat, lon)
       SELECT $1, 'bench-pothole', ${SITE.lat} + ((hashint4(i) % 100000) / 100000.0) * 0.012, ${SITE.lon} + ((hashint4(i + 7919) % 100000) / 100000.0) * 0.02
       FROM generate_series(1, ${n}) i`, [site!.id]);
    await db.query('ANALYZE city.service_requests');
    const rows = (await db.query<{ id: string; lat: number; lon: number }>(
      "SELECT id::text AS id, lat, lon FROM city.service_requests WHERE category = 'bench-pothole'")).rows;
    return { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, properties: { id: r.id, status: 'open' } })) };
  } finally {
    await db.end();
  }
}

/**
 * The same scripted camera on either page for `seconds`: zoom in, pan, zoom out, turn, back.
 * Counts requestAnimationFrame callbacks (the browser's frames) and the map's own renders.
 */
async function animate(page: Page, seconds: number) {
  return page.evaluate(async ({ seconds, site }) => {
    const map = (window as unknown as { __watchfloorMap: import('maplibre-gl').Map }).__watchfloorMap;
    map.jumpTo({ center: [site.lon, site.lat], zoom: 14, bearing: 0, pitch: 0 });
    await new Promise((r) => setTimeout(r, 1500)); // let the start settle (the app fetches on moveend)
    const steps = [
      { zoom: 16 }, { center: [site.lon + 0.006, site.lat + 0.003] }, { zoom: 13 }, { zoom: 15, bearing: 30 }, { center: [site.lon, site.lat], zoom: 14, bearing: 0 },
    ];
    const stepMs = (seconds * 1000) / steps.length;
    let renders = 0;
    const onRender = () => renders++;
    map.on('render', onRender);
    const times: number[] = [];
    const t0 = performance.now();
    let done = false;
    const tick = (t: number) => {
      times.push(t);
      if (!done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    for (const s of steps) {
      map.easeTo({ ...(s as object), duration: stepMs - 50 });
      await new Promise((r) => setTimeout(r, stepMs));
    }
    done = true;
    const elapsed = (performance.now() - t0) / 1000;
    map.off('render', onRender);
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    return { frames: times.length, renders, seconds: elapsed, p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] ?? 0 };
  }, { seconds, site: SITE });
}

async function openPage(browser: Browser, url: string, ready: (p: Page) => Promise<unknown>) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const external = await guardNetwork(context);
  // The flag makes MapView expose its map; __name is the helper tsx adds to named functions passed to evaluate.
  await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  return { page, external, close: () => context.close() };
}

export async function renderBench(o = { points: 10_000, seconds: 10, rounds: 3 }) {
  build();
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `wf_render_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const host = await startHost({ DATABASE_URL: dbUrl, WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' }, { measured: true });
  const browser = await launchChromium();
  try {
    const points = await seed(dbUrl, o.points);
    const bare = await bareServer('render-bare.html', { '/points.geojson': () => points, '/center.json': () => [SITE.lon, SITE.lat] });
    const app = await openPage(browser, `${host.url}#/city`, async (p) => {
      // A central database has no demo mode: the bench is its first administrator, with the printed setup code.
      const setup = p.getByTestId('setup-form');
      await setup.waitFor({ timeout: 60_000 });
      await setup.getByLabel('Email').fill('bench@site.test');
      await setup.getByLabel('Display name').fill('Bench');
      await setup.getByLabel('Password').fill('bench password 1');
      await setup.getByTestId('setup-code').fill(await host.setupCode());
      await setup.getByRole('button', { name: 'Create administrator' }).click();
      await p.locator(SITE_MAP).waitFor({ timeout: 60_000 });
      await p.waitForFunction(() => /requests:\d+/.test(document.querySelector('[data-testid="case-layers"]')?.getAttribute('data-counts') ?? ''), null, { timeout: 60_000 });
    });
    const floor = await openPage(browser, bare.url, (p) => p.waitForFunction(() => (window as unknown as { __benchReady?: boolean }).__benchReady === true, null, { timeout: 60_000 }));
    const runs: { app: Awaited<ReturnType<typeof animate>>; bare: Awaited<ReturnType<typeof animate>> }[] = [];
    for (let i = 0; i < o.rounds; i++) runs.push({ bare: await animate(floor.page, o.seconds), app: await animate(app.page, o.seconds) });
    const counts = await app.page.getAttribute('[data-testid="case-layers"]', 'data-counts');
    const errors = await app.page.getAttribute('[data-testid="case-layers"]', 'data-error');
    await app.close();
    await floor.close();
    bare.server.close();
    const fps = (r: { frames: number; seconds: number }) => Math.round((r.frames / r.seconds) * 10) / 10;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const appFps = median(runs.map((r) => fps(r.app)));
    const bareFps = median(runs.map((r) => fps(r.bare)));
    const appP95 = median(runs.map((r) => r.app.p95FrameMs));
    const bareP95 = median(runs.map((r) => r.bare.p95FrameMs));
    return {
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      points: o.points, secondsPerRun: o.seconds, rounds: o.rounds, viewport: VIEWPORT, webgl: 'software (SwiftShader), headless Chromium',
      app: { fps: appFps, p95FrameMs: Math.round(appP95 * 10) / 10, runs: runs.map((r) => ({ fps: fps(r.app), renders: r.app.renders, p95FrameMs: Math.round(r.app.p95FrameMs * 10) / 10 })), lastLayerCounts: counts, error: errors || null },
      bare: { fps: bareFps, p95FrameMs: Math.round(bareP95 * 10) / 10, runs: runs.map((r) => ({ fps: fps(r.bare), renders: r.bare.renders, p95FrameMs: Math.round(r.bare.p95FrameMs * 10) / 10 })) },
      bareOverAppFps: Math.round((bareFps / appFps) * 100) / 100, appOverBareP95Frame: Math.round((appP95 / bareP95) * 100) / 100, target: 'app within 1.2× of bare',
      externalRequests: [...app.external, ...floor.external],
    };
  } finally {
    await browser.close();
    await host.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
