// The browser host against a real core: cookie, framing headers, links out of served folders, error shapes.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../router.js';
import { createLogger } from '../logger.js';
import { testCore } from '../testing.js';
import { startBrowserHost, type BrowserHost } from './server.js';

describe('browser host', () => {
  let host: BrowserHost;
  let cookie: string;
  let close = async () => {};
  const dir = mkdtempSync(join(tmpdir(), 'wf-host-'));
  const outside = join(dir, 'outside');

  beforeAll(async () => {
    const renderer = join(dir, 'renderer');
    const resources = join(dir, 'resources');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    mkdirSync(join(resources, 'map'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(renderer, 'assets', 'a.js'), 'export {}');
    writeFileSync(join(resources, 'map', 'style.json'), '{}');
    writeFileSync(join(outside, 'secret.txt'), 'not for the browser');
    symlinkSync(join(outside, 'secret.txt'), join(renderer, 'assets', 'leak.js'));
    symlinkSync(outside, join(resources, 'map', 'elsewhere'));
    symlinkSync(join(renderer, 'assets', 'a.js'), join(renderer, 'assets', 'inside.js'));
    const t = await testCore();
    host = await startBrowserHost({ core: t.core, logger: createLogger('t', 'error', () => {}), port: 0, rendererDir: renderer, resourcesDir: resources });
    const r = await fetch(host.url, { redirect: 'manual' });
    cookie = r.headers.get('set-cookie')!.split(';')[0]!;
    close = async () => {
      await host.close();
      await t.db.close();
    };
  });
  afterAll(() => close());

  const get = (path: string, withCookie = true) => fetch(`http://127.0.0.1:${host.port}${path}`, { redirect: 'manual', headers: withCookie ? { cookie } : {} });

  it('names its cookie by port and token hash, and the token alone is not a cookie', async () => {
    expect(cookie).toMatch(new RegExp(`^wf_token_${host.port}_[0-9a-f]{12}=`));
    expect(cookie).not.toContain(new URL(host.url).searchParams.get('token')!);
    expect((await get('/')).status).toBe(200);
    const token = new URL(host.url).searchParams.get('token')!;
    const forged = await fetch(`http://127.0.0.1:${host.port}/`, { headers: { cookie: `wf_token_${host.port}=${token}` } });
    expect(forged.status).toBe(401);
  });

  it('forbids framing on every answer', async () => {
    for (const r of [await get('/'), await get('/assets/missing.js'), await get('/', false), await fetch(host.url, { redirect: 'manual' })]) {
      expect(r.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('refuses symbolic links that lead out of the served folders, and follows those that stay in', async () => {
    const leak = await get('/assets/leak.js');
    expect(leak.status).toBe(404);
    expect(await leak.text()).not.toContain('not for the browser');
    expect((await get('/map/elsewhere/secret.txt')).status).toBe(404);
    expect((await get('/assets/inside.js')).status).toBe(200);
  });

  it('lets a browser keep hashed assets, draw the shipped map from its cache while it checks it, and check the page first', async () => {
    expect((await get('/assets/a.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/map/style.json')).headers.get('cache-control')).toBe('max-age=0, stale-while-revalidate=604800');
    expect((await get('/')).headers.get('cache-control')).toBe('no-cache');
  });

  it('offers no start view unless told one (a console not in demo mode)', async () => {
    const r = await get('/start-view');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(await r.json()).toBeNull();
  });

  it('sends errors without server stack traces', async () => {
    class WithHeaders extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie, origin: `http://127.0.0.1:${host.port}` } });
      }
    }
    const ws = createWSClient({ url: `ws://127.0.0.1:${host.port}/trpc`, WebSocket: WithHeaders as never });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    try {
      const errors = await Promise.all([
        client.auth.login.mutate({ email: 'nobody@site.test', password: 'wrong password' }).catch((e: unknown) => e),
        client.iam.users.query().catch((e: unknown) => e),
        client.auth.login.mutate({ email: 'not an email', password: 'x' } as never).catch((e: unknown) => e),
      ]);
      for (const e of errors) {
        expect(e).toBeInstanceOf(TRPCClientError);
        const err = e as TRPCClientError<AppRouter>;
        expect(err.data).not.toHaveProperty('stack');
        expect(JSON.stringify(err.shape)).not.toMatch(/\.ts:\d+|node_modules|at [A-Za-z]+ \(/);
      }
    } finally {
      ws.close();
    }
  });
});

describe('browser host while its core starts', () => {
  it('serves the page and the start view at once, and opens sockets and answers calls once the core is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-host-early-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>app</title>');
    let coreReady!: (c: Awaited<ReturnType<typeof testCore>>['core']) => void;
    const host = await startBrowserHost({
      core: new Promise((ok) => (coreReady = ok)), logger: createLogger('t', 'error', () => {}), port: 0, rendererDir: join(dir, 'renderer'), resourcesDir: dir,
      startView: { lon: 5.4711, lat: 51.4426 },
    });
    const t = await testCore();
    try {
      const cookie = (await fetch(host.url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`http://127.0.0.1:${host.port}/`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>app</title>');
      // Where to draw the map meanwhile, for a page that kept no view; only to the holder of the cookie.
      expect(await (await fetch(`http://127.0.0.1:${host.port}/start-view`, { headers: { cookie } })).json()).toEqual({ lon: 5.4711, lat: 51.4426 });
      expect((await fetch(`http://127.0.0.1:${host.port}/start-view`)).status).toBe(401);

      class WithHeaders extends WebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie, origin: `http://127.0.0.1:${host.port}` } });
        }
      }
      const ws = createWSClient({ url: `ws://127.0.0.1:${host.port}/trpc`, WebSocket: WithHeaders as never });
      const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
      let answered = false;
      const health = client.system.health.query().then((h) => ((answered = true), h));
      // The call waits while the core is not there (it is not refused, and it does not fail).
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toBe(false);
      coreReady(t.core);
      expect(await health).toMatchObject({ ok: true });
      ws.close();
    } finally {
      await host.close();
      await t.db.close();
    }
  });
});
