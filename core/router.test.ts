import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError, faultDb, loadMigrations, migrate, openPglite, type Db } from '../db/index.js';
import type { Config } from './config.js';
import { createCore } from './index.js';
import { createLogger, type LogSink } from './logger.js';
import { testConfig, testCore } from './testing.js';

const config: Config = testConfig;
const clock = { now: () => new Date('2026-11-22T10:00:00Z') };
const logged: Parameters<LogSink>[0][] = [];
const logger = createLogger('test', 'debug', (l) => logged.push(l));

describe('core router', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(() => db.close());

  it('reports health, version and the database mode, engine and migration level', async () => {
    const api = createCore({ db, clock, logger, config }).caller();
    expect(await api.system.health()).toEqual({ ok: true, checkedAt: '2026-11-22T10:00:00.000Z', error: null });
    expect((await api.system.version()).version).toMatch(/^\d+\.\d+\.\d+/);
    const s = await api.system.status();
    expect(s.database).toMatchObject({ mode: 'embedded', ok: true, migrationLevel: loadMigrations().length, codeLevel: loadMigrations().length });
    expect(s.database.engineVersion).toMatch(/^PostgreSQL 1\d/);
  });

  it('lists the demo site with its map georeference', async () => {
    const [site] = await (await (await testCore({ db })).signedIn(['viewer'])).org.sites();
    expect(site).toMatchObject({ slug: 'lindenhof', timeZone: 'Europe/Amsterdam' });
    expect(site!.maps[0]).toMatchObject({ mapId: 'lindenhof-campus', originLat: 51.4416, originLon: 5.4697, rotationDeg: 12 });
  });

  it('validates input: an unexpected argument is a BAD_REQUEST, not a crash', async () => {
    const api = createCore({ db, clock, logger, config }).caller() as unknown as { system: { health(x: unknown): Promise<unknown> } };
    await expect(api.system.health({ drop: 'tables' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('streams the status at once and stops when the client goes away', async () => {
    const abort = new AbortController();
    const api = createCore({ db, clock, logger, config }).caller('direct', abort.signal);
    const stream = (await api.system.onStatus())[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ database: { ok: true } });
    const rest = stream.next();
    abort.abort();
    expect((await rest).done).toBe(true);
  });

  it('pushes a status change to subscribers when the database stops answering', async () => {
    let down = false;
    const flaky = { ...db, query: (sql: string, p?: unknown[]) => (down ? Promise.reject(new Error('connection lost')) : db.query(sql, p)) } as Db;
    const core = createCore({ db: flaky, clock, logger, config: { ...config, statusIntervalMs: 100 } });
    const abort = new AbortController();
    const stream = (await core.caller('direct', abort.signal).system.onStatus())[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ database: { ok: true } });
    await core.start();
    down = true;
    expect((await stream.next()).value).toMatchObject({ database: { ok: false, error: expect.stringContaining('connection lost') } });
    abort.abort();
    await core.stop();
  });

  it('on a database that could not be opened, still answers and says why', async () => {
    const fault = new DbError('too_new', 'The database is newer than this Watchfloor.');
    const api = createCore({ db: faultDb('embedded', '/data/pgdata', fault), clock, logger, config }).caller();
    expect(await api.system.health()).toMatchObject({ ok: false, error: 'The database is newer than this Watchfloor.' });
    expect((await api.system.status()).database).toMatchObject({ ok: false, errorCode: 'too_new', location: '/data/pgdata' });
    await expect(api.auth.state()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: fault.message });
  });

  it('hides unexpected errors from callers and logs them', async () => {
    const broken = { ...db, query: () => Promise.reject(new TypeError('boom')) } as Db;
    const api = createCore({ db: broken, clock, logger, config }).caller();
    await expect(api.auth.state()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: expect.not.stringContaining('boom') });
    expect(logged.some((l) => l.level === 'error' && l.msg === 'unexpected error')).toBe(true);
  });
});
