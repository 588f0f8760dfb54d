// Electron host: one window, the core's router over IPC. Everything else lives in core;
// the window's guards are plain functions in guards.ts (tested against fakes).
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, screen, session } from 'electron';
import { createIPCHandler, ELECTRON_TRPC_CHANNEL } from 'trpc-electron/main';
import { boot } from '../core/boot.js';
import { defaultDataDir, type Connection } from '../core/index.js';
import { PACKAGE_ROOT } from '../db/index.js';
import { answerTile } from '../core/basemaps/serve.js';
import { chromiumProfile, legacyDataNote } from './data-dir.js';
import { holdEarlyCalls } from './early-calls.js';
import { denyPermissions, guardContents, ipcSenderProblem, takeSingleInstanceLock, type GuardedContents, type GuardedSession } from './guards.js';
import { appProtocol } from './protocol.js';
import { loadWindowState, saveWindowState } from './window-state.js';

const root = PACKAGE_ROOT;
const rendererDir = resolve(root, 'out/renderer');
const mapDir = resolve(root, 'resources/map');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// One data folder for both hosts; set before the app is ready, so Chromium's profile goes there too.
const dataDir = process.env.WATCHFLOOR_DATA_DIR ?? defaultDataDir();
const legacy = legacyDataNote(app.getPath('userData'), dataDir);
app.setPath('userData', chromiumProfile(dataDir));

let win: BrowserWindow | null = null;
// Every webContents, whoever makes it, gets the guards before it loads anything.
app.on('web-contents-created', (_e, contents) => guardContents(contents as unknown as GuardedContents, (what, url) => console.warn(`blocked ${what}: ${url}`)));

async function start(): Promise<void> {
  // The database opens and the core starts while the window opens and its page loads; the page's calls wait for the core.
  const booting = boot({ dataDir });
  booting.catch(() => {}); // reported where it is awaited, below
  await app.whenReady();
  denyPermissions(session.defaultSession as unknown as GuardedSession, (permission) => console.warn(`permission refused: ${permission}`));
  const early = holdEarlyCalls(ipcMain, ELECTRON_TRPC_CHANNEL);

  // app://watchfloor/… serves the built renderer, under /map/ the offline map data, under /basemaps/ imported packs' tiles.
  protocol.handle('app', appProtocol({ rendererDir, mapDir, tile: async (path) => answerTile((await booting).core.basemaps, path), fetchFile: (url) => net.fetch(url) }));

  const stateFile = join(dataDir, 'window-state.json');
  const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  const window = (win = new BrowserWindow({
    ...state.bounds,
    title: 'Watchfloor',
    backgroundColor: '#0f141a',
    webPreferences: {
      preload: resolve(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webviewTag: false,
    },
  }));
  if (state.maximized) window.maximize();
  window.on('close', () => saveWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
  const loaded = window.loadURL('app://watchfloor/index.html');
  const booted = await booting;
  if (legacy) booted.logger.warn(legacy);
  // trpc-electron asks for a context per call: keep one connection (and its session) per window,
  // and refuse calls from anything but this window's own page (core answers them FORBIDDEN).
  const conns = new Map<number, Connection>();
  createIPCHandler({
    router: booted.core.router,
    windows: [window],
    createContext: async ({ event }) => {
      const refused = ipcSenderProblem(event, window.webContents.id);
      if (refused) {
        booted.logger.warn('ipc refused', { reason: refused });
        return booted.core.context('ipc', { token: null, refused });
      }
      const id = event.sender.id;
      if (!conns.has(id)) conns.set(id, { token: null });
      return booted.core.context('ipc', conns.get(id));
    },
  });
  early.release();
  await loaded;

  app.on('window-all-closed', () => {
    void booted.stop().finally(() => app.quit());
  });
}

if (takeSingleInstanceLock(app, () => {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
})) {
  start().catch((err: unknown) => {
    dialog.showErrorBox('Watchfloor could not start', (err as Error).message);
    app.exit(1);
  });
}
