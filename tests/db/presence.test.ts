// People see each other: what one operator has open is listed, with their role, on
// another's console, and a change of case is announced to it; bad reports are refused.
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`presence on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('lists who is signed in, their role and the case they have open, and tells the others when it changes', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const ann = await t.signedIn(['operator'], 'ann@site.test');
      const bob = await t.signedIn(['dispatcher'], 'bob@site.test');
      expect(await bob.presence.list()).toEqual([]);

      await bob.presence.report({ view: 'incidents' });
      const caseId = '0192d3a0-0000-7000-8000-000000000001';
      const stream = (await bob.presence.onChanged())[Symbol.asyncIterator]();
      expect((await stream.next()).value).toEqual({ changed: false });
      await ann.presence.report({ view: 'incidents', caseType: 'incident', caseId, editing: true });
      expect((await stream.next()).value).toEqual({ changed: true });

      const seen = await bob.presence.list();
      expect(seen).toHaveLength(2);
      expect(seen.find((p) => !p.self)).toMatchObject({ name: 'ann@site.test', roles: ['operator'], view: 'incidents', caseType: 'incident', caseId, editing: true });
      expect(seen.find((p) => p.self)).toMatchObject({ name: 'bob@site.test', view: 'incidents', caseId: null });

      // A renewal with nothing changed is not announced; leaving the case is.
      await ann.presence.report({ view: 'incidents', caseType: 'incident', caseId, editing: true });
      const next = stream.next();
      await ann.presence.report({ view: 'live' });
      expect((await next).value).toEqual({ changed: true });
      expect((await bob.presence.list()).find((p) => !p.self)).toMatchObject({ view: 'live', caseId: null, editing: false });

      // Signed out: no longer listed.
      await ann.auth.logout();
      expect((await bob.presence.list()).map((p) => p.name)).toEqual(['bob@site.test']);
      await stream.return?.();
    });

    it('refuses a report that names half a case or an unknown kind of view, and keeps the last good one', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const ann = await t.signedIn(['operator'], 'ann@site.test');
      await ann.presence.report({ view: 'missions' });
      await expect(ann.presence.report({ view: 'incidents', caseType: 'incident' })).rejects.toThrow(/a case needs both its type and its id/);
      await expect(ann.presence.report({ view: 'Robert\'); DROP TABLE x;--' })).rejects.toThrow(/view/);
      expect(await ann.presence.list()).toEqual([expect.objectContaining({ view: 'missions', self: true })]);
    });
  });
}
