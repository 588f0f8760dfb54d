import { join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { archiveAudit } from '../audit/archive.js';
import { audited } from '../audit/write.js';
import { changesOf } from '../changes/kinds.js';
import { BackupNowInput, BackupScheduleInput } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { mustSeeEverySite } from '../org/site-access.js';
import { access, router, type Context } from '../trpc.js';
import { rotateSecretKey } from '../iam/rotate-key.js';
import { currentKeys } from './keys.js';
import { sealKeys } from './seal.js';
import type { BackupService } from './service.js';
import { readSchedule, saveSchedule, scheduleView } from './store.js';
import { own } from '../contract/errors/index.js';

/** Each core's backup service, found from its database (the context carries no service of its own). */
const services = new WeakMap<Db, BackupService>();
export const registerBackups = (db: Db, service: BackupService) => services.set(db, service);

const serviceOf = (ctx: Context) => {
  mustSeeEverySite(ctx, 'A backup');
  const s = services.get(ctx.db);
  if (!s) throw new DomainError('unavailable', { code: 'backup.unavailable' });
  return s;
};

const ArchiveInput = z.object({
  before: z.iso.datetime({ message: own('input.before') }),
  folder: z.string().trim().min(1).max(1000).refine((f) => f.startsWith('/') || /^[A-Za-z]:[\\/]/.test(f), own('input.absolutePath')),
});

export const backupRouter = router({
  /** Moves the audit entries written before `before` to an archive file in `folder`, keeping an anchoring entry (core/audit/archive.ts). */
  archiveAudit: access('settings:manage').input(ArchiveInput).mutation(async ({ ctx, input }) => {
    const before = new Date(input.before);
    if (before.getTime() > ctx.clock.now().getTime()) throw new DomainError('invalid', { code: 'backup.archiveBeforePast' }, 'before');
    mustSeeEverySite(ctx, 'The audit log\'s archive');
    return archiveAudit(ctx, ctx.db, ctx.clock, before, input.folder);
  }),
  /** A new secret.key: every sealed field re-encrypted in one audited transaction (see core/iam/rotate-key.ts). */
  rotateSecretKey: access('settings:manage').input(z.void()).mutation(({ ctx }) => {
    mustSeeEverySite(ctx, 'A new secret key');
    return rotateSecretKey(ctx, join(ctx.config.dataDir, 'secret.key'));
  }),
  state: access('settings:manage').input(z.void()).query(({ ctx }) => serviceOf(ctx).state()),
  /** Says when the schedule, a run or the audit archive changed, here or on another console; the view reads the state again. */
  onChanged: access('settings:manage').input(z.void()).subscription(({ ctx, signal }) => changesOf(ctx.bus, ['backup', 'audit_archive'], signal)),
  /** A backup now, into the folder given, with the keys sealed by the passphrase given. */
  now: access('settings:manage').input(BackupNowInput).mutation(({ ctx, input }) =>
    serviceOf(ctx).run(ctx, { folder: input.folder, kind: 'manual', passphrase: input.passphrase })),
  setSchedule: access('settings:manage').input(BackupScheduleInput).mutation(async ({ ctx, input }) => {
    mustSeeEverySite(ctx, 'A backup');
    const before = scheduleView(await readSchedule(ctx.db));
    if (input.enabled && !input.passphrase && !before?.hasKeys) {
      throw new DomainError('invalid', { code: 'backup.scheduleNeedsPassphrase' }, 'passphrase');
    }
    const sealedKeys = input.passphrase ? sealKeys(currentKeys(ctx.config.dataDir, ctx.config.secretKey), input.passphrase) : null;
    const after = { enabled: input.enabled, folder: input.folder, everyHours: input.everyHours, keep: input.keep, hasKeys: Boolean(sealedKeys) || Boolean(before?.hasKeys) };
    await audited(ctx, { resourceType: 'backup_schedule' }, async (tx) => {
      await saveSchedule(tx, { ...input, sealedKeys });
      return { result: null, oldValues: before, newValues: after };
    });
    return after;
  }),
});
