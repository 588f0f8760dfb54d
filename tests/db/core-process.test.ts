// The Electron host's core in a process of its own, as the window's page meets it (tests/db/core-process.ts).
import { resolve } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../core/router.js';
import { errorCode } from '../../renderer/lib/errors.js';
import { startCoreProcess } from './core-process.js';

describe('the core in its own process, behind the main process\'s relay', () => {
  const core = startCoreProcess(resolve(import.meta.dirname, '../../electron/core-process.ts'));
  afterAll(() => core.cleanUp());

  it('answers the window\'s first calls once its database is open, and keeps the window\'s session across a reload', async () => {
    const window = core.page(1);
    // Sent at once, while the core's process is still opening its database: the call waits, it is not lost.
    const first = await core.alive(window.auth.state.query());
    expect(first).toMatchObject({ demo: true, user: null });
    expect(await window.auth.demoLogin.mutate()).toBeTruthy();
    expect((await window.auth.state.query()).user).not.toBeNull();

    // The page reloads: its frame's socket closes; the window's connection, and so its session, stays.
    core.contents.emit('did-start-navigation', { isSameDocument: false, frame: { routingId: 1 } });
    expect((await core.page(2).auth.state.query()).user).not.toBeNull();
  }, 180_000);

  it('streams a subscription, and ends it when the page stops it', async () => {
    const statuses: unknown[] = [];
    let completed = false;
    const sub = core.page(2).system.onStatus.subscribe(undefined, { onData: (s) => statuses.push(s), onComplete: () => (completed = true) });
    await expect.poll(() => statuses.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(statuses[0]).toHaveProperty('database');
    sub.unsubscribe();
    expect(completed).toBe(true);
  });

  it('refuses calls from anything but the window\'s own page', async () => {
    const err = await core.page(3, 'http://127.0.0.1:9/evil.html').auth.state.query().catch((e: unknown) => e);
    // The renderer's client sees its own error class, with the code core sent (not trpc-electron's copy of the class).
    expect(err).toBeInstanceOf(TRPCClientError);
    expect(errorCode(err)).toBe('FORBIDDEN');
    expect((err as Error).message).toMatch(/IPC from http:\/\/127\.0\.0\.1:9\/evil\.html is refused/);
    expect(core.refused.at(-1)).toBe((err as Error).message);
  });

  it('gives the page core\'s reasons for refusals, which the renderer words in the operator\'s language', async () => {
    const err = await core.page(2).auth.login.mutate({ email: 'nobody@site.test', password: 'not the password' }).catch((e: unknown) => e);
    expect(errorCode(err)).toBe('BAD_REQUEST');
    // The reason's code is what errorText words (without it, the page could only show core's English).
    expect((err as TRPCClientError<AppRouter>).data).toMatchObject({ reason: { code: 'iam.wrongPassword' } });
  });

  it('answers map tiles for the app:// protocol, and a bad tile path with why', async () => {
    const answer = await core.relay.tile('not-a-tile');
    expect(answer.status).toBe(400);
    expect(Buffer.from(answer.body!).toString()).toMatch(/A tile is asked for as/);
  });

  it('forgets the window\'s session once the window is gone', async () => {
    core.contents.emit('destroyed');
    expect((await core.page(4).auth.state.query()).user).toBeNull();
  });

  it('stops when asked: the database is closed and the process exits cleanly', async () => {
    await core.relay.stop();
    expect(await core.exitCode).toBe(0);
    expect(core.ended).toEqual([]);
    await expect(core.relay.tile('x')).rejects.toThrow(/core has stopped/);
  });
});
