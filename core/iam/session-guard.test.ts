import { describe, expect, it } from 'vitest';
import { PASSWORD, testCore } from '../testing.js';
import { insertUser } from './auth.js';

type Api = Awaited<ReturnType<Awaited<ReturnType<typeof testCore>>['signedIn']>>;
const pending = () => new Promise((ok) => setTimeout(() => ok('still open'), 50));

async function setup() {
  const t = await testCore();
  const admin = await t.signedIn(['admin']);
  let n = 0;
  /** A user with `roles`, signed in on a connection of their own; their id too. */
  async function user(roles: string[]) {
    const email = `watcher${++n}@site.test`;
    const id = await t.db.transaction((tx) => insertUser(tx, { email, displayName: email, password: PASSWORD, roles }));
    const conn = { token: null as string | null };
    const api: Api = t.core.caller('direct', new AbortController().signal, conn);
    await api.auth.login({ email, password: PASSWORD });
    return { api, id, conn };
  }
  /** Opens a subscription and reads its first event; returns the next read, still waiting. */
  async function follow(sub: Promise<AsyncIterable<unknown>>) {
    const it = (await sub)[Symbol.asyncIterator]();
    await it.next();
    return { it, next: it.next() };
  }
  return { t, admin, user, follow };
}

describe('subscriptions live no longer than their session and permissions', () => {
  it('end at logout, with the reason', async () => {
    const { t, user, follow } = await setup();
    const { api, conn } = await user(['viewer']);
    const sub = await follow(api.fleet.onIngest());
    expect(t.core.sessions.held(conn)).toEqual({ signedIn: 1, anonymous: 0 });
    await api.auth.logout();
    await t.core.sessions.recheck();
    await expect(sub.next).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'You signed out; sign in again.' });
    expect(t.core.sessions.held(conn)).toEqual({ signedIn: 0, anonymous: 0 });
  });

  it('end at idle expiry: a stream alone keeps no session alive', async () => {
    const { t, user, follow } = await setup();
    const { api } = await user(['viewer']);
    const sub = await follow(api.fleet.onIngest());
    t.clock.advance(20 * 60_000);
    await t.core.sessions.recheck();
    expect(await Promise.race([sub.next, pending()])).toBe('still open');
    t.clock.advance(11 * 60_000);
    await t.core.sessions.recheck();
    await expect(sub.next).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/after inactivity/) });
  });

  it('end when the account is disabled', async () => {
    const { t, admin, user, follow } = await setup();
    const { api, id } = await user(['viewer']);
    const sub = await follow(api.missions.onChanged());
    await admin.iam.setStatus({ userId: id, status: 'inactive' });
    await t.core.sessions.recheck();
    await expect(sub.next).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/account was disabled/) });
  });

  it('end when the roles no longer hold their permission; the others go on', async () => {
    const { t, admin, user, follow } = await setup();
    const { api, id } = await user(['viewer']);
    const fleet = await follow(api.fleet.onIngest());
    const missions = await follow(api.missions.onChanged());
    await admin.iam.setRoles({ userId: id, roles: ['caregiver'] });
    await t.core.sessions.recheck();
    await expect(fleet.next).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/roles changed: this view needs the fleet:read permission/) });
    expect(await Promise.race([missions.next, pending()])).toBe('still open');
  });

  it('are capped per connection, lower without a session', async () => {
    const { t, user } = await setup();
    const { api } = await user(['viewer']);
    const open = [];
    for (let i = 0; i < 100; i++) open.push(await api.fleet.onIngest());
    await expect(api.fleet.onIngest()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Ending one gives its place back.
    const it = open[0]![Symbol.asyncIterator]();
    await it.next();
    await it.return?.();
    await expect(api.fleet.onIngest()).resolves.toBeTruthy();

    const anonymous = t.core.caller('direct', new AbortController().signal, { token: null });
    for (let i = 0; i < 5; i++) await anonymous.system.onStatus();
    await expect(anonymous.system.onStatus()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/without signing in/) });
    // Another connection has places of its own.
    await expect(t.core.caller('direct', new AbortController().signal, { token: null }).system.onStatus()).resolves.toBeTruthy();
  });
});
