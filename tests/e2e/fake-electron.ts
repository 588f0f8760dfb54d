// Electron's main-process API as far as out/main/main.js uses it, for running the built window's
// process under Node (the runtime cannot be downloaded here). The utility process is real: a forked
// Node process running the built core (tests/db/utility-port.mjs stands in for its parentPort).
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { asCoreChild, forkCore } from '../db/core-process.js';

type Handler = (req: { url: string }) => Promise<Response>;

/** What main.js did, for the test to read. */
export const seen = {
  errors: [] as string[],
  exitCode: null as number | null,
  quit: false,
  protocols: new Map<string, Handler>(),
  windows: [] as BrowserWindow[],
  forks: [] as ReturnType<typeof forkCore>[],
};

export const ipcMain = new EventEmitter();
export const app = Object.assign(new EventEmitter(), {
  whenReady: () => Promise.resolve(),
  getPath: () => '/nonexistent/electron-user-data',
  setPath: () => {},
  requestSingleInstanceLock: () => true,
  quit: () => void (seen.quit = true),
  exit: (code: number) => void (seen.exitCode = code),
});

export class BrowserWindow extends EventEmitter {
  readonly webContents = Object.assign(new EventEmitter(), { id: 1 });
  url: string | null = null;
  constructor(readonly options: unknown) {
    super();
    seen.windows.push(this);
  }
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  isMinimized = () => false;
  isMaximized = () => false;
  maximize() {}
  restore() {}
  focus() {}
  getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 720 });
}

export const dialog = { showErrorBox: (title: string, content: string) => void seen.errors.push(`${title}: ${content}`) };
export const net = { fetch: async (url: string) => new Response(await readFile(fileURLToPath(url))) };
export const protocol = {
  registerSchemesAsPrivileged: () => {},
  handle: (scheme: string, handler: Handler) => void seen.protocols.set(scheme, handler),
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const session = { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, setDevicePermissionHandler: () => {} } };
export const utilityProcess = {
  fork(entry: string, _args: string[], options: { env: NodeJS.ProcessEnv }) {
    const proc = forkCore(entry, options.env);
    seen.forks.push(proc);
    return asCoreChild(proc);
  },
};
