import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Db } from '../db/index.js';
import type { Bus } from './bus.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Access, SessionUser } from './contract/index.js';
import { DomainError, inputIssues, reasonOf, toTrpcError, trpcRefusal } from './errors.js';
import { recordDenied } from './audit/write.js';
import type { SecretBox } from './iam/secrets.js';
import { endedWords, resolveSession } from './iam/sessions.js';
import type { SessionGuard } from './iam/session-guard.js';
import type { Logger } from './logger.js';
import type { Fleet } from './fleet/fleet.js';
import type { MissionRunner } from './missions/runner.js';
import type { VdaCommands } from './fleet/commands.js';
import type { ServiceDesk } from './field/desk.js';
import type { Ops } from './ops/ops.js';
import type { BrokerConnection } from './mqtt/connection.js';

import type { Connection } from './iam/connection.js';
import { allowedSites, refuseLimitedSite } from './org/site-access.js';
import { limitedDb } from './org/site-rls.js';
export type { Connection } from './iam/connection.js';

/** What the core builds once and every call shares (core/index.ts). */
export interface Services {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
  bus: Bus;
  secrets: SecretBox;
  /** The MQTT connection, when this core has one. */
  broker: BrokerConnection | null;
  /** Where settings are saved, and which the environment fixes (config key → variable). */
  settings: { file: string | null; locked: Partial<Record<string, string>> };
  /** The live fleet (empty when no broker feeds it). */
  fleet: Fleet;
  /** Orders and instant actions to vehicles (VDA 5050). */
  vda: VdaCommands;
  /** Commands people send to vehicles, with their safety rules, and vehicles' diagnostic history. */
  desk: ServiceDesk;
  /** Carries missions out on vehicles. */
  missions: MissionRunner;
  /** Alert sources, escalation and fleet resources. */
  ops: Ops;
  /** Keeps subscriptions within their session and permissions, and counts them per connection. */
  sessions: SessionGuard;
}

/** One call: where it came from, and who acts in it. */
export interface Call {
  /** Where the call came from: `ipc`, `ws`, `http` (another console's field sync, core/host/api.ts) or `direct` (tests, CLI, the system's own work). */
  transport: 'ipc' | 'ws' | 'http' | 'direct';
  conn: Connection;
  /** Who acts: a signed-in user, or nobody (before sign-in, or the system at work on its own). */
  user: SessionUser | null;
  /**
   * The permission the procedure declares, set from its access rule as the call is admitted
   * (null: `public` or `authenticated`). Its audit entries record it and the database re-checks it
   * (core/audit/write.ts audited): the rule is written once, in the procedure's `access(…)`.
   */
  permission: string | null;
  /** The sites the signed-in user may see (iam.user_sites); null or absent: every site. */
  sites?: ReadonlySet<string> | null;
  requestId: string;
  path: string;
}

/** What every procedure sees: the core's services, built once, and the call. */
export type Context = Services & Call;

/** The system at work on its own (auto-dispatch): no user, no permission; audited with no actor. */
export type SystemContext = Context & { user: null; permission: null };
export const systemContext = (services: Services, job: string): SystemContext =>
  ({ ...services, transport: 'direct', conn: { token: null }, user: null, permission: null, requestId: job, path: job });

export interface Meta {
  /** The one place a procedure says what it needs; calls to a procedure without it are refused. */
  access: Access;
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  isServer: true,
  // Never send server stack traces to clients (tRPC adds them to errors outside production).
  isDev: false,
  // Bad input reads as a sentence naming the field, not as zod's JSON.
  // A refusal core raised also sends its code and parameters (`data.reason`), for the renderer to
  // word in the operator's language.
  errorFormatter: ({ shape, error }) => {
    const reason = reasonOf(error);
    const out = reason ? { ...shape, data: { ...shape.data, reason } } : shape;
    // Bad input also sends its issues (code and parameters, never the value), for the renderer to
    // word zod's own messages in the operator's language.
    return error.cause instanceof ZodError
      ? {
        ...out,
        message: error.cause.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
        data: { ...out.data, issues: inputIssues(error.cause) },
      }
      : out;
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain and database errors become tRPC errors in one place. */
const mapErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const err = result.error;
    // tRPC wraps what a procedure throws as INTERNAL_SERVER_ERROR with the original as cause.
    throw err.code === 'INTERNAL_SERVER_ERROR' ? toTrpcError(err.cause ?? err, ctx.log) : err;
  }
  return result;
});

/** Who is calling, and may they: checked before any procedure runs; refusals are audited. */
const checkAccess = t.middleware(async ({ ctx, meta, path, next }) => {
  const permission = meta?.access === 'public' || meta?.access === 'authenticated' ? null : meta?.access ?? null;
  const call = { ...ctx, requestId: randomUUID(), path, permission };
  if (!meta?.access) throw trpcRefusal('FORBIDDEN', { code: 'iam.noAccessRule', params: { path } });
  if (ctx.conn.refused) throw new TRPCError({ code: 'FORBIDDEN', message: ctx.conn.refused });
  const session = await resolveSession(call);
  const user = session.user;
  if (meta.access === 'public') return next({ ctx: { ...call, user } });
  if (!user) throw trpcRefusal('UNAUTHORIZED', session.ended ? endedWords(session.ended) : { code: 'iam.signInFirst' });
  if (permission && !user.permissions.includes(permission)) {
    await recordDenied({ ...call, user, permission });
    throw trpcRefusal('FORBIDDEN', { code: 'iam.needsPermission', params: { email: user.email, permission: meta.access } });
  }
  return next({ ctx: { ...call, user } });
});

/**
 * A subscription lives no longer than the session and permission that opened it
 * (see SessionGuard); a sign-in, sign-out or user change has every open one re-checked.
 */
const guardSessions = t.middleware(async ({ ctx, meta, type, path, next }) => {
  if (type === 'subscription') {
    const slot = ctx.sessions.admit(ctx, meta!.access);
    const result = await next().catch((err: unknown) => {
      slot.release();
      throw err;
    });
    if (!result.ok) slot.release();
    return result.ok ? { ...result, data: slot.wrap(result.data as AsyncIterable<unknown>) } : result;
  }
  const result = await next();
  if (type === 'mutation' && /^(auth|iam)\./.test(path)) void ctx.sessions.recheck();
  return result;
});

const base = t.procedure.use(mapErrors).use(checkAccess).use(guardSessions);
const signedIn = base.use(async ({ ctx, next, getRawInput }) => {
  if (!ctx.user) throw trpcRefusal('UNAUTHORIZED', { code: 'iam.signInFirst' });
  // A user limited to some sites gets nothing of another (iam.user_sites): a site named in the input is
  // refused here; lists and reads by id filter by `sites` (core/org/site-access.ts).
  const sites = await allowedSites(ctx.db, ctx.user.id);
  refuseLimitedSite(sites, await getRawInput());
  // On a central database, row-level security holds them to their sites too (core/org/site-rls.ts).
  if (sites && ctx.db.mode === 'central') return next({ ctx: { user: ctx.user, sites, db: limitedDb(ctx.db, sites, ctx.user.id) } });
  return next({ ctx: { user: ctx.user, sites } });
});

/** Procedures are built from here: `access('iam:manage').input(…).mutation(…)`. */
export const access = (rule: Exclude<Access, 'public'>) => signedIn.meta({ access: rule });
/** For the few procedures anyone may call (status, sign-in). */
export const publicAccess = () => base.meta({ access: 'public' });

/** Context of a call that passed an access rule other than `public`. */
export type AuthedContext = Context & { user: SessionUser };

/**
 * A procedure open to every signed-in user (`authenticated`) whose permission depends on its input
 * (a comment needs the case type's write permission): checked here, and from then on the call's
 * permission, recorded and re-checked like a declared one. A procedure that declares a permission
 * cannot be given another.
 */
export function needs(ctx: AuthedContext, permission: string): AuthedContext {
  if (ctx.permission !== null) throw new Error(`${ctx.path} declares ${ctx.permission}; it cannot need ${permission} instead.`);
  if (!ctx.user.permissions.includes(permission)) throw new DomainError('forbidden', { code: 'iam.needsPermission', params: { email: ctx.user.email, permission } });
  return { ...ctx, permission };
}
