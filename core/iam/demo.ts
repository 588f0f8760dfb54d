import type { Db } from '../../db/index.js';
import { appendAudit } from '../audit/store.js';
import { entryFor } from '../audit/write.js';
import type { Clock } from '../clock.js';
import { DEMO_EMAIL, DEMO_PASSWORD, insertUser } from './auth.js';

const system = { requestId: 'startup', path: 'system', user: { id: null, email: 'system', sessionId: null } };
const entry = (action: string, userId: string, reason: string) =>
  entryFor(system, { resourceType: 'user', resourceId: userId, action }, 'success', { newValues: { email: DEMO_EMAIL }, reason });

/**
 * In demo mode the documented demo operator exists and is active; outside
 * demo mode an account left from a demo is disabled, so it never works in production.
 */
export async function syncDemoAccount(db: Db, demo: boolean, clock: Clock): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7305003)');
    const [existing] = await tx.query<{ id: string; status: string }>('SELECT id, status FROM iam.users WHERE is_demo AND deleted_at IS NULL');
    if (demo && !existing) {
      const id = await insertUser(tx, { email: DEMO_EMAIL, displayName: 'Demo Operator', password: DEMO_PASSWORD, roles: ['operator'], isDemo: true });
      await appendAudit(tx, entry('iam.create_user', id, 'demo mode'), clock.now());
    } else if (demo && existing && existing.status !== 'active') {
      await tx.query(`UPDATE iam.users SET status = 'active', failed_attempts = 0, locked_until = NULL WHERE id = $1`, [existing.id]);
      await appendAudit(tx, entry('iam.set_status', existing.id, 'demo mode'), clock.now());
    } else if (!demo && existing && existing.status !== 'inactive') {
      await tx.query(`UPDATE iam.users SET status = 'inactive' WHERE id = $1`, [existing.id]);
      await tx.query(`UPDATE iam.sessions SET ended_at = $2, end_reason = 'disabled' WHERE user_id = $1 AND ended_at IS NULL`, [existing.id, clock.now()]);
      await appendAudit(tx, entry('iam.set_status', existing.id, 'demo mode off'), clock.now());
    }
  });
}
