// Renewing a duty lease and a presence heartbeat are announced only when something changed:
// each used to write a change (and every console read the presence list again) every time,
// three `duty` changes every 2 s (migration 0031).
import { afterEach, describe, expect, it } from 'vitest';
import { Duties } from '../../core/duties/leases.js';
import { createLogger } from '../../core/logger.js';
import { reportPresence } from '../../core/presence/presence.js';
import { testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';

const announced = async (db: Db, kind: string) =>
  (await db.query<{ action: string }>('SELECT action FROM events.changes WHERE kind = $1 ORDER BY seq', [kind])).map((r) => r.action);

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`what is announced on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => {
      await db?.close();
      db = null;
    });

    it('a duty when it is taken or changes hands, not at every renewal; presence when the view changes, not at every heartbeat', async () => {
      db = await engine.fresh();
      const t = await testCore({ db });
      await t.signedIn(['operator'], 'op@site.test');
      await db.query('DELETE FROM events.duties');
      await db.query('DELETE FROM events.changes');
      const log = createLogger('test', 'error', () => {});
      const first = new Duties({ db, log, name: 'first' });
      for (let i = 0; i < 4; i++) await first.tick();
      // Three duties taken: three inserts; the three rounds of renewals after them are not announced.
      expect(await announced(db, 'duty')).toEqual(['insert', 'insert', 'insert']);
      // Another console takes them over once the leases ran out: announced.
      await db.query("UPDATE events.duties SET expires_at = now() - interval '1 second'");
      await new Duties({ db, log, name: 'second' }).tick();
      expect(await announced(db, 'duty')).toEqual(['insert', 'insert', 'insert', 'update', 'update', 'update']);

      const here = { view: 'live', caseType: null, caseId: null, editing: false };
      const [session] = await db.query<{ sessionId: string; userId: string }>('SELECT s.id AS "sessionId", s.user_id AS "userId" FROM iam.sessions s LIMIT 1');
      for (let i = 0; i < 3; i++) await reportPresence(db, session!, here);
      expect(await announced(db, 'presence')).toEqual(['insert']);
      await reportPresence(db, session!, { ...here, view: 'incidents' });
      await reportPresence(db, session!, { ...here, view: 'incidents', editing: true });
      expect(await announced(db, 'presence')).toEqual(['insert', 'update', 'update']);
    });
  });
}
