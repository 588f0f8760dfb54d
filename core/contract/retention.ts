// Retention settings (issue 16): how long records are kept per site, and the archive schedule.
import { z } from 'zod';
import { own } from './errors/index.js';

export const RetentionSubject = z.enum(['incidents', 'cases', 'missions', 'alerts', 'sessions']);
export type RetentionSubject = z.infer<typeof RetentionSubject>;

/** A site's own period for a subject (null site: the default for every site); null days removes a site's own rule. */
export const RetentionRuleInput = z.object({
  siteId: z.string().uuid().nullable(),
  subject: RetentionSubject,
  keepDays: z.number().int().min(1, own('input.keepDaysMin')).max(36_500, own('input.keepDaysMax')).nullable(),
});
export type RetentionRuleInput = z.infer<typeof RetentionRuleInput>;

const folder = z.string().trim().min(1, own('input.folder')).max(1000).refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s), own('input.absolutePath'));

/** Archiving on a schedule: closed records past their period, and audit entries older than N days. */
export const ArchiveScheduleInput = z.object({
  enabled: z.boolean(),
  folder,
  everyHours: z.number().int().min(1, own('input.everyHour')).max(720, own('input.onceIn30Days')),
  auditOlderThanDays: z.number().int().min(1, own('input.olderThanDays')).max(36_500),
  records: z.boolean(),
});
export type ArchiveScheduleInput = z.infer<typeof ArchiveScheduleInput>;

export interface RetentionRule { siteId: string | null; siteName: string | null; subject: RetentionSubject; keepDays: number }
export interface ArchiveRun {
  at: string;
  ok: boolean;
  error: string | null;
  /** Records archived per kind, and the file. */
  records: { file: string; counts: Record<string, number> } | null;
  /** The audit segment archived. */
  audit: { file: string; firstSeq: number; lastSeq: number } | null;
}
export interface RetentionState {
  rules: RetentionRule[];
  sites: { id: string; name: string }[];
  schedule: (ArchiveScheduleInput & { lastStartedAt: string | null }) | null;
  last: ArchiveRun | null;
}
