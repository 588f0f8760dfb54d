// Electron host: one window, the core's router over IPC. Everything else lives in core.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, net, protocol, screen } from 'electron';
import { createIPCHandler } from 'trpc-electron/main';
import { boot } from '../core/boot.js';
import type { Connection } from '../core/index.js';
import { PACKAGE_ROOT } from '../db/index.js';
import { safeJoin } from '../core/host/static.js';
import { loadWindowState, saveWindowState } from './window-state.js';

const root = PACKAGE_ROOT;
const rendererDir = resolve(root, 'out/renderer');
const mapDir = resolve(root, 'resources/map');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

async function start(): Promise<void> {
  await app.whenReady();
  const booted = await boot({ dataDir: process.env.WATCHFLOOR_DATA_DIR ?? app.getPath('userData') });

  // app://watchfloor/… serves the built renderer and, under /map/, the offline map data.
  protocol.handle('app', (req) => {
    const path = new URL(req.url).pathname;
    const file = path.startsWith('/map/') ? safeJoin(mapDir, path.slice(5)) : safeJoin(rendererDir, path === '/' ? 'index.html' : path);
    return file ? net.fetch(pathToFileURL(file).href) : new Response('not found', { status: 404 });
  });

  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...state.bounds,
    title: 'Watchfloor',
    backgroundColor: '#0f141a',
    webPreferences: {
      preload: resolve(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
    },
  });
  if (state.maximized) win.maximize();
  // trpc-electron asks for a context per call: keep one connection (and its session) per window.
  const conns = new Map<number, Connection>();
  createIPCHandler({
    router: booted.core.router,
    windows: [win],
    createContext: async ({ event }) => {
      const id = event.sender.id;
      if (!conns.has(id)) conns.set(id, { token: null });
      return booted.core.context('ipc', conns.get(id));
    },
  });
  win.on('close', () => saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
  await win.loadURL('app://watchfloor/index.html');

  app.on('window-all-closed', () => {
    void booted.stop().finally(() => app.quit());
  });
}

start().catch((err: unknown) => {
  dialog.showErrorBox('Watchfloor could not start', (err as Error).message);
  app.exit(1);
});
