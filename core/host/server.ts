import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import type { Core } from '../index.js';
import type { Logger } from '../logger.js';
import { answerApi, API_PREFIX } from './api.js';
import { HostAuth } from './auth.js';
import { safeJoin, sendFile } from './static.js';
import { answerTile } from '../basemaps/serve.js';

export interface BrowserHostOptions {
  /**
   * The core, or the promise of it while it starts: the page, its scripts and the offline map
   * are served at once; calls, tiles and sockets wait for the core.
   */
  core: Core | Promise<Core>;
  logger: Logger;
  port: number;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  /** The repository's resources/ folder (offline map data). */
  resourcesDir: string;
  /**
   * Where the map is drawn while the core starts when the page kept no view of its own (a new
   * browser profile): the demo site's centre in demo mode, else none. Served at /start-view.
   */
  startView?: { lon: number; lat: number } | null;
}

export interface BrowserHost {
  /** The URL to open, with this run's token. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font:16px system-ui;margin:3rem;background:#11161c;color:#e6edf3"><h1>${title}</h1><p>${text}</p>`;

/** Serves the renderer and the tRPC router on 127.0.0.1 only, to the holder of the token. */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const log = opts.logger.child('host');
  const rendererDir = resolve(opts.rendererDir);
  const mapDir = resolve(opts.resourcesDir, 'map');
  const core = Promise.resolve(opts.core);
  let auth!: HostAuth;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error('request failed', { url: req.url, err });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // No other page may frame the console (clickjacking); the token in the first URL is not passed on.
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = url.searchParams.get('token');
    if (token !== null) {
      if (!auth.matches(token)) return deny(res, 'This link is out of date: use the URL the console printed when it started.');
      url.searchParams.delete('token');
      res.writeHead(302, { 'Set-Cookie': auth.setCookieHeader(), Location: url.pathname + url.search });
      return void res.end();
    }
    // Another console (a field laptop) calls with the token as a bearer token, not a cookie.
    if (url.pathname.startsWith(API_PREFIX)) return answerApi(await core, auth, req, res, url);
    if (!auth.hasCookie(req)) return deny(res, 'Open the URL the console printed when it started (it carries an access token).');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();

    const path = url.pathname;
    if (path === '/start-view') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return void res.end(JSON.stringify(opts.startView ?? null));
    }
    if (path.startsWith('/basemaps/')) {
      const tile = await answerTile((await core).basemaps, path.slice('/basemaps/'.length));
      return void res.writeHead(tile.status, tile.headers).end(req.method === 'HEAD' ? undefined : (tile.body ?? undefined));
    }
    const root = path.startsWith('/map/') ? mapDir : rendererDir;
    const file = path.startsWith('/map/') ? safeJoin(mapDir, path.slice(5)) : safeJoin(rendererDir, path === '/' ? 'index.html' : path);
    // Hashed assets and the font glyphs never change; the rest of the shipped map may with a new version.
    const cache = path.startsWith('/assets/') || path.startsWith('/map/glyphs/') ? 'immutable' : path.startsWith('/map/') ? 'stale-ok' : 'no-cache';
    if (file && (await sendFile(res, root, file, cache))) return;
    // Client-side routes fall back to the app; missing assets and map files are a plain 404.
    if (!path.startsWith('/assets/') && !path.startsWith('/map/') && !/\.[a-z0-9]+$/i.test(path)) {
      if (await sendFile(res, rendererDir, join(rendererDir, 'index.html'), 'no-cache')) return;
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(page('Renderer not built', 'Run <code>npm run build</code>, then reload.'));
    }
    res.writeHead(404).end();
  }

  function deny(res: ServerResponse, text: string): void {
    res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page('Watchfloor: not authorised', text));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  // A socket may carry its session token in tRPC's connection params, so a reconnect keeps the session.
  let handler: ReturnType<typeof applyWSSHandler> | null = null;
  const trpc = core.then((c) => (handler = applyWSSHandler({
    wss,
    router: c.router,
    createContext: ({ req, info }) => {
      const token = info.connectionParams?.token;
      const source = `browser at ${req.socket.remoteAddress ?? 'an unknown address'}`;
      return c.context('ws', { token: typeof token === 'string' && token.length <= 100 ? token : null, source });
    },
  })));
  trpc.catch(() => {}); // a core that failed to start: the host's owner reports it and stops
  server.on('upgrade', (req, socket, head) => {
    const ok = new URL(req.url ?? '/', 'http://127.0.0.1').pathname === '/trpc' && auth.hasCookie(req) && auth.originAllowed(req);
    if (!ok) {
      log.warn('websocket refused', { origin: req.headers.origin ?? null });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    // While the core starts, the socket waits (the page's first calls queue) and opens once the core can answer.
    void trpc.then(() => !socket.destroyed && wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)), () => socket.destroy());
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  auth = new HostAuth(port);
  const url = `http://127.0.0.1:${port}/?token=${auth.token}`;
  log.info('browser host listening', { port });

  return {
    url,
    port,
    async close() {
      handler?.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
