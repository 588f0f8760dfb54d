// Issue 13 item 7: on a central database, row-level security holds a user limited to some sites to
// their sites' cases, missions and audit entries, whatever SQL runs through the console's role.
// Core filters by the caller's sites itself (tests/db/site-limits.test.ts); this is the database's check.
import { afterAll, describe, expect, it } from 'vitest';
import { limitedDb } from '../../core/org/site-rls.js';
import { testCore } from '../../core/testing.js';
import { consoleRole } from './console-role.js';
import { engines } from './engines.js';

describe.skipIf(!engines()[1]!.available)('row-level security by site on a central database', () => {
  let role: Awaited<ReturnType<typeof consoleRole>> | null = null;
  let t: Awaited<ReturnType<typeof testCore>> | null = null;
  afterAll(async () => {
    await t?.core.stop();
    await role?.drop();
  });

  it('shows and takes only the limited user\'s sites through the console\'s role; background work sees every site', async () => {
    role = await consoleRole('rls');
    t = await testCore({ db: role.console });
    const db = t.db;
    const boss = await t.signedIn(['admin'], 'admin@site.test');
    const [home] = await db.query<{ id: string; lat: number; lon: number }>("SELECT id, lat, lon FROM org.sites WHERE slug = 'lindenhof'");
    const lindenhof = home!.id;
    const resident = (siteId: string, lastName: string) => boss.residents.create({ siteId, firstName: 'Ada', lastName, dateOfBirth: '1941-03-02', wheelchairType: 'manual',
      requiresAssistance: false, preferredLanguage: 'nl', consent: true });
    await resident(lindenhof, 'Visser');
    await boss.ops.createIncident({ siteId: lindenhof, type: 'fall', category: 'medical', priority: 3, title: 'Fall at Lindenhof', location: { lat: home!.lat, lon: home!.lon } });
    const { siteId: north } = await boss.org.createSite({ name: 'North Depot', slug: 'north', timeZone: 'Europe/Amsterdam', lat: 53.2, lon: 6.56 });
    await resident(north, 'Noord');

    // An operator of North only works through core as before, now under the database's check too.
    const operator = await t.signedIn(['operator'], 'north@site.test');
    const [me] = await db.query<{ id: string }>("SELECT id FROM iam.users WHERE email = 'north@site.test'");
    await boss.org.setUserSites({ userId: me!.id, siteIds: [north] });
    await operator.ops.createIncident({ siteId: north, type: 'fall', category: 'medical', priority: 3, title: 'Fall at North', location: { lat: 53.2, lon: 6.56 } });
    expect((await operator.ops.incidents({})).map((i) => i.title)).toEqual(['Fall at North']);
    expect((await operator.audit.list({})).every((e) => e.siteId === north || e.actorId === me!.id)).toBe(true);

    // Raw SQL as that operator: nothing of Lindenhof, whatever the query asks for.
    const theirs = limitedDb(db, new Set([north]), me!.id);
    const sitesOf = async (table: string) => [...new Set((await theirs.query<{ site_id: string }>(`SELECT site_id FROM ${table}`)).map((r) => r.site_id))];
    expect(await sitesOf('ops.incidents')).toEqual([north]);
    expect(await sitesOf('fleet.residents')).toEqual([north]);
    expect(await theirs.query(`SELECT 1 FROM ops.incidents WHERE site_id = $1`, [lindenhof])).toEqual([]);
    const audit = await theirs.query<{ site_id: string | null; actor_id: string | null }>('SELECT site_id, actor_id FROM audit.entries');
    expect(audit.length).toBeGreaterThan(0);
    for (const e of audit) expect(e.site_id === north || e.actor_id === me!.id, JSON.stringify(e)).toBe(true);
    // Nor can it change or add another site's rows.
    expect(await theirs.query("UPDATE ops.incidents SET title = 'changed' WHERE site_id = $1 RETURNING id", [lindenhof])).toEqual([]);
    await expect(theirs.query(
      "INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type) VALUES ($1, 'Eve', 'Elders', '1940-01-01', 'manual')", [lindenhof],
    )).rejects.toThrow(/row-level security/);

    // Without a limit, as ingest, dispatch and retention run, every site's rows are there.
    expect((await db.query<{ site_id: string }>('SELECT DISTINCT site_id FROM ops.incidents')).map((r) => r.site_id).sort()).toEqual([lindenhof, north].sort());
    expect(await db.query("SELECT title FROM ops.incidents WHERE site_id = $1", [lindenhof])).toEqual([{ title: 'Fall at Lindenhof' }]);
  });
});
