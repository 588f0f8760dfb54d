// COPY into a table (Queryable.copyIn, PGlite only): what ingest writes telemetry with on the
// embedded database. It must store what the jsonb parameter it replaced stores, whatever a
// message's strings hold, and fail whole.
import { afterEach, describe, expect, it } from 'vitest';
import { copyText, type Db } from '../../db/index.js';
import { json } from '../../core/fleet/writer.js';
import { engines, pgliteThread } from './engines.js';

interface Row { id: number; s: string | null; n: number | null; b: boolean | null; k: number }
const rows: Row[] = [
  { id: 1, s: 'tab\there', n: 1.5, b: true, k: 0 },
  { id: 2, s: 'line\nbreak\r', n: Number.NaN, b: false, k: 32767 },
  { id: 3, s: 'back\\slash \\N', n: Number.POSITIVE_INFINITY, b: null, k: -1 },
  { id: 4, s: '\\.', n: null, b: true, k: 1 },
  { id: 5, s: 'nul\0x', n: -0, b: true, k: 2 },
  { id: 6, s: 'lone \uD800 and \uDC00 x', n: 1e-300, b: true, k: 3 },
  { id: 7, s: 'pair 😀 ü', n: 51.44123456789012, b: true, k: 4 },
  { id: 8, s: null, n: 0, b: true, k: 5 },
  { id: 9, s: '', n: -273.15, b: true, k: 6 },
];
const KEYS = ['id', 's', 'n', 'b', 'k'] as const;
const TABLE = (name: string) => `CREATE TABLE ${name} (id int PRIMARY KEY, s text, n float8, b boolean, k smallint)`;

for (const engine of [...engines(), pgliteThread]) {
  describe.skipIf(!engine.available)(`copyIn on ${engine.name}`, () => {
    let db: Db;
    afterEach(async () => db?.close());

    it.skipIf(engine.name === 'postgres')('stores what a jsonb parameter stores, in and out of a transaction', async () => {
      db = await engine.fresh();
      await db.exec(`${TABLE('copied')}; ${TABLE('from_json')}`);
      await db.copyIn!('copied (id, s, n, b, k)', copyText(rows.slice(0, 4), KEYS));
      await db.transaction((tx) => tx.copyIn!('copied (id, s, n, b, k)', copyText(rows.slice(4), KEYS)));
      await db.query('INSERT INTO from_json SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id int, s text, n float8, b boolean, k smallint)', [json(rows)]);
      const copied = await db.query<Row>('SELECT * FROM copied ORDER BY id');
      expect(copied).toEqual(await db.query<Row>('SELECT * FROM from_json ORDER BY id'));
      expect(copied.map((r) => r.s)).toEqual([
        'tab\there', 'line\nbreak\r', 'back\\slash \\N', '\\.', 'nul\uFFFDx', 'lone \uFFFD and \uFFFD x', 'pair 😀 ü', null, '',
      ]);
      expect(copied.map((r) => r.n)).toEqual([1.5, null, null, null, 0, 1e-300, 51.44123456789012, 0, -273.15]);
    });

    it.skipIf(engine.name === 'postgres')('refuses the whole text for one bad row, and rolls back with its transaction', async () => {
      db = await engine.fresh();
      await db.exec(TABLE('copied'));
      const bad = [...rows.slice(0, 3), { id: 10, s: 'too big', n: 1, b: true, k: 40_000 }];
      await expect(db.copyIn!('copied (id, s, n, b, k)', copyText(bad, KEYS))).rejects.toThrow(/smallint/);
      await expect(db.transaction(async (tx) => {
        await tx.copyIn!('copied (id, s, n, b, k)', copyText(rows, KEYS));
        throw new Error('changed my mind');
      })).rejects.toThrow('changed my mind');
      expect(await db.query('SELECT * FROM copied')).toEqual([]);
    });

    it('is offered where it is the cheapest write (PGlite) and absent elsewhere, where writers use jsonb', async () => {
      db = await engine.fresh();
      const offered = [typeof db.copyIn, await db.transaction(async (tx) => typeof tx.copyIn)];
      expect(offered).toEqual(engine.name === 'postgres' ? ['undefined', 'undefined'] : ['function', 'function']);
    });
  });
}
