import type { Queryable } from '../../db/index.js';
import { appendAudit } from '../audit/store.js';
import { entryFor, record, type Caller } from '../audit/write.js';
import type { SessionUser } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { Context } from '../trpc.js';
import { Attempt } from './attempt.js';
import { checkPasswordRules, dummyHash, hashPassword, verifyPassword } from './passwords.js';
import { resolveSession, startSession } from './sessions.js';
import { setupCodeOf, spendSetupCode } from './setup-code.js';
import { matchTotp } from './totp.js';

export const DEMO_EMAIL = 'operator@demo.watchfloor';
export const DEMO_PASSWORD = 'watchfloor-demo';

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  status: string;
  failed_attempts: number;
  locked_until: Date | null;
  totp_enabled: boolean;
  totp_secret_enc: string | null;
  totp_last_step: string | null;
  is_demo: boolean;
}

export type LoginResult = { ok: true; token: string; user: SessionUser } | { ok: false; totpRequired: true };

const asActor = (ctx: Context, user: { id: string | null; email: string | null }): Caller => ({ ...ctx, user: { ...user, sessionId: null } });
const loginTarget = (id: string | null) => ({ resourceType: 'user', resourceId: id, action: 'auth.login' });

/** Is there an administrator yet? Until there is, the console asks for one. */
export async function needsSetup(db: Queryable): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM iam.users u JOIN iam.user_roles ur ON ur.user_id = u.id JOIN iam.roles r ON r.id = ur.role_id
     WHERE r.name = 'admin' AND u.deleted_at IS NULL LIMIT 1`,
  );
  return rows.length === 0;
}

/** Inserts a user with roles; the caller audits. */
export async function insertUser(tx: Queryable, u: { email: string; displayName: string; password: string; roles: string[]; isDemo?: boolean; grantedBy?: string | null }): Promise<string> {
  checkPasswordRules(u.password);
  const taken = await tx.query('SELECT 1 FROM iam.users WHERE lower(email) = lower($1) AND deleted_at IS NULL', [u.email]);
  if (taken.length) throw new DomainError('conflict', { code: 'iam.emailTaken', params: { email: u.email } });
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO iam.users (email, display_name, password_hash, is_demo) VALUES ($1, $2, $3, $4) RETURNING id`,
    [u.email, u.displayName, await hashPassword(u.password), u.isDemo ?? false],
  );
  await grantRoles(tx, row!.id, u.roles, u.grantedBy ?? null);
  return row!.id;
}

/** Gives a user exactly these roles (on top of none: callers clear old ones first). */
export async function grantRoles(tx: Queryable, userId: string, roles: string[], grantedBy: string | null): Promise<void> {
  const found = await tx.query<{ id: string }>('SELECT id FROM iam.roles WHERE name = ANY($1::text[])', [roles]);
  if (found.length !== new Set(roles).size) throw new DomainError('invalid', { code: 'iam.unknownRole', params: { roles: roles.join(', ') } });
  for (const r of found) await tx.query('INSERT INTO iam.user_roles (user_id, role_id, granted_by) VALUES ($1, $2, $3)', [userId, r.id, grantedBy]);
}

/**
 * The first administrator, on a console that has none; refused once one exists,
 * and without the console's one-time setup code (core/iam/setup-code.ts).
 */
export async function setupAdmin(ctx: Context, input: { email: string; displayName: string; password: string; code: string }): Promise<LoginResult> {
  const attempt = new Attempt(ctx, input.email);
  await attempt.refuseWhileThrottled();
  const code = setupCodeOf(ctx.config);
  if (!code?.matches(input.code)) {
    const reason = code ? 'wrong setup code' : 'no setup code on this console';
    await record(asActor(ctx, { id: null, email: input.email }), { resourceType: 'user', action: 'auth.setup' }, 'denied', { reason: `${reason} (from ${attempt.source})` });
    await attempt.failed();
    throw new DomainError(
      'forbidden',
      code ? { code: 'iam.wrongSetupCode', params: { file: code.file } } : { code: 'iam.noSetupCode' },
    );
  }
  const userId = await ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7305003)');
    if (!(await needsSetup(tx))) throw new DomainError('conflict', { code: 'iam.alreadySetUp' });
    const id = await insertUser(tx, { ...input, roles: ['admin'] });
    const newValues = { email: input.email, displayName: input.displayName, roles: ['admin'] };
    const entry = entryFor(asActor(ctx, { id, email: input.email }), { resourceType: 'user', resourceId: id, action: 'auth.setup' }, 'success', { newValues, reason: 'first administrator' });
    await appendAudit(tx, entry, ctx.clock.now());
    return id;
  });
  spendSetupCode(ctx.config);
  return signIn(ctx, userId, input.email);
}

/**
 * Password (and TOTP when enabled) sign-in with lockout: each failure is
 * audited; the failure that reaches the threshold locks the account and that
 * is audited too. The message never says whether the email exists.
 */
export async function login(ctx: Context, input: { email: string; password: string; totp?: string | undefined }): Promise<LoginResult> {
  const now = ctx.clock.now();
  const attempt = new Attempt(ctx, input.email);
  await attempt.refuseWhileThrottled();
  const [u] = await ctx.db.query<UserRow>('SELECT * FROM iam.users WHERE lower(email) = lower($1) AND deleted_at IS NULL', [input.email]);
  const wrong = new DomainError('invalid', { code: 'iam.wrongPassword' });
  if (!u) {
    // As long as a wrong password takes: the time must not tell whether the email exists.
    await verifyPassword(await dummyHash(), input.password);
    await record(asActor(ctx, { id: null, email: input.email }), loginTarget(null), 'failed', { reason: `unknown email (from ${attempt.source})` });
    await attempt.failed();
    throw wrong;
  }
  const actor = asActor(ctx, { id: u.id, email: u.email });
  const lockedNow = u.status === 'locked' && u.locked_until && u.locked_until > now;
  if (lockedNow) {
    await record(actor, loginTarget(u.id), 'denied', { reason: `account locked until ${u.locked_until!.toISOString()}` });
    throw new DomainError('forbidden', { code: 'iam.lockedUntil', params: { until: u.locked_until!.toISOString().slice(11, 16) } });
  }
  // The demo account's password is published: it signs in only on a console in demo mode.
  if (u.is_demo && !ctx.config.demo) {
    await record(actor, loginTarget(u.id), 'denied', { reason: 'demo account outside demo mode' });
    throw new DomainError('forbidden', { code: 'iam.demoOnly' });
  }
  if (u.status === 'inactive' || u.status === 'pending') {
    await record(actor, loginTarget(u.id), 'denied', { reason: `account ${u.status}` });
    throw new DomainError('forbidden', { code: 'iam.accountDisabled' });
  }
  const passwordOk = await verifyPassword(u.password_hash, input.password);
  if (passwordOk && u.totp_enabled && !input.totp) return { ok: false, totpRequired: true };
  const step = u.totp_enabled && input.totp ? matchTotp(ctx.secrets.open(u.totp_secret_enc!), input.totp, now, u.totp_last_step === null ? null : Number(u.totp_last_step)) : null;
  // A code is good once: of sign-ins racing with the same code, only the one that claims its step goes on.
  const totpOk = !u.totp_enabled || (passwordOk && step !== null && (await claimTotpStep(ctx.db, u.id, step)));
  if (!passwordOk || !totpOk) {
    const locked = await countFailure(ctx, u, passwordOk ? 'wrong one-time code' : 'wrong password', now, attempt.source);
    await attempt.failed();
    if (locked) throw new DomainError('forbidden', { code: 'iam.lockedFor', params: { minutes: ctx.config.lockoutMinutes } });
    throw passwordOk ? new DomainError('invalid', { code: 'iam.wrongCode' }) : wrong;
  }
  attempt.succeeded();
  return signIn(ctx, u.id, u.email);
}

/** Takes TOTP step `step` for this user unless it or a later one was taken already: atomic, in one statement. */
async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const rows = await db.query('UPDATE iam.users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id', [userId, step]);
  return rows.length === 1;
}

/**
 * Counts a failed sign-in against the account and locks it at the threshold.
 * Both are audited as what they are: attempts by `source` with a claimed email,
 * not actions of the account's owner (the lock is not their success).
 */
async function countFailure(ctx: Context, u: UserRow, reason: string, now: Date, source: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    // A lock that has run out starts the count again.
    const [row] = await tx.query<{ failed_attempts: number }>(
      `UPDATE iam.users SET failed_attempts = CASE WHEN status = 'locked' THEN 1 ELSE failed_attempts + 1 END,
              status = CASE WHEN status = 'locked' THEN 'active' ELSE status END, locked_until = NULL
       WHERE id = $1 RETURNING failed_attempts`,
      [u.id],
    );
    const n = row!.failed_attempts;
    const claimed = asActor(ctx, { id: null, email: u.email });
    await appendAudit(tx, entryFor(claimed, loginTarget(u.id), 'failed', { reason: `${reason} (attempt ${n} of ${ctx.config.lockoutThreshold}, from ${source})` }), now);
    if (n < ctx.config.lockoutThreshold) return false;
    const until = new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000);
    await tx.query(`UPDATE iam.users SET status = 'locked', locked_until = $2 WHERE id = $1`, [u.id, until]);
    const lock = { newValues: { status: 'locked', lockedUntil: until.toISOString() }, reason: `${n} failed sign-ins in a row, the last from ${source}: the account is locked` };
    await appendAudit(tx, entryFor(asActor(ctx, { id: null, email: null }), { ...loginTarget(u.id), action: 'auth.lock' }, 'denied', lock), now);
    return true;
  });
}

/** Starts a session for this connection and audits the sign-in. */
export async function signIn(ctx: Context, userId: string, email: string): Promise<LoginResult> {
  const now = ctx.clock.now();
  const { token } = await ctx.db.transaction(async (tx) => {
    await tx.query(`UPDATE iam.users SET failed_attempts = 0, status = 'active', locked_until = NULL, last_login_at = $2 WHERE id = $1`, [userId, now]);
    const s = await startSession(tx, userId, ctx.transport, now);
    await appendAudit(tx, entryFor({ ...ctx, user: { id: userId, email, sessionId: s.sessionId } }, loginTarget(userId), 'success'), now, { token: s.token });
    return s;
  });
  ctx.conn.token = token;
  const { user } = await resolveSession(ctx);
  return { ok: true, token, user: user! };
}
