// Used by the type checker only when the `electron` package is absent (its
// install fails without network, and it is optional). It declares just what
// electron/main.ts and trpc-electron use; with Electron installed, its own
// types are checked instead (see electron/tsconfig.json `paths`).
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface IpcMainInvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}
export interface WebContents {
  id: number;
}
export interface Session {
  setPermissionRequestHandler(handler: ((contents: WebContents, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((contents: WebContents | null, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
}
export declare const session: { defaultSession: Session };
export declare class BrowserWindow {
  constructor(options: {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    title?: string;
    backgroundColor?: string;
    webPreferences?: { preload?: string; contextIsolation?: boolean; nodeIntegration?: boolean; sandbox?: boolean; webviewTag?: boolean };
  });
  readonly webContents: WebContents;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  maximize(): void;
  isMaximized(): boolean;
  getNormalBounds(): Rectangle;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: () => void): this;
}
export declare const app: {
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  setPath(name: 'userData', path: string): void;
  requestSingleInstanceLock(): boolean;
  on(event: 'window-all-closed' | 'second-instance', listener: () => void): void;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
  quit(): void;
  exit(code?: number): void;
};
export declare const protocol: {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
};
export declare const net: { fetch(url: string): Promise<Response> };
export declare const screen: { getAllDisplays(): { workArea: Rectangle }[] };
export declare const ipcMain: {
  on(channel: string, listener: (...args: unknown[]) => void): unknown;
  off(channel: string, listener: (...args: unknown[]) => void): unknown;
  emit(channel: string, ...args: unknown[]): boolean;
};
export declare const utilityProcess: {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore'; env?: Record<string, string | undefined> }): {
    postMessage(message: unknown): void;
    on(event: 'message', listener: (message: unknown) => void): unknown;
    on(event: 'exit', listener: (code: number) => void): unknown;
    kill(): boolean;
  };
};
export declare const dialog: { showErrorBox(title: string, content: string): void };
