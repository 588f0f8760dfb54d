import { z } from 'zod';
import { own } from './errors/index.js';

export const BackupRun = z.object({
  kind: z.enum(['manual', 'scheduled', 'command_line']),
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  file: z.string().nullable(),
  bytes: z.number().nullable(),
  includesKey: z.boolean(),
  error: z.string().nullable(),
});
export type BackupRun = z.infer<typeof BackupRun>;

/** What system.status and Settings → Backup show: the last success and failure. */
export const BackupSummary = z.object({
  lastSuccess: BackupRun.nullable(),
  lastFailure: BackupRun.nullable(),
  /** False until one backup that carries the secret key succeeded: without it, sealed data dies with the key. */
  keyBackedUp: z.boolean(),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const BackupSchedule = z.object({
  enabled: z.boolean(),
  folder: z.string(),
  everyHours: z.number().int(),
  keep: z.number().int(),
  /** Whether the keys are sealed for scheduled backups (the passphrase is never stored). */
  hasKeys: z.boolean(),
});
export type BackupSchedule = z.infer<typeof BackupSchedule>;

export const BackupState = z.object({
  summary: BackupSummary,
  schedule: BackupSchedule.nullable(),
  /** The run in progress on this console, with its phase in words. */
  running: z.object({ startedAt: z.string(), phase: z.string() }).nullable(),
  recent: z.array(BackupRun),
});
export type BackupState = z.infer<typeof BackupState>;

const folder = z.string().trim().min(1, own('input.folder')).max(1000).refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s), own('input.absolutePath'));
const passphrase = z.string().min(8, own('input.passphrase')).max(500);

export const BackupNowInput = z.object({ folder, passphrase });
export type BackupNowInput = z.infer<typeof BackupNowInput>;

export const BackupScheduleInput = z.object({
  enabled: z.boolean(),
  folder,
  everyHours: z.number().int().min(1, own('input.everyHour')).max(168, own('input.onceAWeek')),
  keep: z.number().int().min(1, own('input.keepMin')).max(1000, own('input.keepMax')),
  /** Given: the keys are sealed with it for scheduled backups; absent: the keys sealed before are kept. */
  passphrase: passphrase.optional(),
});
export type BackupScheduleInput = z.infer<typeof BackupScheduleInput>;
