// Settings › Retention, Settings › Backups, a vehicle's service panel and the site list follow
// changes made in another session (on another console the change arrives by the same stream, see
// tests/mqtt/every-mutation.test.ts): each subscription says what changed, after commit, and only
// to those who may read it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

/** The next message of a subscription, or a failure naming it after 10 s. */
const next = <V>(it: AsyncIterator<V>, what: string) => Promise.race([
  it.next().then((r) => r.value),
  new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what}: no message in 10 s`)), 10_000).unref()),
]);

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`settings and service views follow changes on ${engine.name}`, () => {
    let t: T | null = null;
    const dir = mkdtempSync(join(tmpdir(), 'wf-settings-changes-'));
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
      rmSync(dir, { recursive: true, force: true });
    });

    it('tells the other admin when a period, the backup schedule or a vehicle’s log changed, and no one else', async () => {
      t = await testCore({ db: await engine.fresh() });
      const [site] = await t.db.query<{ id: string }>('SELECT id FROM org.sites ORDER BY slug LIMIT 1');
      const [v] = await t.db.query<{ id: string }>("INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name) VALUES ($1, 'T', 'v1', 'Vehicle 1') RETURNING id", [site!.id]);
      await t.core.start();
      const ann = await t.signedIn(['admin'], 'ann@site.test');
      const bob = await t.signedIn(['admin'], 'bob@site.test');
      const viewer = await t.signedIn(['operator'], 'olga@site.test');

      const retention = (await bob.retention.onChanged())[Symbol.asyncIterator]();
      const backup = (await bob.backup.onChanged())[Symbol.asyncIterator]();
      const service = (await bob.field.onServiceChanged())[Symbol.asyncIterator]();
      for (const [s, what] of [[retention, 'retention'], [backup, 'backup'], [service, 'service']] as const) {
        expect(await next<{ ids: string[] | null }>(s, what)).toEqual({ ids: [] });
      }

      await ann.retention.setRule({ siteId: site!.id, subject: 'incidents', keepDays: 1500 });
      expect((await next(retention, 'retention'))!.ids).toHaveLength(1);
      await ann.backup.setSchedule({ enabled: false, folder: dir, everyHours: 6, keep: 2 });
      expect((await next(backup, 'backup'))!.ids).toHaveLength(1);
      await ann.field.addLog({ vehicleId: v!.id, workDone: 'Replaced the left bumper switch' });
      expect(await next(service, 'service')).toEqual({ ids: [v!.id] });

      // A change refused is not announced: the next message is the one after it.
      await expect(ann.retention.setRule({ siteId: null, subject: 'incidents', keepDays: null })).rejects.toThrow(/needs a period/);
      await ann.retention.setRule({ siteId: site!.id, subject: 'incidents', keepDays: null });
      expect((await next(retention, 'retention'))!.ids).toHaveLength(1);

      // Settings are for admins: an operator may not follow them.
      await expect(viewer.retention.onChanged()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(viewer.backup.onChanged()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      for (const s of [retention, backup, service]) await s.return?.();
    });

    it('tells everyone of a site made or renamed, and a user limited to some sites of theirs only', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const ann = await t.signedIn(['admin'], 'ann@site.test');
      const { siteId: north } = await ann.org.createSite({ name: 'North Depot', slug: 'north', timeZone: 'Europe/Amsterdam', lat: 53.2, lon: 6.56 });
      const noor = await t.signedIn(['operator'], 'noor@site.test');
      const [me] = await t.db.query<{ id: string }>("SELECT id FROM iam.users WHERE email = 'noor@site.test'");
      await ann.org.setUserSites({ userId: me!.id, siteIds: [north] });
      const bob = await t.signedIn(['admin'], 'bob@site.test');

      const all = (await bob.org.onChanged())[Symbol.asyncIterator]();
      const mine = (await noor.org.onChanged())[Symbol.asyncIterator]();
      expect(await next(all, 'all sites')).toEqual({ ids: [] });
      expect(await next(mine, 'north only')).toEqual({ ids: [] });

      const { siteId: south } = await ann.org.createSite({ name: 'South Depot', slug: 'south', timeZone: 'Europe/Amsterdam', lat: 51.44, lon: 5.47 });
      expect((await next(all, 'all sites'))!.ids).toContain(south);
      // Noor hears nothing of South: the next message she gets is North's rename.
      await ann.org.updateSite({ siteId: north, name: 'North Depot (east gate)' });
      expect(await next(mine, 'north only')).toEqual({ ids: [north] });
      for (const s of [all, mine]) await s.return?.();
    });
  });
}
