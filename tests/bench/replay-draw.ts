// Replay as the user sees it, in Chromium at 1280×720 against a console on a central database
// holding 24 h of 50 vehicles at 10 Hz (the `replay` section's seed): the time from choosing a
// moment ("Go to") to that moment's state drawn over the map and its frame committed (p95), the
// map's own frames meanwhile, and, playing at 60×, the states drawn per second and the page's frame
// rate. Floors measured in the same run: the state read in this process (no page, no socket) and
// one committed frame of the page with nothing changed. Between them: the state through the host's
// socket from Node, and when the state's message reached the page. For comparison: one committed
// redraw of the same map, moved by a pixel (what each moment cost while the past was drawn in it).
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { stateAt } from '../../core/replay/state.js';
import { migrate, openPostgres } from '../../db/index.js';
import { createFirstAdmin, hostClient, launchChromium, SITE_MAP, startHost } from '../e2e/harness.js';
import { seedReplay } from './replay.js';

const START = Date.parse('2026-11-01T00:00:00Z');
const ADMIN = { email: 'bench-admin@site.test', name: 'Bench Admin', password: 'bench-password-1' };
const pct = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! * 10) / 10;
const all = { fleet: true, missions: true, incidents: true, city: true };

/** `n` samples of `fn` after 3 to warm up. */
async function sample<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = -3; i < n; i++) {
    const x = await fn(i + n);
    if (i >= 0) out.push(x);
  }
  return out;
}
const timed = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

/** The moment as the "Go to" field takes it: site time (Europe/Amsterdam), to the second. */
const siteLocal = (t: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
  .format(new Date(t)).replace(' ', 'T');

type MapHook = { on(e: string, f: () => void): void; off(e: string, f: () => void): void; once(e: string, f: () => void): void; panBy(o: [number, number], a: object): void };

/**
 * Milliseconds from setting "Go to" to that moment's state drawn over the map and its frame
 * committed (the frame after the one that painted it begins), until that state's message
 * arrived on the page's socket, and the frames the map itself drew meanwhile (none: the past is
 * drawn over it, see renderer/map/overlay.ts).
 */
function drawTime(page: Page, value: string, iso: string): Promise<{ total: number; wire: number; frames: number }> {
  return page.evaluate(([v, want]) => new Promise<{ total: number; wire: number; frames: number }>((done) => {
    const w = window as unknown as { __watchfloorMap: MapHook; __stateAt: number };
    const map = document.querySelector('[data-testid="map"]')!;
    const input = document.querySelector<HTMLInputElement>('[data-testid="replay-goto"]')!;
    let frames = 0;
    const frame = () => void frames++;
    w.__watchfloorMap.on('render', frame);
    const t0 = performance.now();
    const seen = new MutationObserver(() => {
      if (map.getAttribute('data-replay-at') !== want) return;
      seen.disconnect();
      // The first callback runs before the frame that paints it; the second once that frame is committed.
      requestAnimationFrame(() => requestAnimationFrame(() => {
        w.__watchfloorMap.off('render', frame);
        done({ total: performance.now() - t0, wire: w.__stateAt - t0, frames });
      }));
    });
    seen.observe(map, { attributes: true, attributeFilter: ['data-replay-at'] });
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }), [value, iso] as const);
}

/** The page's floor: one frame committed with nothing changed (see drawTime). */
const frameTime = (page: Page) => page.evaluate(() => new Promise<number>((done) => {
  const t0 = performance.now();
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
}));

/**
 * For comparison: one redraw of the same map (moved by a pixel) until it is idle again and the
 * next frame begins. The map's frame only records WebGL commands; with software WebGL the GPU
 * process draws them while the page's frame is committed, which the next frame waits for.
 */
const redrawTime = (page: Page) => page.evaluate((dx) => new Promise<number>((done) => {
  const map = (window as unknown as { __watchfloorMap: MapHook }).__watchfloorMap;
  const t0 = performance.now();
  map.once('idle', () => requestAnimationFrame(() => done(performance.now() - t0)));
  map.panBy([dx, 0], { animate: false });
}), 1);

async function scratch(seeded: string | undefined) {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = seeded ?? `wf_bench_draw_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!seeded) await admin.query(`CREATE DATABASE ${name}`);
  return {
    url: url.toString(),
    drop: async () => {
      if (!seeded) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** `--seeded=<database>`: a database the `replay` seed already filled (kept); otherwise one is made, seeded and dropped. */
export async function replayDrawBench(argv: string[], o = { samples: 40, playSeconds: 10 }) {
  const seeded = argv.find((a) => a.startsWith('--seeded='))?.split('=')[1];
  const before = loadavg().map((l) => Math.round(l * 10) / 10);
  const database = await scratch(seeded);
  const db = await openPostgres(database.url);
  let seedSeconds = 0;
  try {
    if (!seeded) {
      const t0 = performance.now();
      await migrate(db);
      await seedReplay(db, 50, 24);
      seedSeconds = Math.round((performance.now() - t0) / 1000);
    }
    const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
    const moment = (i: number) => START + 600_000 + ((i * 7919) % o.samples) * ((24 * 3600_000 - 1200_000) / o.samples);
    // The floor: the state itself, read in this process.
    const floor = await sample(o.samples, (i) => timed(() => stateAt(db, site!.id, new Date(moment(i)), 300_000, all)));
    // The seeded day lies in the past: keep its raw and per-second rows (the retention job runs at start).
    const host = await startHost({ DATABASE_URL: database.url, WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_TELEMETRY_RAW_HOURS: String(24 * 365), WATCHFLOOR_TELEMETRY_SECOND_DAYS: '365' }, { measured: true });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await context.addInitScript('window.__watchfloorTest = true; window.__name = (f) => f;'); // the map's test hook; tsx's helper
      // When each replayed state's message arrived, to split the time between the wire and the page.
      await context.addInitScript(`{
        const Ws = window.WebSocket;
        window.WebSocket = class extends Ws {
          constructor(...a) {
            super(...a);
            this.addEventListener('message', (e) => { if (typeof e.data === 'string' && e.data.includes('"vehicles"')) window.__stateAt = performance.now(); });
          }
        };
      }`);
      const page = await context.newPage();
      const [users] = await db.query<{ n: string }>('SELECT count(*) AS n FROM iam.users');
      if (users!.n === '0') await createFirstAdmin(page, host, ADMIN);
      else {
        await page.goto(host.url);
        const form = page.getByTestId('sign-in');
        await form.getByLabel('Email').fill(ADMIN.email);
        await form.getByLabel('Password').fill(ADMIN.password);
        await form.getByRole('button', { name: 'Sign in' }).click();
      }
      await page.locator(SITE_MAP).waitFor({ timeout: 120_000 });
      await page.getByTestId('nav-live').click();
      await page.getByTestId('replay-open').click();
      await page.getByTestId('replay-bar').waitFor();
      // The same state through the host's tRPC socket from Node: core and the wire, no page.
      const { client, close } = await hostClient(host, context);
      await client.auth.login.mutate({ email: ADMIN.email, password: ADMIN.password });
      const viaHost = await sample(o.samples, (i) => timed(() => client.replay.state.query({ siteId: site!.id, at: new Date(moment(i)).toISOString() })));
      close();
      const second = (i: number) => Math.floor(moment(i) / 1000) * 1000;
      const goTo = (t: number) => drawTime(page, siteLocal(t), new Date(t).toISOString());
      const drawn = await sample(o.samples, (i) => goTo(second(i)));
      const draws = drawn.map((d) => d.total);
      const pageFrames = await sample(o.samples, () => frameTime(page));
      const redraws = await sample(o.samples, () => redrawTime(page));
      // Moments within the span already open (no new span, so no events read again).
      const seeks = (await sample(o.samples, (i) => goTo(second(2 * o.samples - 1) - 1500_000 + ((i * 7919) % 3000) * 1000))).map((d) => d.total);
      // The page left alone for 3 s: frames and the map's own redraws (a still map draws none).
      const idle = await page.evaluate(() => new Promise<{ frames: number; redraws: number }>((done) => {
        const map = (window as unknown as { __watchfloorMap?: { on(e: string, f: () => void): void } }).__watchfloorMap;
        let frames = 0;
        let redraws = 0;
        map?.on('render', () => void redraws++);
        const t0 = performance.now();
        const frame = () => (frames++, performance.now() - t0 < 3000 ? requestAnimationFrame(frame) : done({ frames, redraws }));
        requestAnimationFrame(frame);
      }));
      // Playing at 60× from the last moment: states drawn per second, and frames per second.
      await page.getByTestId('replay-speed-60').click();
      const played = await page.evaluate((seconds) => new Promise<{ states: number; frames: number }>((done) => {
        const map = document.querySelector('[data-testid="map"]')!;
        let states = 0;
        let frames = 0;
        const seen = new MutationObserver(() => void states++);
        seen.observe(map, { attributes: true, attributeFilter: ['data-replay-at'] });
        const frame = () => {
          frames++;
          if (performance.now() - t0 < seconds * 1000) requestAnimationFrame(frame);
          else (seen.disconnect(), done({ states, frames }));
        };
        const t0 = performance.now();
        document.querySelector<HTMLButtonElement>('[data-testid="replay-play"]')!.click();
        requestAnimationFrame(frame);
      }), o.playSeconds);
      await page.getByTestId('replay-pause').click();
      await page.screenshot({ path: '/tmp/replay-draw-bench.png' });
      return {
        engine: 'postgres', vehicles: 50, hours: 24, seedSeconds, samples: o.samples, viewport: '1280x720',
        floorStateP95Ms: pct(floor, 0.95), drawP50Ms: pct(draws, 0.5), drawP95Ms: pct(draws, 0.95), drawTargetMs: 200,
        floorFrameP95Ms: pct(pageFrames, 0.95), mapRedrawP95Ms: pct(redraws, 0.95),
        drawOfFloor: Math.round((pct(draws, 0.95) / (pct(floor, 0.95) + pct(pageFrames, 0.95))) * 10) / 10,
        viaHostP50Ms: pct(viaHost, 0.5), viaHostP95Ms: pct(viaHost, 0.95),
        stateArrivedP50Ms: pct(drawn.map((d) => d.wire), 0.5), stateArrivedP95Ms: pct(drawn.map((d) => d.wire), 0.95),
        framesPerDrawP50: pct(drawn.map((d) => d.frames), 0.5), framesPerDrawP95: pct(drawn.map((d) => d.frames), 0.95),
        seekInSpanP50Ms: pct(seeks, 0.5), seekInSpanP95Ms: pct(seeks, 0.95),
        idle3s: idle,
        at60x: { statesPerSecond: Math.round((played.states / o.playSeconds) * 10) / 10, framesPerSecond: Math.round((played.frames / o.playSeconds) * 10) / 10 },
        loadAverageBefore: before, loadAverageAfter: loadavg().map((l) => Math.round(l * 10) / 10),
      };
    } finally {
      await browser.close();
      await host.stop();
    }
  } finally {
    await db.close();
    await database.drop();
  }
}
