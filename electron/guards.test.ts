import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { testCore } from '../core/testing.js';
import { denyPermissions, guardContents, ipcSenderProblem, isOwnUrl, takeSingleInstanceLock, type GuardedContents, type GuardedSession } from './guards.js';

/** A webContents as far as the guards see it: events to emit, and the window-open handler they set. */
class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  /** Emits like Electron: a preventable event object carrying the URL, and the URL again. */
  navigate(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('window guards', () => {
  it('knows the app\'s own pages', () => {
    expect(isOwnUrl('app://watchfloor/index.html')).toBe(true);
    expect(isOwnUrl('app://watchfloor/map/x.pbf')).toBe(true);
    for (const url of ['http://127.0.0.1:9/', 'app://other/index.html', 'file:///etc/passwd', 'http://127.0.0.1:4780/', 'javascript:alert(1)', 'not a url', '']) {
      expect(isOwnUrl(url), url).toBe(false);
    }
  });

  it('cancels navigation away from the app (links, redirects, frames, dropped files), opens no windows, attaches no webview', () => {
    const contents = new FakeContents();
    const blocked: string[] = [];
    guardContents(contents as unknown as GuardedContents, (what, url) => blocked.push(`${what} ${url}`));
    expect(contents.navigate('will-navigate', 'app://watchfloor/index.html')).toBe(false);
    expect(contents.navigate('will-navigate', 'http://127.0.0.1:9/login')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///home/op/Downloads/dropped.html')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://127.0.0.1:9999/')).toBe(true);
    expect(contents.navigate('will-frame-navigate', 'http://127.0.0.1:9/ads')).toBe(true);
    // Electron's newer form: the URL only on the event object.
    let prevented = false;
    contents.emit('will-navigate', { url: 'http://127.0.0.1:9/', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(contents.openHandler!({ url: 'http://127.0.0.1:9/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'app://watchfloor/index.html' })).toEqual({ action: 'deny' });
    expect(contents.navigate('will-attach-webview', '')).toBe(true);
    expect(blocked).toContain('will-navigate http://127.0.0.1:9/login');
    expect(blocked).toContain('new-window http://127.0.0.1:9/');
  });

  it('refuses every permission request and check', () => {
    const handlers: Record<string, (...a: never[]) => unknown> = {};
    const session: GuardedSession = {
      setPermissionRequestHandler: (h) => void (handlers.request = h as never),
      setPermissionCheckHandler: (h) => void (handlers.check = h as never),
      setDevicePermissionHandler: (h) => void (handlers.device = h as never),
    };
    const refused: string[] = [];
    denyPermissions(session, (p) => refused.push(p));
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal']) {
      let granted: boolean | null = null;
      (handlers.request as (c: unknown, p: string, cb: (g: boolean) => void) => void)({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect((handlers.check as (c: unknown, p: string) => boolean)({}, permission)).toBe(false);
    }
    expect((handlers.device as (d: unknown) => boolean)({ device: {} })).toBe(false);
    expect(refused).toContain('media');
  });

  it('answers IPC only from the window\'s own top frame showing the app', () => {
    const own = { sender: { id: 7 }, senderFrame: { url: 'app://watchfloor/index.html', parent: null } };
    expect(ipcSenderProblem(own, 7)).toBeNull();
    expect(ipcSenderProblem({ ...own, sender: { id: 8 } }, 7)).toMatch(/not the console's window/);
    expect(ipcSenderProblem({ ...own, senderFrame: { url: 'http://127.0.0.1:9/', parent: null } }, 7)).toMatch(/http:\/\/127.0.0.1:9\/ is refused/);
    expect(ipcSenderProblem({ ...own, senderFrame: { url: 'app://watchfloor/index.html', parent: {} } }, 7)).toMatch(/subframe/);
    expect(ipcSenderProblem({ ...own, senderFrame: null }, 7)).toMatch(/gone/);
  });

  it('core refuses every call, public ones too, on a connection the host refused', async () => {
    const t = await testCore();
    const refused = t.core.caller('ipc', undefined, { token: null, refused: 'IPC from http://127.0.0.1:9/ is refused.' });
    await expect(refused.system.version()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'IPC from http://127.0.0.1:9/ is refused.' });
    await expect(refused.auth.state()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.core.caller('ipc', undefined, { token: null }).system.version()).resolves.toBeTruthy();
    await t.db.close();
  });

  it('takes the single-instance lock, or hands over to the first console and quits', () => {
    const events = new EventEmitter();
    let quit = 0;
    let focused = 0;
    const app = (locked: boolean) => ({ requestSingleInstanceLock: () => locked, on: (e: 'second-instance', l: () => void) => events.on(e, l), quit: () => void quit++ });
    expect(takeSingleInstanceLock(app(true), () => void focused++)).toBe(true);
    events.emit('second-instance');
    expect(focused).toBe(1);
    expect(takeSingleInstanceLock(app(false), () => void focused++)).toBe(false);
    expect(quit).toBe(1);
  });
});
