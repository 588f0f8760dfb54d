import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import type { RoleSummary, UserSummary } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { grantRoles, insertUser } from './auth.js';
import { checkPasswordRules, hashPassword } from './passwords.js';
import { endUserSessions } from './sessions.js';

interface Row {
  id: string;
  email: string;
  display_name: string;
  status: UserSummary['status'];
  roles: string[] | null;
  last_login_at: Date | null;
  locked_until: Date | null;
  failed_attempts: number;
  totp_enabled: boolean;
  is_demo: boolean;
}

const toSummary = (r: Row): UserSummary => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  status: r.status,
  roles: r.roles ?? [],
  lastLoginAt: r.last_login_at?.toISOString() ?? null,
  lockedUntil: r.locked_until?.toISOString() ?? null,
  failedAttempts: r.failed_attempts,
  totpEnabled: r.totp_enabled,
  isDemo: r.is_demo,
});

const SELECT_USERS = `
  SELECT u.id, u.email, u.display_name, u.status, u.last_login_at, u.locked_until, u.failed_attempts, u.totp_enabled, u.is_demo,
         array_remove(array_agg(r.name ORDER BY r.name), NULL) AS roles
  FROM iam.users u LEFT JOIN iam.user_roles ur ON ur.user_id = u.id LEFT JOIN iam.roles r ON r.id = ur.role_id
  WHERE u.deleted_at IS NULL`;

export async function listUsers(db: Queryable): Promise<UserSummary[]> {
  return (await db.query<Row>(`${SELECT_USERS} GROUP BY u.id ORDER BY lower(u.email)`)).map(toSummary);
}

async function getUser(tx: Queryable, id: string): Promise<UserSummary> {
  const [row] = await tx.query<Row>(`${SELECT_USERS} AND u.id = $1 GROUP BY u.id`, [id]);
  if (!row) throw new DomainError('not_found', { code: 'iam.noSuchUser' });
  return toSummary(row);
}

export async function listRoles(db: Queryable): Promise<RoleSummary[]> {
  return db.query<RoleSummary>(
    `SELECT r.name, r.description, r.builtin, array_remove(array_agg(p.key ORDER BY p.key), NULL) AS permissions
     FROM iam.roles r LEFT JOIN iam.role_permissions rp ON rp.role_id = r.id LEFT JOIN iam.permissions p ON p.id = rp.permission_id
     GROUP BY r.id ORDER BY r.builtin DESC, r.name`,
  );
}

/** A console must keep one active administrator, or nobody could manage users again. */
async function keepAnAdmin(tx: Queryable, target: UserSummary): Promise<void> {
  if (target.status !== 'active' || !target.roles.includes('admin')) return;
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM iam.users u JOIN iam.user_roles ur ON ur.user_id = u.id JOIN iam.roles r ON r.id = ur.role_id
     WHERE r.name = 'admin' AND u.status = 'active' AND u.deleted_at IS NULL AND u.id <> $1`,
    [target.id],
  );
  if (row!.n === 0) throw new DomainError('conflict', { code: 'iam.lastAdmin', params: { email: target.email } });
}

const visible = (u: UserSummary) => ({ email: u.email, displayName: u.displayName, status: u.status, roles: u.roles });

export function createUser(ctx: AuthedContext, input: { email: string; displayName: string; password: string; roles: string[] }) {
  return audited(ctx, { resourceType: 'user' }, async (tx) => {
    const id = await insertUser(tx, { ...input, grantedBy: ctx.user.id });
    const user = await getUser(tx, id);
    return { result: user, resourceId: id, newValues: { ...visible(user), password: input.password } };
  });
}

export function setStatus(ctx: AuthedContext, input: { userId: string; status: 'active' | 'inactive' }) {
  return audited(ctx, { resourceType: 'user', resourceId: input.userId }, async (tx) => {
    if (input.userId === ctx.user.id && input.status !== 'active') throw new DomainError('invalid', { code: 'iam.disableSelf' });
    const before = await getUser(tx, input.userId);
    if (input.status !== 'active') await keepAnAdmin(tx, before);
    await tx.query(`UPDATE iam.users SET status = $2, failed_attempts = 0, locked_until = NULL WHERE id = $1`, [input.userId, input.status]);
    if (input.status !== 'active') await endUserSessions(tx, input.userId, 'disabled', ctx.clock.now());
    return { result: await getUser(tx, input.userId), oldValues: { status: before.status }, newValues: { status: input.status } };
  });
}

export function resetPassword(ctx: AuthedContext, input: { userId: string; password: string }) {
  return audited(ctx, { resourceType: 'user', resourceId: input.userId }, async (tx) => {
    checkPasswordRules(input.password);
    await getUser(tx, input.userId);
    await tx.query(`UPDATE iam.users SET password_hash = $2, failed_attempts = 0, locked_until = NULL,
                    status = CASE WHEN status = 'locked' THEN 'active' ELSE status END WHERE id = $1`, [input.userId, await hashPassword(input.password)]);
    await endUserSessions(tx, input.userId, 'password_reset', ctx.clock.now());
    return { result: await getUser(tx, input.userId), newValues: { password: input.password } };
  });
}

export function setRoles(ctx: AuthedContext, input: { userId: string; roles: string[] }) {
  return audited(ctx, { resourceType: 'user', resourceId: input.userId }, async (tx) => {
    const before = await getUser(tx, input.userId);
    if (input.userId === ctx.user.id && before.roles.includes('admin') && !input.roles.includes('admin')) {
      throw new DomainError('invalid', { code: 'iam.dropOwnAdmin' });
    }
    if (!input.roles.includes('admin')) await keepAnAdmin(tx, before);
    await tx.query('DELETE FROM iam.user_roles WHERE user_id = $1', [input.userId]);
    await grantRoles(tx, input.userId, input.roles, ctx.user.id);
    const after = await getUser(tx, input.userId);
    return { result: after, oldValues: { roles: before.roles }, newValues: { roles: after.roles } };
  });
}
