// Retention settings for admins: periods per site, the archive schedule, an archive pass now.
import { audited } from '../audit/write.js';
import { changesOf } from '../changes/kinds.js';
import { ArchiveScheduleInput, RetentionRuleInput, type RetentionRule, type RetentionState } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { access, router } from '../trpc.js';
import { readArchiveSchedule, runArchive, saveArchiveSchedule, scheduleView } from './schedule.js';
import { z } from 'zod';

export const retentionRouter = router({
  state: access('settings:manage').input(z.void()).query(async ({ ctx }): Promise<RetentionState> => {
    const rules = await ctx.db.query<{ site_id: string | null; site_name: string | null; subject: RetentionRule['subject']; keep_days: number }>(
      `SELECT r.site_id, s.name AS site_name, r.subject, r.keep_days FROM org.retention_rules r LEFT JOIN org.sites s ON s.id = r.site_id
       ORDER BY r.site_id IS NOT NULL, s.name, r.subject`);
    const sites = await ctx.db.query<{ id: string; name: string }>('SELECT id, name FROM org.sites WHERE deleted_at IS NULL ORDER BY name');
    const schedule = await readArchiveSchedule(ctx.db);
    return {
      rules: rules.map((r) => ({ siteId: r.site_id, siteName: r.site_name, subject: r.subject, keepDays: r.keep_days })),
      sites, schedule: scheduleView(schedule), last: schedule?.last_result ?? null,
    };
  }),
  /** Says when a period or the archive schedule changed, here or on another console; the view reads the state again. */
  onChanged: access('settings:manage').input(z.void()).subscription(({ ctx, signal }) => changesOf(ctx.bus, ['retention'], signal)),
  /** Sets a period: for every site (no site), or a site's own; a site's own rule with no days is removed. */
  setRule: access('settings:manage').input(RetentionRuleInput).mutation(async ({ ctx, input }) => {
    if (input.siteId === null && input.keepDays === null) throw new DomainError('invalid', { code: 'system.retentionNeedsPeriod' }, 'keepDays');
    await audited(ctx, { resourceType: 'retention_rule', resourceId: `${input.siteId ?? 'all'}:${input.subject}`, siteId: input.siteId }, async (tx) => {
      const match = `subject = $1 AND site_id IS NOT DISTINCT FROM $2::uuid`;
      const [old] = await tx.query<{ keep_days: number }>(`SELECT keep_days FROM org.retention_rules WHERE ${match}`, [input.subject, input.siteId]);
      if (input.keepDays === null) await tx.query(`DELETE FROM org.retention_rules WHERE ${match}`, [input.subject, input.siteId]);
      else if (old) await tx.query(`UPDATE org.retention_rules SET keep_days = $3, updated_at = now() WHERE ${match}`, [input.subject, input.siteId, input.keepDays]);
      else await tx.query('INSERT INTO org.retention_rules (site_id, subject, keep_days) VALUES ($2, $1, $3)', [input.subject, input.siteId, input.keepDays]);
      return { result: null, oldValues: old ? { keepDays: old.keep_days } : null, newValues: { keepDays: input.keepDays } };
    });
  }),
  setSchedule: access('settings:manage').input(ArchiveScheduleInput).mutation(async ({ ctx, input }) => {
    const before = scheduleView(await readArchiveSchedule(ctx.db));
    await audited(ctx, { resourceType: 'archive_schedule' }, async (tx) => {
      await saveArchiveSchedule(tx, input);
      return { result: null, oldValues: before, newValues: input };
    });
  }),
  /** An archive pass into the schedule's folder now (records past their period, audit entries past the schedule's age). */
  archiveNow: access('settings:manage').input(z.void()).mutation(async ({ ctx }) => {
    const s = scheduleView(await readArchiveSchedule(ctx.db));
    if (!s) throw new DomainError('invalid', { code: 'system.archiveFolderFirst' }, 'folder');
    return runArchive(ctx, ctx.db, ctx.clock, s);
  }),
});
