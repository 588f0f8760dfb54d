import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, SITE_MAP, startHost } from '../e2e/harness.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x);

/**
 * Time from starting the console process to the first drawn map, on the embedded database: a
 * first run (new data folder: initdb and migrations) and a restart (existing folder, same address,
 * the same browser profile), in phases: the host listening (it prints its URL), the page's first
 * paint (its shell, while the core may still start), the core ready (database open, core
 * answering; the host prints it), the map drawn (on a restart at the last site's view, before the
 * core answers) and the site's data on it (signed in, the site read). The floor beside them is a
 * page reload on a running host, i.e. what the browser alone costs.
 */
export async function coldStart(runs = 5) {
  const browser = await launchChromium();
  const sample = async (context: BrowserContext, env: Record<string, string>) => {
    const t0 = performance.now();
    const since = () => performance.now() - t0;
    const host = await startHost(env, { untilListening: true, measured: true });
    const hostReady = since();
    const coreReady = host.ready().then(since);
    const page = await context.newPage();
    await page.goto(host.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 60_000, polling: 10 });
    const shellPainted = since();
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const firstMap = since();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    const dataReady = since();
    const r0 = performance.now();
    await page.reload();
    await page.locator(SITE_MAP).waitFor({ timeout: 60_000 });
    const reload = performance.now() - r0;
    await page.close();
    const phases = { hostReady, shellPainted, coreReady: await coreReady, firstMap, dataReady, reload, dataDir: host.dataDir, port: new URL(host.url).port };
    await host.stop();
    return phases;
  };
  const fresh = [];
  const restart = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const f = await sample(context, {});
    fresh.push(f);
    restart.push(await sample(context, { WATCHFLOOR_DATA_DIR: f.dataDir, WATCHFLOOR_PORT: f.port }));
    await context.close();
  }
  await browser.close();
  type Sample = Awaited<ReturnType<typeof sample>>;
  const summary = (xs: Sample[]) => ({
    hostReadyMs: round(median(xs.map((x) => x.hostReady))),
    shellPaintedMs: round(median(xs.map((x) => x.shellPainted))),
    coreReadyMs: round(median(xs.map((x) => x.coreReady))),
    firstMapMs: round(median(xs.map((x) => x.firstMap))),
    dataReadyMs: round(median(xs.map((x) => x.dataReady))),
    samplesMs: xs.map((x) => round(x.firstMap)),
  });
  const floorMs = round(median([...fresh, ...restart].map((x) => x.reload)));
  const firstRun = summary(fresh);
  const restarted = summary(restart);
  return {
    runs,
    firstRun: { ...firstRun, ratioToBrowserFloor: +(firstRun.firstMapMs / floorMs).toFixed(2) },
    restart: { ...restarted, ratioToBrowserFloor: +(restarted.firstMapMs / floorMs).toFixed(2) },
    browserFloorMs: floorMs,
  };
}

/** Size of what the renderer ships, raw and gzipped, by kind. */
export function rendererBundle(dir = resolve(import.meta.dirname, '../../out/renderer')) {
  const files: string[] = [];
  const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : files.push(join(d, n))));
  walk(dir);
  const by = (re: RegExp) => files.filter((f) => re.test(f));
  const size = (fs: string[]) => fs.reduce((s, f) => s + statSync(f).size, 0);
  const gz = (fs: string[]) => fs.reduce((s, f) => s + gzipSync(readFileSync(f)).length, 0);
  const js = by(/\.js$/);
  const css = by(/\.css$/);
  // What the page loads before its first map: index.html's module script and the modules it preloads (the rest loads when a view opens).
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.js)"/g)].map((m) => join(dir, m[1]!));
  return {
    jsBytes: size(js), jsGzipBytes: gz(js), cssBytes: size(css), cssGzipBytes: gz(css), totalBytes: size(files), files: files.length,
    beforeFirstMap: { jsBytes: size(first), jsGzipBytes: gz(first), files: first.length, target: '< 600 KB' },
  };
}

export function build(): void {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore', cwd: resolve(import.meta.dirname, '../..') });
  if (r.status !== 0) throw new Error('npm run build failed');
}
