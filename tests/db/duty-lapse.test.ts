// A console that can no longer renew its leases gives its duties up when they may have run out,
// and says so, even when the timer that watches for that wakes early. Node reads the event loop's
// clock once per turn, so a timer armed after long synchronous work (a big batch of messages) is
// timed from a clock that lags and wakes before the lease has run out. The console must then wait
// again, not stay silent until a renewal that never comes while the database is away.
//
// On an embedded database nobody else can take a duty, so a renewal held up behind a backlog of
// writes must not stop this console's ingest (50,000 vehicles on PGlite fell into the outbox so).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Duties, LEASE_MS, type Duty } from '../../core/duties/leases.js';
import { createLogger } from '../../core/logger.js';
import { migrate, openPglite, type Db } from '../../db/index.js';
import { pgliteThread } from './engines.js';

let db: Db | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await db?.close();
});

it('tells of a lapsed lease although the timer watching for it woke a little early', async () => {
  db = await openPglite();
  await migrate(db);
  // PGlite stands in for a database other consoles share.
  const duties = new Duties({ db, log: createLogger('duties', 'error'), exclusive: false });
  const told: Array<[Duty, boolean]> = [];
  duties.onChange((d, held) => void told.push([d, held]));
  await duties.tick(); // one renewal, and then none: the database is away from here on
  expect(duties.holds('ingest')).toBe(true);
  // From now on the high-resolution clock reads 20 ms behind the clock the timer was armed by.
  const real = performance.now.bind(performance);
  vi.spyOn(performance, 'now').mockImplementation(() => real() - 20);
  await vi.waitFor(() => expect(told.filter(([, held]) => !held).map(([d]) => d).sort()).toEqual(['control', 'dispatch', 'ingest']),
    { timeout: LEASE_MS + 5000, interval: 50 });
  expect(duties.holds('ingest')).toBe(false);
  await duties.stop();
}, 20_000);

describe('on an embedded database', () => {
  it('keeps its duties while a renewal waits behind work longer than a lease', async () => {
    db = await pgliteThread.fresh(); // on its thread, so this process's timers run while the database is busy
    await migrate(db);
    const duties = new Duties({ db, log: createLogger('duties', 'error') });
    const told: Array<[Duty, boolean]> = [];
    duties.onChange((d, held) => void told.push([d, held]));
    await duties.start();
    expect(duties.holds('ingest')).toBe(true);
    const busy = db.query('SELECT pg_sleep($1)', [(LEASE_MS + 2000) / 1000]);
    const renewed = duties.tick(); // queued behind the busy database
    await busy;
    expect(duties.holds('ingest')).toBe(true);
    await renewed;
    expect(told).toEqual([['ingest', true], ['control', true], ['dispatch', true]]);
    expect((await duties.list()).every((d) => d.mine && d.live)).toBe(true);
    // Stopping while a renewal is under way: it waits for it, and then gives everything up for good.
    const late = duties.tick();
    await duties.stop();
    await late;
    expect(duties.holds('ingest')).toBe(false);
    expect(await db.query('SELECT duty FROM events.duties')).toEqual([]);
    expect(told.slice(3)).toEqual([['ingest', false], ['control', false], ['dispatch', false]]);
  }, 30_000);
});
