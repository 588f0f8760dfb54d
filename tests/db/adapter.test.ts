import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';

for (const engine of engines()) {
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
