import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/store.js';
import { PASSWORD, testCore } from '../testing.js';
import { needs, type AuthedContext } from '../trpc.js';
import { SetupCode, setSetupCode } from './setup-code.js';
import { base32Decode, totpCode } from './totp.js';

const entries = (t: Awaited<ReturnType<typeof testCore>>) =>
  t.db.query<{ action: string; outcome: string; reason: string | null; actor_email: string | null }>('SELECT action, outcome, reason, actor_email FROM audit.entries ORDER BY seq');

describe('sign-in', () => {
  it('asks for the first administrator once, with the setup code only, then refuses a second setup', async () => {
    const t = await testCore();
    const api = t.core.caller();
    const boss = { email: 'Boss@Site.test', displayName: 'Boss', password: PASSWORD };
    // Without a code of its own the console refuses setup altogether.
    await expect(api.auth.setup({ ...boss, code: 'ANYTHING' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('no setup code') });
    const config = t.core.context('direct').config;
    const code = SetupCode.create(mkdtempSync(join(tmpdir(), 'wf-setup-')));
    setSetupCode(config, code);
    expect(await api.auth.state()).toMatchObject({ needsSetup: true, setupCodeFile: code.file, demo: false, demoAccount: null, user: null });
    await expect(api.auth.setup({ ...boss, code: 'WRONG-CODE1' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Wrong setup code') });
    const r = await api.auth.setup({ ...boss, code: ` ${code.code.toLowerCase()} ` });
    expect(r).toMatchObject({ ok: true, user: { email: 'boss@site.test', roles: ['admin'] } });
    expect(existsSync(code.file)).toBe(false);
    expect(await api.auth.state()).toMatchObject({ needsSetup: false, setupCodeFile: null });
    await expect(t.core.caller().auth.setup({ email: 'x@site.test', displayName: 'X', password: PASSWORD, code: code.code })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await entries(t)).map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'auth.setup:denied', 'auth.setup:denied', 'auth.setup:success', 'auth.login:success', 'auth.setup:denied',
    ]);
  });

  it('treats emails case-insensitively and refuses duplicates', async () => {
    const t = await testCore();
    const admin = await t.signedIn(['admin'], 'admin@site.test');
    await admin.iam.createUser({ email: 'Ann@Site.test', displayName: 'Ann', password: PASSWORD, roles: ['viewer'] });
    await expect(admin.iam.createUser({ email: 'ann@site.TEST', displayName: 'Ann 2', password: PASSWORD, roles: ['viewer'] })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.core.caller().auth.login({ email: 'ANN@site.test', password: PASSWORD })).resolves.toMatchObject({ ok: true });
  });

  it('locks an account after five failures for fifteen minutes, auditing each failure and the lock', async () => {
    const t = await testCore();
    await t.signedIn(['viewer'], 'v@site.test');
    const api = t.core.caller();
    // Each failure past the second makes the account wait (1 s, 2 s, 4 s) before the next attempt counts.
    for (let i = 1; i <= 4; i++) {
      await expect(api.auth.login({ email: 'v@site.test', password: 'wrong password!' })).rejects.toMatchObject({ message: 'Wrong email or password.' });
      t.clock.advance(10_000);
    }
    await expect(api.auth.login({ email: 'v@site.test', password: 'wrong password!' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('locked for 15 minutes') });
    t.clock.advance(10_000); // past the wait, into the lock
    await expect(api.auth.login({ email: 'v@site.test', password: PASSWORD })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('locked') });
    const log = (await entries(t)).slice(1); // after the helper's own sign-in
    expect(log.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'auth.login:failed', 'auth.login:failed', 'auth.login:failed', 'auth.login:failed', 'auth.login:failed', 'auth.lock:denied', 'auth.login:denied',
    ]);
    expect(log[4]!.reason).toBe('wrong password (attempt 5 of 5, from direct)');
    t.clock.advance(15 * 60_000 + 1000);
    await expect(api.auth.login({ email: 'v@site.test', password: PASSWORD })).resolves.toMatchObject({ ok: true });
    const [u] = await t.db.query<{ status: string; failed_attempts: number }>(`SELECT status, failed_attempts FROM iam.users WHERE email = 'v@site.test'`);
    expect(u).toEqual({ status: 'active', failed_attempts: 0 });
  });

  it('audits failures for unknown emails without saying the email is unknown', async () => {
    const t = await testCore();
    await expect(t.core.caller().auth.login({ email: 'nobody@site.test', password: 'whatever123' })).rejects.toMatchObject({ message: 'Wrong email or password.' });
    expect(await entries(t)).toEqual([{ action: 'auth.login', outcome: 'failed', reason: 'unknown email (from direct)', actor_email: 'nobody@site.test' }]);
  });

  it('ends a session after the idle limit, and keeps it while it is used', async () => {
    const t = await testCore({ config: { sessionIdleMinutes: 30 } });
    const api = await t.signedIn(['viewer']);
    for (let i = 0; i < 4; i++) {
      t.clock.advance(20 * 60_000);
      await expect(api.org.sites()).resolves.toHaveLength(1);
    }
    t.clock.advance(31 * 60_000);
    await expect(api.org.sites()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('inactivity') });
    const [s] = await t.db.query<{ end_reason: string }>('SELECT end_reason FROM iam.sessions');
    expect(s!.end_reason).toBe('expired');
  });

  it('logs out, and a disabled user loses their session at once', async () => {
    const t = await testCore();
    const admin = await t.signedIn(['admin'], 'admin@site.test');
    const viewer = await t.signedIn(['viewer'], 'v@site.test');
    await viewer.auth.logout();
    await expect(viewer.org.sites()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const again = t.core.caller();
    await again.auth.login({ email: 'v@site.test', password: PASSWORD });
    const [v] = (await admin.iam.users()).filter((u) => u.email === 'v@site.test');
    await admin.iam.setStatus({ userId: v!.id, status: 'inactive' });
    await expect(again.org.sites()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(t.core.caller().auth.login({ email: 'v@site.test', password: PASSWORD })).rejects.toMatchObject({ message: expect.stringContaining('disabled') });
  });

  it('adds a TOTP second factor that sign-in then requires', async () => {
    const t = await testCore();
    const api = await t.signedIn(['viewer'], 'v@site.test');
    const { secret, uri } = await api.auth.totpBegin();
    expect(uri).toContain(`secret=${secret}`);
    const [stored] = await t.db.query<{ totp_secret_enc: string }>('SELECT totp_secret_enc FROM iam.users WHERE email = $1', ['v@site.test']);
    expect(stored!.totp_secret_enc).not.toContain(secret);
    const code = () => totpCode(base32Decode(secret), t.clock.now());
    await expect(api.auth.totpConfirm({ code: code() === '000000' ? '111111' : '000000', enabled: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await api.auth.totpConfirm({ code: code(), enabled: true });
    const fresh = t.core.caller();
    expect(await fresh.auth.login({ email: 'v@site.test', password: PASSWORD })).toEqual({ ok: false, totpRequired: true });
    await expect(fresh.auth.login({ email: 'v@site.test', password: PASSWORD, totp: '123456' === code() ? '654321' : '123456' })).rejects.toMatchObject({ message: 'Wrong one-time code.' });
    // The code that confirmed the setup is spent; the next step's code signs in, once.
    await expect(fresh.auth.login({ email: 'v@site.test', password: PASSWORD, totp: code() })).rejects.toMatchObject({ message: 'Wrong one-time code.' });
    t.clock.advance(30_000);
    expect(await fresh.auth.login({ email: 'v@site.test', password: PASSWORD, totp: code() })).toMatchObject({ ok: true });
    await expect(t.core.caller().auth.login({ email: 'v@site.test', password: PASSWORD, totp: code() })).rejects.toMatchObject({ message: 'Wrong one-time code.' });
    const log = await t.db.query<{ new_values: unknown }>(`SELECT new_values FROM audit.entries WHERE action = 'auth.totp_begin'`);
    expect(JSON.stringify(log)).not.toContain(secret); // redacted in the audit log
  });

  it('creates the demo operator only in demo mode, and disables it when demo mode is off', async () => {
    const t = await testCore({ config: { demo: true } });
    await t.core.start();
    const api = t.core.caller();
    expect((await api.auth.state()).demoAccount?.email).toBe('operator@demo.watchfloor');
    expect(await api.auth.demoLogin()).toMatchObject({ ok: true, user: { roles: ['operator'] } });
    const off = await testCore({ db: t.db, config: { demo: false } });
    await off.core.start();
    await expect(off.core.caller().auth.demoLogin()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(off.core.caller().auth.login({ email: 'operator@demo.watchfloor', password: 'watchfloor-demo' })).rejects.toMatchObject({ message: expect.stringContaining('works only on a console in demo mode') });
    await expect(api.org.sites()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('user administration', () => {
  it('refuses to remove the last administrator', async () => {
    const t = await testCore();
    const a = await t.signedIn(['admin'], 'a@site.test');
    const b = await t.signedIn(['admin'], 'b@site.test');
    const users = await a.iam.users();
    const [aId, bId] = ['a@site.test', 'b@site.test'].map((e) => users.find((u) => u.email === e)!.id);
    await a.iam.setStatus({ userId: bId!, status: 'inactive' });
    // a is now the last active admin; b (inactive) cannot act, and nobody can take a's role away.
    await expect(b.iam.users()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await a.iam.setStatus({ userId: bId!, status: 'active' });
    const b2 = t.core.caller();
    await b2.auth.login({ email: 'b@site.test', password: PASSWORD });
    await b2.iam.setRoles({ userId: aId!, roles: ['viewer'] });
    await expect(a.iam.setRoles({ userId: bId!, roles: ['viewer'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(b2.iam.setStatus({ userId: bId!, status: 'inactive' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await b2.iam.setStatus({ userId: aId!, status: 'inactive' });
    await expect(b2.iam.setRoles({ userId: bId!, roles: ['operator'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('audited changes', () => {
  it('commits a change with its entry, at the place it happened, or neither', async () => {
    const t = await testCore();
    const admin = await t.signedIn(['admin'], 'admin@site.test');
    const [site] = await admin.org.sites();
    await admin.org.updateSite({ siteId: site!.id, name: 'Lindenhof Campus' });
    const [e] = await t.db.query<{ action: string; old_values: unknown; new_values: unknown; lat: number; site_id: string }>(
      `SELECT action, old_values, new_values, lat, site_id FROM audit.entries WHERE action = 'org.update_site'`);
    expect(e).toMatchObject({ old_values: { name: 'Lindenhof Care Campus' }, new_values: { name: 'Lindenhof Campus' }, lat: site!.lat, site_id: site!.id });
    // A refused change writes nothing but its own 'failed' entry.
    await expect(admin.org.updateSite({ siteId: site!.id, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await admin.org.sites())[0]!.timeZone).toBe('Europe/Amsterdam');
  });

  it('re-checks the permission inside the transaction: a role removed mid-session stops the next change', async () => {
    const t = await testCore();
    const admin = await t.signedIn(['admin'], 'admin@site.test');
    const [site] = await admin.org.sites();
    await t.db.query(`DELETE FROM iam.user_roles`);
    await expect(admin.org.updateSite({ siteId: site!.id, name: 'X' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.db.query(`SELECT name FROM org.sites`))[0]).toEqual({ name: 'Lindenhof Care Campus' });
    const outcomes = await t.db.query<{ outcome: string }>(`SELECT outcome FROM audit.entries WHERE action = 'org.update_site'`);
    expect(outcomes.map((o) => o.outcome)).toEqual(['denied']);
  });

  it('records in each entry the permission its procedure declares, and the database re-checks that one', async () => {
    const t = await testCore();
    const admin = await t.signedIn(['admin'], 'admin@site.test');
    const viewer = await t.signedIn(['viewer'], 'viewer@site.test');
    const [site] = await admin.org.sites();
    await admin.org.updateSite({ siteId: site!.id, name: 'Lindenhof Campus' });
    const incident = await admin.ops.createIncident({ siteId: site!.id, type: 'fall', category: 'fall', priority: 2, title: 'Fall in the garden', needs: [] });
    // A comment is open to everyone signed in; the case type's write permission is the call's from then on.
    await admin.cases.comment({ caseType: 'incident', caseId: incident.id, visibility: 'internal', body: 'On our way.' });
    await expect(viewer.cases.comment({ caseType: 'incident', caseId: incident.id, visibility: 'internal', body: 'x' })).rejects.toThrow(/needs the incidents:manage permission/);
    await expect(viewer.org.updateSite({ siteId: site!.id, name: 'X' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.auth.logout();
    const entries = await t.db.query<{ action: string; outcome: string; actor_email: string; permission: string | null }>(
      `SELECT action, outcome, actor_email, body ->> 'permission' AS permission FROM audit.entries ORDER BY seq`);
    const named = (action: string, outcome = 'success') => entries.filter((e) => e.action === action && e.outcome === outcome).map((e) => e.permission);
    expect(named('org.update_site')).toEqual(['org:manage']);
    expect(named('org.update_site', 'denied')).toEqual(['org:manage']);
    expect(named('ops.create_incident')).toEqual(['incidents:manage']);
    expect(named('cases.comment')).toEqual(['incidents:manage']);
    expect(named('auth.logout')).toEqual([null]);
    expect(named('auth.login')).toEqual([null, null]);

    // The database re-checks the permission the entry names, so an entry cannot claim one its actor lacks.
    const s = await t.core.caller().auth.login({ email: 'viewer@site.test', password: PASSWORD });
    if (!s.ok) throw new Error('the viewer could not sign in');
    const forged = { actorId: null, actorEmail: 'viewer@site.test', sessionId: null, action: 'org.update_site', resourceType: 'site', resourceId: site!.id, siteId: site!.id,
      oldValues: null, newValues: null, lat: null, lon: null, requestId: 'r', outcome: 'success' as const, reason: null, permission: 'org:manage' };
    await expect(t.db.transaction((tx) => appendAudit(tx, forged, new Date(), { token: s.token }))).rejects.toThrow(/needs the org:manage permission/);

    // A procedure that declares a permission cannot be made to need another.
    const declared = { ...t.core.context('direct'), user: { email: 'a@b' } as never, permission: 'org:manage', path: 'org.updateSite' };
    expect(() => needs(declared as AuthedContext, 'iam:manage')).toThrow(/declares org:manage/);
  });
});
