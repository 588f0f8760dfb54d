// The built window's process (out/main/main.js) under Node, with Electron's API faked
// (fake-electron.ts) and the core's utility process real (out/main/core.js): it starts the core,
// relays the page's calls, serves app:// and stops the core when the window closes. Nothing ran the
// Electron build before: a name declared twice kept main.js from even parsing, unnoticed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { page, QUIET_DEMO } from '../db/core-process.js';
import { ipcMain, app, seen } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

describe('the Electron window\'s process, built', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wf-electron-main-'));
  const saved = { ...process.env };
  Object.assign(process.env, QUIET_DEMO, { WATCHFLOOR_DATA_DIR: dataDir });
  afterAll(() => {
    process.env = saved;
    for (const proc of seen.forks) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds a preload that parses (it needs Electron to run)', () => {
    const check = spawnSync(process.execPath, ['--check', resolve(import.meta.dirname, '../../out/preload/preload.cjs')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('opens its window on the app\'s page, starts the core in its own process and relays the page\'s calls to it', async () => {
    await import(resolve(import.meta.dirname, '../../out/main/main.js'));
    await expect.poll(() => seen.windows.length).toBe(1);
    const [window] = seen.windows;
    expect(window!.url).toBe('app://watchfloor/index.html');
    expect(seen.forks).toHaveLength(1);

    const client = page(ipcMain, { sender: window!.webContents.id, routingId: 1, url: window!.url! });
    const exited = new Promise<never>((_ok, fail) => seen.forks[0]!.once('exit', (code) => fail(new Error(`core exited ${code}: ${seen.errors}`))));
    expect(await Promise.race([client.auth.state.query(), exited])).toMatchObject({ demo: true, user: null });
    expect(await client.auth.demoLogin.mutate()).toBeTruthy();
    expect((await client.auth.state.query()).user).not.toBeNull();
  }, 180_000);

  it('serves the built page and the core\'s answers for tiles on app://', async () => {
    const handler = seen.protocols.get('app')!;
    const index = await handler({ url: 'app://watchfloor/index.html' });
    expect(index.status).toBe(200);
    expect(await index.text()).toMatch(/<html/i);
    const tile = await handler({ url: 'app://watchfloor/basemaps/not-a-tile' });
    expect(tile.status).toBe(400);
    expect(await tile.text()).toMatch(/A tile is asked for as/);
  });

  it('stops the core when the window closes, then quits', async () => {
    app.emit('window-all-closed');
    await expect.poll(() => seen.quit, { timeout: 60_000 }).toBe(true);
    expect(seen.forks[0]!.exitCode).toBe(0);
    expect(seen.errors).toEqual([]);
    expect(seen.exitCode).toBeNull();
  });
});
