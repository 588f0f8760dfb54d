import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from '../contract/index.js';
import type { Db, Queryable } from '../../db/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Connection } from './connection.js';
import { englishWords } from '../contract/errors/index.js';
import type { Words } from '../errors.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface Row {
  session_id: string;
  last_seen_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  user_id: string;
  email: string;
  display_name: string;
  status: string;
  totp_enabled: boolean;
  roles: string[] | null;
  permissions: string[] | null;
}

/** Why a session ended, as its row says (`iam.sessions.end_reason`), or `ended` when it is gone. */
export type EndReason = 'expired' | 'logout' | 'disabled' | 'password_reset' | 'ended';

/** The sentence a caller whose session ended is shown. */
export function endedWords(reason: EndReason | string): Words {
  switch (reason) {
    case 'expired': return { code: 'iam.sessionExpired' };
    case 'logout': return { code: 'iam.signedOut' };
    case 'disabled': return { code: 'iam.accountWasDisabled' };
    case 'password_reset': return { code: 'iam.passwordWasReset' };
    default: return { code: 'iam.sessionEnded' };
  }
}

export const endedMessage = (reason: EndReason | string): string => englishWords(endedWords(reason).code);

/**
 * The signed-in user of this connection, or null and why; ends sessions idle
 * for longer than the limit. A call counts as activity (`touch`); a check made
 * for a running subscription does not, so a stream alone keeps no session alive.
 */
export async function resolveSession(
  ctx: { db: Db; clock: Clock; config: Config; conn: Connection },
  opts: { touch?: boolean } = {},
): Promise<{ user: SessionUser | null; ended: null | EndReason }> {
  if (!ctx.conn.token) return { user: null, ended: null };
  const [row] = await ctx.db.query<Row>(
    `SELECT s.id AS session_id, s.last_seen_at, s.ended_at, s.end_reason, u.id AS user_id, u.email, u.display_name, u.status, u.totp_enabled,
            array_remove(array_agg(DISTINCT r.name), NULL) AS roles,
            array_remove(array_agg(DISTINCT p.key), NULL) AS permissions
     FROM iam.sessions s
     JOIN iam.users u ON u.id = s.user_id AND u.deleted_at IS NULL
     LEFT JOIN iam.user_roles ur ON ur.user_id = u.id
     LEFT JOIN iam.roles r ON r.id = ur.role_id
     LEFT JOIN iam.role_permissions rp ON rp.role_id = r.id
     LEFT JOIN iam.permissions p ON p.id = rp.permission_id
     WHERE s.token_hash = $1
     GROUP BY s.id, u.id`,
    [hashToken(ctx.conn.token)],
  );
  const now = ctx.clock.now();
  if (!row || row.ended_at) {
    ctx.conn.token = null;
    const reason = row?.end_reason;
    return { user: null, ended: reason === 'expired' || reason === 'logout' || reason === 'disabled' || reason === 'password_reset' ? reason : 'ended' };
  }
  const idleMs = now.getTime() - row.last_seen_at.getTime();
  if (idleMs > ctx.config.sessionIdleMinutes * 60_000 || row.status !== 'active') {
    const expired = row.status === 'active';
    await endSession(ctx.db, row.session_id, expired ? 'expired' : 'disabled', now);
    ctx.conn.token = null;
    return { user: null, ended: expired ? 'expired' : 'disabled' };
  }
  if (opts.touch !== false && idleMs > 15_000) await ctx.db.query('UPDATE iam.sessions SET last_seen_at = $2 WHERE id = $1', [row.session_id, now]);
  return {
    ended: null,
    user: {
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      sessionId: row.session_id,
      roles: row.roles ?? [],
      permissions: row.permissions ?? [],
      totpEnabled: row.totp_enabled,
    },
  };
}

/** Starts a session; the token goes to the client once, only its hash is stored. */
export async function startSession(tx: Queryable, userId: string, transport: string, now: Date): Promise<{ token: string; sessionId: string }> {
  const token = randomBytes(32).toString('base64url');
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO iam.sessions (user_id, token_hash, transport, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [userId, hashToken(token), transport, now],
  );
  return { token, sessionId: row!.id };
}

export async function endSession(db: Queryable, sessionId: string, reason: string, now: Date): Promise<void> {
  await db.query('UPDATE iam.sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL', [sessionId, now, reason]);
}

export async function endUserSessions(db: Queryable, userId: string, reason: string, now: Date): Promise<void> {
  await db.query('UPDATE iam.sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND ended_at IS NULL', [userId, now, reason]);
}
