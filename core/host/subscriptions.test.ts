// Subscriptions over the browser host's WebSocket: they end with the session, with the reason, and are capped per socket.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, createWSClient, wsLink, type TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../router.js';
import { createLogger } from '../logger.js';
import { PASSWORD, testCore } from '../testing.js';
import { insertUser } from '../iam/auth.js';
import { startBrowserHost, type BrowserHost } from './server.js';

describe('subscriptions over the browser host', () => {
  let host: BrowserHost;
  let cookie: string;
  let t: Awaited<ReturnType<typeof testCore>>;
  const sockets: { close(): void }[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-host-subs-'));
    mkdirSync(join(dir, 'renderer'));
    mkdirSync(join(dir, 'resources', 'map'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>app</title>');
    t = await testCore();
    await t.db.transaction((tx) => insertUser(tx, { email: 'op@site.test', displayName: 'Op', password: PASSWORD, roles: ['operator'] }));
    host = await startBrowserHost({ core: t.core, logger: createLogger('t', 'error', () => {}), port: 0, rendererDir: join(dir, 'renderer'), resourcesDir: join(dir, 'resources') });
    cookie = (await fetch(host.url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await host.close();
    await t.db.close();
  });

  /** One socket, as one browser tab. */
  function socket() {
    const headers = { Origin: `http://127.0.0.1:${host.port}`, Cookie: cookie };
    class WithHeaders extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    }
    const ws = createWSClient({ url: `ws://127.0.0.1:${host.port}/trpc`, WebSocket: WithHeaders as never });
    sockets.push(ws);
    return createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  }
  /** Subscribes; resolves with the error that ends the subscription. */
  const ended = (subscribe: (on: { onError(err: TRPCClientError<AppRouter>): void; onData(): void }) => void) =>
    new Promise<TRPCClientError<AppRouter>>((resolve) => subscribe({ onError: resolve, onData: () => {} }));

  it('a stream ends at logout and the client gets the reason', async () => {
    const api = socket();
    await api.auth.login.mutate({ email: 'op@site.test', password: PASSWORD });
    let started!: () => void;
    const running = new Promise<void>((ok) => (started = ok));
    const end = new Promise<TRPCClientError<AppRouter>>((resolve) =>
      api.fleet.onIngest.subscribe(undefined, { onStarted: () => started(), onData: () => {}, onError: resolve }));
    await running;
    await api.auth.logout.mutate();
    const err = await end;
    expect(err.data?.code).toBe('UNAUTHORIZED');
    expect(err.message).toBe('You signed out; sign in again.');
  });

  it('a socket holds at most 5 subscriptions without a session', async () => {
    const api = socket();
    await Promise.all(Array.from({ length: 5 }, () =>
      new Promise<void>((ok) => api.system.onStatus.subscribe(undefined, { onStarted: () => ok(), onData: () => {} }))));
    const refused = await ended((on) => api.system.onStatus.subscribe(undefined, on));
    expect(refused.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/5 open subscriptions without signing in/);
  });
});
