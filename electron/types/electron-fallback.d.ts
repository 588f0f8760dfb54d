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
}
export declare class BrowserWindow {
  constructor(options: {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    title?: string;
    backgroundColor?: string;
    webPreferences?: { preload?: string; contextIsolation?: boolean; nodeIntegration?: boolean; sandbox?: boolean };
  });
  maximize(): void;
  isMaximized(): boolean;
  getNormalBounds(): Rectangle;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: () => void): this;
}
export declare const app: {
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  on(event: 'window-all-closed', listener: () => void): void;
  quit(): void;
  exit(code?: number): void;
};
export declare const protocol: {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
};
export declare const net: { fetch(url: string): Promise<Response> };
export declare const screen: { getAllDisplays(): { workArea: Rectangle }[] };
export declare const dialog: { showErrorBox(title: string, content: string): void };
