// The window's guards, as plain functions over the few Electron calls they make,
// so they are tested against fakes (tests cannot download the Electron runtime).

/** The one origin the window may show: the built renderer, served on app://watchfloor. */
export const APP_ORIGIN = 'app://watchfloor';

export function isOwnUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'watchfloor';
  } catch {
    return false;
  }
}

interface Preventable {
  preventDefault(): void;
}

/** What the guards use of a webContents. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (e: Preventable & { url?: string }, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

/** What the guards use of a session. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler?(handler: ((details: unknown) => boolean) | null): void;
}

/**
 * Camera, microphone, geolocation, notifications, USB, HID, serial, clipboard
 * reads, …: the console asks for none, so every request and check is refused.
 * `refused` hears about each request (for the log).
 */
export function denyPermissions(session: GuardedSession, refused: (permission: string) => void = () => {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    refused(permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}

/**
 * The window shows the console and nothing else: navigation (a link, a
 * redirect, a file dropped on the window) to anything but the app's own pages
 * is cancelled, new windows are never opened, and no <webview> is attached.
 * `blocked` hears what was refused (for the log).
 */
export function guardContents(contents: GuardedContents, blocked: (what: string, url: string) => void = () => {}): void {
  for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
    contents.on(event, (e, second) => {
      const url = typeof second === 'string' ? second : (e.url ?? '');
      if (isOwnUrl(url)) return;
      e.preventDefault();
      blocked(event, url);
    });
  }
  contents.setWindowOpenHandler(({ url }) => {
    blocked('new-window', url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    blocked('webview', '');
  });
}

/** What an IPC call says about who sent it. */
export interface IpcSender {
  sender: { id: number };
  senderFrame?: { url: string; parent: unknown } | null;
}

/**
 * Why an IPC call is refused, or null: only the console's own window, from its
 * top frame, showing the app's own page, may call the router.
 */
export function ipcSenderProblem(event: IpcSender, windowContentsId: number): string | null {
  if (event.sender.id !== windowContentsId) return `IPC from webContents ${event.sender.id}, not the console's window, is refused.`;
  const frame = event.senderFrame;
  if (!frame) return 'IPC from a frame that is gone is refused.';
  if (frame.parent) return 'IPC from a subframe is refused.';
  if (!isOwnUrl(frame.url)) return `IPC from ${frame.url || 'an unknown page'} is refused: only the console's own page may call it.`;
  return null;
}

/** What the single-instance lock uses of the app. */
export interface LockingApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

/**
 * One console per user: a second start hands over to the first (which comes to
 * the front) and quits, so two processes never open the same data folder.
 * Returns false in the second one.
 */
export function takeSingleInstanceLock(app: LockingApp, focus: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focus);
  return true;
}
