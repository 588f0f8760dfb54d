import type { Db } from '../../db/index.js';
import { appendAudit } from '../audit/store.js';
import { entryFor } from '../audit/write.js';
import { DomainError } from '../errors.js';

/**
 * Lifts the sign-in lock of one account, for `npm run admin -- unlock EMAIL`:
 * the way back in when the last administrator has been locked out (by their
 * own typing or by someone guessing). Audited as done from the command line by `who`.
 */
export async function unlockAccount(db: Db, email: string, who: string, now: Date): Promise<{ email: string; wasLocked: boolean; status: string }> {
  return db.transaction(async (tx) => {
    const [u] = await tx.query<{ id: string; email: string; status: string; locked_until: Date | null; failed_attempts: number }>(
      'SELECT id, email, status, locked_until, failed_attempts FROM iam.users WHERE lower(email) = lower($1) AND deleted_at IS NULL FOR UPDATE',
      [email],
    );
    if (!u) throw new DomainError('not_found', { code: 'iam.noUserWithEmail', params: { email } });
    const wasLocked = u.status === 'locked' || u.failed_attempts > 0;
    const [after] = await tx.query<{ status: string }>(
      `UPDATE iam.users SET failed_attempts = 0, locked_until = NULL, status = CASE WHEN status = 'locked' THEN 'active' ELSE status END
       WHERE id = $1 RETURNING status`,
      [u.id],
    );
    const caller = { requestId: 'admin-cli', path: 'admin.unlock', user: { id: null, email: who, sessionId: null } };
    const values = { oldValues: { status: u.status, lockedUntil: u.locked_until?.toISOString() ?? null, failedAttempts: u.failed_attempts }, newValues: { status: after!.status, lockedUntil: null, failedAttempts: 0 } };
    await appendAudit(tx, entryFor(caller, { resourceType: 'user', resourceId: u.id, action: 'iam.unlock' }, 'success', { ...values, reason: 'npm run admin -- unlock, with access to the data folder or database' }), now);
    return { email: u.email, wasLocked, status: after!.status };
  });
}
