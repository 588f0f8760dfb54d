// Demo mode runs only on an embedded database it created itself (core/demo-mode.ts), on both engines.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boot, type Booted } from '../../core/boot.js';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../core/iam/auth.js';
import { DEMO_SITE_VIEW, startViewFor } from '../../core/demo-mode.js';
import { syncDemoAccount } from '../../core/iam/demo.js';
import { testCore } from '../../core/testing.js';
import { migrate, type Db } from '../../db/index.js';
import { engines, scratchPostgresUrl } from './engines.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wf-demo-'));
const quiet = { WATCHFLOOR_LOG_LEVEL: 'error', WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' };
/**
 * Stops a booted console once its VDA 5050 master control has started: stopped halfway,
 * vda-5050-lib rejects with undefined (a fleet ingest matter, not this test's).
 */
async function settleAndStop(b: Booted): Promise<void> {
  const ingest = b.core.ingest as unknown as { master: unknown } | null;
  for (let i = 0; i < 100 && ingest && !ingest.master; i++) await new Promise((r) => setTimeout(r, 50));
  await b.stop();
}
const demoUsers = async (db: Db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM iam.users WHERE is_demo'))[0]!.n;

describe('demo mode on the embedded database', () => {
  let booted: Booted | undefined;
  afterEach(async () => {
    if (booted) await settleAndStop(booted);
    booted = undefined;
  });

  it('runs on a folder it creates, marks it, and runs there again', async () => {
    const dir = tmp();
    // Electron's window asks before its core's process starts: the core then runs demo mode, so the map starts at the demo site.
    expect(startViewFor(quiet, dir)).toEqual(DEMO_SITE_VIEW);
    booted = await boot({}, { ...quiet, WATCHFLOOR_DATA_DIR: dir });
    expect(booted.config.demo).toBe(true);
    expect(existsSync(join(dir, 'demo-database'))).toBe(true);
    await settleAndStop(booted);
    expect(startViewFor(quiet, dir)).toEqual(DEMO_SITE_VIEW);
    booted = await boot({}, { ...quiet, WATCHFLOOR_DATA_DIR: dir, WATCHFLOOR_DEMO: 'true' });
    expect(booted.config.demo).toBe(true);
    expect(await booted.core.caller().auth.demoLogin()).toMatchObject({ ok: true });
    // The host draws a first demo run's map at the demo site before the core answers: it is where the site is.
    const sites = await booted.core.context('direct').db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM org.sites WHERE deleted_at IS NULL');
    expect(sites.map((s) => ({ lon: Number(s.lon), lat: Number(s.lat) }))).toEqual([DEMO_SITE_VIEW]);
  });

  it('is refused on a folder made without demo mode, and left off there by default', async () => {
    const dir = tmp();
    expect(startViewFor({ ...quiet, WATCHFLOOR_DEMO: 'false' }, dir)).toBeNull();
    booted = await boot({}, { ...quiet, WATCHFLOOR_DATA_DIR: dir, WATCHFLOOR_DEMO: 'false' });
    await settleAndStop(booted);
    booted = undefined;
    // No start view where the core will run without demo mode, or refuse to start (it says why), or read a bad setting.
    expect(startViewFor(quiet, dir)).toBeNull();
    expect(startViewFor({ ...quiet, WATCHFLOOR_DEMO: 'yes' }, dir)).toBeNull();
    expect(startViewFor({ ...quiet, WATCHFLOOR_DEMO_VEHICLES: 'many' }, tmp())).toBeNull();
    await expect(boot({}, { ...quiet, WATCHFLOOR_DATA_DIR: dir, WATCHFLOOR_DEMO: 'yes' })).rejects.toThrow(/Demo mode is refused on .*pgdata: that database was not created by demo mode/);
    booted = await boot({}, { ...quiet, WATCHFLOOR_DATA_DIR: dir });
    expect(booted.config.demo).toBe(false);
    expect(existsSync(join(dir, 'demo-database'))).toBe(false);
    expect(await booted.core.caller().auth.state()).toMatchObject({ demo: false, demoAccount: null });
    await expect(booted.core.caller().auth.demoLogin()).rejects.toThrow(/Demo sign-in is off/);
  });
});

describe.skipIf(!engines()[1]!.available)('demo mode on a central database', () => {
  let booted: Booted | undefined;
  afterEach(async () => {
    if (booted) await settleAndStop(booted);
    booted = undefined;
  });

  it('is refused with a message when asked for, and off by default: no demo account is created', async () => {
    const url = await scratchPostgresUrl();
    await expect(boot({}, { ...quiet, WATCHFLOOR_DATA_DIR: tmp(), DATABASE_URL: url, WATCHFLOOR_DEMO: '1' })).rejects.toThrow(/Demo mode is refused on a central database \(DATABASE_URL\)/);
    const dir = tmp();
    expect(startViewFor({ ...quiet, DATABASE_URL: url }, dir)).toBeNull();
    booted = await boot({}, { ...quiet, WATCHFLOOR_DATA_DIR: dir, DATABASE_URL: url });
    expect(booted.config.demo).toBe(false);
    expect(await demoUsers(booted.core.context('direct').db)).toBe(0);
  });

  it('core refuses to start in demo mode on it, whoever builds the core', async () => {
    const t = await testCore({ db: await engines()[1]!.fresh(), config: { demo: true } });
    await expect(t.core.start()).rejects.toThrow(/Demo mode is refused on a central database/);
    expect(await demoUsers(t.db)).toBe(0);
    await t.db.close();
  });
});

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`a demo account left in the database on ${engine.name}`, () => {
    it('does not sign in on a console out of demo mode', async () => {
      const db = await engine.fresh();
      await migrate(db);
      await syncDemoAccount(db, true, { now: () => new Date() });
      const t = await testCore({ db, config: { demo: false } });
      await expect(t.core.caller().auth.login({ email: DEMO_EMAIL, password: DEMO_PASSWORD })).rejects.toThrow(/works only on a console in demo mode/);
      const [entry] = await db.query<{ outcome: string; reason: string }>(`SELECT outcome, reason FROM audit.entries WHERE action = 'auth.login' ORDER BY seq DESC LIMIT 1`);
      expect(entry).toEqual({ outcome: 'denied', reason: 'demo account outside demo mode' });
      await db.close();
    });
  });
}
