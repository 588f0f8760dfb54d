import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import WebSocket from 'ws';
import type { AppRouter } from '../../core/router.js';

const root = resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface Host {
  url: string;
  origin: string;
  output: string[];
  proc: ChildProcess;
  dataDir: string;
  /** The embedded broker's URL with this run's credentials, as the host leaves it for local tools in its data folder. */
  brokerUrl(): string;
  /** Resolves with the start-up time the host printed once it is ready (database open, core answering). */
  ready(): Promise<number>;
  /** The first administrator's setup code the host printed (it prints one while there is no administrator). */
  setupCode(): Promise<string>;
  stop(): Promise<void>;
}

/** The site's map, drawn and with the site read (not the map drawn early at the last view while the core starts). */
export const SITE_MAP = '[data-testid="map"][data-ready="true"][data-early="false"]';

/** The line the host prints once its database is open and its core answers. */
const READY = /Watchfloor is ready \(database and core started in (\d+) ms\)/;

/**
 * Starts the browser host as `npm run serve` would (the built one, out/main/host.js), on a free port, and
 * waits for its URL and then, unless `untilListening`, until it says it is ready (it listens before its
 * database is open). `measured`: as a user starts it, without the inspector the tests keep open.
 */
export async function startHost(env: Record<string, string> = {}, opts: { untilListening?: boolean; nodeArgs?: string[]; measured?: boolean } = {}): Promise<Host> {
  const dataDir = env.WATCHFLOOR_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'wf-e2e-'));
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  // Its inspector, on a free port, tells where a host that does not stop is stuck, even in a loop that never yields.
  const inspector = opts.measured ? [] : ['--inspect=127.0.0.1:0'];
  const proc = spawn(process.execPath, [...inspector, ...(opts.nodeArgs ?? []), 'out/main/host.js'], {
    cwd: root,
    env: { ...inherited, WATCHFLOOR_PORT: '0', WATCHFLOOR_OPEN_BROWSER: '0', WATCHFLOOR_LOG_LEVEL: 'warn', WATCHFLOOR_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((ok, fail) => {
    // Generous: a busy machine (load 8 on 2 cores) takes long to start the embedded database. A host that
    // never got there is stopped, not left running.
    const timer = setTimeout(() => (proc.kill('SIGKILL'), fail(new Error(`host did not ${opts.untilListening ? 'print its URL' : 'become ready'}:\n${output.join('')}`))), 180_000);
    const read = (d: Buffer) => {
      output.push(d.toString());
      const text = output.join('');
      const m = /Watchfloor console: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(text);
      if (m && (opts.untilListening || READY.test(text))) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    proc.stdout!.on('data', read);
    proc.stderr!.on('data', read);
    proc.on('exit', (code) => fail(new Error(`host exited with ${code}:\n${output.join('')}`)));
  });
  /** The first match of `re` in what the host printed, once it is there; fails after `timeoutMs` or when the host exits. */
  const printed = async (re: RegExp, what: string, timeoutMs = Infinity) => {
    for (const end = performance.now() + timeoutMs; ;) {
      const m = re.exec(output.join(''));
      if (m) return m;
      if (performance.now() >= end || proc.exitCode !== null || proc.signalCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`host printed no ${what}:\n${output.join('')}`);
  };
  const ready = async () => Number((await printed(READY, 'ready line'))[1]);
  const setupCode = async () => (await printed(/Setup code for the first one: (\S+)/, 'setup code', 5000))[1]!;
  return {
    url,
    origin: new URL(url).origin,
    output,
    proc,
    dataDir,
    setupCode,
    ready,
    brokerUrl: () => readFileSync(join(dataDir, 'embedded-broker.url'), 'utf8').trim(),
    // A host that does not stop is killed; what it printed (the database's stall warnings) and where its
    // JavaScript was then are the error.
    stop: () =>
      new Promise((ok, fail) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return ok();
        let stack = '';
        const kill = setTimeout(async () => {
          stack = await stuckAt(output.join(''));
          proc.kill('SIGKILL');
        }, 45_000);
        proc.once('exit', (code, signal) => {
          clearTimeout(kill);
          if (code === 0) ok();
          else fail(new Error(`host did not stop cleanly (${signal ?? `exit code ${code}`}):\n${output.join('').slice(-6000)}${stack}`));
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** Where the host whose inspector printed its address in `printed` is: its main thread paused, the frames named (up to 5 s). */
async function stuckAt(printed: string): Promise<string> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(printed)?.[1];
  if (!url) return '\nIts inspector printed no address.';
  const ws = new WebSocket(url);
  try {
    return await new Promise<string>((ok) => {
      setTimeout(() => ok('\nIts inspector did not pause it within 5 s.'), 5000);
      ws.on('error', (err) => ok(`\nIts inspector did not answer (${err.message}).`));
      ws.on('open', () => {
        ws.send(JSON.stringify({ id: 1, method: 'Debugger.enable' }));
        ws.send(JSON.stringify({ id: 2, method: 'Debugger.pause' }));
      });
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { method?: string; params?: { callFrames: { functionName: string; url: string; location: { lineNumber: number } }[] } };
        if (m.method !== 'Debugger.paused') return;
        const frames = m.params!.callFrames.map((f) => `  ${f.functionName || '(anonymous)'} ${f.url}:${f.location.lineNumber + 1}`);
        ok(`\nWhere its main thread was:\n${frames.join('\n')}`);
      });
    });
  } finally {
    ws.terminate();
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run 'apt-get install -y chromium' (or bash .ci/run).`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Records every request a context makes and blocks those that leave
 * 127.0.0.1; the list of blocked ones must stay empty.
 */
export async function guardNetwork(context: BrowserContext): Promise<string[]> {
  const external: string[] = [];
  // How many requests stayed on 127.0.0.1 (not enumerable, so `toEqual([])` still reads the list alone).
  Object.defineProperty(external, 'local', { value: 0, writable: true, enumerable: false });
  const local = (raw: string) => {
    const u = new URL(raw);
    return u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1';
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return ((external as unknown as { local: number }).local++, route.continue());
    external.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => page.on('websocket', (ws) => !local(ws.url()) && external.push(ws.url())));
  return external;
}

/** Requests a guarded context made on 127.0.0.1: none means its story never ran, so "nothing left 127.0.0.1" proves nothing. */
export const localRequests = (external: string[]): number => (external as unknown as { local?: number }).local ?? 0;

/** Waits for the map's camera to stand still (a selection or a fit moves it), then for two more frames drawn there. */
export async function mapSettled(page: Page): Promise<void> {
  await page.locator('[data-testid="map"][data-moving="false"]').waitFor();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** A tRPC client from Node on the same host, let in with the browser context's cookie (as from another console). */
export async function hostClient(host: Host, context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name.startsWith('wf_token_'))!;
  const headers = { Origin: host.origin, Cookie: `${cookie.name}=${cookie.value}` };
  class WithHeaders extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const ws = createWSClient({ url: `${host.origin.replace('http', 'ws')}/trpc`, WebSocket: WithHeaders as never });
  return { client: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), close: () => ws.close() };
}

/** Creates the first administrator on the setup form, with the code the host printed; signed in after. */
export async function createFirstAdmin(page: Page, host: Host, who: { email: string; name: string; password: string }): Promise<void> {
  await page.goto(host.url);
  const form = page.getByTestId('setup-form');
  await form.getByLabel('Email').fill(who.email);
  await form.getByLabel('Display name').fill(who.name);
  await form.getByLabel('Password').fill(who.password);
  await form.getByTestId('setup-code').fill(await host.setupCode());
  await form.getByRole('button', { name: 'Create administrator' }).click();
}

/**
 * A console without demo data, and a Chromium page (at `viewport`, every request outside the host
 * noted in `external`) on which its first administrator was created and signed in.
 */
export async function adminConsole(who: { email: string; name: string; password: string }, viewport = { width: 1280, height: 720 }) {
  const [host, browser] = await Promise.all([startHost({ WATCHFLOOR_DEMO: 'false' }), launchChromium()]);
  const context = await browser.newContext({ viewport });
  const external = await guardNetwork(context);
  const page = await context.newPage();
  await createFirstAdmin(page, host, who);
  return { host, browser, page, external };
}
