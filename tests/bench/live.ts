// The Live view's render budget: the console's Live view with N vehicles (a paced MQTT publisher,
// every vehicle twice a second, as the demo's) against a bare MapLibre page with the same build,
// the same basemap and the same number of labelled points set 10 times a second (the feed sends up
// to 20; in software WebGL the Live view hands them to the map twice a second), measured one after the other in the same headless Chromium (software WebGL).
// Measured through CDP (Performance.getMetrics) and in the page (long tasks, frames).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { DENSE_AT } from '../../renderer/map/dense.js';
import { basemapStyle } from '../../renderer/map/style.js';
import { guardNetwork, SITE_MAP, startHost, type Host } from '../e2e/harness.js';
import { commandCpuMs, processCpuMs, threadsCpuMs } from './cpu.js';
import { publisher } from './ingest.js';
import { cpuProfArgs, monotonicUs, profilesOf, profileSummary, profileWindow, type CpuProfile } from './profile.js';

const root = resolve(import.meta.dirname, '../..');
const CENTER: [number, number] = [5.4711, 51.4426];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.geojson': 'application/json', '.pbf': 'application/x-protobuf' };
export const VIEWPORT = { width: 1280, height: 720 };

/**
 * A bare page (an HTML file beside this one), maplibre-gl's dist files, the basemap and the
 * page's own JSON, on 127.0.0.1: the floor the render benches measure the console against.
 */
export function bareServer(html: string, json: Record<string, (base: string) => unknown>): Promise<{ server: Server; url: string }> {
  const dist = join(root, 'node_modules/maplibre-gl/dist');
  let base = '';
  const routes: Record<string, () => string | Buffer> = {
    '/': () => readFileSync(join(import.meta.dirname, html)),
    '/maplibre-gl.js': () => readFileSync(join(dist, 'maplibre-gl.js')),
    '/maplibre-gl.css': () => readFileSync(join(dist, 'maplibre-gl.css')),
    '/style.json': () => JSON.stringify(basemapStyle(`${base}/map/`, false, 'Watchfloor demo site (fictional)')),
    ...Object.fromEntries(Object.entries(json).map(([path, body]) => [path, () => JSON.stringify(body(base))])),
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    try {
      const body = routes[path]?.() ?? (path.startsWith('/map/') && !path.includes('..') ? readFileSync(join(root, 'resources', path)) : null);
      if (body === null) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    ok({ server, url: `${base}/` });
  }));
}

export interface Window {
  seconds: number;
  /** Main-thread time in long tasks (over 50 ms), per 10 s. */
  longTaskMsPer10s: number;
  /** All main-thread task time (CDP TaskDuration), per 10 s. */
  taskMsPer10s: number;
  longestTaskMs: number;
  fps: number;
  /** The map's own redraws per second. */
  redrawsPerSec: number;
  /** Live data handed to the map per second (the console's redraw budget; absent on the bare page). */
  flushesPerSec?: number;
  /** Console pages only: how old the newest drawn vehicle report was: at most, halfway through and at the end. */
  lagMs?: { max: number; mid: number; end: number };
}

const taskSeconds = async (cdp: CDPSession) =>
  (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;

/**
 * One measuring window on an open page: long tasks and frames in the page, task time through CDP.
 * `pan`: the camera moves on every frame (round a circle of about 40 m), as while an operator drags
 * the map, so the map must redraw every frame: its redraws a second are then the frame rate it manages.
 */
export async function measure(page: Page, cdp: CDPSession, seconds: number, lag: boolean, pan = false): Promise<Window> {
  await cdp.send('Performance.enable');
  const t0 = await taskSeconds(cdp);
  await page.evaluate(({ lag, seconds, pan }) => {
    const w = window as unknown as Record<string, unknown>;
    const flushes = () => Number((w.__watchfloorMap as { getContainer: () => HTMLElement } | undefined)?.getContainer().dataset.flushes ?? NaN);
    const s = { long: 0, longest: 0, frames: 0, renders: 0, lagMax: 0, lagMid: 0, lagEnd: 0, flushes0: flushes(), flushes: NaN, start: performance.now(), done: false };
    w.__liveBench = s;
    w.__liveBenchSeconds = seconds;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        s.long += e.duration;
        s.longest = Math.max(s.longest, e.duration);
      }
    }).observe({ type: 'longtask' });
    const map = w.__watchfloorMap as { on: (e: string, f: () => void) => void; getContainer: () => HTMLElement; getCenter: () => { lng: number; lat: number }; jumpTo: (o: { center: [number, number] }) => void };
    map.on('render', () => s.renders++);
    const c0 = map.getCenter();
    const frame = () => {
      s.frames++;
      if (pan) {
        const a = (performance.now() - s.start) / 1000;
        map.jumpTo({ center: s.done ? [c0.lng, c0.lat] : [c0.lng + 0.0005 * Math.cos(a), c0.lat + 0.0003 * Math.sin(a)] });
      }
      if (lag) {
        const at = map.getContainer().dataset.drawnReport;
        if (at) {
          s.lagEnd = Date.now() - Date.parse(at);
          s.lagMax = Math.max(s.lagMax, s.lagEnd);
          if (!s.lagMid && performance.now() - s.start >= (w.__liveBenchSeconds as number) * 500) s.lagMid = s.lagEnd;
        }
      }
      if (!s.done) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, { lag, seconds, pan });
  // The window is the page's own clock: waited for as a condition, polled every half second.
  const start = await page.evaluate(() => performance.now());
  await page.waitForFunction((end) => performance.now() >= end, start + seconds * 1000, { polling: 500, timeout: seconds * 1000 + 120_000 });
  const s = await page.evaluate(() => {
    const w = window as unknown as { __liveBench: { done: boolean; start: number; long: number; longest: number; frames: number; renders: number; lagMax: number; lagMid: number; lagEnd: number; flushes0: number; flushes: number }; __watchfloorMap: { getContainer: () => HTMLElement } };
    const s = w.__liveBench;
    s.done = true;
    s.flushes = Number(w.__watchfloorMap.getContainer().dataset.flushes ?? NaN) - s.flushes0;
    return { ...s, elapsed: (performance.now() - s.start) / 1000 };
  });
  const t1 = await taskSeconds(cdp);
  const per10 = (x: number) => Math.round((x / s.elapsed) * 10);
  return {
    seconds: Math.round(s.elapsed * 10) / 10,
    longTaskMsPer10s: per10(s.long),
    taskMsPer10s: per10((t1 - t0) * 1000),
    longestTaskMs: Math.round(s.longest),
    fps: Math.round((s.frames / s.elapsed) * 10) / 10,
    redrawsPerSec: Math.round((s.renders / s.elapsed) * 10) / 10,
    ...(Number.isFinite(s.flushes) ? { flushesPerSec: Math.round((s.flushes / s.elapsed) * 10) / 10 } : {}),
    ...(lag ? { lagMs: { max: Math.round(s.lagMax), mid: Math.round(s.lagMid), end: Math.round(s.lagEnd) } } : {}),
  };
}

/** The bare page; `binary`: the points as typed arrays in a minimal custom layer (the dense layer's floor) instead of labelled GeoJSON. */
export async function openBare(browser: Browser, points: number, binary = false) {
  const bare = await bareServer('live-bare.html', { '/job.json': () => ({ points, hz: 10, center: CENTER, binary }) });
  const context = await browser.newContext({ viewport: VIEWPORT });
  const external = await guardNetwork(context);
  await context.addInitScript('window.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(bare.url);
  await page.waitForFunction(() => (window as unknown as { __benchReady?: boolean }).__benchReady === true, null, { timeout: 120_000 });
  const cdp = await context.newCDPSession(page);
  return { page, cdp, external, close: async () => (await context.close(), bare.server.close()) };
}

/**
 * A demo console with no simulated fleet of its own, and a publisher driving `vehicles` vehicles at 2 Hz over its embedded broker.
 * `nodeArgs` go to the console's `node` (to profile it).
 */
export async function startFleet(vehicles: number, seconds: number, hz = 2, nodeArgs: string[] = []): Promise<{ host: Host; stop: () => Promise<void> }> {
  const host = await startHost({ WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0', WATCHFLOOR_VDA_INTERFACE: 'uagv' }, { nodeArgs, measured: true });
  const pub = publisher({ url: host.brokerUrl(), protocolVersion: 4, iface: 'uagv', vehicles, mode: 'paced', hz, seconds, spread: true });
  const late = new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`the publisher did not register ${vehicles} vehicles in 2 minutes`)), 120_000).unref());
  try {
    await Promise.race([pub.registered, late]);
  } catch (err) {
    await pub.stop();
    await host.stop();
    throw err;
  }
  pub.go();
  return { host, stop: async () => (await pub.stop(), await host.stop()) };
}

/** How long a fleet of `vehicles` may take to be all on the map: two minutes, and 10 ms a vehicle beyond that. */
const onMapWithin = (vehicles: number) => Math.max(120_000, vehicles * 10);

/** The console's page with every vehicle on its map; `init` runs in the page before its own scripts. */
export async function openLive(browser: Browser, host: Host, vehicles: number, view = 'live', init?: () => void) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const external = await guardNetwork(context);
  await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;');
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const feed = feedTally(page);
  await page.goto(view === 'live' ? host.url : `${host.url}#/${view}`, { timeout: 120_000 });
  const map = page.locator(SITE_MAP);
  await map.waitFor({ timeout: 120_000 });
  // Every vehicle on the map: a fleet of tens of thousands coming online takes minutes to register (see liveBench).
  const onMap = () => page.evaluate(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-vehicles')));
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-vehicles')) >= n, vehicles, { timeout: onMapWithin(vehicles), polling: 500 })
    .catch(async () => {
      const reached = await onMap().catch(() => NaN);
      // No map at the end: say what the page shows instead (signed out, an error, another view).
      const shown = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 300)).catch((e: Error) => `(unreadable: ${e.message})`);
      await context.close();
      // And whether the console's host still runs, with the last it printed (an exit, an error).
      const p = host.proc;
      const state = p.exitCode !== null || p.signalCode !== null ? `exited (${p.exitCode ?? p.signalCode})` : 'running';
      throw new Error(`${reached} of ${vehicles} vehicles on the Live view after ${onMapWithin(vehicles) / 1000} s; the page shows: ${shown}; the host is ${state}, its last output: ${host.output.join('').slice(-1500)}`);
    });
  const cdp = await context.newCDPSession(page);
  return { page, cdp, external, feed, close: () => context.close() };
}

/**
 * The vehicle feed as the page's socket carries it: how many of its messages reached the page, how
 * many the page said it drew (`fleet.feedDrawn`), and `ahead`, the most it held undrawn at any one
 * time since `from()`: with backpressure at most FEED_WINDOW (2), plus one that crossed an
 * acknowledgement on the wire; without it, a page that cannot keep up falls ever further behind.
 * A reconnected page subscribes again under a new feed id: each feed is counted on its own.
 */
export function feedTally(page: Page) {
  const byFeedId = new Map<string, { received: number; drawn: number }>();
  const t = {
    received: 0,
    drawn: 0,
    ahead: 0,
    from() {
      t.ahead = Math.max(0, ...[...byFeedId.values()].map((f) => f.received - f.drawn));
    },
  };
  page.on('websocket', (ws) => {
    const subscriptions = new Map<string, { received: number; drawn: number }>();
    ws.on('framesent', (f) => {
      const text = String(f.payload);
      for (const m of text.matchAll(/\{"id":(\d+),"method":"subscription","params":\{"input":\{"feedId":"([^"]+)"\}[^}]*"path":"fleet\.onVehicles"/g)) {
        const feed = { received: 0, drawn: 0 };
        subscriptions.set(m[1]!, feed);
        byFeedId.set(m[2]!, feed);
      }
      for (const m of text.matchAll(/"feedId":"([^"]+)","count":(\d+)\},"path":"fleet\.feedDrawn"/g)) {
        const feed = byFeedId.get(m[1]!);
        if (!feed || Number(m[2]) <= feed.drawn) continue;
        t.drawn += Number(m[2]) - feed.drawn;
        feed.drawn = Number(m[2]);
      }
    });
    ws.on('framereceived', (f) => {
      const feed = subscriptions.get(/^\{"id":(\d+),"result":\{"type":"data"/.exec(String(f.payload))?.[1] ?? '');
      if (!feed) return;
      feed.received++;
      t.received++;
      t.ahead = Math.max(t.ahead, feed.received - feed.drawn);
    });
  });
  return t;
}

/**
 * Where the machine's CPU goes from now until the returned function is called, in % of one core:
 * the console's process (its main thread, and its busiest other threads: PGlite's, V8's), every
 * Chromium process, and the bench's own process (the publisher's worker, Playwright).
 */
function cpuShare(consolePid: number) {
  const t0 = performance.now();
  const console0 = threadsCpuMs(consolePid);
  const chromium0 = commandCpuMs('chromium');
  const bench0 = processCpuMs(process.pid) ?? 0;
  return () => {
    const pct = (ms: number) => Math.round((ms / (performance.now() - t0)) * 1000) / 10;
    const threads = [...threadsCpuMs(consolePid)].map(([tid, ms]) => ({ tid, pct: pct(ms - (console0.get(tid) ?? 0)) }));
    return {
      console: {
        all: Math.round(threads.reduce((a, t) => a + t.pct, 0) * 10) / 10,
        main: threads.find((t) => t.tid === consolePid)?.pct ?? 0,
        // Unnamed: Node names them all `node`; at work, the busiest is PGlite's.
        busiestOthers: threads.filter((t) => t.tid !== consolePid && t.pct > 0).map((t) => t.pct).sort((a, b) => b - a).slice(0, 4),
      },
      // By process: the page's renderer, the GPU process drawing it in software, the browser.
      chromium: Object.fromEntries(Object.entries(commandCpuMs('chromium')).map(([kind, ms]) => [kind, pct(ms - (chromium0[kind] ?? 0))])),
      bench: pct((processCpuMs(process.pid) ?? 0) - bench0),
    };
  };
}

/** The console's main thread and its two busiest other threads (PGlite's among them) in the live window, from its CPU profiles. */
function liveProfile(dir: string, pid: number, [from, to]: [number, number]) {
  const threads = profilesOf(dir, pid).map(({ file, thread }) => ({ thread, ...profileWindow(file, from, to) }));
  return {
    main: threads.find((t) => t.thread === 0) ?? null,
    busiestOthers: threads.filter((t) => t.thread !== 0).sort((a, b) => b.samples * b.busyPct - a.samples * a.busyPct).slice(0, 2),
  };
}

/** Resident memory of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/**
 * A page that cannot keep up (its CPU slowed 8× through CDP) with `vehicles` vehicles: the page's
 * lag, the feed messages it received in the window and the most it held undrawn, and the console's
 * resident memory sampled every second meanwhile.
 */
export async function slowPage(browser: Browser, fleet: { host: Host }, vehicles: number, seconds: number) {
  const app = await openLive(browser, fleet.host, vehicles);
  try {
    await app.cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    app.feed.from();
    const before = { received: app.feed.received, drawn: app.feed.drawn };
    const pid = fleet.host.proc.pid!;
    const rss: number[] = [rssMb(pid)];
    const timer = setInterval(() => rss.push(rssMb(pid)), 1000);
    const window = await measure(app.page, app.cdp, seconds, true);
    clearInterval(timer);
    rss.push(rssMb(pid));
    const half = Math.floor(rss.length / 2);
    const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    const { received, drawn, ahead } = app.feed;
    return { window, feed: { received: received - before.received, drawn: drawn - before.drawn, ahead }, consoleRssMb: { first: rss[0]!, last: rss[rss.length - 1]!, max: Math.max(...rss), firstHalfAvg: avg(rss.slice(0, half)), secondHalfAvg: avg(rss.slice(half)) }, external: app.external };
  } finally {
    await app.close();
  }
}

/**
 * `npm run bench -- live --fleets=50000 --hz=0.2`: other fleet sizes, and one rate for all of them;
 * `--fleets=6,50,1000,50000@0.2`: a rate for one size (each vehicle's reports a second). `--profile`: the console
 * runs with V8's CPU profiler, and each size's result says where its threads' time went in the live window
 * (the profiler costs the console some of its time: take the other figures from a run without it).
 */
export async function liveBench(args: string[], o = { fleets: [6, 50, 1000], seconds: 10 }) {
  const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const sizes = arg('fleets')?.split(',').map((f) => f.split('@')) ?? o.fleets.map((n) => [String(n)]);
  const fleets = sizes.map(([n]) => Number(n));
  const rates = new Map(sizes.filter(([, hz]) => hz).map(([n, hz]) => [Number(n), Number(hz)]));
  const hzFor = (n: number) => rates.get(n) ?? Number(arg('hz') ?? (n >= 1000 ? 1 : 2));
  const profiling = args.includes('--profile');
  const { build } = await import('./cold-start.js');
  const { launchChromium } = await import('../e2e/harness.js');
  const { loadavg } = await import('node:os');
  build();
  const browser = await launchChromium();
  const results: Record<string, unknown> = {};
  try {
    for (const n of fleets) {
      // A thousand vehicles report once a second (still up to 20 feed messages a second, of about 50 vehicles each).
      const started = performance.now();
      const profiles = profiling ? mkdtempSync(join(tmpdir(), 'wf-live-prof-')) : null;
      const fleet = await startFleet(n, o.seconds * 4 + 240 + onMapWithin(n) / 1000, hzFor(n), profiles ? cpuProfArgs(profiles) : []);
      const pid = fleet.host.proc.pid!;
      let floor: Window | null = null;
      let window: [number, number] | null = null;
      try {
        const bare = await openBare(browser, n);
        const bareCpu = cpuShare(pid);
        floor = await measure(bare.page, bare.cdp, o.seconds, false);
        const cpuBare = bareCpu();
        const panSeconds = Math.ceil(o.seconds / 2);
        const pan: Record<string, Window> = { bare: await measure(bare.page, bare.cdp, panSeconds, false, true) };
        await bare.close();
        // Where the Live view draws with the dense layer, a floor drawn the same way too.
        const binary = n > DENSE_AT ? await openBare(browser, n, true) : null;
        const floorBinary = binary ? await measure(binary.page, binary.cdp, o.seconds, false) : null;
        if (binary) pan.bareBinary = await measure(binary.page, binary.cdp, panSeconds, false, true);
        await binary?.close();
        const app = await openLive(browser, fleet.host, n);
        // From the publisher's start (the bare page is measured meanwhile) to every vehicle on the Live view.
        const allOnMapSeconds = Math.round((performance.now() - started) / 100) / 10;
        const feed0 = { received: app.feed.received, drawn: app.feed.drawn };
        const liveCpu = cpuShare(pid);
        // Profiled: the page's JavaScript too, sampled every millisecond through CDP for the window.
        if (profiling) await app.cdp.send('Profiler.enable').then(() => app.cdp.send('Profiler.setSamplingInterval', { interval: 1000 })).then(() => app.cdp.send('Profiler.start'));
        const from = monotonicUs();
        const live = await measure(app.page, app.cdp, o.seconds, true);
        window = [from, monotonicUs()];
        const page = profiling ? profileSummary((await app.cdp.send('Profiler.stop')).profile as CpuProfile) : null;
        const cpu = { bare: cpuBare, live: liveCpu() };
        // The feed's messages in the live window: those that reached the page, and those it said it drew.
        const feed = { received: app.feed.received - feed0.received, drawn: app.feed.drawn - feed0.drawn };
        const redraw = await app.page.getAttribute('[data-testid="map"]', 'data-redraw');
        pan.live = await measure(app.page, app.cdp, panSeconds, false, true);
        await app.close();
        const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
        results[`vehicles${n}`] = {
          bare: floor, live, redraw, allOnMapSeconds, cpu, feed, ...(page ? { pageProfile: page } : {}),
          liveOverBareLongTask: ratio(live.longTaskMsPer10s, floor.longTaskMsPer10s),
          liveOverBareTaskTime: ratio(live.taskMsPer10s, floor.taskMsPer10s),
          liveOverBareFps: ratio(live.fps, floor.fps),
          liveOverBareRedraws: ratio(live.redrawsPerSec, floor.redrawsPerSec),
          ...(floorBinary ? { bareBinary: floorBinary, liveOverBareBinaryFps: ratio(live.fps, floorBinary.fps), liveOverBareBinaryRedraws: ratio(live.redrawsPerSec, floorBinary.redrawsPerSec) } : {}),
          // The camera moving on every frame: the frame rate the map manages while the operator pans.
          pan,
          panLiveOverBareRedraws: ratio(pan.live.redrawsPerSec, pan.bare!.redrawsPerSec),
          ...(pan.bareBinary ? { panLiveOverBareBinaryRedraws: ratio(pan.live.redrawsPerSec, pan.bareBinary.redrawsPerSec) } : {}),
          hz: hzFor(n),
          ...(n === 1000 ? { slowPage: await slowPage(browser, fleet, n, o.seconds * 2) } : {}),
          external: [...app.external, ...bare.external, ...(binary?.external ?? [])],
        };
      } catch (err) {
        // A fleet size the console does not manage is a figure too; the other sizes are still measured.
        // Whole: a host that exited printed why on the lines after the first.
        results[`vehicles${n}`] = { error: (err as Error).message, hz: hzFor(n), bare: floor };
      } finally {
        await fleet.stop();
      }
      if (profiles && window) (results[`vehicles${n}`] as Record<string, unknown>).profile = liveProfile(profiles, pid, window);
      if (profiles) rmSync(profiles, { recursive: true, force: true });
    }
  } finally {
    await browser.close();
  }
  return {
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10, viewport: VIEWPORT, webgl: 'software (SwiftShader), headless Chromium', secondsPerWindow: o.seconds,
    publisher: 'every vehicle 2 Hz (1 Hz at 1,000 vehicles) over the embedded broker', bare: 'same maplibre-gl, basemap and point count with labels, setData 10 Hz',
    bareBinary: `above ${DENSE_AT} vehicles: the same points without labels as typed arrays in a minimal custom layer, replaced 10 Hz`,
    pan: 'after each window, half as long again with the camera moved on every frame: redraws a second are the frame rate the map manages',
    targets: { longTaskRatio: '≤ 1.2 at 50 and 1,000', lagAt1000: '< 2 s', memory: 'flat while a slow page is open' },
    ...results,
  };
}
