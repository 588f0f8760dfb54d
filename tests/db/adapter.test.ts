import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, runAtCommit, snapshotPglite, type Db } from '../../db/index.js';
import { engines, pgliteThread } from './engines.js';

for (const engine of [...engines(), pgliteThread]) {
  describe.skipIf(!engine.available)(`Db adapter on ${engine.name}`, () => {
    let db: Db;
    afterEach(async () => db?.close());

    it('runs parameterised queries and returns int8 and numeric as exact strings', async () => {
      db = await engine.fresh();
      const [row] = await db.query<{ big: string; num: string; txt: string; ts: Date }>(
        `SELECT 9007199254740993::int8 AS big, 0.1::numeric + 0.2::numeric AS num, $1::text AS txt, now() AS ts`,
        ['héllo'],
      );
      expect(row).toMatchObject({ big: '9007199254740993', num: '0.3', txt: 'héllo' });
      expect(row!.ts).toBeInstanceOf(Date);
    });

    // Compiling, or starting a parallel worker for, a short query took longer than running it:
    // the replay's missions at a moment spent 146 of 395 ms in JIT and 40 of 45 ms starting a
    // worker on a server with its defaults (jit on, parallel_setup_cost 1000).
    it.skipIf(engine.name !== 'postgres')('runs without JIT, and parallel only where it repays, on every connection', async () => {
      db = await engine.fresh();
      const settings = (q: Pick<Db, 'query'>) => q.query<{ jit: string; setup: string }>("SELECT current_setting('jit') AS jit, current_setting('parallel_setup_cost') AS setup");
      const shown = await Promise.all([1, 2, 3].map(() => settings(db)));
      expect(shown.map(([r]) => r)).toEqual(Array(3).fill({ jit: 'off', setup: '10000' }));
      expect(await db.transaction(settings)).toEqual([{ jit: 'off', setup: '10000' }]);
    });

    it('commits a transaction, and rolls it back whole when it throws', async () => {
      db = await engine.fresh();
      await db.exec('CREATE TABLE t (v int NOT NULL)');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES (2)');
          await tx.query('INSERT INTO t VALUES (NULL)');
        }),
      ).rejects.toThrow(/null value/);
      expect(await db.query('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }]);
    });

    it('names the constraint a write broke, with its SQLSTATE, and keeps working after it', async () => {
      db = await engine.fresh();
      await db.exec('CREATE TABLE u (k text CONSTRAINT u_k PRIMARY KEY, at timestamptz, b bytea)');
      await db.query('INSERT INTO u VALUES ($1, $2, $3)', ['a', new Date('2026-12-02T10:00:00Z'), Buffer.from([1, 2, 255])]);
      const err = await db.query("INSERT INTO u VALUES ('a')").catch((e: unknown) => e as Record<string, unknown>);
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ code: '23505', constraint: 'u_k', message: expect.stringMatching(/duplicate key/) });
      const [row] = await db.query<{ at: Date; b: Uint8Array }>('SELECT at, b FROM u');
      expect(row!.at.toISOString()).toBe('2026-12-02T10:00:00.000Z');
      expect([...row!.b]).toEqual([1, 2, 255]);
    });

    it('delivers NOTIFY to listeners until they unsubscribe', async () => {
      db = await engine.fresh();
      const got: string[] = [];
      const unlisten = await db.listen('wf_test', (p) => got.push(p));
      await db.notify('wf_test', 'one');
      await db.transaction(async (tx) => void (await tx.query(`SELECT pg_notify('wf_test', 'two')`)));
      await expect.poll(() => got).toEqual(['one', 'two']);
      await unlisten();
      await db.notify('wf_test', 'three');
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toEqual(['one', 'two']);
    });
  });
}

describe('PGlite on a thread of its own', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  // What the thread is for: a long statement in process holds the event loop that serves the
  // page, MQTT and every other caller; on the thread the loop keeps turning meanwhile.
  it("keeps this thread's event loop turning during a long statement, where PGlite in process holds it", async () => {
    const ticksDuring = async (d: Db) => {
      await d.query('SELECT 1');
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const started = performance.now();
      await d.query('SELECT count(*) FROM generate_series(1, 3000000) g WHERE md5(g::text) < $1', ['8']);
      clearInterval(timer);
      return { ticks, ms: performance.now() - started };
    };
    const inProcess = await openPglite();
    const held = await ticksDuring(inProcess).finally(() => inProcess.close());
    db = await pgliteThread.fresh();
    const free = await ticksDuring(db);
    expect(held.ticks).toBeLessThanOrEqual(1);
    expect(free.ticks).toBeGreaterThan(Math.min(5, free.ms / 100));
  });

  it('orders callers behind an open transaction, as PGlite in process does', async () => {
    db = await pgliteThread.fresh();
    await db.exec('CREATE TABLE q (v int)');
    const order: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO q VALUES (1)');
      inside();
      await new Promise((r) => setTimeout(r, 50));
      await t.query('INSERT INTO q VALUES (2)');
      order.push('tx');
    });
    await entered;
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM q').then(([r]) => order.push(`read ${r!.n}`));
    await Promise.all([tx, outside]);
    expect(order).toEqual(['tx', 'read 2']);
  });

  // What it is for: a statement that needs no answer before the end (an audit entry's signed checkpoint) costs no message.
  it('runs what is queued to run at commit after every other statement, in the COMMIT, and rolls back whole if it fails', async () => {
    db = await pgliteThread.fresh();
    await db.exec('CREATE TABLE c (v int NOT NULL)');
    await db.transaction(async (tx) => {
      await runAtCommit(tx, 'INSERT INTO c SELECT count(*) + 10 FROM c');
      await tx.query('INSERT INTO c VALUES (1)');
      expect(await tx.query('SELECT v FROM c')).toEqual([{ v: 1 }]);
    });
    expect(await db.query('SELECT v FROM c ORDER BY v')).toEqual([{ v: 1 }, { v: 11 }]);
    await expect(db.transaction(async (tx) => {
      await tx.query('INSERT INTO c VALUES (2)');
      await runAtCommit(tx, 'INSERT INTO c VALUES ($1)', [null]);
    })).rejects.toMatchObject({ code: '23502' });
    expect(await db.query('SELECT v FROM c ORDER BY v')).toEqual([{ v: 1 }, { v: 11 }]);
    expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  // A transaction that waits on a statement outside it never ends (that statement waits for it): the thread says so, naming both.
  it('says which call has waited too long and which transaction holds it up', async () => {
    const heard: string[] = [];
    db = await openPglite(undefined, undefined, { thread: true, stallMs: 300, onStall: (m) => heard.push(m) });
    await db.exec('CREATE TABLE w (v int)');
    heard.length = 0; // opening may itself take longer than 0.3 s
    const outer = db;
    let outside!: Promise<unknown>;
    const stuck = db.transaction(async (tx) => {
      await tx.query('INSERT INTO w VALUES (1)');
      outside = outer.query('SELECT count(*) FROM w');
      // Waiting on it would never end: the test gives up after 2 s, when the thread should have said so.
      await Promise.race([outside, new Promise((_, fail) => setTimeout(() => fail(new Error('gave up')), 2000))]);
    });
    await expect(stuck).rejects.toThrow('gave up');
    expect(await outside).toEqual([{ count: '0' }]);
    expect(heard, heard.join('\n')).toHaveLength(1);
    expect(heard[0]).toMatch(/^The embedded database has not answered a query \(SELECT count\(\*\) FROM w\) for \d+\.\d s; 1 call\(s\) wait\. 1 transaction\(s\) open, the oldest: one for \d+\.\d s, its last statement \(INSERT INTO w VALUES \(1\)\)\. Its thread answers at once: PGlite is waiting, not working\.$/);
  });

  it('says when its thread is busy in a statement rather than waiting', async () => {
    const heard: string[] = [];
    db = await openPglite(undefined, undefined, { thread: true, stallMs: 300, onStall: (m) => heard.push(m) });
    await db.query('SELECT 1');
    heard.length = 0;
    await db.query('SELECT pg_sleep(4)');
    await expect.poll(() => heard.length, { timeout: 5000 }).toBe(1);
    expect(heard[0]).toMatch(/^The embedded database has not answered a query \(SELECT pg_sleep\(4\)\) for \d+\.\d s; 1 call\(s\) wait\. No transaction is open\. Its thread does not answer within 2 s: it is busy \(PGlite at work\)\.$/);
  });

  it('copies its files while it runs, and a copy opens with the same rows', async () => {
    db = await pgliteThread.fresh();
    await db.exec("CREATE TABLE s (v text); INSERT INTO s VALUES ('kept')");
    const copy = await openPglite(undefined, await snapshotPglite(db));
    try {
      expect(await copy.query('SELECT v FROM s')).toEqual([{ v: 'kept' }]);
    } finally {
      await copy.close();
    }
  });

  it('fails every later call with a clear error once it is closed', async () => {
    db = await pgliteThread.fresh();
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/embedded database's thread stopped/);
    db = undefined;
  });
});
