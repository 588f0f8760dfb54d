import { z } from 'zod';
import { Email, Password, ROLES } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { access, publicAccess, router } from '../trpc.js';
import { DEMO_EMAIL, DEMO_PASSWORD, login, needsSetup, setupAdmin } from './auth.js';
import { endSession, resolveSession } from './sessions.js';
import { setupCodeOf } from './setup-code.js';
import { beginTotp, confirmTotp } from './totp-setup.js';
import { createUser, listRoles, listUsers, resetPassword, setRoles, setStatus } from './users.js';
import { audited } from '../audit/write.js';
import { own } from '../contract/errors/index.js';

const NewPassword = z.string().min(10, own('input.password')).max(200);
const DisplayName = z.string().trim().min(1).max(200);
const Role = z.enum(ROLES);
const Code = z.string().regex(/^\d{6}$/, own('input.oneTimeCode'));

export const authRouter = router({
  /** What the sign-in screen needs before anyone is signed in. */
  state: publicAccess().input(z.void()).query(async ({ ctx }) => ({
    needsSetup: await needsSetup(ctx.db),
    /** Where the setup code is written, while this console waits for its first administrator. */
    setupCodeFile: setupCodeOf(ctx.config)?.file ?? null,
    demo: ctx.config.demo === true,
    demoAccount: ctx.config.demo ? { email: DEMO_EMAIL, password: DEMO_PASSWORD } : null,
    user: ctx.user,
  })),
  setup: publicAccess()
    .input(z.object({ email: Email, displayName: DisplayName, password: NewPassword, code: z.string().trim().min(1, own('input.setupCode')).max(40) }))
    .mutation(({ ctx, input }) => setupAdmin(ctx, input)),
  login: publicAccess()
    .input(z.object({ email: Email, password: Password, totp: Code.optional() }))
    .mutation(({ ctx, input }) => login(ctx, input)),
  /** Demo mode only: sign in as the documented demo operator without typing. */
  demoLogin: publicAccess().input(z.void()).mutation(({ ctx }) => {
    if (!ctx.config.demo) throw new DomainError('forbidden', { code: 'iam.demoOff' });
    return login(ctx, { email: DEMO_EMAIL, password: DEMO_PASSWORD });
  }),
  /** Picks up a session this connection had before a reload. */
  resume: publicAccess()
    .input(z.object({ token: z.string().min(20).max(100) }))
    .mutation(async ({ ctx, input }) => {
      ctx.conn.token = input.token;
      return (await resolveSession(ctx)).user;
    }),
  logout: access('authenticated').input(z.void()).mutation(async ({ ctx }) => {
    await audited(ctx, { resourceType: 'user', resourceId: ctx.user.id }, async (tx) => {
      await endSession(tx, ctx.user.sessionId, 'logout', ctx.clock.now());
      return { result: null };
    });
    ctx.conn.token = null;
    return { ok: true };
  }),
  totpBegin: access('authenticated').input(z.void()).mutation(({ ctx }) => beginTotp(ctx)),
  totpConfirm: access('authenticated')
    .input(z.object({ code: Code, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => confirmTotp(ctx, input)),
});

export const iamRouter = router({
  users: access('iam:read').input(z.void()).query(({ ctx }) => listUsers(ctx.db)),
  roles: access('iam:read').input(z.void()).query(({ ctx }) => listRoles(ctx.db)),
  createUser: access('iam:manage')
    .input(z.object({ email: Email, displayName: DisplayName, password: NewPassword, roles: z.array(Role).min(1).max(ROLES.length) }))
    .mutation(({ ctx, input }) => createUser(ctx, input)),
  setStatus: access('iam:manage')
    .input(z.object({ userId: z.string().uuid(), status: z.enum(['active', 'inactive']) }))
    .mutation(({ ctx, input }) => setStatus(ctx, input)),
  resetPassword: access('iam:manage')
    .input(z.object({ userId: z.string().uuid(), password: NewPassword }))
    .mutation(({ ctx, input }) => resetPassword(ctx, input)),
  setRoles: access('iam:manage')
    .input(z.object({ userId: z.string().uuid(), roles: z.array(Role).max(ROLES.length) }))
    .mutation(({ ctx, input }) => setRoles(ctx, input)),
});
