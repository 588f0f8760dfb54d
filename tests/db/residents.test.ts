// Residents on both engines: sorted and searched as people look them up, consent with date and
// by whom, stale edits refused, personal fields never in the audit log, and an erase that
// leaves no personal data anywhere in the database.
import { afterEach, describe, expect, it } from 'vitest';
import { personalKeys, placeRefusal, ResidentInput } from '../../core/contract/index.js';
import { testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

const base = { wheelchairType: 'manual' as const, requiresAssistance: false, preferredLanguage: 'nl', consent: true };

/** Every text-like column of every table and view, searched for `needle`: where it is found. */
async function findEverywhere(db: Db, needle: string): Promise<string[]> {
  const cols = await db.query<{ s: string; t: string; c: string }>(
    `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_%'
       AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`);
  expect(cols.length).toBeGreaterThan(50); // the search covers the whole schema, not a few tables
  const found: string[] = [];
  for (const { s, t, c } of cols) {
    const [hit] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${s}"."${t}" WHERE "${c}"::text ILIKE $1`, [`%${needle}%`]);
    if (Number(hit!.n)) found.push(`${s}.${t}.${c}`);
  }
  return found;
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`residents on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('lists and searches accents and case aside, "de Jong" with the J\'s; consent has a date and who recorded it; stale edits are refused', async () => {
      t = await testCore({ db: await engine.fresh() });
      const nurse = await t.signedIn(['nurse'], 'nurse@site.test');
      const caregiver = await t.signedIn(['caregiver']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const make = (firstName: string, lastName: string) =>
        nurse.residents.create({ siteId: site!.id, firstName, lastName, dateOfBirth: '1940-01-01', ...base });
      await make('Ada', 'Visser');
      const bram = await make('Bram', 'de Jong');
      await make('Zoë', 'Jansen');
      await make('jan', 'Ébert');
      const names = async (search?: string) => (await nurse.residents.list({ siteId: site!.id, search })).map((r) => r.displayName);
      expect(await names()).toEqual(['j. Ébert', 'Z. Jansen', 'B. de Jong', 'A. Visser']);
      expect(await names('EBERT')).toEqual(['j. Ébert']);
      expect(await names('zoe')).toEqual(['Z. Jansen']);
      expect(await names('jong bram')).toEqual(['B. de Jong']);
      // Without residents:read_pii, first names are not searchable (the list shows only the initial).
      expect((await caregiver.residents.list({ siteId: site!.id, search: 'zoe' })).length).toBe(0);
      await expect(caregiver.residents.create({ siteId: site!.id, firstName: 'X', lastName: 'Y', dateOfBirth: '1940-01-01', ...base })).rejects.toThrow(/residents:manage/);

      // Consent withdrawn: no transport; recorded again with its day and the nurse's name.
      let v = bram.version;
      v = (await nurse.residents.withdrawConsent({ id: bram.id, version: v })).version;
      let d = await nurse.residents.detail({ id: bram.id });
      expect(d.consent).toBe(false);
      expect(d.consentWithdrawnBy).toBe('nurse@site.test');
      await expect(nurse.residents.withdrawConsent({ id: bram.id, version: v })).rejects.toThrow(/nothing to withdraw/);
      await expect(nurse.residents.recordConsent({ id: bram.id, version: v, date: '2999-01-01' })).rejects.toThrow(/still to come/);
      v = (await nurse.residents.recordConsent({ id: bram.id, version: v, date: '2026-11-20' })).version;
      d = await nurse.residents.detail({ id: bram.id });
      expect(d.consentAt).toBe('2026-11-20T12:00:00.000Z');
      expect(d.consentBy).toBe('nurse@site.test');

      // An edit made from an old copy is refused, saying who changed it; nothing is written.
      const edit = { id: bram.id, firstName: 'Bram', lastName: 'de Jong', dateOfBirth: '1938-11-17', ...base, emergencyContactPhone: '+31 6 1111 2222' };
      await expect(nurse.residents.update({ ...edit, version: bram.version })).rejects.toThrow(/changed since you loaded it: nurse@site.test did "record consent"/);
      expect((await nurse.residents.detail({ id: bram.id })).emergencyContactPhone).toBeNull();
      v = (await nurse.residents.update({ ...edit, version: v })).version;
      expect((await nurse.residents.detail({ id: bram.id })).emergencyContactPhone).toBe('+31 6 1111 2222');
      await expect(nurse.residents.update({ ...edit, version: v, dateOfBirth: '1938-02-30' })).rejects.toThrow(/not a date/);

      // Deactivated: off the list (kept with includeInactive), no new transport.
      v = (await nurse.residents.setActive({ id: bram.id, version: v, active: false, reason: 'moved out' })).version;
      expect(await names()).not.toContain('B. de Jong');
      expect((await nurse.residents.list({ siteId: site!.id, includeInactive: true })).map((r) => r.displayName)).toContain('B. de Jong');
    });

    it('writes no personal field to the audit log: every field the schema declares personal, created, edited and read', async () => {
      t = await testCore({ db: await engine.fresh() });
      const nurse = await t.signedIn(['nurse']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const declared = personalKeys(ResidentInput);
      expect(declared).toEqual(expect.arrayContaining(['firstName', 'lastName', 'dateOfBirth', 'emergencyContactName', 'emergencyContactPhone', 'medicalNotes']));
      const value = (k: string, round: number) => (k === 'dateOfBirth' ? `19${30 + round}-0${round + 3}-1${round}`
        : k === 'emergencyContactPhone' ? `+31 6 ${round}${round}77 88${round}9` : `Mark${k}${round}Q`);
      const personal = (round: number) => Object.fromEntries(declared.map((k) => [k, value(k, round)]));
      const r = await nurse.residents.create({ siteId: site!.id, ...base, ...personal(1) } as never);
      await nurse.residents.update({ id: r.id, version: r.version, ...base, ...personal(2) } as never);
      await nurse.residents.detail({ id: r.id });
      const log = JSON.stringify(await t.db.query("SELECT * FROM audit.entries WHERE resource_type = 'resident'"));
      expect(log).toContain('[redacted]');
      for (const round of [1, 2]) {
        for (const k of declared) expect(log, `${k} in round ${round}`).not.toContain(value(k, round));
      }
    });

    it('after an erase no personal data is left anywhere in the database, and the mission history stays, anonymous', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const nurse = await t.signedIn(['nurse']);
      const dispatcher = await t.signedIn(['dispatcher']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const person = { firstName: 'Quirinius', lastName: 'Zwartebroek', emergencyContactName: 'Hendrikje Oostervelde', emergencyContactPhone: '+31 6 4242 1717' };
      const r = await nurse.residents.create({ siteId: site!.id, ...base, ...person, dateOfBirth: '1931-07-14', medicalNotes: 'Quirinius needs oxygen' });
      const [a, b] = (await dispatcher.missions.places({ siteId: site!.id })).filter((p) => !placeRefusal(p, 'pick-up') && !placeRefusal(p, 'drop-off'));
      const m = await dispatcher.missions.create({ residentId: r.id, pickupNode: a!.nodeId, dropoffNode: b!.nodeId, priority: 'normal', notes: 'Quirinius Zwartebroek, call +31 6 4242 1717' });
      await expect(nurse.residents.erase({ id: r.id, version: r.version, reason: 'family asked' })).rejects.toThrow(/1 open transport/);
      await dispatcher.missions.cancel({ missionId: m.id, reason: 'not needed' });
      for (const needle of Object.values(person)) expect(await findEverywhere(t.db, needle), needle).not.toEqual([]);

      const erased = await nurse.residents.erase({ id: r.id, version: r.version, reason: 'family asked' });
      expect(erased.displayName).toBe('Erased resident');
      for (const needle of [...Object.values(person), '1931-07-14', '4242']) expect(await findEverywhere(t.db, needle), needle).toEqual([]);
      // The mission is still there, for an erased resident; nothing more of them can change.
      const kept = await dispatcher.missions.get({ id: m.id });
      expect(JSON.stringify(kept)).toContain('Erased resident');
      await expect(nurse.residents.recordConsent({ id: r.id, version: erased.version })).rejects.toThrow(/erased/);
    });
  });
}
