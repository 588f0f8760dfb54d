// Sign-in under attack, on both engines: throttling per source and account, the lock audited as an
// attempt, equal time for unknown emails, TOTP codes good once under races, and the unlock command.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base32Decode, totpCode } from '../../core/iam/totp.js';
import { unlockAccount } from '../../core/iam/unlock.js';
import { PASSWORD, testCore } from '../../core/testing.js';
import { openDb } from '../../db/index.js';
import { engines } from './engines.js';

const WRONG = 'wrong password!';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`sign-in on ${engine.name}`, () => {
    const core = async () => testCore({ db: await engine.fresh() });

    it('accepts one TOTP code for one of 5 parallel sign-ins only', async () => {
      const t = await core();
      const api = await t.signedIn(['viewer'], 'v@site.test');
      const { secret } = await api.auth.totpBegin();
      const code = () => totpCode(base32Decode(secret), t.clock.now());
      await api.auth.totpConfirm({ code: code(), enabled: true });
      t.clock.advance(30_000);
      const now = code();
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => t.core.caller().auth.login({ email: 'v@site.test', password: PASSWORD, totp: now })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason.message).toMatch(/Wrong one-time code|wait \d+ s/);
      await t.db.close();
    });

    it('makes an account wait after failures, refusing even the right password meanwhile without counting it', async () => {
      const t = await core();
      await t.signedIn(['viewer'], 'v@site.test');
      const api = t.core.caller();
      for (let i = 0; i < 3; i++) await expect(api.auth.login({ email: 'v@site.test', password: WRONG })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(api.auth.login({ email: 'v@site.test', password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Too many failed sign-ins: wait 1 s before trying again.' });
      // Another source is held back for this account too.
      const elsewhere = t.core.caller('direct', undefined, { token: null, source: 'browser at 10.0.0.9' });
      await expect(elsewhere.auth.login({ email: 'v@site.test', password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      const [u] = await t.db.query<{ failed_attempts: number }>(`SELECT failed_attempts FROM iam.users WHERE email = 'v@site.test'`);
      expect(u!.failed_attempts).toBe(3);
      const [denied] = await t.db.query<{ outcome: string; reason: string }>(`SELECT outcome, reason FROM audit.entries ORDER BY seq DESC LIMIT 1`);
      expect(denied).toEqual({ outcome: 'denied', reason: 'throttled for 1 s after failed sign-ins (from browser at 10.0.0.9)' });
      t.clock.advance(1000);
      await expect(api.auth.login({ email: 'v@site.test', password: PASSWORD })).resolves.toMatchObject({ ok: true });
      await t.db.close();
    });

    it('makes a source wait after failures across many accounts, and holds each failed answer back longer', async () => {
      const t = await core();
      const guesser = t.core.caller('direct', undefined, { token: null, source: 'browser at 10.0.0.66' });
      // Ten failures are free (a person mistyping); the eleventh makes the source wait.
      for (let i = 1; i <= 11; i++) {
        await expect(guesser.auth.login({ email: `user${i}@site.test`, password: WRONG })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      await expect(guesser.auth.login({ email: 'user12@site.test', password: WRONG })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      await expect(t.core.caller().auth.login({ email: 'user12@site.test', password: WRONG })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      // The same account failing again: its answers come later each time (200 ms more per failure).
      const account = t.core.caller('direct', undefined, { token: null, source: 'browser at 10.0.0.7' });
      const slow: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await expect(account.auth.login({ email: 'user13@site.test', password: WRONG })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        slow.push(performance.now() - t0);
        t.clock.advance(60_000);
      }
      expect(slow[2]! - slow[0]!).toBeGreaterThan(300);
      await t.db.close();
    });

    it('audits the lock as an attempt from the source, not as a success of the account owner', async () => {
      const t = await core();
      await t.signedIn(['admin'], 'boss@site.test');
      const guesser = t.core.caller('direct', undefined, { token: null, source: 'browser at 10.0.0.66' });
      for (let i = 0; i < 5; i++) {
        await guesser.auth.login({ email: 'boss@site.test', password: WRONG }).catch(() => {});
        t.clock.advance(60_000);
      }
      const [lock] = await t.db.query<{ actor_id: string | null; actor_email: string | null; outcome: string; reason: string; resource_id: string }>(
        `SELECT actor_id, actor_email, outcome, reason, resource_id FROM audit.entries WHERE action = 'auth.lock'`);
      expect(lock).toMatchObject({ actor_id: null, actor_email: null, outcome: 'denied' });
      expect(lock!.reason).toBe('5 failed sign-ins in a row, the last from browser at 10.0.0.66: the account is locked');
      const failed = await t.db.query<{ actor_id: string | null; reason: string }>(`SELECT actor_id, reason FROM audit.entries WHERE action = 'auth.login' AND outcome = 'failed'`);
      expect(failed.every((f) => f.actor_id === null && f.reason.endsWith('from browser at 10.0.0.66)'))).toBe(true);

      // The last administrator is locked out: the unlock command, run with the database, lets them in again.
      await expect(t.core.caller().auth.login({ email: 'boss@site.test', password: PASSWORD })).rejects.toMatchObject({ message: expect.stringContaining('locked') });
      expect(await unlockAccount(t.db, 'BOSS@site.test', 'admin command (ops)', t.clock.now())).toEqual({ email: 'boss@site.test', wasLocked: true, status: 'active' });
      await expect(t.core.caller().auth.login({ email: 'boss@site.test', password: PASSWORD })).resolves.toMatchObject({ ok: true });
      const [unlock] = await t.db.query<{ actor_email: string; outcome: string }>(`SELECT actor_email, outcome FROM audit.entries WHERE action = 'iam.unlock'`);
      expect(unlock).toEqual({ actor_email: 'admin command (ops)', outcome: 'success' });
      await expect(unlockAccount(t.db, 'nobody@site.test', 'x', t.clock.now())).rejects.toThrow('There is no user with the email nobody@site.test.');
      await t.db.close();
    });

    it('spends as long on an unknown email as on a wrong password', async () => {
      const t = await core();
      const n = 9;
      for (let i = 0; i < n; i++) await t.signedIn(['viewer'], `known${i}@site.test`);
      const wrong: number[] = [];
      const unknown: number[] = [];
      const timed = async (into: number[], login: () => Promise<unknown>) => {
        const t0 = performance.now();
        await login().catch(() => {});
        into.push(performance.now() - t0);
      };
      // Nine of each, in turn first, so that a burst of other work on a busy machine falls on both alike.
      for (let i = 0; i < n; i++) {
        const caller = t.core.caller('direct', undefined, { token: null, source: `browser at 10.1.0.${i}` });
        const known = () => timed(wrong, () => caller.auth.login({ email: `known${i}@site.test`, password: WRONG }));
        const nobody = () => timed(unknown, () => caller.auth.login({ email: `unknown${i}@site.test`, password: WRONG }));
        for (const login of i % 2 ? [nobody, known] : [known, nobody]) await login();
      }
      // Without the dummy hash an unknown email answered in a fifth of the time; without the floor for a failed
      // answer, in half of it once on a busy machine (a wrong password is also counted against its account).
      expect(median(unknown), `unknown ${unknown.map(Math.round)} ms, wrong ${wrong.map(Math.round)} ms`).toBeGreaterThan(median(wrong) * 0.6);
      await t.db.close();
    });
  });
}

describe('npm run admin -- unlock', () => {
  it('unlocks an account in an embedded data folder, and says when there is no such user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-admin-'));
    const db = await openDb({ dataDir: dir });
    const t = await testCore({ db });
    await t.signedIn(['admin'], 'boss@site.test');
    await db.query(`UPDATE iam.users SET status = 'locked', locked_until = now() + interval '1 hour', failed_attempts = 5`);
    await db.close();
    const run = (email: string) => spawnSync(process.execPath, ['--import', 'tsx', 'core/iam/admin-cli.ts', 'unlock', email], { encoding: 'utf8', env: { ...process.env, WATCHFLOOR_DATA_DIR: dir, DATABASE_URL: '' } });
    const ok = run('boss@site.test');
    expect(ok.stdout).toBe('Unlocked boss@site.test: it can sign in again.\n');
    expect(ok.status).toBe(0);
    const missing = run('nobody@site.test');
    expect(missing.stderr).toBe('There is no user with the email nobody@site.test.\n');
    expect(missing.status).toBe(1);
    expect(spawnSync(process.execPath, ['--import', 'tsx', 'core/iam/admin-cli.ts'], { encoding: 'utf8' }).status).toBe(2);
    const again = await openDb({ dataDir: dir });
    expect(await again.query(`SELECT status, failed_attempts FROM iam.users`)).toEqual([{ status: 'active', failed_attempts: 0 }]);
    await again.close();
  });
});
