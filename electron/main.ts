// Electron host: one window. The core runs in a utility process of its own (core-process.ts), so
// that its work never stalls the window; this process relays the window's calls to it (relay.ts).
// The window's guards are plain functions in guards.ts (tested against fakes).
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, screen, session, utilityProcess } from 'electron';
// Only light modules here: the core's own modules load in its process, not in the window's.
import { defaultDataDir } from '../core/config.js';
import { startViewFor } from '../core/demo-mode.js';
import { PACKAGE_ROOT } from '../db/paths.js';
import { chromiumProfile, legacyDataNote } from './data-dir.js';
import { denyPermissions, guardContents, takeSingleInstanceLock, type GuardedContents, type GuardedSession } from './guards.js';
import { appProtocol } from './protocol.js';
import { relayToCore, TRPC_CHANNEL, type CoreChild, type RelayedIpc, type RelayedWindow } from './relay.js';
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

function fail(problem: string): void {
  dialog.showErrorBox('Watchfloor could not start', problem);
  app.exit(1);
}

async function start(): Promise<void> {
  await app.whenReady();
  // Decided before the core's process starts and makes the database, as that process decides demo mode.
  const startView = startViewFor(process.env, dataDir);
  // The core's process starts (the database opens) while the window opens and its page loads; the
  // page's calls wait in the core's process until the core answers. Electron forks only once the app
  // is ready; nothing below awaits until the relay listens, so no message or exit of the core is missed.
  const child = utilityProcess.fork(resolve(import.meta.dirname, 'core.js'), [], {
    serviceName: 'Watchfloor core',
    stdio: 'inherit',
    env: { ...process.env, WATCHFLOOR_DATA_DIR: dataDir },
  }) as unknown as CoreChild;
  if (legacy) console.warn(legacy);
  denyPermissions(session.defaultSession as unknown as GuardedSession, (permission) => console.warn(`permission refused: ${permission}`));

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
  // Only this window's own page may call the core: anything else is answered FORBIDDEN (guards.ts).
  const relay = relayToCore({
    ipc: ipcMain as unknown as RelayedIpc,
    channel: TRPC_CHANNEL,
    child,
    window: window as unknown as RelayedWindow,
    refused: (reason) => console.warn(`ipc refused: ${reason}`),
    ended: fail,
  });
  // app://watchfloor/… serves the built renderer, under /map/ the offline map data, under /basemaps/ imported packs' tiles, and /start-view.
  protocol.handle('app', appProtocol({ rendererDir, mapDir, tile: (path) => relay.tile(path), startView, fetchFile: (url) => net.fetch(url) }));
  if (state.maximized) window.maximize();
  window.on('close', () => saveWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
  app.on('window-all-closed', () => {
    void relay.stop().finally(() => app.quit());
  });
  await window.loadURL('app://watchfloor/index.html');
}

if (takeSingleInstanceLock(app, () => {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
})) {
  start().catch((err: unknown) => fail((err as Error).message));
}
