// app://watchfloor/…: the built renderer, the shipped map data under /map/, and imported
// map packs' tiles under /basemaps/ (answered by core, as the browser host answers them), and
// /start-view.
import { pathToFileURL } from 'node:url';
import { safeJoin } from '../core/host/static.js';
import type { TileAnswer } from '../core/basemaps/serve.js';

export interface AppProtocolDeps {
  rendererDir: string;
  mapDir: string;
  /** Core's answer for what follows /basemaps/. */
  tile: (path: string) => Promise<TileAnswer>;
  /** Where the page draws the map while the core starts, when it kept no view (core/demo-mode.ts startViewFor). */
  startView: { lon: number; lat: number } | null;
  /** Reads a file: URL (Electron's net.fetch). */
  fetchFile: (url: string) => Promise<Response>;
}

export function appProtocol(deps: AppProtocolDeps): (req: { url: string }) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname;
    // As the browser host answers it (core/host/server.ts).
    if (path === '/start-view') return Response.json(deps.startView, { headers: { 'Cache-Control': 'no-store' } });
    if (path.startsWith('/basemaps/')) {
      const t = await deps.tile(path.slice('/basemaps/'.length));
      return new Response(t.body ? new Uint8Array(t.body) : null, { status: t.status, headers: t.headers });
    }
    const file = path.startsWith('/map/') ? safeJoin(deps.mapDir, path.slice(5)) : safeJoin(deps.rendererDir, path === '/' ? 'index.html' : path);
    return file ? deps.fetchFile(pathToFileURL(file).href) : new Response('not found', { status: 404 });
  };
}
