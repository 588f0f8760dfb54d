// Bad input the database refuses (a NUL byte, a malformed id) is a clear, audited refusal, not a 500 (both engines).
import { describe, expect, it } from 'vitest';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`bad input on ${engine.name}`, () => {
    it('a NUL byte in a text field is refused as bad input, audited, and nothing is written', async () => {
      const t = await testCore({ db: await engine.fresh() });
      const api = await t.signedIn(['operator']);
      const [site] = await t.db.query<{ id: string }>('SELECT id FROM org.sites LIMIT 1');
      await expect(api.tickets.create({ siteId: site!.id, subject: 'Door\u0000jammed', description: 'x' })).rejects.toMatchObject({
        code: 'BAD_REQUEST', message: 'Text may not contain NUL (\\0) characters.',
      });
      const [entry] = await t.db.query<{ action: string; outcome: string; reason: string }>(`SELECT action, outcome, reason FROM audit.entries ORDER BY seq DESC LIMIT 1`);
      expect(entry).toEqual({ action: 'tickets.create', outcome: 'failed', reason: 'Text may not contain NUL (\\0) characters.' });
      expect(await t.db.query('SELECT 1 FROM ops.tickets')).toHaveLength(0);
      // The console goes on: the same ticket without the NUL is taken.
      await expect(api.tickets.create({ siteId: site!.id, subject: 'Door jammed', description: 'x' })).resolves.toBeTruthy();
      await t.db.close();
    });

    it('a site id that is not a UUID is refused as bad input, not an internal error', async () => {
      const t = await testCore({ db: await engine.fresh() });
      const api = await t.signedIn(['operator']);
      const bbox = { minLat: 51.4, minLon: 5.4, maxLat: 51.5, maxLon: 5.5 };
      await expect(api.map.layers({ siteId: 'lindenhof', bbox, zoom: 15, layers: ['incidents'] })).rejects.toMatchObject({
        code: 'BAD_REQUEST', message: expect.stringContaining('an id must be a UUID'),
      });
      await t.db.close();
    });
  });
}
