// Staff and responders on both engines: an agency hierarchy without circles, units with
// capabilities and a duty status, a person resource linked to a user who signs in, duty
// status, stale edits refused.
import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`staff on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('keeps agencies as a tree, units with capabilities and duty, and a person linked to one user', async () => {
      t = await testCore({ db: await engine.fresh() });
      const admin = await t.signedIn(['admin'], 'admin@site.test');
      const viewer = await t.signedIn(['viewer'], 'nurse.jo@site.test');
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const siteId = site!.id;
      const care = await admin.staff.saveAgency({ siteId, code: 'care', name: 'Care team', type: 'facility' });
      const night = await admin.staff.saveAgency({ siteId, code: 'CARE-N', name: 'Night shift', type: 'facility', parentId: care });
      let staff = await admin.staff.list({ siteId });
      expect(staff.agencies.map((a) => [a.code, a.parentId])).toEqual([['CARE', null], ['CARE-N', care]]);
      const careRow = staff.agencies.find((a) => a.id === care)!;
      await expect(admin.staff.saveAgency({ ...careRow, siteId, parentId: night })).rejects.toThrow(/under itself or under one of its own sub-agencies/);
      await expect(admin.staff.saveAgency({ siteId, code: 'CARE', name: 'Again', type: 'facility' })).rejects.toThrow(/another agency of this site has the code CARE/);
      await expect(viewer.staff.saveAgency({ siteId, code: 'X', name: 'X', type: 'other' })).rejects.toThrow(/incidents:manage/);

      const unit = await admin.staff.saveUnit({ agencyId: night, code: 'N1', name: 'Night lift team', capabilities: ['lift', 'first_aid'], dutyStatus: 'off_duty' });
      staff = await admin.staff.list({ siteId });
      expect(staff.units).toEqual([expect.objectContaining({ id: unit, capabilities: ['lift', 'first_aid'], dutyStatus: 'off_duty' })]);

      const jo = await admin.ops.createResource({ siteId, type: 'personnel', name: 'Jo', identifier: 'P-1', capabilities: ['first_aid'] });
      const loaded = (await admin.staff.list({ siteId })).resources.find((r) => r.id === jo.id)!;
      const [viewerUser] = await t.db.query<{ id: string }>("SELECT id FROM iam.users WHERE email = 'nurse.jo@site.test'");
      await admin.staff.editResource({ id: jo.id, name: 'Jo de Vries', identifier: 'P-1', agencyId: night, unitId: unit, capabilities: ['first_aid', 'lift'], userId: viewerUser!.id, loadedAt: loaded.updatedAt });
      const edited = (await admin.staff.list({ siteId })).resources.find((r) => r.id === jo.id)!;
      expect(edited).toMatchObject({ name: 'Jo de Vries', agencyId: night, unitId: unit, capabilities: ['first_aid', 'lift'], user: 'nurse.jo@site.test' });
      // An edit from the copy loaded before is refused, saying who changed it.
      await expect(admin.staff.editResource({ id: jo.id, name: 'Jo', identifier: 'P-1', loadedAt: loaded.updatedAt })).rejects.toThrow(/changed since you loaded it: admin@site.test did "edit resource"/);
      // One user, one person.
      const sam = await admin.ops.createResource({ siteId, type: 'personnel', name: 'Sam', identifier: 'P-2' });
      await expect(admin.staff.editResource({ id: sam.id, name: 'Sam', identifier: 'P-2', userId: viewerUser!.id })).rejects.toThrow(/that user is already Jo de Vries/);
      // Duty status: off duty and back on duty (available).
      expect((await admin.ops.setResourceStatus({ id: jo.id, status: 'off_duty', reason: 'shift ended' })).status).toBe('off_duty');
      expect((await admin.ops.setResourceStatus({ id: jo.id, status: 'available', reason: 'shift started' })).status).toBe('available');
    });
  });
}
