// Retention settings (issue 16 item 3) through the procedures: periods per site, audited and
// for admins only; the archive schedule runs when due, once however many consoles ask, and
// archives audit entries past their age with the live chain still verifying.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyDb } from '../../core/audit/verify.js';
import { systemCaller } from '../../core/backup/service.js';
import { createLogger } from '../../core/logger.js';
import { archiveIfDue } from '../../core/retention/schedule.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

const log = createLogger('test', 'error', () => {});

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`retention settings on ${engine.name}`, () => {
    it('sets periods per site, runs the archive schedule when due and once, and refuses others than admins', async () => {
      const t = await testCore({ db: await engine.fresh() });
      const db = t.db;
      const admin = await t.signedIn(['admin']);
      const viewer = await t.signedIn(['viewer']);
      const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");

      await expect(viewer.retention.state()).rejects.toThrow();
      await expect(viewer.retention.setRule({ siteId: null, subject: 'alerts', keepDays: 10 })).rejects.toThrow();
      const before = await admin.retention.state();
      expect(before.rules.filter((r) => r.siteId === null).map((r) => [r.subject, r.keepDays]).sort())
        .toEqual([['alerts', 365], ['cases', 730], ['incidents', 2557], ['missions', 1096], ['sessions', 30]]);
      await admin.retention.setRule({ siteId: site!.id, subject: 'incidents', keepDays: 1096 });
      await admin.retention.setRule({ siteId: site!.id, subject: 'incidents', keepDays: 1500 });
      expect((await admin.retention.state()).rules.filter((r) => r.siteId === site!.id)).toEqual([
        { siteId: site!.id, siteName: expect.any(String), subject: 'incidents', keepDays: 1500 }]);
      await expect(admin.retention.setRule({ siteId: null, subject: 'incidents', keepDays: null })).rejects.toThrow(/needs a period/);
      await admin.retention.setRule({ siteId: site!.id, subject: 'incidents', keepDays: null });
      expect((await admin.retention.state()).rules.filter((r) => r.siteId !== null)).toEqual([]);
      const audited = await db.query<{ action: string }>(`SELECT action FROM audit.entries WHERE resource_type = 'retention_rule' ORDER BY seq`);
      expect(audited).toHaveLength(3);

      // Nothing happens before a schedule exists or while it is off.
      const caller = systemCaller(db, t.clock, 'retention.archive');
      expect(await archiveIfDue(caller, db, t.clock, log)).toBeNull();
      const folder = mkdtempSync(join(tmpdir(), 'wf-archive-'));
      await expect(admin.retention.setSchedule({ enabled: true, folder: 'relative/path', everyHours: 24, auditOlderThanDays: 30, records: true })).rejects.toThrow(/absolute path/);
      await admin.retention.setSchedule({ enabled: true, folder, everyHours: 24, auditOlderThanDays: 30, records: true });

      // Entries written "40 days ago" (the clock moves on) are past the schedule's 30 days. The
      // database stamps audit entries with its own time, so the clock moves on from the later of both.
      t.clock.at = new Date(Math.max(t.clock.at.getTime(), Date.now()) + 40 * 86_400_000);
      const run = await archiveIfDue(caller, db, t.clock, log);
      expect(run).toMatchObject({ ok: true, records: null });
      expect(run!.audit!.lastSeq).toBeGreaterThan(0);
      expect(readdirSync(folder).filter((f) => f.startsWith('audit-'))).toHaveLength(2); // the segment and its manifest
      // Claimed: not again within the period, by this console or another.
      expect(await archiveIfDue(caller, db, t.clock, log)).toBeNull();
      expect((await verifyDb(db)).ok).toBe(true);
      const later = await t.signedIn(['admin']); // the first session went idle in those 40 days
      const state = await later.retention.state();
      expect(state.schedule).toMatchObject({ enabled: true, folder, everyHours: 24, auditOlderThanDays: 30, records: true });
      expect(state.last).toMatchObject({ ok: true, audit: { lastSeq: run!.audit!.lastSeq } });
      // Asked for now: runs whatever the period; the live chain still verifies after a second segment.
      expect(await later.retention.archiveNow()).toMatchObject({ ok: true, records: null });
      expect((await verifyDb(db)).ok).toBe(true);
      await db.close();
    });
  });
}
